package io.beamdb.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** Syntax BeamDB accepts from H2/SQLite beyond Calcite's: empty IN lists, repeated SET columns, REINDEX. */
class LenientSyntaxTest {
  @Test
  void emptyInListIsFalseAndNotInTrueEvenForNull() throws SQLException {
    try (Connection c = Db.mem()) {
      Db.exec(c, "CREATE TABLE t (x INT)");
      Db.exec(c, "INSERT INTO t VALUES (1), (NULL)");
      assertEquals(0, Db.scalar(c, "SELECT COUNT(*) FROM t WHERE x IN ()"));
      assertEquals(2, Db.scalar(c, "SELECT COUNT(*) FROM t WHERE x NOT IN ( )"));
      assertEquals(0, Db.scalar(c, "SELECT COUNT(*) FROM t WHERE NULL IN ()"));
      assertEquals(2, Db.scalar(c, "SELECT COUNT(*) FROM t WHERE 'a' NOT IN ()"));
      assertEquals(1, Db.scalar(c, "SELECT COUNT(*) FROM t WHERE x IN (1) AND 'in ()' = 'in ()'"));
      try (java.sql.PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM t WHERE x NOT IN () AND x = ?")) {
        ps.setInt(1, 1);
        try (java.sql.ResultSet rs = ps.executeQuery()) {
          rs.next();
          assertEquals(1, rs.getLong(1));
        }
      }
    }
  }

  @Test
  void repeatedUpdateAssignmentKeepsTheLast() throws SQLException {
    try (Connection c = Db.mem()) {
      Db.exec(c, "CREATE TABLE t (id INT PRIMARY KEY, x INT, y INT)");
      Db.exec(c, "INSERT INTO t VALUES (1, 0, 0), (2, 0, 0)");
      assertEquals(2, c.createStatement().executeUpdate("UPDATE t SET x = 3, y = 1, x = 4, x = 5"));
      assertEquals(10, Db.scalar(c, "SELECT SUM(x) FROM t"));
      assertEquals(2, Db.scalar(c, "SELECT SUM(y) FROM t"));
      Db.exec(c, "UPDATE t SET x = 7, x = x + 1 WHERE id = 1"); // right-hand sides see the old row
      assertEquals(6, Db.scalar(c, "SELECT x FROM t WHERE id = 1"));
    }
  }

  @Test
  void ungroupedColumnsThatAreNeverEvaluatedAreAcceptedAsInH2() throws SQLException {
    try (Connection c = Db.mem()) {
      Db.exec(c, "CREATE TABLE t (a INT, b INT)");
      Db.exec(c, "INSERT INTO t VALUES (1, 10), (1, 11), (2, 20)");
      assertEquals(-86, Db.scalar(c, "SELECT COALESCE(-86, b, a) FROM t GROUP BY a ORDER BY 1 LIMIT 1"));
      assertEquals(2, Db.scalar(c, "SELECT COUNT(*) FROM (SELECT CASE 8 WHEN 76 THEN b * 8 ELSE a END AS x FROM t GROUP BY a) s"));
      assertEquals(2, Db.scalar(c, "SELECT MAX(x) FROM (SELECT CASE WHEN 1 = 1 THEN a ELSE b END AS x FROM t GROUP BY a) s"));
      // an ungrouped column that is evaluated is still an error
      Db.assertStateClass("42", () -> Db.scalar(c, "SELECT COALESCE(b, 1) FROM t GROUP BY a"));
      Db.assertStateClass("42", () -> Db.scalar(c, "SELECT CASE a WHEN 1 THEN b END FROM t GROUP BY a"));
      // found by beam fuzz: the rewrite leaves aggregate arguments, grouped columns and GROUP BY
      // ordinals alone (these are valid queries the rewrite once broke with 42000)
      assertEquals(11, Db.scalar(c, "SELECT MIN(COALESCE(1, a) + b) FROM t GROUP BY b ORDER BY 1 LIMIT 1"));
      assertEquals(1, Db.scalar(c, "SELECT MIN(CASE WHEN 1 = 1 THEN a ELSE b END) FROM t GROUP BY b ORDER BY 1 LIMIT 1"));
      assertEquals(1, Db.scalar(c, "SELECT COUNT(*) FROM (SELECT COALESCE(7, a) AS k FROM t GROUP BY 1) s"));
      assertEquals(2, Db.scalar(c, "SELECT COUNT(*) FROM (SELECT COALESCE(7, a) FROM t GROUP BY a) s"));
    }
  }

  @Test
  void distinctOverANullableUniqueColumnKeepsOneNullAfterAnalyze() throws SQLException {
    // found by beam fuzz: with statistics the table told Calcite that a UNIQUE column was a key,
    // and Calcite dropped the DISTINCT although UNIQUE admits many NULLs
    try (Connection c = Db.mem()) {
      Db.exec(c, "CREATE TABLE u (id INT PRIMARY KEY, d DATE UNIQUE)");
      Db.exec(c, "INSERT INTO u VALUES (1, NULL), (2, NULL), (3, DATE '2020-02-29')");
      Db.exec(c, "ANALYZE");
      assertEquals(2, Db.scalar(c, "SELECT COUNT(*) FROM (SELECT DISTINCT d FROM u) s"));
      assertEquals(2, Db.scalar(c, "SELECT COUNT(*) FROM (SELECT d FROM u GROUP BY d) s"));
    }
  }

  @Test
  void reindexRebuildsIndexesAndReportsUnknownNames() throws SQLException {
    try (Connection c = Db.mem()) {
      Db.exec(c, "CREATE TABLE t (id INT PRIMARY KEY, x INT, s VARCHAR(10))");
      Db.exec(c, "CREATE INDEX tx ON t (x)");
      Db.exec(c, "CREATE UNIQUE INDEX ts ON t (s)");
      Db.exec(c, "INSERT INTO t VALUES (1, 10, 'a'), (2, 20, 'b'), (3, 10, 'c')");
      Db.exec(c, "REINDEX tx");
      Db.exec(c, "REINDEX t");
      Db.exec(c, "REINDEX INDEX ts");
      Db.exec(c, "REINDEX TABLE public.t");
      Db.exec(c, "REINDEX");
      Db.exec(c, "REINDEX NOCASE");
      assertEquals(2, Db.scalar(c, "SELECT COUNT(*) FROM t WHERE x = 10"));
      assertEquals(2, Db.scalar(c, "SELECT id FROM t WHERE s = 'b'"));
      Db.assertState("42704", () -> Db.exec(c, "REINDEX nope"));
      Db.assertState("42000", () -> Db.exec(c, "REINDEX a b"));
    }
  }
}
