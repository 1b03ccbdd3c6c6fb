package io.beamdb.jdbc;

import static io.beamdb.jdbc.Db.assertState;
import static io.beamdb.jdbc.Db.assertStateClass;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.function.Executable;

/** SQLStates of user errors, and the connection stays usable after each one. */
class ErrorTest {
  private Connection c;

  @BeforeEach
  void open() throws SQLException {
    c = Db.mem();
    Db.exec(c, "CREATE TABLE t (id INTEGER PRIMARY KEY, name VARCHAR(20) NOT NULL, d INTEGER)");
    Db.exec(c, "INSERT INTO t VALUES (1, 'one', 0), (2, 'two', 2)");
  }

  @AfterEach
  void close() throws SQLException {
    c.close();
  }

  private void stillUsable() throws SQLException {
    assertFalse(c.isClosed());
    assertEquals(2, Db.count(c, "t"));
  }

  @Test
  void syntaxError() throws SQLException {
    assertStateClass("42", () -> Db.exec(c, "SELEC 1"));
    stillUsable();
    assertStateClass("42", () -> c.prepareStatement("SELECT FROM WHERE"));
    stillUsable();
  }

  @Test
  void unknownTableAndColumn() throws SQLException {
    assertStateClass("42", () -> Db.exec(c, "SELECT * FROM no_such_table"));
    stillUsable();
    assertStateClass("42", () -> Db.exec(c, "INSERT INTO no_such_table VALUES (1)"));
    stillUsable();
    assertStateClass("42", () -> Db.exec(c, "SELECT no_such_column FROM t"));
    stillUsable();
  }

  @Test
  void duplicateKey() throws SQLException {
    assertState("23505", () -> Db.exec(c, "INSERT INTO t VALUES (1, 'again', 0)"));
    stillUsable();
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO t VALUES (?, ?, ?)")) {
      ps.setInt(1, 2);
      ps.setString(2, "x");
      ps.setInt(3, 0);
      assertState("23505", ps::executeUpdate);
      ps.setInt(1, 3);
      assertEquals(1, ps.executeUpdate()); // same statement still works
    }
    assertEquals(3, Db.count(c, "t"));
  }

  @Test
  void multiRowInsertWithDuplicateIsAtomic() throws SQLException {
    assertState("23505", () -> Db.exec(c, "INSERT INTO t VALUES (5, 'five', 0), (1, 'dup', 0)"));
    stillUsable();
  }

  @Test
  void notNullViolation() throws SQLException {
    assertState("23502", () -> Db.exec(c, "INSERT INTO t VALUES (3, NULL, 0)"));
    stillUsable();
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO t VALUES (?, ?, ?)")) {
      ps.setInt(1, 3);
      ps.setNull(2, java.sql.Types.VARCHAR);
      ps.setInt(3, 0);
      assertState("23502", ps::executeUpdate);
    }
    assertState("23502", () -> Db.exec(c, "UPDATE t SET name = NULL WHERE id = 1"));
    stillUsable();
  }

  @Test
  void dataErrors() throws SQLException {
    assertStateClass("22", () -> Db.scalar(c, "SELECT id / d FROM t WHERE id = 1"));
    stillUsable();
    assertStateClass("22", () -> Db.scalar(c, "SELECT CAST(name AS INTEGER) FROM t WHERE id = 1"));
    stillUsable();
  }

  @Test
  void errorsInsideTransactionThenRollback() throws SQLException {
    c.setAutoCommit(false);
    Db.exec(c, "INSERT INTO t VALUES (3, 'three', 0)");
    assertState("23505", () -> Db.exec(c, "INSERT INTO t VALUES (1, 'dup', 0)"));
    c.rollback();
    c.setAutoCommit(true);
    stillUsable();
  }

  @Test
  void closedConnection() throws SQLException {
    Connection x = Db.mem();
    Statement s = x.createStatement();
    PreparedStatement ps = x.prepareStatement("SELECT 1");
    x.close();
    List<Executable> calls = List.of(x::createStatement, () -> x.prepareStatement("SELECT 1"),
        x::commit, x::rollback, () -> x.setAutoCommit(false), x::getAutoCommit, x::getMetaData,
        x::getSchema, x::getCatalog, x::getTransactionIsolation, x::getWarnings,
        () -> x.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE), x::isReadOnly,
        () -> x.nativeSQL("SELECT 1"), () -> s.executeQuery("SELECT 1"), ps::executeQuery);
    for (Executable call : calls) {
      assertState("08003", call);
    }
    assertFalse(x.isValid(0));
    assertTrue(x.isClosed());
  }

  @Test
  void errorDuringIterationLeavesConnectionUsable() throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 10 / d FROM t ORDER BY id DESC")) {
      assertTrue(rs.next()); // id 2: 10 / 2
      assertEquals(5, rs.getInt(1));
      assertStateClass("22", rs::next); // id 1: division by zero
    } catch (SQLException e) {
      assertTrue(e.getSQLState().startsWith("22"), e.getSQLState()); // engines may fail eagerly
    }
    stillUsable();
  }
}
