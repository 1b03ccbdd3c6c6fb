package io.beamdb.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ANALYZE, EXPLAIN and EXPLAIN ANALYZE through JDBC: one plan line per result row. */
class ExplainAnalyzeTest {
  private static String lines(ResultSet rs) throws SQLException {
    StringBuilder b = new StringBuilder();
    assertEquals(1, rs.getMetaData().getColumnCount());
    while (rs.next()) {
      b.append(rs.getString(1)).append('\n');
    }
    return b.toString();
  }

  private static void load(Connection c, int n) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TABLE orders(id INT PRIMARY KEY, status VARCHAR(10), amount INT)");
      s.execute("CREATE INDEX orders_status ON orders(status)");
    }
    c.setAutoCommit(false);
    try (PreparedStatement p = c.prepareStatement("INSERT INTO orders VALUES (?, ?, ?)")) {
      for (int i = 0; i < n; i++) {
        p.setInt(1, i);
        p.setString(2, i % 100 == 0 ? "OPEN" : "DONE"); // 1% open, 99% done
        p.setInt(3, i % 7);
        p.addBatch();
      }
      p.executeBatch();
    }
    c.commit();
    c.setAutoCommit(true);
  }

  @Test
  void explainAnalyzeShowsActualRowsPerOperator() throws SQLException {
    try (Connection c = Db.mem(); Statement s = c.createStatement()) {
      load(c, 3000);
      s.execute("ANALYZE");
      String open = lines(s.executeQuery("EXPLAIN SELECT * FROM orders WHERE status = 'OPEN'"));
      assertTrue(open.contains("IndexScan(PUBLIC.ORDERS, ORDERS_STATUS"), open);
      String done = lines(s.executeQuery("EXPLAIN SELECT * FROM orders WHERE status = 'DONE'"));
      assertTrue(done.contains("TableScan(PUBLIC.ORDERS)") && !done.contains("IndexScan"), done);
      String plan = lines(s.executeQuery(
          "EXPLAIN ANALYZE SELECT amount, COUNT(*) FROM orders WHERE status = 'DONE' GROUP BY amount"));
      Matcher root = Pattern.compile("^\\S.*actual rows=(\\d+) loops=1 time=[0-9.]+ ms").matcher(plan);
      assertTrue(root.find(), plan);
      assertEquals(7, Integer.parseInt(root.group(1)), plan);
      Matcher filter = Pattern.compile("Filter\\(.*actual rows=(\\d+) ").matcher(plan);
      assertTrue(filter.find(), plan);
      assertEquals(Db.scalar(c, "SELECT COUNT(*) FROM orders WHERE status = 'DONE'"), Long.parseLong(filter.group(1)));
      assertTrue(plan.contains("Rows returned: 7"), plan);
    }
  }

  @Test
  void preparedExplainAnalyzeBindsParameters() throws SQLException {
    try (Connection c = Db.mem(); Statement s = c.createStatement()) {
      load(c, 2000);
      s.execute("ANALYZE TABLE orders");
      try (PreparedStatement p = c.prepareStatement("EXPLAIN ANALYZE SELECT id FROM orders WHERE status = ?")) {
        p.setString(1, "OPEN");
        String open = lines(p.executeQuery());
        assertTrue(open.contains("Rows returned: 20") && open.contains("read=IndexScan ORDERS_STATUS"), open);
        p.setString(1, "DONE");
        String done = lines(p.executeQuery());
        assertTrue(done.contains("Rows returned: 1980") && done.contains("read=TableScan"), done);
      }
    }
  }

  @Test
  void analyzeOfMissingTableIs42P01() throws SQLException {
    try (Connection c = Db.mem(); Statement s = c.createStatement()) {
      assertEquals("42P01", assertThrows(SQLException.class, () -> s.execute("ANALYZE TABLE missing")).getSQLState());
    }
  }

  @Test
  void statisticsPersist(@TempDir Path dir) throws SQLException {
    String url = "jdbc:beam:file:" + dir.resolve("db");
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      load(c, 1200);
      s.execute("ANALYZE orders");
    }
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      String done = lines(s.executeQuery("EXPLAIN SELECT * FROM orders WHERE status = 'DONE'"));
      assertTrue(done.contains("TableScan(PUBLIC.ORDERS)") && done.contains("(rows=1200)"), done);
    }
  }
}
