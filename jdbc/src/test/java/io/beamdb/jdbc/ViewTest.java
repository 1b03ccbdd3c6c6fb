package io.beamdb.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CREATE/DROP VIEW: views read current data, survive reopen and show up in metadata. */
class ViewTest {
  @TempDir
  Path dir;

  @Test
  void viewsExpandOverCurrentDataAndPersist() throws SQLException {
    String url = "jdbc:beam:file:" + dir.resolve("db");
    try (Connection c = DriverManager.getConnection(url)) {
      Db.exec(c, "CREATE TABLE emp (id INT PRIMARY KEY, dept VARCHAR(10), salary INT)");
      Db.exec(c, "INSERT INTO emp VALUES (1, 'eng', 100), (2, 'eng', 200), (3, 'ops', 50)");
      Db.exec(c, "CREATE VIEW dept_pay (dept, total) AS SELECT dept, SUM(salary) FROM emp GROUP BY dept");
      Db.exec(c, "INSERT INTO emp VALUES (4, 'ops', 25)");
      try (ResultSet rs = c.createStatement().executeQuery("SELECT total FROM dept_pay WHERE dept = 'ops'")) {
        assertTrue(rs.next());
        assertEquals(75, rs.getLong(1));
      }
      Db.assertState("42P07", () -> Db.exec(c, "CREATE TABLE dept_pay (x INT)"));
      Db.assertStateClass("42", () -> Db.exec(c, "CREATE VIEW broken AS SELECT nope FROM emp"));
    }
    try (Connection c = DriverManager.getConnection(url)) {
      try (ResultSet rs = c.getMetaData().getTables(null, null, "DEPT_PAY", new String[] {"VIEW"})) {
        assertTrue(rs.next());
        assertEquals("VIEW", rs.getString("TABLE_TYPE"));
      }
      try (ResultSet rs = c.getMetaData().getTables(null, null, "DEPT_PAY", new String[] {"TABLE"})) {
        assertFalse(rs.next());
      }
      assertEquals(2, Db.count(c, "dept_pay"));
      Db.exec(c, "DROP VIEW dept_pay");
      Db.exec(c, "DROP VIEW IF EXISTS dept_pay");
      Db.assertState("42P01", () -> Db.count(c, "dept_pay"));
    }
  }
}
