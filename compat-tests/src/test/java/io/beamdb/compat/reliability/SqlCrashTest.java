package io.beamdb.compat.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.beamdb.engine.DatabaseConfig;
import io.beamdb.jdbc.BeamConnections;
import io.beamdb.storage.fs.FaultInjectingFileSystem;
import io.beamdb.storage.fs.FaultInjectingFileSystem.CrashMode;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * SQL-level crash testing in the manner of SQLite's crash tests and H2's FilePathReorderWrites:
 * a seeded {@link SqlWorkload} of transactions (DDL, multi-row inserts, updates by key and by the
 * indexed column, deletes) runs through JDBC on a database opened over a
 * {@link FaultInjectingFileSystem} with 4 KiB memtables (so WAL rotations, flushes and
 * compactions run during the workload). A second connection keeps an uncommitted transaction
 * open. The machine goes down at a sync point (every one of a run, in {@link
 * #crashAtEverySyncPoint}) or before a random statement, the files are rewritten as an OS crash
 * could leave them (unsynced data dropped, a random prefix kept, or the last write torn), and the
 * database is reopened. Checked: the table equals the model after exactly some prefix of the
 * transactions that includes every acknowledged commit (no partial or uncommitted transaction
 * visible, the DDL transaction all or nothing), the index agrees with the table, and the database
 * accepts and keeps new writes.
 *
 * <p>Seeds are printed; rerun one with {@code -Dbeamdb.seed=N}, and a single crash point of
 * {@link #crashAtEverySyncPoint} with {@code -Dbeamdb.crash.point=K}.
 */
class SqlCrashTest {
  private static final System.Logger LOG = System.getLogger(SqlCrashTest.class.getName());

  @TempDir Path tmp;

  private static long seed() {
    String s = System.getProperty("beamdb.seed");
    return s != null ? Long.parseLong(s) : System.nanoTime();
  }

  static DatabaseConfig config(Path dir, FaultInjectingFileSystem fs) throws SQLException {
    return DatabaseConfig.file(dir, Map.of("MEMTABLE_SIZE", "4096", "SYNC", sync.get())).withFileSystem(fs);
  }

  /** The SYNC mode of the databases a test opens (FULL unless {@code -Dbeamdb.crash.sync}). */
  private static final ThreadLocal<String> sync =
      ThreadLocal.withInitial(() -> System.getProperty("beamdb.crash.sync", "FULL"));

  /** Outcome of one crash round. */
  record Round(int acked, int attempted, int recovered, String crash) {
  }

  /**
   * Runs {@code w} on a database in {@code dir}: the machine goes down at sync point
   * {@code syncPoint} (> 0) or before statement number {@code killBeforeStatement} (>= 0), or
   * (both negative) not at all until the workload is done and the connections closed. Then the
   * crash, reopen and checks. Returns the round; {@code durable} receives the recovered contents.
   */
  static Round round(String tag, Path dir, FaultInjectingFileSystem fs, SqlWorkload w, long syncPoint,
      int killBeforeStatement, CrashMode mode, Random rnd, TreeMap<Integer, SqlWorkload.Row>[] durable)
      throws Exception {
    if (syncPoint > 0) {
      fs.crashAtSyncPoint(syncPoint);
    }
    int acked = 0;
    int attempted = 0;
    int statements = 0;
    Connection a = null;
    Connection b = null;
    try {
      a = BeamConnections.open(config(dir, fs));
      a.setAutoCommit(false);
      for (int i = 0; i < w.txns.size(); i++) {
        if (w.states.get(i) != null && b == null) {
          // an uncommitted transaction that must never become visible
          b = BeamConnections.open(config(dir, fs));
          b.setAutoCommit(false);
          try (Statement st = b.createStatement()) {
            st.executeUpdate("INSERT INTO t (id, grp, val, txn, pad) VALUES (-1, 1, 1, -1, 'x'), (-2, 2, 2, -1, 'y')");
          }
        }
        if (killBeforeStatement >= 0 && statements + w.txns.get(i).statements().size() > killBeforeStatement) {
          // the kill lands before one of this transaction's statements or its commit
          attempted = i + 1;
          SqlWorkload.Txn t = w.txns.get(i);
          try (Statement st = a.createStatement()) {
            for (int s = 0; s < t.statements().size(); s++) {
              if (statements++ == killBeforeStatement) {
                fs.kill();
              }
              st.executeUpdate(t.statements().get(s).sql());
            }
          }
          a.commit();
          acked = i + 1;
          killBeforeStatement = -1;
          continue;
        }
        statements += w.txns.get(i).statements().size();
        attempted = i + 1;
        w.run(a, i);
        a.commit();
        acked = i + 1;
      }
    } catch (SQLException e) {
      if (!fs.isDead()) {
        throw new AssertionError(tag + ": failure without a crash: " + e, e);
      }
    } finally {
      if (syncPoint > 0 || killBeforeStatement >= 0) {
        fs.kill();
      }
      closeQuietly(b);
      closeQuietly(a);
    }
    String summary = fs.crash(mode, rnd);
    try (Connection c = BeamConnections.open(config(dir, fs))) {
      TreeMap<Integer, SqlWorkload.Row> got = SqlWorkload.observe(c);
      int recovered = -1;
      // with SYNC=FULL every acknowledged commit must be there; otherwise any prefix will do
      for (int r = "FULL".equals(sync.get()) ? acked : 0; r <= attempted; r++) {
        if (java.util.Objects.equals(got, w.states.get(r))) {
          recovered = r;
          break;
        }
      }
      if (recovered < 0) {
        fail(tag + " " + summary + ": recovered state is not the state after " + acked + ".." + attempted
            + " transactions: got " + (got == null ? "no table" : got.size() + " rows") + ", expected "
            + describe(w.states.get(acked)) + " .. " + describe(w.states.get(attempted))
            + (got != null && got.containsKey(-1) ? " (an uncommitted row is visible)" : ""));
      }
      if (got != null) {
        // the database accepts new writes and keeps them
        c.setAutoCommit(false);
        try (Statement st = c.createStatement()) {
          assertEquals(1, st.executeUpdate("INSERT INTO t (id, grp, val, txn, pad) VALUES (-100, 0, 0, 0, 'probe')"));
          assertEquals(1, st.executeUpdate("UPDATE t SET val = 7 WHERE id = -100"));
          c.commit();
          try (ResultSet rs = st.executeQuery("SELECT val FROM t WHERE grp = 0 AND id = -100")) {
            assertTrue(rs.next(), tag + ": the probe row written after recovery is missing");
            assertEquals(7, rs.getLong(1));
          }
          assertEquals(1, st.executeUpdate("DELETE FROM t WHERE id = -100"));
          c.commit();
        }
      }
      durable[0] = got;
      return new Round(acked, attempted, recovered, summary);
    }
  }

  private static String describe(TreeMap<Integer, SqlWorkload.Row> s) {
    return s == null ? "no table" : s.size() + " rows";
  }

  private static void closeQuietly(Connection c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (SQLException e) {
      // expected after the simulated crash: the store cannot flush on close
      LOG.log(System.Logger.Level.DEBUG, "close after crash failed: {0}", e.toString());
    }
  }

  @Test
  void crashAtEverySyncPoint() throws Exception {
    long seed = seed();
    System.out.println("SqlCrashTest.crashAtEverySyncPoint seed=" + seed);
    Random plan = new Random(seed);
    SqlWorkload w = new SqlWorkload(plan, null, Integer.getInteger("beamdb.crash.txns", 40), 0);
    // a crash-free run counts the sync points (open, DDL, every commit, flushes, close)
    FaultInjectingFileSystem counter = new FaultInjectingFileSystem();
    try (Connection c = BeamConnections.open(config(tmp.resolve("count2"), counter))) {
      c.setAutoCommit(false);
      for (int i = 0; i < w.txns.size(); i++) {
        w.run(c, i);
        c.commit();
      }
    }
    long total = counter.syncPoints();
    assertTrue(total > w.txns.size(), "every FULL commit syncs: " + total);
    String only = System.getProperty("beamdb.crash.point");
    long from = only != null ? Long.parseLong(only) : 1;
    long to = only != null ? from : total + 1;
    CrashMode[] modes = CrashMode.values();
    int keptUnacked = 0;
    int tried = 0;
    @SuppressWarnings("unchecked") TreeMap<Integer, SqlWorkload.Row>[] out = new TreeMap[1];
    for (long k = from; k <= to; k++) {
      FaultInjectingFileSystem fs = new FaultInjectingFileSystem();
      CrashMode mode = modes[(int) (k % modes.length)];
      Round r = round("seed " + seed + " crash point " + k + " (-Dbeamdb.seed=" + seed + " -Dbeamdb.crash.point=" + k + ")",
          tmp.resolve("sync-" + k), fs, w, k, -1, mode, new Random(seed * 31 + k), out);
      tried++;
      if (r.recovered() > r.acked()) {
        keptUnacked++;
      }
    }
    System.out.println("  " + w.txns.size() + " transactions, " + total + " sync points in a clean run, "
        + tried + " crash points tried, " + keptUnacked + " kept the in-flight transaction, nothing acknowledged lost");
  }

  /**
   * With SYNC=NORMAL (OFF) a crash may lose the commits of the last second (since the last WAL
   * rotation), but the database must open and hold exactly some prefix of the transactions (no
   * corruption, nothing partial).
   */
  @org.junit.jupiter.params.ParameterizedTest
  @org.junit.jupiter.params.provider.ValueSource(strings = {"NORMAL", "OFF"})
  void weakSyncCrashKeepsAPrefixAndOpens(String mode) throws Exception {
    sync.set(mode);
    try {
      long seed = seed();
      System.out.println("SqlCrashTest.weakSync " + mode + " seed=" + seed);
      Random rnd = new Random(seed);
      CrashMode[] modes = CrashMode.values();
      int tried = 0;
      SqlWorkload w = new SqlWorkload(rnd, null, 40, 0);
      @SuppressWarnings("unchecked") TreeMap<Integer, SqlWorkload.Row>[] out = new TreeMap[1];
      // every sync point of the run: open, WAL rotations (the old log is synced), flushes,
      // background syncs (timing-dependent), close
      for (int k = 1; k <= 30; k++) {
        round("seed " + seed + " " + mode + " crash point " + k, tmp.resolve("weak-" + k), new FaultInjectingFileSystem(), w,
            k, -1, modes[k % modes.length], rnd, out);
        tried++;
      }
      System.out.println("  " + tried + " SYNC=" + mode + " crash points tried, every one opened to a prefix");
    } finally {
      sync.remove();
    }
  }

  @Test
  void crashBeforeRandomStatementsAcrossRounds() throws Exception {
    long seed = seed();
    System.out.println("SqlCrashTest.crashBeforeRandomStatements seed=" + seed);
    Random rnd = new Random(seed);
    CrashMode[] modes = CrashMode.values();
    int dirs = Integer.getInteger("beamdb.crash.dirs", 5);
    int tried = 0;
    for (int d = 0; d < dirs; d++) {
      Path dir = tmp.resolve("random-" + d);
      FaultInjectingFileSystem fs = new FaultInjectingFileSystem();
      @SuppressWarnings("unchecked") TreeMap<Integer, SqlWorkload.Row>[] durable = new TreeMap[1];
      int txnNo = 0;
      for (int r = 0; r < 4; r++) {
        SqlWorkload w = new SqlWorkload(rnd, durable[0], 10 + rnd.nextInt(20), txnNo);
        txnNo += w.txns.size();
        int stmts = w.txns.stream().mapToInt(t -> t.statements().size()).sum();
        CrashMode mode = modes[rnd.nextInt(modes.length)];
        boolean atSync = rnd.nextInt(3) == 0;
        Round res = round("seed " + seed + " dir " + d + " round " + r, dir, fs, w,
            atSync ? 1 + rnd.nextInt(stmts + 10) : -1, atSync ? -1 : rnd.nextInt(stmts + 1), mode, rnd, durable);
        tried++;
        System.out.println("  dir " + d + " round " + r + ": " + res);
      }
    }
    System.out.println("  " + tried + " random crash points tried, nothing acknowledged lost");
  }
}
