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
}
