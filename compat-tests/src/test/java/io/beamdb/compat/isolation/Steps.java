package io.beamdb.compat.isolation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.fail;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Pattern;

/**
 * A tiny step runner for interleaved transactions. Transaction {@code Tn} is one JDBC connection
 * ({@code autoCommit=false}, the scenario's isolation level) that runs on its own single-thread
 * executor, because a writer blocks on another transaction's row lock. A step is a connection
 * plus SQL:
 *
 * <ul>
 *   <li>{@link #run} executes it and waits for it (bounded by {@link #STEP_TIMEOUT_MS});
 *   <li>{@link #blocks} submits it and asserts it has <em>not</em> completed after
 *       {@link #BLOCK_PROBE_MS}; the test then runs the other transaction's step that unblocks
 *       it and calls {@link Pending#outcome()} to assert how it ended.
 * </ul>
 *
 * The SQL words {@code commit}, {@code rollback} and {@code abort} call {@link Connection#commit()}
 * / {@link Connection#rollback()}. Every step and its outcome go into a transcript that assertion
 * messages carry, so a failure shows the history that led to it.
 *
 * <p>BeamDB's query parser (Calcite) reserves {@code VALUE}, so the runner writes Hermitage's
 * column {@code value} as {@code "VALUE"} (the name the unquoted DDL stored); the step texts stay
 * exactly as in Hermitage.
 */
final class Steps implements AutoCloseable {
  static final long BLOCK_PROBE_MS = 200;
  static final long STEP_TIMEOUT_MS = 10_000;
  /** Row-lock wait bound inside the engine: a step that blocks by mistake fails with HY000. */
  static final long LOCK_TIMEOUT_MS = 4_000;

  private static final AtomicLong DBS = new AtomicLong();
  private static final Pattern VALUE_COLUMN = Pattern.compile("(?i)\\bvalue\\b");

  /** The isolation levels BeamDB implements (READ UNCOMMITTED runs as READ COMMITTED). */
  enum Level {
    READ_COMMITTED(Connection.TRANSACTION_READ_COMMITTED, "read committed"),
    REPEATABLE_READ(Connection.TRANSACTION_REPEATABLE_READ, "repeatable read"),
    SERIALIZABLE(Connection.TRANSACTION_SERIALIZABLE, "serializable");

    final int jdbc;
    final String sqlName;

    Level(int jdbc, String sqlName) {
      this.jdbc = jdbc;
      this.sqlName = sqlName;
    }
  }

  final Level level;
  final String url;
  private final Connection admin;
  private final Tx[] txs;
  private final List<String> transcript = Collections.synchronizedList(new ArrayList<>());

  private Steps(String name, Level level, int transactions, long lockTimeoutMs) throws SQLException {
    this.level = level;
    this.url = "jdbc:beam:mem:" + name + "_" + DBS.incrementAndGet() + "_" + System.nanoTime()
        + ";LOCK_TIMEOUT=" + lockTimeoutMs;
    this.admin = DriverManager.getConnection(url); // autocommit: setup and checks; keeps the db open
    this.txs = new Tx[transactions + 1];
    boolean ok = false;
    try {
      for (int i = 1; i <= transactions; i++) {
        txs[i] = new Tx(i);
      }
      ok = true;
    } finally {
      if (!ok) {
        close();
      }
    }
  }

  /** A fresh in-memory database with {@code transactions} connections at {@code level}; runs {@code setup} in autocommit. */
  static Steps open(String name, Level level, int transactions, String... setup) throws Exception {
    return open(name, level, transactions, LOCK_TIMEOUT_MS, setup);
  }

  /** As {@link #open(String, Level, int, String...)} with the given LOCK_TIMEOUT. */
  static Steps open(String name, Level level, int transactions, long lockTimeoutMs, String... setup) throws Exception {
    Steps s = new Steps(name, level, transactions, lockTimeoutMs);
    try {
      for (String sql : setup) {
        try (Statement st = s.admin.createStatement()) {
          st.execute(rewrite(sql));
        }
      }
      for (int i = 1; i <= transactions; i++) {
        Tx t = s.txs[i];
        t.call(() -> {
          t.c.setAutoCommit(false);
          t.c.setTransactionIsolation(level.jdbc);
          return null;
        });
      }
      return s;
    } catch (Exception | Error e) {
      s.close();
      throw e;
    }
  }

  /** Hermitage's setup: {@code test (id int primary key, value int)} with rows (1,10), (2,20). */
  static Steps hermitage(String name, Level level, int transactions) throws Exception {
    return hermitage(name, level, transactions, LOCK_TIMEOUT_MS);
  }

  static Steps hermitage(String name, Level level, int transactions, long lockTimeoutMs) throws Exception {
    return open(name, level, transactions, lockTimeoutMs,
        "create table test (id int primary key, value int)",
        "insert into test (id, value) values (1, 10), (2, 20)");
  }

  static String rewrite(String sql) {
    return VALUE_COLUMN.matcher(sql).replaceAll("\"VALUE\"");
  }

  /** Runs {@code sql} on transaction {@code t} and waits for it; never throws for SQL errors. */
  Outcome run(int t, String sql) {
    return submit(t, sql).outcome();
  }

  /** Runs {@code sql} on transaction {@code t} and asserts it succeeded. */
  Outcome ok(int t, String sql) {
    return run(t, sql).ok();
  }

  /** Runs a query on {@code t}, asserts it succeeded and returned {@code rows} (see {@link Outcome#rows}). */
  Outcome rows(int t, String sql, String rows) {
    return run(t, sql).rows(rows);
  }

  /** Runs {@code sql} through the autocommit admin connection (outside T1..Tn). */
  Outcome admin(String sql) {
    Outcome o = execute(0, admin, sql);
    o.owner = this;
    transcript.add("T0  " + sql + "  -> " + o.describe());
    return o;
  }

  /** Submits {@code sql} on {@code t} and asserts that it is still waiting after {@link #BLOCK_PROBE_MS}. */
  Pending blocks(int t, String sql) {
    Pending p = submit(t, sql);
    try {
      Outcome early = p.future.get(BLOCK_PROBE_MS, TimeUnit.MILLISECONDS);
      fail("expected T" + t + " to BLOCK on " + sql + " but it completed: " + early.describe() + "\n" + transcript());
    } catch (TimeoutException expected) {
      transcript.add("T" + t + "  " + sql + "  -> BLOCKS");
    } catch (InterruptedException | ExecutionException e) {
      throw new AssertionError(e);
    }
    return p;
  }

  /** Submits {@code sql} on {@code t} without waiting. */
  Pending submit(int t, String sql) {
    Tx tx = txs[t];
    return new Pending(t, sql, tx.exec.submit(() -> execute(t, tx.c, sql)));
  }

  private Outcome execute(int t, Connection c, String sql) {
    String s = sql.trim().toLowerCase(java.util.Locale.ROOT);
    try {
      if (s.equals("commit")) {
        c.commit();
        return Outcome.ok(t, sql, -1, null);
      }
      if (s.equals("rollback") || s.equals("abort")) {
        c.rollback();
        return Outcome.ok(t, sql, -1, null);
      }
      try (Statement st = c.createStatement()) {
        if (st.execute(rewrite(sql))) {
          try (ResultSet rs = st.getResultSet()) {
            return Outcome.ok(t, sql, -1, render(rs));
          }
        }
        return Outcome.ok(t, sql, st.getUpdateCount(), null);
      }
    } catch (SQLException e) {
      return Outcome.failed(t, sql, e);
    }
  }

  /** Rows as {@code "1=>10, 2=>20"}: columns joined by {@code =>}, rows sorted, joined by {@code ", "}. */
  static String render(ResultSet rs) throws SQLException {
    int n = rs.getMetaData().getColumnCount();
    List<String> rows = new ArrayList<>();
    while (rs.next()) {
      StringBuilder b = new StringBuilder();
      for (int i = 1; i <= n; i++) {
        if (i > 1) {
          b.append("=>");
        }
        b.append(rs.getObject(i));
      }
      rows.add(b.toString());
    }
    Collections.sort(rows);
    return String.join(", ", rows);
  }

  String transcript() {
    synchronized (transcript) {
      return "level " + level + ", transcript:\n  " + String.join("\n  ", transcript);
    }
  }

  @Override
  public void close() {
    for (int i = 1; i < txs.length; i++) {
      Tx t = txs[i];
      if (t == null) {
        continue;
      }
      try {
        // on the connection's own thread, after any step still queued (bounded)
        t.exec.submit(() -> {
          t.c.close();
          return null;
        }).get(STEP_TIMEOUT_MS, TimeUnit.MILLISECONDS);
      } catch (Exception ignored) {
        try {
          t.c.close();
        } catch (SQLException ignoredToo) {
          // best effort
        }
      } finally {
        t.exec.shutdownNow();
      }
    }
    try {
      admin.close();
    } catch (SQLException ignored) {
      // best effort
    }
  }

  private final class Tx {
    final int n;
    final ExecutorService exec;
    final Connection c;

    Tx(int n) throws SQLException {
      this.n = n;
      this.exec = Executors.newSingleThreadExecutor(r -> {
        Thread th = new Thread(r, "T" + n);
        th.setDaemon(true);
        return th;
      });
      Connection conn;
      try {
        conn = exec.submit(() -> DriverManager.getConnection(url)).get(STEP_TIMEOUT_MS, TimeUnit.MILLISECONDS);
      } catch (Exception e) {
        exec.shutdownNow();
        throw new SQLException("cannot open T" + n + ": " + e, e);
      }
      this.c = conn;
    }

    <V> V call(Callable<V> body) throws Exception {
      try {
        return exec.submit(body).get(STEP_TIMEOUT_MS, TimeUnit.MILLISECONDS);
      } catch (ExecutionException e) {
        throw (e.getCause() instanceof Exception ex) ? ex : new RuntimeException(e.getCause());
      }
    }
  }

  /** A step that was submitted; {@link #outcome()} waits for it, bounded. */
  final class Pending {
    final int t;
    final String sql;
    final Future<Outcome> future;

    Pending(int t, String sql, Future<Outcome> future) {
      this.t = t;
      this.sql = sql;
      this.future = future;
    }

    Outcome outcome() {
      Outcome o;
      try {
        o = future.get(STEP_TIMEOUT_MS, TimeUnit.MILLISECONDS);
      } catch (TimeoutException e) {
        throw new AssertionError("T" + t + " did not finish '" + sql + "' within " + STEP_TIMEOUT_MS + " ms\n" + transcript());
      } catch (InterruptedException | ExecutionException e) {
        throw new AssertionError(e);
      }
      transcript.add("T" + t + "  " + sql + "  -> " + o.describe());
      o.owner = Steps.this;
      return o;
    }

    boolean isDone() {
      return future.isDone();
    }
  }

  /** How a step ended: success (with rows for a query, else an update count) or an SQLState. */
  static final class Outcome {
    final int t;
    final String sql;
    final String state;   // null: success
    final String message;
    final long count;     // update count, -1 for queries and commit/rollback
    final String rows;    // rendered rows for a query, else null
    Steps owner;

    private Outcome(int t, String sql, String state, String message, long count, String rows) {
      this.t = t;
      this.sql = sql;
      this.state = state;
      this.message = message;
      this.count = count;
      this.rows = rows;
    }

    static Outcome ok(int t, String sql, long count, String rows) {
      return new Outcome(t, sql, null, null, count, rows);
    }

    static Outcome failed(int t, String sql, SQLException e) {
      return new Outcome(t, sql, e.getSQLState() == null ? "?????" : e.getSQLState(), e.getMessage(), -1, null);
    }

    boolean isOk() {
      return state == null;
    }

    String describe() {
      if (state != null) {
        return "ERROR " + state + " (" + message + ")";
      }
      if (rows != null) {
        return "[" + rows + "]";
      }
      return count >= 0 ? "ok, " + count + " row(s)" : "ok";
    }

    private String context() {
      return owner == null ? "" : "\n" + owner.transcript();
    }

    Outcome ok() {
      assertNull(state, () -> "T" + t + " " + sql + " failed: " + describe() + context());
      return this;
    }

    Outcome rows(String expected) {
      ok();
      assertEquals(expected, rows, () -> "T" + t + " " + sql + context());
      return this;
    }

    Outcome count(long expected) {
      ok();
      assertEquals(expected, count, () -> "T" + t + " " + sql + " update count" + context());
      return this;
    }

    /** Asserts success when {@code expectedState} is null, else failure with that SQLState. */
    Outcome expect(String expectedState) {
      return expectedState == null ? ok() : failed(expectedState);
    }

    Outcome failed(String expectedState) {
      assertFalse(isOk(), () -> "T" + t + " " + sql + " should fail with " + expectedState + " but succeeded: " + describe() + context());
      assertEquals(expectedState, state, () -> "T" + t + " " + sql + " SQLState (" + message + ")" + context());
      return this;
    }
  }
}
