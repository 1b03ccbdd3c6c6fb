package io.beamdb.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** WITH RECURSIVE: counting, tree walks, UNION ending cycles. */
class RecursiveCteTest {
  @Test
  void recursiveQueries() throws SQLException {
    try (Connection c = Db.mem()) {
      assertEquals(55, Db.scalar(c,
          "WITH RECURSIVE r(n) AS (SELECT 1 UNION ALL SELECT n + 1 FROM r WHERE n < 10) SELECT SUM(n) FROM r"));
      Db.exec(c, "CREATE TABLE emp (id INT PRIMARY KEY, boss INT, name VARCHAR(10))");
      Db.exec(c, "INSERT INTO emp VALUES (1, NULL, 'ceo'), (2, 1, 'cto'), (3, 2, 'dev'), (4, 2, 'ops'), (5, 1, 'cfo')");
      List<String> chain = new ArrayList<>();
      try (ResultSet rs = c.createStatement().executeQuery(
          "WITH RECURSIVE sub(id, name, depth) AS (SELECT id, name, 0 FROM emp WHERE id = 2 "
              + "UNION ALL SELECT e.id, e.name, s.depth + 1 FROM emp e JOIN sub s ON e.boss = s.id) "
              + "SELECT name, depth FROM sub ORDER BY depth, name")) {
        while (rs.next()) {
          chain.add(rs.getString(1) + ":" + rs.getInt(2));
        }
      }
      assertEquals(List.of("cto:0", "dev:1", "ops:1"), chain);
      // a cycle: UNION (not ALL) stops when no new rows appear
      Db.exec(c, "CREATE TABLE edge (a INT, b INT)");
      Db.exec(c, "INSERT INTO edge VALUES (1, 2), (2, 3), (3, 1)");
      assertEquals(3, Db.scalar(c, "WITH RECURSIVE reach(n) AS (SELECT 1 UNION SELECT e.b FROM edge e JOIN reach r "
          + "ON e.a = r.n) SELECT COUNT(*) FROM reach"));
    }
  }
}
