package io.beamdb.compat.isolation;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.beamdb.compat.isolation.Steps.Level;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * N threads x M random transfers between accounts at each isolation level, retrying 40001/40P01;
 * the total never changes, every account ends at exactly its initial balance plus the committed
 * transfers, and a concurrent reader always sees the exact total (one statement at every level;
 * two statements in one transaction at REPEATABLE READ and SERIALIZABLE).
 */
class BankTransferTest {
  static final int ACCOUNTS = 10;
  static final int THREADS = 8;
  static final int TRANSFERS = 200;
  static final long INITIAL = 1_000;
  static final long TOTAL = ACCOUNTS * INITIAL;

  @ParameterizedTest
  @EnumSource(Level.class)
  void totalIsInvariant(Level level) throws Exception {
    String url = Jdbc.url("bank", 10_000);
    ExecutorService pool = Executors.newFixedThreadPool(THREADS + 1);
    try (Connection admin = DriverManager.getConnection(url)) {
      Jdbc.exec(admin, "CREATE TABLE acc (id INT PRIMARY KEY, bal BIGINT)");
      StringBuilder rows = new StringBuilder();
      for (int i = 1; i <= ACCOUNTS; i++) {
        rows.append(i == 1 ? "" : ", ").append('(').append(i).append(", ").append(INITIAL).append(')');
      }
      Jdbc.exec(admin, "INSERT INTO acc VALUES " + rows);

      AtomicLongArray expected = new AtomicLongArray(ACCOUNTS + 1);
      for (int i = 1; i <= ACCOUNTS; i++) {
        expected.set(i, INITIAL);
      }
      java.util.concurrent.ConcurrentHashMap<String, AtomicInteger> retries = new java.util.concurrent.ConcurrentHashMap<>();
      AtomicBoolean writing = new AtomicBoolean(true);
      List<Future<Integer>> writers = new ArrayList<>();
      for (int w = 0; w < THREADS; w++) {
        long seed = 31L * w + level.ordinal();
        writers.add(pool.submit(() -> transfers(url, level, new Random(seed), expected, retries)));
      }
      long t0 = System.nanoTime();
      long[] writersDone = new long[1];
      Future<Integer> reader = pool.submit(() -> {
        int reads = 0;
        try (Connection c = Jdbc.open(url, level)) {
          do {
            reads += readTotals(c, level);
          } while (writing.get());
          reads += readTotals(c, level); // at least once after the last transfer
        }
        return reads;
      });
      try {
        List<Integer> done = Jdbc.await(writers, 40_000);
        assertEquals(THREADS * TRANSFERS, done.stream().mapToInt(Integer::intValue).sum());
      } finally {
        writersDone[0] = System.nanoTime();
        writing.set(false);
      }
      int reads = Jdbc.await(List.of(reader), 10_000).get(0);
      assertTrue(reads > 0);

      assertEquals(TOTAL, Jdbc.scalar(admin, "SELECT SUM(bal) FROM acc"));
      long[] want = new long[ACCOUNTS];
      long[] got = new long[ACCOUNTS];
      try (Statement s = admin.createStatement(); ResultSet rs = s.executeQuery("SELECT id, bal FROM acc ORDER BY id")) {
        for (int i = 0; i < ACCOUNTS; i++) {
          assertTrue(rs.next());
          assertEquals(i + 1, rs.getInt(1));
          got[i] = rs.getLong(2);
          want[i] = expected.get(i + 1);
        }
      }
      assertArrayEquals(want, got, "every committed transfer applied exactly once");
      System.out.printf("bank %s: %d transfers in %d ms, retries %s, %d consistent total reads%n",
          level, THREADS * TRANSFERS, (writersDone[0] - t0) / 1_000_000, retries, reads);
    } finally {
      pool.shutdownNow();
    }
  }

  /** One writer: M transfers, each retried until it commits; returns the number committed. */
  private static int transfers(String url, Level level, Random rnd, AtomicLongArray expected,
      java.util.concurrent.ConcurrentHashMap<String, AtomicInteger> retries)
      throws SQLException {
    int committed = 0;
    try (Connection c = Jdbc.open(url, level)) {
      for (int i = 0; i < TRANSFERS; i++) {
        int from = 1 + rnd.nextInt(ACCOUNTS);
        int to = 1 + (from + rnd.nextInt(ACCOUNTS - 1)) % ACCOUNTS; // != from
        long amount = 1 + rnd.nextInt(100);
        Jdbc.inTransaction(c, t -> {
          assertEquals(1, Jdbc.update(t, "UPDATE acc SET bal = bal - ? WHERE id = ?", amount, from));
          assertEquals(1, Jdbc.update(t, "UPDATE acc SET bal = bal + ? WHERE id = ?", amount, to));
        }, state -> retries.computeIfAbsent(state, k -> new AtomicInteger()).incrementAndGet());
        expected.addAndGet(from, -amount);
        expected.addAndGet(to, amount);
        committed++;
      }
    }
    return committed;
  }

  /** Checks the total once in one statement and, above READ COMMITTED, once in two statements of one transaction. */
  private static int readTotals(Connection c, Level level) throws SQLException {
    assertEquals(TOTAL, Jdbc.scalar(c, "SELECT SUM(bal) FROM acc"), "one-statement total at " + level);
    c.commit();
    if (level == Level.READ_COMMITTED) {
      return 1;
    }
    long low = Jdbc.scalar(c, "SELECT SUM(bal) FROM acc WHERE id <= 5");
    Thread.yield(); // let writers commit between the two statements
    long high = Jdbc.scalar(c, "SELECT SUM(bal) FROM acc WHERE id > 5");
    c.commit(); // read-only: never aborts, even at SERIALIZABLE
    assertEquals(TOTAL, low + high, "two-statement total inside one " + level + " transaction");
    return 2;
  }
  /**
   * One REPEATABLE READ snapshot held open while writers churn through transfers on a database
   * with a tiny memtable (so versions are flushed and compacted under it): the snapshot keeps
   * reading the initial balances, since garbage collection never drops a version it can read.
   */
  @org.junit.jupiter.api.Test
  void longSnapshotSurvivesFlushesAndCompactions() throws Exception {
    String url = Jdbc.url("bankgc", 10_000) + ";MEMTABLE_SIZE=8192";
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try (Connection admin = DriverManager.getConnection(url);
         Connection snap = Jdbc.open(url, Level.REPEATABLE_READ)) {
      Jdbc.exec(admin, "CREATE TABLE acc (id INT PRIMARY KEY, bal BIGINT)");
      StringBuilder rows = new StringBuilder();
      for (int i = 1; i <= ACCOUNTS; i++) {
        rows.append(i == 1 ? "" : ", ").append('(').append(i).append(", ").append(INITIAL).append(')');
      }
      Jdbc.exec(admin, "INSERT INTO acc VALUES " + rows);
      assertEquals(TOTAL, Jdbc.scalar(snap, "SELECT SUM(bal) FROM acc")); // the snapshot starts here
      String initial = balances(snap);
      List<Future<Integer>> writers = new ArrayList<>();
      for (int w = 0; w < 3; w++) {
        long seed = 7L * w;
        writers.add(pool.submit(() -> {
          Random rnd = new Random(seed);
          int done = 0;
          try (Connection c = Jdbc.open(url, Level.READ_COMMITTED)) {
            for (int i = 0; i < 600; i++) {
              int from = 1 + rnd.nextInt(ACCOUNTS);
              int to = 1 + (from + rnd.nextInt(ACCOUNTS - 1)) % ACCOUNTS;
              long amount = 1 + rnd.nextInt(50);
              Jdbc.inTransaction(c, t -> {
                Jdbc.update(t, "UPDATE acc SET bal = bal - ? WHERE id = ?", amount, from);
                Jdbc.update(t, "UPDATE acc SET bal = bal + ? WHERE id = ?", amount, to);
              });
              done++;
            }
          }
          return done;
        }));
      }
      int checks = 0;
      while (!writers.stream().allMatch(Future::isDone)) {
        assertEquals(initial, balances(snap), "the long snapshot changed");
        checks++;
        Thread.sleep(20);
      }
      Jdbc.await(writers, 30_000);
      assertEquals(initial, balances(snap), "the long snapshot changed");
      assertEquals(TOTAL, Jdbc.scalar(snap, "SELECT SUM(bal) FROM acc"));
      snap.commit();
      assertEquals(TOTAL, Jdbc.scalar(snap, "SELECT SUM(bal) FROM acc"));
      snap.commit();
      assertTrue(!initial.equals(balances(admin)), "writers changed nothing");
      System.out.printf("long snapshot: %d checks while 1800 transfers ran%n", checks);
    } finally {
      pool.shutdownNow();
    }
  }

  private static String balances(Connection c) throws SQLException {
    StringBuilder b = new StringBuilder();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id, bal FROM acc ORDER BY id")) {
      while (rs.next()) {
        b.append(rs.getInt(1)).append('=').append(rs.getLong(2)).append(' ');
      }
    }
    return b.toString();
  }
}
