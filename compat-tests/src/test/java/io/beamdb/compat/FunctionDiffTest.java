package io.beamdb.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Differential check of the H2-named functions against H2 2.x itself: each expression is
 * evaluated by both databases over the same rows (including NULLs) and the results must be
 * equal (numbers compared by value, everything else by {@code getString}). Functions whose H2
 * results differ on purpose are not listed here (see README).
 */
class FunctionDiffTest {
  private static final String SETUP_TABLE = "CREATE TABLE f (id INT PRIMARY KEY, s VARCHAR(20), n INT, x DECIMAL(10,3),"
      + " d DATE, ts TIMESTAMP)";
  private static final String SETUP_ROWS = "INSERT INTO f VALUES"
      + " (1, 'hello world', 5, 12.345, DATE '2024-03-05', TIMESTAMP '2024-03-05 13:04:05'),"
      + " (2, 'abc', -3, -0.5, DATE '2023-12-31', TIMESTAMP '2024-01-01 00:00:00'),"
      + " (3, NULL, NULL, NULL, NULL, NULL)";

  private static final List<String> EXPRESSIONS = List.of(
      "LPAD(s, 14, '*')", "RPAD(s, 2)", "LPAD(s, n)", "LEFT(s, 3)", "RIGHT(s, 2)", "LEFT(s, n)",
      "INSTR(s, 'l')", "INSTR(s, 'l', 5)", "INSTR(s, 'o', -1)", "LOCATE('o', s)", "LOCATE('o', s, 6)", "POSITION('b' IN s)",
      "REPEAT(s, 2)", "REPEAT('ab', n)", "CONCAT(s, n, x)", "CONCAT(s, '!')", "CONCAT_WS('-', s, n)",
      "SUBSTR(s, 2, 3)", "SUBSTR(s, -3)", "SPACE(n)", "ASCII(s)", "UPPER(s)", "CHAR_LENGTH(s)", "REPLACE(s, 'l', 'L')",
      "TRUNC(x, 1)", "TRUNC(x)", "ROUND(x, 2)", "ABS(n)", "MOD(n, 2)", "SIGN(x)", "LOG(2, 8)", "LOG(10, 1000)",
      "IFNULL(s, 'none')", "NVL(n, 0)", "NVL2(s, 'y', 'n')", "COALESCE(s, 'z')", "NULLIF(n, 5)",
      "DECODE(n, 5, 'five', -3, 'minus three', 'other')", "DECODE(s, NULL, 'null', 'set')",
      "CASE WHEN n > 0 THEN 'pos' ELSE 'neg' END", "GREATEST(n, 0)",
      "YEAR(d)", "MONTH(d)", "DAY(d)", "DAYOFMONTH(d)", "DAYOFWEEK(d)", "DAYOFYEAR(d)", "QUARTER(d)",
      "HOUR(ts)", "MINUTE(ts)", "SECOND(ts)", "EXTRACT(YEAR FROM d)", "WEEK(d)", "WEEK(DATE '2021-12-31')",
      "WEEK(DATE '2022-01-02')",
      "DATEADD('DAY', 10, d)", "DATEADD(MONTH, 1, d)", "DATEADD('YEAR', -1, ts)", "DATEADD('HOUR', 25, ts)",
      "DATEADD('MINUTE', n, ts)", "DATEDIFF('DAY', d, DATE '2024-12-31')", "DATEDIFF('MONTH', d, DATE '2024-12-31')",
      "DATEDIFF('YEAR', d, DATE '2025-01-01')", "DATEDIFF('HOUR', ts, TIMESTAMP '2024-03-06 00:00:00')",
      "DATEDIFF('WEEK', d, DATE '2024-03-20')", "TIMESTAMPADD(DAY, 1, d)", "TIMESTAMPDIFF(DAY, d, DATE '2024-12-31')",
      "d + 1", "d - 1", "1 + d", "d + n", "ts + 1", "ts - 1", "d + INTERVAL '1' MONTH",
      "TO_CHAR(d, 'YYYY-MM-DD')", "TO_CHAR(ts, 'DD.MM.YYYY HH24:MI:SS')", "TO_CHAR(ts, 'Mon DY YYYY')",
      "TO_CHAR(ts, 'HH12:MI AM')", "TO_CHAR(x, '999.99')", "TO_CHAR(n)", "TO_CHAR(x, 'FM990.000')",
      "FORMATDATETIME(ts, 'yyyy-MM-dd HH:mm')", "FORMATDATETIME(d, 'dd/MM/yyyy')",
      "DATE_TRUNC('MONTH', ts)", "DATE_TRUNC('YEAR', d)", "DAYNAME(d)", "MONTHNAME(d)");

  /** The value of each row of {@code SELECT expr FROM f ORDER BY id}, normalized for comparison. */
  private static List<String> eval(Connection c, String expr) {
    List<String> out = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT " + expr + " FROM f ORDER BY id")) {
      while (rs.next()) {
        Object v = rs.getObject(1);
        if (v instanceof Number) {
          out.add(new BigDecimal(v.toString()).stripTrailingZeros().toPlainString());
        } else {
          out.add(rs.getString(1));
        }
      }
    } catch (SQLException e) {
      out.add("error " + e.getSQLState());
    }
    return out;
  }

  @Test
  void functionsAgreeWithH2() throws SQLException {
    try (Connection h2 = DriverManager.getConnection("jdbc:h2:mem:");
         Connection beam = DriverManager.getConnection("jdbc:beam:mem:")) {
      for (Connection c : List.of(h2, beam)) {
        try (Statement s = c.createStatement()) {
          s.execute(SETUP_TABLE);
          s.execute(SETUP_ROWS);
        }
      }
      List<String> mismatches = new ArrayList<>();
      for (String expr : EXPRESSIONS) {
        List<String> expected = eval(h2, expr);
        List<String> actual = eval(beam, expr);
        if (!expected.equals(actual)) {
          mismatches.add(expr + ": H2 " + expected + ", BeamDB " + actual);
        }
      }
      assertEquals(List.of(), mismatches);
    }
  }
}
