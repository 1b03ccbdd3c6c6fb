package io.beamdb.compat.isolation;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.beamdb.compat.isolation.Steps.Level;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/** JDBC helpers for the concurrent isolation tests: urls, statements, retry of 40001/40P01. */
final class Jdbc {
  private Jdbc() {}

  private static final AtomicLong DBS = new AtomicLong();

  /** A fresh in-memory database url; LOCK_TIMEOUT bounds every row-lock wait. */
  static String url(String name, long lockTimeoutMillis) {
    return "jdbc:beam:mem:" + name + "_" + DBS.incrementAndGet() + "_" + System.nanoTime()
        + ";LOCK_TIMEOUT=" + lockTimeoutMillis;
  }

  static Connection open(String url, Level level) throws SQLException {
    Connection c = DriverManager.getConnection(url);
    c.setAutoCommit(false);
    c.setTransactionIsolation(level.jdbc);
    return c;
  }

  static void exec(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  static int update(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      return ps.executeUpdate();
    }
  }

  /** The first column of the only row of {@code sql} as a long. */
  static long scalar(Connection c, String sql, Object... args) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(sql)) {
      for (int i = 0; i < args.length; i++) {
        ps.setObject(i + 1, args[i]);
      }
      try (ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next(), () -> "no row from " + sql);
        long v = rs.getLong(1);
        assertTrue(!rs.next(), () -> "more than one row from " + sql);
        return v;
      }
    }
  }

  /** The two SQLStates a client is expected to retry: serialization failure and deadlock. */
  static boolean retryable(SQLException e) {
    return "40001".equals(e.getSQLState()) || "40P01".equals(e.getSQLState());
  }

  interface Work {
    void run(Connection c) throws SQLException;
  }

  /**
   * Runs {@code work} then commits, retrying the whole transaction after 40001/40P01 (rolled back
   * first) with a small randomized exponential backoff; any other SQLState is rethrown. Returns
   * the number of retries.
   */
  static int inTransaction(Connection c, Work work) throws SQLException {
    return inTransaction(c, work, state -> { });
  }

  /** As {@link #inTransaction(Connection, Work)}, telling {@code onRetry} the SQLState of each retried failure. */
  static int inTransaction(Connection c, Work work, java.util.function.Consumer<String> onRetry) throws SQLException {
    for (int attempt = 0; ; attempt++) {
      try {
        work.run(c);
        c.commit();
        return attempt;
      } catch (SQLException e) {
        try {
          c.rollback();
        } catch (SQLException ignored) {
          // already rolled back by the engine
        }
        if (!retryable(e) || attempt >= 1_000) {
          throw e;
        }
        onRetry.accept(e.getSQLState());
        backoff(attempt);
      }
    }
  }

  static void backoff(int attempt) {
    long maxMicros = Math.min(5_000L, 100L << Math.min(attempt, 6));
    java.util.concurrent.locks.LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(maxMicros + 1) * 1_000L);
  }

  /** Waits for all futures within one deadline; a hang or a failure fails the test with its cause. */
  static <T> List<T> await(List<? extends Future<T>> futures, long timeoutMillis) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(timeoutMillis);
    List<T> out = new ArrayList<>();
    for (Future<T> f : futures) {
      try {
        out.add(f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS));
      } catch (TimeoutException e) {
        for (Future<T> g : futures) {
          g.cancel(true);
        }
        throw new AssertionError("workers did not finish within " + timeoutMillis + " ms");
      } catch (ExecutionException e) {
        for (Future<T> g : futures) {
          g.cancel(true);
        }
        if (e.getCause() instanceof Exception ex) {
          throw ex;
        }
        throw new AssertionError(e.getCause());
      }
    }
    return out;
  }
}
