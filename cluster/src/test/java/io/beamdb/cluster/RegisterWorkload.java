package io.beamdb.cluster;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * Single-key register operations through the cluster, recorded for {@link Linearizability}:
 * table {@code reg(k INT PRIMARY KEY, v BIGINT)} with {@code keys} rows starting at 0; each worker
 * thread owns one driver connection (autocommit, network timeout 3 s) and reads ({@code SELECT v
 * FROM reg WHERE k = ?}) or writes a value no one else writes ({@code UPDATE reg SET v = ? WHERE
 * k = ?}) on a random key, recording call and return times ({@link System#nanoTime()}). A write
 * that fails has an unknown outcome; a read that fails is not recorded; after a failure the
 * worker reconnects. Thread-safe.
 */
final class RegisterWorkload implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(RegisterWorkload.class.getName());

  private final String url;
  private final String user;
  private final String password;
  private final int keys;
  private final AtomicBoolean stop = new AtomicBoolean();
  private final List<List<Linearizability.Op>> histories = new ArrayList<>();
  private final Thread[] workers;
  private final ExecutorService timeouts = Executors.newCachedThreadPool(r -> {
    Thread t = new Thread(r, "register-network-timeout");
    t.setDaemon(true);
    return t;
  });

  RegisterWorkload(String url, String user, String password, int keys, int threads) throws SQLException {
    this.url = url + ";CONNECT_TIMEOUT=5000";
    this.user = user;
    this.password = password;
    this.keys = keys;
    try (Connection c = DriverManager.getConnection(url + ";CONNECT_TIMEOUT=30000", user, password);
         Statement s = c.createStatement()) {
      s.execute("CREATE TABLE reg (k INT PRIMARY KEY, v BIGINT NOT NULL)");
      for (int k = 0; k < keys; k++) {
        s.execute("INSERT INTO reg VALUES (" + k + ", 0)");
      }
    }
    workers = new Thread[threads];
    for (int w = 0; w < threads; w++) {
      List<Linearizability.Op> h = new ArrayList<>();
      histories.add(h);
      int id = w;
      workers[w] = new Thread(() -> run(id, h), "register-" + w);
      workers[w].start();
    }
  }

  private Connection connect() throws SQLException {
    Connection c = DriverManager.getConnection(url, user, password);
    c.setNetworkTimeout(timeouts, 3_000);
    return c;
  }

  private void run(int id, List<Linearizability.Op> history) {
    Random random = new Random(id);
    long nextValue = (id + 1) * 1_000_000_000L;
    Connection c = null;
    while (!stop.get()) {
      int key = random.nextInt(keys);
      boolean write = random.nextBoolean();
      long value = write ? ++nextValue : 0;
      long call = System.nanoTime();
      try {
        if (c == null) {
          c = connect();
        }
        if (write) {
          try (PreparedStatement p = c.prepareStatement("UPDATE reg SET v = ? WHERE k = ?")) {
            p.setLong(1, value);
            p.setInt(2, key);
            if (p.executeUpdate() != 1) {
              throw new IllegalStateException("register " + key + " missing");
            }
          }
        } else {
          try (PreparedStatement p = c.prepareStatement("SELECT v FROM reg WHERE k = ?")) {
            p.setInt(1, key);
            try (ResultSet rs = p.executeQuery()) {
              if (!rs.next()) {
                throw new IllegalStateException("register " + key + " missing");
              }
              value = rs.getLong(1);
            }
          }
        }
        synchronized (history) {
          history.add(Linearizability.Op.of(key, write, value, call, System.nanoTime()));
        }
      } catch (SQLException e) {
        if (write) {
          synchronized (history) {
            history.add(Linearizability.Op.unknownWrite(key, value, call));
          }
        }
        LOG.log(System.Logger.Level.DEBUG, "register operation failed: " + e);
        closeQuietly(c);
        c = null;
        try {
          Thread.sleep(50);
        } catch (InterruptedException ie) {
          return;
        }
      }
    }
    closeQuietly(c);
  }

  private static void closeQuietly(Connection c) {
    if (c != null) {
      try {
        c.close();
      } catch (SQLException e) {
        LOG.log(System.Logger.Level.DEBUG, "closing a register connection", e);
      }
    }
  }

  /** Stops the workers and returns every recorded operation. */
  List<Linearizability.Op> stopAndCollect() throws InterruptedException {
    stop.set(true);
    for (Thread t : workers) {
      t.join();
    }
    List<Linearizability.Op> all = new ArrayList<>();
    for (List<Linearizability.Op> h : histories) {
      synchronized (h) {
        all.addAll(h);
      }
    }
    return all;
  }

  @Override
  public void close() throws InterruptedException {
    stopAndCollect();
    timeouts.shutdownNow();
  }
}
