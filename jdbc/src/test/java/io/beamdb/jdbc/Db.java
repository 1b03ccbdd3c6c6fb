package io.beamdb.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import org.junit.jupiter.api.function.Executable;

/** Test helpers. */
final class Db {
  private Db() {
  }

  /** A fresh private in-memory database. */
  static Connection mem() throws SQLException {
    return DriverManager.getConnection("jdbc:beam:mem:");
  }

  /** A unique shared in-memory URL. */
  static String sharedUrl() {
    return "jdbc:beam:mem:t" + UUID.randomUUID().toString().replace("-", "");
  }

  static long count(Connection c, String table) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM " + table)) {
      assertTrue(rs.next());
      return rs.getLong(1);
    }
  }

  static long scalar(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      assertTrue(rs.next());
      return rs.getLong(1);
    }
  }

  static void exec(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  static SQLException fails(Executable e) {
    return assertThrows(SQLException.class, e);
  }

  static void assertState(String expected, Executable e) {
    SQLException ex = fails(e);
    assertEquals(expected, ex.getSQLState(), "SQLState of: " + ex.getMessage());
  }

  static void assertStateClass(String prefix, Executable e) {
    SQLException ex = fails(e);
    assertTrue(ex.getSQLState() != null && ex.getSQLState().startsWith(prefix),
        "expected SQLState " + prefix + "xxx, got " + ex.getSQLState() + ": " + ex.getMessage());
  }
}
