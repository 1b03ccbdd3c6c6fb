package io.beamdb.planner.calcite;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class StatementNormalizerTest {
  @Test
  void comparisonLiteralsBecomeParametersInTextOrder() {
    StatementNormalizer.Normalized a = StatementNormalizer.normalize("SELECT x FROM t WHERE id = 42 AND 'k' < name");
    StatementNormalizer.Normalized b = StatementNormalizer.normalize("select x from t where id = 7 and 'z' < name");
    assertEquals(a.sql(), b.sql());
    assertEquals(List.of(42L, "k"), a.literals());
    assertEquals(List.of(7L, "z"), b.literals());
  }

  @Test
  void insertValuesAndNumberKinds() {
    StatementNormalizer.Normalized n = StatementNormalizer.normalize("INSERT INTO t VALUES (1, 2.50, 1e3, 'x')");
    assertEquals(List.of(1L, new BigDecimal("2.50"), 1000.0, "x"), n.literals());
  }

  @Test
  void leavesOtherLiteralsAlone() {
    assertNull(StatementNormalizer.normalize("SELECT 1, 'a' FROM t ORDER BY 1 LIMIT 5"));
    assertNull(StatementNormalizer.normalize("SELECT * FROM t WHERE id = ?"));
    assertNull(StatementNormalizer.normalize("SELEC oops"));
    assertNull(StatementNormalizer.normalize("SELECT * FROM t WHERE 1 = 1"));
  }
}
