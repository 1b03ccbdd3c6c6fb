package io.beamdb.compat.reliability;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/**
 * The limits documented in the README's "Limits" section, enforced with clear SQLExceptions:
 * identifier length (42622), columns per table (54011), key size (54000), DDL nesting (54001),
 * query memory of one sort or hash join (53200), and deep query nesting ending in a
 * SQLException; values just inside the limits work.
 */
class LimitsTest {
  private static Connection connect() throws SQLException {
    return DriverManager.getConnection("jdbc:beam:mem:");
  }

  private static String state(Statement st, String sql) {
    return assertThrows(SQLException.class, () -> st.execute(sql), sql.length() > 80 ? sql.substring(0, 80) : sql)
        .getSQLState();
  }

  @Test
  void identifierLength() throws Exception {
    try (Connection c = connect(); Statement st = c.createStatement()) {
      String ok = "T" + "x".repeat(127);
      st.execute("CREATE TABLE " + ok + " (" + ok + " INT PRIMARY KEY)");
      st.executeUpdate("INSERT INTO " + ok + " VALUES (1)");
      try (ResultSet rs = st.executeQuery("SELECT " + ok + " FROM " + ok)) {
        assertTrue(rs.next());
      }
      String tooLong = "T" + "x".repeat(128);
      assertEquals("42622", state(st, "CREATE TABLE " + tooLong + " (id INT PRIMARY KEY)"));
      assertEquals("42622", state(st, "CREATE TABLE t2 (" + tooLong + " INT PRIMARY KEY)"));
      assertEquals("42622", state(st, "CREATE INDEX " + tooLong + " ON " + ok + "(" + ok + ")"));
      assertEquals("42622", state(st, "ALTER TABLE " + ok + " ADD COLUMN " + tooLong + " INT"));
      assertNotNull(state(st, "SELECT 1 AS " + tooLong + " FROM " + ok));
    }
  }

  @Test
  void columnsPerTable() throws Exception {
    try (Connection c = connect(); Statement st = c.createStatement()) {
      StringBuilder ok = new StringBuilder("CREATE TABLE wide (id INT PRIMARY KEY");
      for (int i = 1; i < 2000; i++) {
        ok.append(", c").append(i).append(" INT");
      }
      st.execute(ok.append(')').toString());
      st.executeUpdate("INSERT INTO wide (id, c1999) VALUES (1, 7)");
      try (ResultSet rs = st.executeQuery("SELECT c1999 FROM wide")) {
        assertTrue(rs.next());
        assertEquals(7, rs.getInt(1));
      }
      StringBuilder tooMany = new StringBuilder("CREATE TABLE wider (id INT PRIMARY KEY");
      for (int i = 1; i <= 2000; i++) {
        tooMany.append(", c").append(i).append(" INT");
      }
      assertEquals("54011", state(st, tooMany.append(')').toString()));
    }
  }

  @Test
  void keyAndRowSize() throws Exception {
    try (Connection c = connect(); Statement st = c.createStatement()) {
      st.execute("CREATE TABLE k (id VARCHAR(200000) PRIMARY KEY, v VARCHAR(200000), doc CLOB, bin BLOB)");
      st.execute("CREATE INDEX k_v ON k(v)");
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO k (id, v, doc, bin) VALUES (?, ?, ?, ?)")) {
        ps.setString(1, "a".repeat(60_000)); // inside the 64 KiB key limit
        ps.setString(2, "short");
        ps.setString(3, "d".repeat(5_000_000)); // a 5 MB CLOB lives in the row, not in a key
        ps.setBytes(4, new byte[3_000_000]);
        assertEquals(1, ps.executeUpdate());
        ps.setString(1, "b".repeat(70_000));
        ps.setString(2, "x");
        assertEquals("54000", assertThrows(SQLException.class, ps::executeUpdate).getSQLState(), "primary key too long");
        ps.setString(1, "c");
        ps.setString(2, "v".repeat(70_000));
        assertEquals("54000", assertThrows(SQLException.class, ps::executeUpdate).getSQLState(), "indexed value too long");
      }
      try (ResultSet rs = st.executeQuery("SELECT LENGTH(doc), bin FROM k")) {
        assertTrue(rs.next());
        assertEquals(5_000_000, rs.getInt(1));
        assertArrayEquals(new byte[3_000_000], rs.getBytes(2));
        assertTrue(!rs.next(), "the rejected rows were not written");
      }
    }
  }

  @Test
  void queryMemory() throws Exception {
    try (Connection c = connect(); Statement st = c.createStatement()) {
      st.execute("CREATE TABLE big (id INT PRIMARY KEY, v VARCHAR(100))");
      for (int b = 0; b < 20; b++) {
        StringBuilder sb = new StringBuilder("INSERT INTO big VALUES ");
        for (int i = 0; i < 1000; i++) {
          int id = b * 1000 + i;
          sb.append(i == 0 ? "" : ", ").append('(').append(id).append(", '").append("v".repeat(50)).append(id).append("')");
        }
        st.executeUpdate(sb.toString());
      }
      String sort = "SELECT id FROM big ORDER BY v DESC";
      System.setProperty("beamdb.maxQueryMemory", Integer.toString(1 << 20));
      try {
        SQLException e = assertThrows(SQLException.class, () -> {
          try (ResultSet rs = st.executeQuery(sort)) {
            rs.next();
          }
        });
        assertEquals("53200", e.getSQLState(), e.toString());
        SQLException join = assertThrows(SQLException.class, () -> {
          try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM big a JOIN big b ON a.v = b.v")) {
            rs.next();
          }
        });
        assertEquals("53200", join.getSQLState(), join.toString());
      } finally {
        System.clearProperty("beamdb.maxQueryMemory");
      }
      try (ResultSet rs = st.executeQuery(sort)) {
        assertTrue(rs.next());
        assertEquals(9_999, rs.getInt(1), "the same sort works within the default budget"); // "v...9999" sorts last
      }
    }
  }

  @Test
  void nestingDepth() throws Exception {
    try (Connection c = connect(); Statement st = c.createStatement()) {
      st.execute("CREATE TABLE n (a INT PRIMARY KEY, b INT DEFAULT " + "(".repeat(99) + "1" + ")".repeat(99) + ")"); // 100 levels with the column list
      assertEquals("54001", state(st, "CREATE TABLE n2 (a INT PRIMARY KEY, b INT DEFAULT "
          + "(".repeat(100) + "1" + ")".repeat(100) + ")"));
      try (ResultSet rs = st.executeQuery("SELECT " + "(".repeat(200) + "a + 1" + ")".repeat(200) + " FROM n")) {
        assertTrue(!rs.next());
      }
      String deep = state(st, "SELECT " + "(".repeat(100_000) + "1" + ")".repeat(100_000) + " FROM n");
      System.out.println("LimitsTest: a query nested 100,000 deep fails with SQLState " + deep);
    }
  }
}
