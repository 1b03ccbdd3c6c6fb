package io.beamdb.planner.calcite;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class LiteralScannerTest {
  private static List<Object> values(String sql) {
    return LiteralScanner.scan(sql).literals().stream().map(LiteralScanner.Literal::value).toList();
  }

  @Test
  void findsNumbersAndStringsButNotIdentifiersQuotedNamesOrComments() {
    assertEquals(List.of(42L, "it's", new BigDecimal("1.5"), 1000.0),
        values("SELECT col0, \"t 9\".x FROM t9 WHERE id = 42 AND s = 'it''s' AND d > 1.5 AND e < 1e3 -- 77\n/* 88 */"));
    assertEquals(List.of(), values("SELECT X'0A', N'x' FROM t"));
  }

  @Test
  void skeletonsSeparateStringAndNumberLiterals() {
    String a = LiteralScanner.scan("SELECT * FROM t WHERE x = 'a'").skeleton();
    String b = LiteralScanner.scan("SELECT * FROM t WHERE x = 5").skeleton();
    String c = LiteralScanner.scan("SELECT * FROM t WHERE x = 'zz'").skeleton();
    assertNotEquals(a, b);
    assertEquals(a, c);
    assertNull(LiteralScanner.scan("SELECT 'unterminated"));
  }
}
