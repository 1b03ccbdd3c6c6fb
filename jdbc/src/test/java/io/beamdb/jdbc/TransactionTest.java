package io.beamdb.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** autocommit, commit, rollback, isolation between connections, rollback on close. */
class TransactionTest {
  private static String setup() throws SQLException {
    return Db.sharedUrl();
  }

  @Test
  void rollbackUndoesInsertUpdateDelete() throws SQLException {
    try (Connection c = Db.mem()) {
      Db.exec(c, "CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER)");
      Db.exec(c, "INSERT INTO t VALUES (1, 10), (2, 20)");
      assertTrue(c.getAutoCommit());
      c.setAutoCommit(false);
      Db.exec(c, "INSERT INTO t VALUES (3, 30)");
      Db.exec(c, "UPDATE t SET v = 99 WHERE id = 1");
      Db.exec(c, "DELETE FROM t WHERE id = 2");
      assertEquals(2, Db.count(c, "t")); // own writes visible
      assertEquals(99, Db.scalar(c, "SELECT v FROM t WHERE id = 1"));
      c.rollback();
      assertEquals(2, Db.count(c, "t"));
      assertEquals(10, Db.scalar(c, "SELECT v FROM t WHERE id = 1"));
      assertEquals(20, Db.scalar(c, "SELECT v FROM t WHERE id = 2"));
      assertEquals(0, Db.scalar(c, "SELECT COUNT(*) FROM t WHERE id = 3"));
    }
  }

  @Test
  void commitPersistsAndUncommittedIsInvisible() throws SQLException {
    String url = setup();
    try (Connection a = DriverManager.getConnection(url); Connection b = DriverManager.getConnection(url)) {
      Db.exec(a, "CREATE TABLE t (id INTEGER PRIMARY KEY, v INTEGER)");
      Db.exec(a, "INSERT INTO t VALUES (1, 10)");
      a.setAutoCommit(false);
      Db.exec(a, "INSERT INTO t VALUES (2, 20)");
      Db.exec(a, "UPDATE t SET v = 11 WHERE id = 1");
      assertEquals(1, Db.count(b, "t"));
      assertEquals(10, Db.scalar(b, "SELECT v FROM t WHERE id = 1"));
      a.commit();
      assertEquals(2, Db.count(b, "t"));
      assertEquals(11, Db.scalar(b, "SELECT v FROM t WHERE id = 1"));
      // the next transaction starts implicitly
      Db.exec(a, "DELETE FROM t WHERE id = 2");
      assertEquals(2, Db.count(b, "t"));
      a.rollback();
      assertEquals(2, Db.count(a, "t"));
    }
  }

  @Test
  void setAutoCommitTrueCommits() throws SQLException {
    String url = setup();
    try (Connection a = DriverManager.getConnection(url); Connection b = DriverManager.getConnection(url)) {
      Db.exec(a, "CREATE TABLE t (id INTEGER PRIMARY KEY)");
      a.setAutoCommit(false);
      Db.exec(a, "INSERT INTO t VALUES (1)");
      assertEquals(0, Db.count(b, "t"));
      a.setAutoCommit(true);
      assertEquals(1, Db.count(b, "t"));
    }
  }

  @Test
  void closeRollsBackOpenTransaction() throws SQLException {
    String url = setup();
    try (Connection keeper = DriverManager.getConnection(url)) {
      Db.exec(keeper, "CREATE TABLE t (id INTEGER PRIMARY KEY)");
      Connection a = DriverManager.getConnection(url);
      a.setAutoCommit(false);
      Db.exec(a, "INSERT INTO t VALUES (1)");
      a.close();
      a.close(); // idempotent
      assertTrue(a.isClosed());
      assertEquals(0, Db.count(keeper, "t"));
      Db.exec(keeper, "INSERT INTO t VALUES (1)"); // no lock left behind
      assertEquals(1, Db.count(keeper, "t"));
    }
  }

  @Test
  void commitAndRollbackInAutocommitAreLenient() throws SQLException {
    try (Connection c = Db.mem()) {
      c.commit();
      c.rollback();
      assertTrue(c.getAutoCommit());
    }
  }

  @Test
  void isolationLevelsAreAcceptedAndRemembered() throws SQLException {
    try (Connection c = Db.mem()) {
      assertEquals(Connection.TRANSACTION_READ_COMMITTED, c.getTransactionIsolation());
      c.setAutoCommit(false);
      c.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
      assertEquals(Connection.TRANSACTION_SERIALIZABLE, c.getTransactionIsolation());
      c.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      assertEquals(Connection.TRANSACTION_REPEATABLE_READ, c.getTransactionIsolation());
      Db.assertState("HY000", () -> c.setTransactionIsolation(Connection.TRANSACTION_NONE));
      c.setReadOnly(true);
      assertTrue(c.isReadOnly());
      c.setReadOnly(false);
      assertFalse(c.isReadOnly());
    }
  }

  private static int value(Connection c, String sql) throws SQLException {
    try (java.sql.ResultSet rs = c.createStatement().executeQuery(sql)) {
      assertTrue(rs.next());
      return rs.getInt(1);
    }
  }

  @Test
  void repeatableReadKeepsItsSnapshotReadCommittedDoesNot() throws SQLException {
    String url = "jdbc:beam:mem:iso" + System.nanoTime();
    try (Connection keep = DriverManager.getConnection(url);
         Connection rr = DriverManager.getConnection(url);
         Connection rc = DriverManager.getConnection(url);
         Connection writer = DriverManager.getConnection(url)) {
      Db.exec(keep, "CREATE TABLE acc (id INT PRIMARY KEY, bal INT)");
      Db.exec(keep, "INSERT INTO acc VALUES (1, 100)");
      rr.setAutoCommit(false);
      rr.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      rc.setAutoCommit(false);
      assertEquals(100, value(rr, "SELECT bal FROM acc WHERE id = 1"));
      assertEquals(100, value(rc, "SELECT bal FROM acc WHERE id = 1"));
      Db.exec(writer, "UPDATE acc SET bal = 200 WHERE id = 1");
      assertEquals(100, value(rr, "SELECT bal FROM acc WHERE id = 1"), "snapshot isolation");
      assertEquals(200, value(rc, "SELECT bal FROM acc WHERE id = 1"), "read committed sees the new commit");
      // first updater wins: RR may not overwrite a row changed since its snapshot
      Db.assertState("40001", () -> Db.exec(rr, "UPDATE acc SET bal = bal + 1 WHERE id = 1"));
      rr.rollback();
      rc.commit();
      assertEquals(200, value(keep, "SELECT bal FROM acc WHERE id = 1"));
    }
  }

  @Test
  void serializablePreventsWriteSkewWhileRepeatableReadAllowsIt() throws Exception {
    assertEquals("40001", writeSkew(Connection.TRANSACTION_SERIALIZABLE));
    assertEquals("none", writeSkew(Connection.TRANSACTION_REPEATABLE_READ));
  }

  /** Two doctors both go off call after checking that another one is on call; returns the SQLState of the loser. */
  private static String writeSkew(int level) throws Exception {
    String url = "jdbc:beam:mem:skew" + System.nanoTime();
    java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newSingleThreadExecutor();
    try (Connection keep = DriverManager.getConnection(url);
         Connection t1 = DriverManager.getConnection(url);
         Connection t2 = DriverManager.getConnection(url)) {
      Db.exec(keep, "CREATE TABLE oncall (doctor INT PRIMARY KEY, on_call BOOLEAN)");
      Db.exec(keep, "INSERT INTO oncall VALUES (1, TRUE), (2, TRUE)");
      for (Connection c : new Connection[] {t1, t2}) {
        c.setAutoCommit(false);
        c.setTransactionIsolation(level);
      }
      assertEquals(2, value(t1, "SELECT COUNT(*) FROM oncall WHERE on_call"));
      assertEquals(2, value(t2, "SELECT COUNT(*) FROM oncall WHERE on_call"));
      Db.exec(t1, "UPDATE oncall SET on_call = FALSE WHERE doctor = 1");
      // t2 writes in another thread: it may have to wait for t1's write lock
      java.util.concurrent.Future<?> f = pool.submit(() -> {
        Db.exec(t2, "UPDATE oncall SET on_call = FALSE WHERE doctor = 2");
        return null;
      });
      t1.commit();
      String state = "none";
      try {
        f.get();
        t2.commit();
      } catch (java.util.concurrent.ExecutionException e) {
        state = ((SQLException) e.getCause()).getSQLState();
      } catch (SQLException e) {
        state = e.getSQLState();
      }
      int onCall = value(keep, "SELECT COUNT(*) FROM oncall WHERE on_call");
      if (state.equals("none")) {
        assertEquals(0, onCall, "write skew happened");
      } else {
        assertEquals(1, onCall);
      }
      return state;
    } finally {
      pool.shutdownNow();
    }
  }

  @Test
  void setTransactionIsolationStatement() throws SQLException {
    try (Connection c = Db.mem()) {
      Db.exec(c, "SET TRANSACTION ISOLATION LEVEL SERIALIZABLE");
      assertEquals(Connection.TRANSACTION_SERIALIZABLE, c.getTransactionIsolation());
      Db.exec(c, "SET SESSION CHARACTERISTICS AS TRANSACTION ISOLATION LEVEL READ COMMITTED");
      assertEquals(Connection.TRANSACTION_READ_COMMITTED, c.getTransactionIsolation());
      Db.assertState("0A000", () -> Db.exec(c, "SET FOO = 1"));
    }
  }

  @Test
  void writersOfDifferentRowsDoNotBlockAndDdlWaitsForOpenWriters() throws Exception {
    String url = "jdbc:beam:mem:rows" + System.nanoTime() + ";LOCK_TIMEOUT=500";
    try (Connection keep = DriverManager.getConnection(url);
         Connection a = DriverManager.getConnection(url);
         Connection b = DriverManager.getConnection(url)) {
      Db.exec(keep, "CREATE TABLE r (id INT PRIMARY KEY, v INT)");
      Db.exec(keep, "INSERT INTO r VALUES (1, 0), (2, 0)");
      a.setAutoCommit(false);
      b.setAutoCommit(false);
      Db.exec(a, "UPDATE r SET v = 1 WHERE id = 1");
      Db.exec(b, "UPDATE r SET v = 2 WHERE id = 2"); // a different row: no wait
      // the same row: b waits for a's row lock, then times out (HY000) and its transaction goes on
      Db.assertState("HY000", () -> Db.exec(b, "UPDATE r SET v = 3 WHERE id = 1"));
      // DDL on r waits for the open writers, then gives up with HY000 naming the table
      Db.assertState("HY000", () -> Db.exec(keep, "CREATE INDEX r_v ON r(v)"));
      a.commit();
      b.commit();
      Db.exec(keep, "CREATE INDEX r_v ON r(v)");
      assertEquals(1, value(keep, "SELECT id FROM r WHERE v = 1"));
      assertEquals(2, value(keep, "SELECT id FROM r WHERE v = 2"));
    }
  }
}
