package io.beamdb.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The bank-transfer workload of the fault tests: worker threads move money between accounts
 * through a HikariCP pool, each transfer also writing a ledger row in the same transaction, and
 * remember which transfers were acknowledged. {@link #verify} checks the invariants afterwards.
 * Thread-safe.
 */
final class BankWorkload implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(BankWorkload.class.getName());
  static final int ACCOUNTS = 10;
  static final long OPENING = 1_000;

  final HikariDataSource pool;
  final Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
  /** Transfers that certainly did not commit (failed before COMMIT was sent, or COMMIT said 40xxx). */
  final Set<Long> aborted = ConcurrentHashMap.newKeySet();
  final AtomicInteger failures = new AtomicInteger();
  private final AtomicLong nextXid = new AtomicLong(1);
  private final AtomicBoolean stop = new AtomicBoolean();
  private final Thread[] workers;

  /** Creates the tables through {@code url} and starts {@code threads} workers. */
  BankWorkload(String url, String user, String password, int threads) throws SQLException {
    HikariConfig hc = new HikariConfig();
    // a paused (SIGSTOP) leader must not hold a worker longer than a few seconds
    hc.setJdbcUrl(url + ";CONNECT_TIMEOUT=30000;NETWORK_TIMEOUT=5000");
    hc.setUsername(user);
    hc.setPassword(password);
    hc.setMaximumPoolSize(threads);
    hc.setAutoCommit(false);
    hc.setConnectionTimeout(60_000);
    hc.setInitializationFailTimeout(60_000);
    pool = new HikariDataSource(hc);
    try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE acct (id INT PRIMARY KEY, bal BIGINT NOT NULL)");
      s.execute("CREATE TABLE ledger (xid BIGINT PRIMARY KEY, src INT, dst INT, amount BIGINT)");
      for (int i = 0; i < ACCOUNTS; i++) {
        s.execute("INSERT INTO acct VALUES (" + i + ", " + OPENING + ")");
      }
      c.commit();
    }
    workers = new Thread[threads];
    for (int w = 0; w < threads; w++) {
      Random random = new Random(w);
      workers[w] = new Thread(() -> run(random), "bank-" + w);
      workers[w].start();
    }
  }

  /** Waits until {@code n} transfers were acknowledged (bounded by the test's timeout). */
  void awaitAcknowledged(int n) throws InterruptedException {
    while (acknowledged.size() < n) {
      Thread.sleep(20);
    }
  }

  /** Stops the workers and waits for them. */
  void stopWorkers() throws InterruptedException {
    stop.set(true);
    for (Thread t : workers) {
      t.join();
    }
  }

  /**
   * Total unchanged, every acknowledged transfer in the ledger, every balance equal to its
   * opening balance plus its ledger entries (no half-applied transfer).
   */
  void verify() throws SQLException {
    try (Connection c = pool.getConnection()) {
      c.setAutoCommit(true);
      Map<Integer, Long> balance = new HashMap<>();
      long total = 0;
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id, bal FROM acct")) {
        while (rs.next()) {
          balance.put(rs.getInt(1), rs.getLong(2));
          total += rs.getLong(2);
        }
      }
      assertEquals(ACCOUNTS * OPENING, total, "money is neither created nor destroyed");
      Map<Integer, Long> expected = new HashMap<>();
      Set<Long> ledger = new HashSet<>();
      try (Statement s = c.createStatement();
           ResultSet rs = s.executeQuery("SELECT xid, src, dst, amount FROM ledger")) {
        while (rs.next()) {
          ledger.add(rs.getLong(1));
          expected.merge(rs.getInt(2), -rs.getLong(4), Long::sum);
          expected.merge(rs.getInt(3), rs.getLong(4), Long::sum);
        }
      }
      for (long xid : acknowledged) {
        assertTrue(ledger.contains(xid), "acknowledged transfer " + xid + " is in the ledger");
      }
      for (long xid : aborted) {
        assertTrue(!ledger.contains(xid), "aborted transfer " + xid + " is not in the ledger");
      }
      for (int i = 0; i < ACCOUNTS; i++) {
        assertEquals(OPENING + expected.getOrDefault(i, 0L), balance.get(i),
            "account " + i + " matches its ledger entries (no half-applied transfer)");
      }
    }
  }

  private void run(Random random) {
    while (!stop.get()) {
      int src = random.nextInt(ACCOUNTS);
      int dst = (src + 1 + random.nextInt(ACCOUNTS - 1)) % ACCOUNTS;
      long amount = 1 + random.nextInt(20);
      long xid = nextXid.getAndIncrement();
      boolean committing = false;
      try (Connection c = pool.getConnection()) {
        try (PreparedStatement debit = c.prepareStatement("UPDATE acct SET bal = bal - ? WHERE id = ?");
             PreparedStatement credit = c.prepareStatement("UPDATE acct SET bal = bal + ? WHERE id = ?");
             PreparedStatement log = c.prepareStatement("INSERT INTO ledger VALUES (?, ?, ?, ?)")) {
          debit.setLong(1, amount);
          debit.setInt(2, src);
          if (debit.executeUpdate() != 1) {
            throw new IllegalStateException("account " + src + " missing");
          }
          credit.setLong(1, amount);
          credit.setInt(2, dst);
          if (credit.executeUpdate() != 1) {
            throw new IllegalStateException("account " + dst + " missing");
          }
          log.setLong(1, xid);
          log.setInt(2, src);
          log.setInt(3, dst);
          log.setLong(4, amount);
          log.executeUpdate();
          committing = true;
          c.commit();
          acknowledged.add(xid);
        } catch (SQLException e) {
          failures.incrementAndGet();
          if (!committing || (e.getSQLState() != null && e.getSQLState().startsWith("40"))) {
            aborted.add(xid);
          }
          LOG.log(System.Logger.Level.DEBUG, "transfer " + xid + " failed or has an unknown outcome", e);
          if (!c.isClosed()) {
            try {
              c.rollback();
            } catch (SQLException r) {
              LOG.log(System.Logger.Level.DEBUG, "rollback after a failed transfer failed", r);
            }
          }
        }
      } catch (SQLException e) {
        failures.incrementAndGet();
        if (!committing) {
          aborted.add(xid);
        }
        LOG.log(System.Logger.Level.DEBUG, "no connection from the pool", e);
      }
    }
  }

  @Override
  public void close() throws InterruptedException {
    stopWorkers();
    pool.close();
  }
}
