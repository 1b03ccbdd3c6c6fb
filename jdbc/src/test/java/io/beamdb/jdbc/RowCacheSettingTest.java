package io.beamdb.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** The {@code ROW_CACHE} URL setting: every value opens a working database; others fail with 08001. */
class RowCacheSettingTest {
  @Test
  void everyModeReadsItsOwnWrites() throws SQLException {
    for (String mode : new String[] {"OFF", "onheap", "AUTO"}) {
      try (Connection c = DriverManager.getConnection("jdbc:beam:mem:;ROW_CACHE=" + mode);
           Statement s = c.createStatement()) {
        s.execute("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(10))");
        s.execute("INSERT INTO t VALUES (1, 'a'), (2, 'b')");
        s.execute("UPDATE t SET v = 'c' WHERE id = 2");
        try (PreparedStatement p = c.prepareStatement("SELECT v FROM t WHERE id = ?")) {
          p.setInt(1, 2);
          try (ResultSet r = p.executeQuery()) {
            assertTrue(r.next(), mode);
            assertEquals("c", r.getString(1), mode);
          }
        }
      }
    }
  }

  @Test
  void unknownValueIsRejected() {
    SQLException e = assertThrows(SQLException.class, () -> DriverManager.getConnection("jdbc:beam:mem:;ROW_CACHE=maybe"));
    assertEquals("08001", e.getSQLState());
  }
}
