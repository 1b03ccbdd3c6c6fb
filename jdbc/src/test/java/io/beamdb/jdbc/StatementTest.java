package io.beamdb.jdbc;

import static io.beamdb.jdbc.Db.assertState;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Statement and PreparedStatement semantics: update counts, batches, result set lifecycle. */
class StatementTest {
  private Connection c;

  @BeforeEach
  void open() throws SQLException {
    c = Db.mem();
    Db.exec(c, "CREATE TABLE t (id INTEGER PRIMARY KEY, name VARCHAR(20) NOT NULL, qty INTEGER)");
  }

  @AfterEach
  void close() throws SQLException {
    c.close();
  }

  @Test
  void exactUpdateCounts() throws SQLException {
    try (Statement s = c.createStatement()) {
      assertEquals(3, s.executeUpdate("INSERT INTO t VALUES (1, 'a', 10), (2, 'b', 20), (3, 'c', 30)"));
      assertEquals(1, s.executeUpdate("INSERT INTO t VALUES (4, 'd', 40)"));
      assertEquals(2, s.executeUpdate("UPDATE t SET qty = qty + 1 WHERE id <= 2"));
      assertEquals(0, s.executeUpdate("UPDATE t SET qty = 0 WHERE id = 99"));
      assertEquals(1, s.executeUpdate("DELETE FROM t WHERE id = 3"));
      assertEquals(0, s.executeUpdate("DELETE FROM t WHERE id = 3"));
      assertEquals(3L, s.executeLargeUpdate("UPDATE t SET name = 'x'"));
      assertFalse(s.execute("DELETE FROM t WHERE id = 4"));
      assertEquals(1, s.getUpdateCount());
      assertNull(s.getResultSet());
      assertFalse(s.getMoreResults());
      assertEquals(-1, s.getUpdateCount());
      assertEquals(2, s.executeUpdate("DELETE FROM t"));
      assertEquals(0, s.executeUpdate("CREATE TABLE other (x INTEGER)"));
    }
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO t VALUES (?, ?, ?)")) {
      ps.setInt(1, 10);
      ps.setString(2, "p");
      ps.setInt(3, 1);
      assertEquals(1, ps.executeUpdate());
    }
    try (PreparedStatement ps = c.prepareStatement("UPDATE t SET qty = ? WHERE id = ?")) {
      ps.setInt(1, 5);
      ps.setInt(2, 10);
      assertEquals(1, ps.executeUpdate());
      ps.setInt(2, 11);
      assertEquals(0, ps.executeUpdate());
    }
  }

  @Test
  void executeReturnsRowsFlag() throws SQLException {
    Db.exec(c, "INSERT INTO t VALUES (1, 'a', 10)");
    try (Statement s = c.createStatement()) {
      assertTrue(s.execute("SELECT * FROM t"));
      assertEquals(-1, s.getUpdateCount());
      ResultSet rs = s.getResultSet();
      assertNotNull(rs);
      assertSame(s, rs.getStatement());
      assertTrue(rs.next());
      assertFalse(s.getMoreResults());
      assertTrue(rs.isClosed());
      assertNull(s.getResultSet());
      assertEquals(-1, s.getUpdateCount());
    }
  }

  @Test
  void wrongExecuteMethodDoesNothing() throws SQLException {
    try (Statement s = c.createStatement()) {
      assertState("07005", () -> s.executeQuery("INSERT INTO t VALUES (1, 'a', 1)"));
      assertEquals(0, Db.count(c, "t"));
      assertState("07000", () -> s.executeUpdate("SELECT * FROM t"));
      assertState("07001", () -> s.execute("SELECT * FROM t WHERE id = ?"));
    }
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO t VALUES (1, 'a', 1)")) {
      assertState("07005", ps::executeQuery);
      assertState("07000", () -> ps.execute("SELECT 1"));
      assertState("07000", () -> ps.addBatch("SELECT 1"));
    }
    assertEquals(0, Db.count(c, "t"));
    try (PreparedStatement ps = c.prepareStatement("SELECT * FROM t")) {
      assertState("07000", ps::executeUpdate);
    }
  }

  @Test
  void parameterErrors() throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO t VALUES (?, ?, ?)")) {
      ps.setInt(1, 1);
      ps.setString(2, "a");
      assertState("07001", ps::executeUpdate);
      assertState("07009", () -> ps.setInt(0, 1));
      assertState("07009", () -> ps.setInt(4, 1));
      ps.setInt(3, 3);
      assertEquals(1, ps.executeUpdate());
      ps.clearParameters();
      assertState("07001", ps::executeUpdate);
      assertEquals("0A000", assertThrows(SQLException.class, () -> ps.setArray(1, null)).getSQLState());
    }
    assertEquals(1, Db.count(c, "t"));
  }

  @Test
  void reExecutingClosesPreviousResultSetAndCloseClosesIt() throws SQLException {
    Db.exec(c, "INSERT INTO t VALUES (1, 'a', 10), (2, 'b', 20)");
    Statement s = c.createStatement();
    ResultSet first = s.executeQuery("SELECT * FROM t");
    ResultSet second = s.executeQuery("SELECT * FROM t");
    assertTrue(first.isClosed());
    assertState("24000", first::next);
    assertTrue(second.next());
    s.close();
    assertTrue(second.isClosed());
    assertTrue(s.isClosed());
    assertState("24000", () -> s.executeQuery("SELECT 1"));
    s.close(); // idempotent

    PreparedStatement ps = c.prepareStatement("SELECT name FROM t WHERE id = ?");
    ps.setInt(1, 1);
    ResultSet a = ps.executeQuery();
    ps.setInt(1, 2);
    ResultSet b = ps.executeQuery();
    assertTrue(a.isClosed());
    assertTrue(b.next());
    assertEquals("b", b.getString(1));
    ps.close();
    assertTrue(b.isClosed());
  }

  @Test
  void closingConnectionClosesStatements() throws SQLException {
    Connection other = Db.mem();
    Statement s = other.createStatement();
    ResultSet rs = s.executeQuery("SELECT 1");
    other.close();
    assertTrue(s.isClosed());
    assertTrue(rs.isClosed());
    assertState("08003", () -> s.executeQuery("SELECT 1"));
  }

  @Test
  void maxRowsIsEnforced() throws SQLException {
    Db.exec(c, "INSERT INTO t VALUES (1, 'a', 1), (2, 'b', 2), (3, 'c', 3), (4, 'd', 4)");
    try (Statement s = c.createStatement()) {
      s.setMaxRows(2);
      assertEquals(2, s.getMaxRows());
      s.setFetchSize(100);
      assertEquals(100, s.getFetchSize());
      s.setQueryTimeout(5);
      assertEquals(5, s.getQueryTimeout());
      try (ResultSet rs = s.executeQuery("SELECT id FROM t ORDER BY id")) {
        assertTrue(rs.next());
        assertTrue(rs.next());
        assertFalse(rs.next());
      }
      s.setMaxRows(0);
      try (ResultSet rs = s.executeQuery("SELECT id FROM t")) {
        int n = 0;
        while (rs.next()) {
          n++;
        }
        assertEquals(4, n);
      }
    }
    try (PreparedStatement ps = c.prepareStatement("SELECT id FROM t WHERE id > ?")) {
      ps.setMaxRows(1);
      ps.setInt(1, 0);
      try (ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next());
        assertFalse(rs.next());
      }
    }
  }

  @Test
  void statementBatch() throws SQLException {
    try (Statement s = c.createStatement()) {
      s.addBatch("INSERT INTO t VALUES (1, 'a', 1)");
      s.addBatch("INSERT INTO t VALUES (2, 'b', 2), (3, 'c', 3)");
      s.addBatch("UPDATE t SET qty = 0");
      assertArrayEquals(new int[] {1, 2, 3}, s.executeBatch());
      assertArrayEquals(new int[0], s.executeBatch()); // cleared

      s.addBatch("INSERT INTO t VALUES (4, 'd', 4)");
      s.addBatch("INSERT INTO t VALUES (1, 'dup', 1)");
      s.addBatch("INSERT INTO t VALUES (5, 'e', 5)");
      BatchUpdateException e = assertThrows(BatchUpdateException.class, s::executeBatch);
      assertEquals("23505", e.getSQLState());
      assertArrayEquals(new int[] {1}, e.getUpdateCounts());
    }
    assertEquals(4, Db.count(c, "t"));
  }

  @Test
  void preparedBatch() throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO t VALUES (?, ?, ?)")) {
      for (int i = 1; i <= 5; i++) {
        ps.setInt(1, i);
        ps.setString(2, "n" + i);
        ps.setInt(3, i * 10);
        ps.addBatch();
      }
      assertArrayEquals(new int[] {1, 1, 1, 1, 1}, ps.executeBatch());
      ps.setInt(1, 6);
      ps.addBatch();
      ps.setInt(1, 2); // duplicate key
      ps.addBatch();
      BatchUpdateException e = assertThrows(BatchUpdateException.class, ps::executeBatch);
      assertEquals("23505", e.getSQLState());
      assertArrayEquals(new int[] {1}, e.getUpdateCounts());
      assertArrayEquals(new long[] {1}, e.getLargeUpdateCounts());
    }
    assertEquals(6, Db.count(c, "t"));
    try (PreparedStatement ps = c.prepareStatement("UPDATE t SET qty = ? WHERE id >= ?")) {
      ps.setInt(1, 0);
      ps.setInt(2, 5);
      ps.addBatch();
      ps.setInt(2, 1);
      ps.addBatch();
      assertArrayEquals(new long[] {2, 6}, ps.executeLargeBatch());
    }
  }

  @Test
  void generatedKeysFallBackToThePrimaryKeyWithoutIdentity() throws SQLException {
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO t VALUES (1, 'a', 1)",
        Statement.RETURN_GENERATED_KEYS)) {
      assertEquals(1, ps.executeUpdate());
      try (ResultSet keys = ps.getGeneratedKeys()) {
        assertTrue(keys.next());
        assertEquals(1, keys.getInt(1));
        assertFalse(keys.next());
      }
    }
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO t VALUES (2, 'b', 1)")) {
      assertEquals(1, ps.executeUpdate());
      try (ResultSet keys = ps.getGeneratedKeys()) {
        assertFalse(keys.next(), "no keys unless asked for");
      }
    }
  }

  @Test
  void preparedStatementIsReusable() throws SQLException {
    try (PreparedStatement ins = c.prepareStatement("INSERT INTO t (id, name) VALUES (?, ?)");
         PreparedStatement sel = c.prepareStatement("SELECT name FROM t WHERE id = ?")) {
      for (int i = 0; i < 50; i++) {
        ins.setInt(1, i);
        ins.setString(2, "n" + i);
        assertEquals(1, ins.executeUpdate());
      }
      for (int i = 0; i < 50; i++) {
        sel.setInt(1, i);
        try (ResultSet rs = sel.executeQuery()) {
          assertTrue(rs.next());
          assertEquals("n" + i, rs.getString("NAME"));
          assertEquals("n" + i, rs.getString("name"));
          assertFalse(rs.next());
        }
      }
    }
  }

  @Test
  void scrollInsensitiveResultSets() throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute("CREATE TABLE scroller (id INT PRIMARY KEY)");
      s.execute("INSERT INTO scroller VALUES (1), (2), (3), (4)");
    }
    try (PreparedStatement ps = c.prepareStatement("SELECT id FROM scroller WHERE id > ? ORDER BY id",
        ResultSet.TYPE_SCROLL_INSENSITIVE, ResultSet.CONCUR_READ_ONLY)) {
      assertEquals(ResultSet.TYPE_SCROLL_INSENSITIVE, ps.getResultSetType());
      ps.setInt(1, 0);
      try (ResultSet rs = ps.executeQuery()) {
        assertEquals(ResultSet.TYPE_SCROLL_INSENSITIVE, rs.getType());
        assertTrue(rs.isBeforeFirst());
        assertTrue(rs.last());
        assertEquals(4, rs.getInt(1));
        assertEquals(4, rs.getRow());
        assertTrue(rs.isLast());
        assertTrue(rs.previous());
        assertEquals(3, rs.getInt(1));
        assertTrue(rs.absolute(-4));
        assertEquals(1, rs.getInt(1));
        assertTrue(rs.isFirst());
        assertTrue(rs.relative(2));
        assertEquals(3, rs.getInt(1));
        assertFalse(rs.relative(5));
        assertTrue(rs.isAfterLast());
        assertEquals(0, rs.getRow());
        assertState("24000", () -> rs.getInt(1));
        rs.beforeFirst();
        assertTrue(rs.next());
        assertEquals(1, rs.getInt(1));
        // insensitive: a change after execution is not seen
        try (Statement s = c.createStatement()) {
          s.execute("DELETE FROM scroller WHERE id = 2");
        }
        assertTrue(rs.next());
        assertEquals(2, rs.getInt(1));
        assertFalse(rs.absolute(0));
        assertTrue(rs.isBeforeFirst());
      }
    }
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
      assertState("0A000", rs::previous); // forward-only by default
    }
  }

  @Test
  void unsupportedResultSetOptions() throws SQLException {
    assertState("0A000", () -> c.createStatement(ResultSet.TYPE_SCROLL_SENSITIVE, ResultSet.CONCUR_READ_ONLY));
    assertState("0A000", () -> c.prepareStatement("SELECT 1", ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_UPDATABLE));
    try (Statement s = c.createStatement(ResultSet.TYPE_FORWARD_ONLY, ResultSet.CONCUR_READ_ONLY,
        ResultSet.HOLD_CURSORS_OVER_COMMIT)) {
      assertEquals(ResultSet.TYPE_FORWARD_ONLY, s.getResultSetType());
    }
    assertState("0A000", () -> c.prepareCall("CALL x()"));
  }
}
