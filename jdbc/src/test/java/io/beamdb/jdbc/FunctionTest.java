package io.beamdb.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * String, math, date/time and conditional functions under their H2/PostgreSQL names, DATE plus
 * or minus integer days and intervals, and {@code FROM DUAL}. Expected values are H2 2.x's.
 */
class FunctionTest {
  /** The first row of {@code sql}, each column as {@code getString} returns it. */
  private static List<String> row(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      assertTrue(rs.next(), "a row from " + sql);
      List<String> out = new ArrayList<>();
      for (int i = 1; i <= rs.getMetaData().getColumnCount(); i++) {
        out.add(rs.getString(i));
      }
      assertFalse(rs.next(), "one row from " + sql);
      return out;
    }
  }

  private static String one(Connection c, String sql) throws SQLException {
    return row(c, sql).get(0);
  }

  @Test
  void stringFunctions() throws SQLException {
    try (Connection c = Db.mem()) {
      assertEquals(List.of("xxxab", "ab   ", "abc", ""),
          row(c, "SELECT LPAD('ab', 5, 'xy'), RPAD('ab', 5), LPAD('abcdef', 3), LPAD('ab', -1)"));
      assertEquals(List.of("ab", "", "abc"), row(c, "SELECT LEFT('abc', 2), LEFT('abc', -1), RIGHT('abc', 5)"));
      assertEquals(List.of("3", "4", "4", "3", "4", "4", "0", "3"),
          row(c, "SELECT INSTR('hello', 'l'), INSTR('hello', 'l', 4), INSTR('hello', 'l', -1), LOCATE('l', 'hello'),"
              + " LOCATE('l', 'hello', 4), LOCATE('l', 'hello', -1), LOCATE('z', 'hello'), STRPOS('hello', 'l')"));
      assertEquals(List.of("ababab", "", "cba", "Hello World", "   x"),
          row(c, "SELECT REPEAT('ab', 3), REPEAT('ab', 0), REVERSE('abc'), INITCAP('hello wORLD'), SPACE(3) || 'x'"));
      assertEquals(List.of("a12.5TRUE2024-03-05", "12", "", "a-b"),
          row(c, "SELECT CONCAT('a', 1, NULL, 2.5, TRUE, DATE '2024-03-05'), CONCAT(1, 2), CONCAT(NULL, NULL),"
              + " CONCAT_WS('-', 'a', NULL, 'b')"));
      assertEquals(List.of("llo", "ell", "65", "C"), row(c, "SELECT SUBSTR('hello', -3), SUBSTR('hello', 2, 3), ASCII('A'), CHR(67)"));
    }
  }

  @Test
  void mathFunctions() throws SQLException {
    try (Connection c = Db.mem()) {
      try (ResultSet rs = c.createStatement().executeQuery(
          "SELECT TRUNC(12.345, 1), TRUNC(-12.345), TRUNCATE(12.345, 2), LOG(2, 8), LOG(100), RAND()")) {
        assertTrue(rs.next());
        assertEquals(0, new java.math.BigDecimal("12.3").compareTo(rs.getBigDecimal(1)));
        assertEquals(0, new java.math.BigDecimal("-12").compareTo(rs.getBigDecimal(2)));
        assertEquals(0, new java.math.BigDecimal("12.34").compareTo(rs.getBigDecimal(3)));
        assertEquals(3.0, rs.getDouble(4), 1e-12);
        assertEquals(Math.log(100), rs.getDouble(5), 1e-12);
        double r = rs.getDouble(6);
        assertTrue(r >= 0 && r < 1, "RAND() in [0, 1): " + r);
      }
    }
  }

  @Test
  void conditionalFunctions() throws SQLException {
    try (Connection c = Db.mem()) {
      Db.exec(c, "CREATE TABLE t (id INT PRIMARY KEY, s VARCHAR(10), n INT)");
      Db.exec(c, "INSERT INTO t VALUES (1, 'a', 10), (2, NULL, NULL)");
      assertEquals(List.of("a", "10", "10", "one", "yes"),
          row(c, "SELECT IFNULL(s, '-'), NVL(n, 0), COALESCE(n, 0), DECODE(id, 1, 'one', 2, 'two', 'other'),"
              + " NVL2(s, 'yes', 'no') FROM t WHERE id = 1"));
      assertEquals(List.of("-", "0", "0", "two", "no"),
          row(c, "SELECT IFNULL(s, '-'), NVL(n, 0), COALESCE(n, 0), DECODE(id, 1, 'one', 2, 'two', 'other'),"
              + " NVL2(s, 'yes', 'no') FROM t WHERE id = 2"));
      assertEquals("n", one(c, "SELECT DECODE(n, NULL, 'n', 'x') FROM t WHERE id = 2"));
      assertNull(one(c, "SELECT DECODE(3, 1, 'x')"));
    }
  }

  @Test
  void dateTimeFunctions() throws SQLException {
    try (Connection c = Db.mem()) {
      assertEquals(List.of("2024", "3", "5", "3", "13", "14", "15", "5"),
          row(c, "SELECT YEAR(DATE '2024-03-05'), MONTH(DATE '2024-03-05'), DAY(DATE '2024-03-05'),"
              + " DAYOFWEEK(DATE '2024-03-05'), HOUR(TIMESTAMP '2024-03-05 13:14:15'),"
              + " MINUTE(TIMESTAMP '2024-03-05 13:14:15'), SECOND(TIMESTAMP '2024-03-05 13:14:15'),"
              + " DAYOFMONTH(DATE '2024-03-05')"));
      try (ResultSet rs = c.createStatement().executeQuery("SELECT YEAR(DATE '2024-03-05'), WEEK(DATE '2023-12-31')")) {
        assertTrue(rs.next());
        assertEquals(Integer.valueOf(2024), rs.getObject(1), "YEAR() is INTEGER, as in H2");
        assertEquals(1, rs.getInt(2), "WEEK counts from Sunday; the week holding January 1st is week 1");
      }
      assertEquals(List.of("2024-03-08", "2024-03-08", "2024-02-29 10:00:00", "2024-01-01 01:00:00", "2024-01-01 00:05:00"),
          row(c, "SELECT DATEADD('DAY', 3, DATE '2024-03-05'), DATEADD(DAY, 3, DATE '2024-03-05'),"
              + " DATEADD('MONTH', 1, TIMESTAMP '2024-01-31 10:00:00'), DATEADD('HOUR', 1, DATE '2024-01-01'),"
              + " TIMESTAMPADD(MINUTE, 5, TIMESTAMP '2024-01-01 00:00:00')"));
      // H2 counts unit boundaries crossed
      assertEquals(List.of("31", "1", "1", "1", "-5", "2"),
          row(c, "SELECT DATEDIFF('DAY', DATE '2024-03-05', DATE '2024-04-05'),"
              + " DATEDIFF('YEAR', DATE '2024-12-31', DATE '2025-01-01'), DATEDIFF(MONTH, DATE '2024-01-31', DATE '2024-02-01'),"
              + " DATEDIFF('HOUR', TIMESTAMP '2024-01-01 10:59:00', TIMESTAMP '2024-01-01 11:00:00'),"
              + " DATEDIFF('DAY', DATE '2024-01-06', DATE '2024-01-01'), TIMESTAMPDIFF(DAY, DATE '2024-01-01', DATE '2024-01-03')"));
      assertEquals(List.of("2024-03-05", "05.03.2024 13:04:05.123 PM Mar MARCH     TUE Tuesday   1 65", "2024-03-05 13:04"),
          row(c, "SELECT TO_CHAR(DATE '2024-03-05', 'YYYY-MM-DD'),"
              + " TO_CHAR(TIMESTAMP '2024-03-05 13:04:05.123', 'DD.MM.YYYY HH24:MI:SS.FF3 AM Mon MONTH DY Day Q DDD'),"
              + " FORMATDATETIME(TIMESTAMP '2024-03-05 13:04:05', 'yyyy-MM-dd HH:mm')"));
      assertEquals(List.of("  12.50", "12.5", "-3.00", " 1,234,567", "    .50", "####"),
          row(c, "SELECT TO_CHAR(12.5, '999.99'), TO_CHAR(12.5), TO_CHAR(-3, 'FM990.00'), TO_CHAR(1234567, '9,999,999'),"
              + " TO_CHAR(0.5, '999.99'), TO_CHAR(12345, '999')"));
      assertEquals(List.of("2024-03-05 10:11:00", "2024-03-01 00:00:00", "2024-03-05 00:00:00", "Sunday", "March"),
          row(c, "SELECT PARSEDATETIME('2024-03-05 10:11', 'yyyy-MM-dd HH:mm'),"
              + " DATE_TRUNC('MONTH', TIMESTAMP '2024-03-05 10:00:00'), TRUNC(TIMESTAMP '2024-03-05 13:04:05'),"
              + " DAYNAME(DATE '2024-03-03'), MONTHNAME(DATE '2024-03-03')"));
      try (ResultSet rs = c.createStatement().executeQuery("SELECT NOW(), CURRENT_TIMESTAMP, CURRENT_DATE")) {
        assertTrue(rs.next());
        assertEquals(rs.getTimestamp(2), rs.getTimestamp(1), "NOW() is the statement's CURRENT_TIMESTAMP");
        assertEquals(rs.getTimestamp(1).toLocalDateTime().toLocalDate(), rs.getDate(3).toLocalDate());
      }
    }
  }

  @Test
  void dateArithmeticWithDaysAndIntervals() throws SQLException {
    try (Connection c = Db.mem()) {
      assertEquals(List.of("2024-03-04", "2024-03-06", "2024-03-06", "2024-01-02 10:00:00", "2024-02-29",
              "2024-01-01 08:30:00", "3", "1.5"),
          row(c, "SELECT DATE '2024-03-05' - 1, DATE '2024-03-05' + 1, 1 + DATE '2024-03-05',"
              + " TIMESTAMP '2024-01-01 10:00:00' + 1, DATE '2024-01-31' + INTERVAL '1' MONTH,"
              + " TIMESTAMP '2024-01-01 10:00:00' - INTERVAL '90' MINUTE, 1 + 2, 2.5 - 1"));
      Db.exec(c, "CREATE TABLE ev (id INT PRIMARY KEY, d DATE)");
      Db.exec(c, "INSERT INTO ev VALUES (1, DATE '2024-03-05'), (2, DATE '2024-03-10'), (3, NULL)");
      try (ResultSet rs = c.createStatement().executeQuery(
          "SELECT id, d + 7, d - 1 FROM ev WHERE d - 1 < DATE '2024-03-06' OR d IS NULL ORDER BY id")) {
        assertTrue(rs.next());
        assertEquals(LocalDate.of(2024, 3, 12), rs.getObject(2, LocalDate.class));
        assertEquals(LocalDate.of(2024, 3, 4), rs.getObject(3, LocalDate.class));
        assertTrue(rs.next());
        assertEquals(3, rs.getInt(1));
        assertNull(rs.getObject(2));
        assertFalse(rs.next());
      }
      try (java.sql.PreparedStatement ps = c.prepareStatement("SELECT DATEADD('DAY', ?, d), d - ?, ? + d FROM ev WHERE id = 1")) {
        ps.setInt(1, -5);
        ps.setInt(2, 5);
        ps.setInt(3, 1);
        try (ResultSet rs = ps.executeQuery()) {
          assertTrue(rs.next());
          assertEquals(LocalDate.of(2024, 2, 29), rs.getObject(1, LocalDate.class));
          assertEquals(LocalDate.of(2024, 2, 29), rs.getObject(2, LocalDate.class));
          assertEquals(LocalDate.of(2024, 3, 6), rs.getObject(3, LocalDate.class));
        }
      }
    }
  }

  @Test
  void nullInNullOut() throws SQLException {
    try (Connection c = Db.mem()) {
      for (String v : row(c, "SELECT LPAD(NULL, 2), LPAD('a', NULL), REPEAT(NULL, 2), LOCATE(NULL, 'a'), INSTR('a', NULL),"
          + " REVERSE(CAST(NULL AS VARCHAR(5))), DATEADD('DAY', NULL, DATE '2024-01-01'),"
          + " DATEDIFF('DAY', NULL, DATE '2024-01-01'), YEAR(CAST(NULL AS DATE)), TO_CHAR(CAST(NULL AS DATE), 'YYYY'),"
          + " CAST(NULL AS DATE) + 1, DATE '2024-01-01' - CAST(NULL AS INT), TRUNC(CAST(NULL AS DECIMAL(5, 2)), 1),"
          + " FORMATDATETIME(CAST(NULL AS TIMESTAMP), 'yyyy'), IFNULL(NULL, NULL), SUBSTR(CAST(NULL AS VARCHAR(5)), 1)")) {
        assertNull(v);
      }
    }
  }

  @Test
  void badArgumentsAreSqlErrors() throws SQLException {
    try (Connection c = Db.mem()) {
      Db.assertState("22023", () -> row(c, "SELECT DATEADD('FORTNIGHT', 1, DATE '2024-01-01')"));
      Db.assertState("22023", () -> row(c, "SELECT DATEDIFF('FORTNIGHT', DATE '2024-01-01', DATE '2024-01-02')"));
      Db.assertState("22007", () -> row(c, "SELECT TO_CHAR(DATE '2024-01-01', 'XX')"));
      Db.assertState("22007", () -> row(c, "SELECT PARSEDATETIME('zz', 'yyyy')"));
      Db.assertState("22008", () -> row(c, "SELECT DATEADD('YEAR', 999999999, DATE '2024-01-01')"));
      Db.assertState("22023", () -> row(c, "SELECT TO_CHAR(1, '9x9')"));
      Db.assertState("22001", () -> row(c, "SELECT REPEAT('a', 1000000000)"));
      Db.assertStateClass("42", () -> row(c, "SELECT YEAR('abc')"));
      Db.assertState("22018", () -> row(c, "SELECT DATEADD('DAY', 'x', DATE '2024-01-01')"));
      Db.assertStateClass("42", () -> row(c, "SELECT DATE '2024-01-01' * 2"));
      Db.assertStateClass("42", () -> row(c, "SELECT NOSUCHFUNCTION(1)"));
    }
  }

  @Test
  void h2SpellingsAreRewrittenOnlyOutsideLiteralsAndComments() throws SQLException {
    try (Connection c = Db.mem()) {
      assertEquals(List.of("DATEADD(DAY, 1, x) DAY(", "5", "5", "1"),
          row(c, "SELECT 'DATEADD(DAY, 1, x) DAY(', EXTRACT(DAY FROM DATE '2024-03-05'), /* DAY( */ DAY (DATE '2024-03-05'),"
              + " 1 -- DAY(\n"));
      // a view's stored text is parsed again at every use
      Db.exec(c, "CREATE TABLE ev (id INT PRIMARY KEY, d DATE)");
      Db.exec(c, "INSERT INTO ev VALUES (1, DATE '2024-03-05')");
      Db.exec(c, "CREATE VIEW ev_parts AS SELECT DAY(d) AS dd, DATEADD(MONTH, 1, d) AS next_month, d - 1 AS prev_day FROM ev");
      assertEquals(List.of("5", "2024-04-05", "2024-03-04"), row(c, "SELECT * FROM ev_parts"));
      Db.exec(c, "CREATE TABLE \"DAY\" (\"DAY\" INT)");
      Db.exec(c, "INSERT INTO \"DAY\" VALUES (7)");
      assertEquals("7", one(c, "SELECT \"DAY\" FROM \"DAY\""));
    }
  }

  @Test
  void fromDual() throws SQLException {
    try (Connection c = Db.mem()) {
      assertEquals("1", one(c, "SELECT 1 FROM DUAL"));
      assertEquals(LocalDateTime.now().getYear(), Db.scalar(c, "SELECT YEAR(CURRENT_DATE) FROM DUAL"), 1);
      assertEquals(1, Db.count(c, "DUAL"));
      // a table of the user's named DUAL wins
      Db.exec(c, "CREATE TABLE dual (x INT)");
      assertEquals(0, Db.count(c, "DUAL"));
    }
  }
}
