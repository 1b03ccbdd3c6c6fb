package io.beamdb.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Upserts in the PostgreSQL, H2 and SQLite spellings. */
class UpsertTest {
  private static List<String> rows(Connection c) throws SQLException {
    List<String> out = new ArrayList<>();
    try (ResultSet rs = c.createStatement().executeQuery("SELECT id, name, hits FROM kv ORDER BY id")) {
      while (rs.next()) {
        out.add(rs.getInt(1) + "," + rs.getString(2) + "," + rs.getString(3));
      }
    }
    return out;
  }

  private static Connection setUp() throws SQLException {
    Connection c = Db.mem();
    Db.exec(c, "CREATE TABLE kv (id INT PRIMARY KEY, name VARCHAR(20) UNIQUE, hits INT DEFAULT 0)");
    Db.exec(c, "INSERT INTO kv VALUES (1, 'a', 1), (2, 'b', 2)");
    return c;
  }

  @Test
  void postgresOnConflict() throws SQLException {
    try (Connection c = setUp()) {
      assertEquals(1, c.createStatement().executeUpdate(
          "INSERT INTO kv VALUES (1, 'x', 9), (3, 'c', 3) ON CONFLICT DO NOTHING"));
      assertEquals(List.of("1,a,1", "2,b,2", "3,c,3"), rows(c));
      // a unique-column conflict is a conflict too
      Db.exec(c, "INSERT INTO kv VALUES (4, 'a', 0) ON CONFLICT DO NOTHING");
      assertEquals(3, Db.count(c, "kv"));
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO kv (id, name, hits) VALUES (?, ?, 1) "
          + "ON CONFLICT (id) DO UPDATE SET hits = kv.hits + EXCLUDED.hits, name = excluded.name")) {
        for (int id : new int[] {2, 2, 5}) {
          ps.setInt(1, id);
          ps.setString(2, "n" + id);
          assertEquals(1, ps.executeUpdate());
        }
      }
      assertEquals(List.of("1,a,1", "2,n2,4", "3,c,3", "5,n5,1"), rows(c));
      Db.exec(c, "INSERT INTO kv VALUES (3, 'c', 1) ON CONFLICT (id) DO UPDATE SET hits = hits + 10 WHERE kv.hits > 5");
      assertEquals(List.of("1,a,1", "2,n2,4", "3,c,3", "5,n5,1"), rows(c));
      Db.exec(c, "INSERT INTO kv VALUES (3, 'c', 1) ON CONFLICT (name) DO UPDATE SET hits = hits + 10");
      assertEquals(List.of("1,a,1", "2,n2,4", "3,c,13", "5,n5,1"), rows(c));
      Db.assertState("42P10", () -> Db.exec(c, "INSERT INTO kv VALUES (9, 'z', 1) ON CONFLICT (hits) DO NOTHING"));
    }
  }

  @Test
  void h2MergeKeyAndSqliteReplace() throws SQLException {
    try (Connection c = setUp()) {
      assertEquals(2, c.createStatement().executeUpdate("MERGE INTO kv (id, name) KEY (id) VALUES (2, 'bb'), (7, 'g')"));
      assertEquals(List.of("1,a,1", "2,bb,2", "7,g,0"), rows(c));
      Db.exec(c, "MERGE INTO kv VALUES (1, 'aa', 5)");
      assertEquals(List.of("1,aa,5", "2,bb,2", "7,g,0"), rows(c));
      try (PreparedStatement ps = c.prepareStatement("MERGE INTO kv KEY (id) VALUES (?, ?, ?)")) {
        ps.setInt(1, 8);
        ps.setString(2, "h");
        ps.setInt(3, 8);
        assertEquals(1, ps.executeUpdate());
      }
      // SQLite: REPLACE deletes the old row, so unlisted columns get their defaults
      Db.exec(c, "REPLACE INTO kv (id, name) VALUES (1, 'r')");
      Db.exec(c, "INSERT OR REPLACE INTO kv VALUES (9, 'i', 9)");
      assertEquals(List.of("1,r,0", "2,bb,2", "7,g,0", "8,h,8", "9,i,9"), rows(c));
    }
  }
}
