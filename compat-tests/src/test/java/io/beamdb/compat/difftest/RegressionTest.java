package io.beamdb.compat.difftest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;

/**
 * Minimized cases found by differential testing against H2 and by the TLP/NoREC oracles
 * ({@code beam fuzz}, io.beamdb.difftest). One test per behaviour. Fixed BeamDB bugs assert the
 * right answer; open BeamDB issues are {@code @Disabled} with the reason (the fuzzer steers
 * clear of them unless run with {@code --include-known}); H2 bugs and legitimate differences
 * document what each engine does and why the generator leaves the construct out.
 */
class RegressionTest {

  /** Runs setup statements then one query on a fresh private database; rows rendered as text. */
  static List<String> run(String url, String query, String... setup) throws SQLException {
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      for (String sql : setup) {
        s.execute(sql);
      }
      List<String> rows = new ArrayList<>();
      try (ResultSet rs = s.executeQuery(query)) {
        int w = rs.getMetaData().getColumnCount();
        while (rs.next()) {
          StringBuilder sb = new StringBuilder();
          for (int i = 1; i <= w; i++) {
            sb.append(i == 1 ? "" : "|").append(rs.getObject(i));
          }
          rows.add(sb.toString());
        }
      }
      return rows;
    }
  }

  static List<String> beam(String query, String... setup) throws SQLException {
    return run("jdbc:beam:mem:", query, setup);
  }

  static List<String> h2(String query, String... setup) throws SQLException {
    return run("jdbc:h2:mem:", query, setup);
  }

  // ------------------------------------------------------------------ fixed BeamDB bugs

  /**
   * README promised NULLs first ascending "as in H2", but Calcite's default collation (NULL
   * high) put them last ascending and first descending. Fixed in CalcitePlanning (connection
   * config DEFAULT_NULL_COLLATION=LOW): NULL is the lowest value in both directions.
   */
  @Test
  void nullSortsLowInBothDirections() throws SQLException {
    String[] setup = {"CREATE TABLE T0(C0 DATE)", "INSERT INTO T0 VALUES (DATE '2019-12-31')", "INSERT INTO T0 VALUES (NULL)"};
    assertEquals(List.of("null", "2019-12-31"), beam("SELECT C0 FROM T0 ORDER BY 1", setup));
    assertEquals(List.of("2019-12-31", "null"), beam("SELECT C0 FROM T0 ORDER BY 1 DESC", setup));
    assertEquals(List.of("null", "2019-12-31"), beam("SELECT C0 FROM T0 ORDER BY 1 DESC NULLS FIRST", setup));
    assertEquals(h2("SELECT C0 FROM T0 ORDER BY 1 DESC", setup), beam("SELECT C0 FROM T0 ORDER BY 1 DESC", setup));
  }

  /**
   * Character literals of different lengths meeting in CASE, COALESCE or UNION were typed
   * CHAR(n) and blank-padded ({@code 'a '}). Fixed in BeamTypeSystem
   * (shouldConvertRaggedUnionTypesToVarying): the result is VARCHAR, as in H2 and PostgreSQL.
   */
  @Test
  void charLiteralsOfDifferentLengthsAreNotPadded() throws SQLException {
    String[] setup = {"CREATE TABLE T0(C0 INTEGER)", "INSERT INTO T0 VALUES (1)"};
    assertEquals(List.of("a"), beam("SELECT CASE WHEN TRUE THEN 'a' ELSE 'zz' END FROM T0", setup));
    assertEquals(List.of("a"), beam("SELECT COALESCE('a', 'ab') FROM T0", setup));
    assertEquals(List.of("ab", "A"), beam("SELECT 'ab' FROM T0 UNION ALL SELECT 'A' FROM T0", setup));
  }

  /**
   * A hash join ignored Calcite's null-exclusion flags and never matched NULL keys, also for
   * {@code IS NOT DISTINCT FROM} keys, which the decorrelator makes for nullable correlation
   * variables: an EXISTS over {@code s.c IS NOT DISTINCT FROM t.c} missed NULL = NULL rows, and
   * an UPDATE using it changed 0 rows instead of 1. Fixed in JoinNode (per-key null safety)
   * and PhysicalPlanner (passes JoinInfo.nullExclusionFlags).
   */
  @Test
  void isNotDistinctFromJoinKeysMatchNulls() throws SQLException {
    String[] setup = {"CREATE TABLE T2(C0 INTEGER PRIMARY KEY, C2 VARCHAR(20), C3 DECIMAL(10,2))",
        "INSERT INTO T2 VALUES (1, NULL, -4.28)"};
    assertEquals(List.of("1"), beam("SELECT C0 FROM T2 WHERE EXISTS (SELECT 1 FROM T2 S2 WHERE S2.C2 IS NOT DISTINCT FROM T2.C2)", setup));
    assertEquals(List.of("1|1"), beam("SELECT T2.C0, S2.C0 FROM T2 JOIN T2 S2 ON S2.C2 IS NOT DISTINCT FROM T2.C2", setup));
    assertEquals(List.of(), beam("SELECT T2.C0 FROM T2 JOIN T2 S2 ON S2.C2 = T2.C2", setup));
    try (Connection c = DriverManager.getConnection("jdbc:beam:mem:"); Statement s = c.createStatement()) {
      for (String sql : setup) {
        s.execute(sql);
      }
      assertEquals(1, s.executeUpdate("UPDATE T2 SET C2 = 'x' WHERE C3 IN (SELECT S2.C3 FROM T2 S2 "
          + "WHERE (S2.C2 IS DISTINCT FROM T2.C2) = ((S2.C2 = T2.C2) IS NOT DISTINCT FROM (TRUE = (T2.C0 <> S2.C0))))"));
    }
  }

  /**
   * CAST of a BOOLEAN to VARCHAR gave {@code 'true'}; the SQL standard and H2 give
   * {@code 'TRUE'}. Fixed in ExprCompiler.cast.
   */
  @Test
  void booleanCastsToUpperCaseText() throws SQLException {
    String[] setup = {"CREATE TABLE T0(B BOOLEAN)", "INSERT INTO T0 VALUES (TRUE)", "INSERT INTO T0 VALUES (FALSE)"};
    assertEquals(List.of("FALSE", "TRUE"), beam("SELECT CAST(B AS VARCHAR(10)) FROM T0 ORDER BY 1", setup));
  }

  // ------------------------------------------------------------------ open BeamDB issues

  /**
   * Calcite's RelDecorrelator drops GROUP BY keys that are constants (RelDecorrelator
   * .decorrelateRel(Aggregate): "omittedConstants") and, with no correlation keys left, builds
   * {@code Aggregate(group={})}, which returns one row even over no input. So {@code SELECT
   * DISTINCT <constants> ... WHERE <correlated sub-query>} returns a row when nothing qualifies.
   * Needs a planner-side workaround (keep one constant key, or filter on a COUNT) or a Calcite
   * fix; not local to the executor.
   */
  @Test
  @Disabled("open: Calcite decorrelator drops constant GROUP BY keys (planner, not executor)")
  void distinctOfConstantsOverCorrelatedSubqueryOnEmptyTable() throws SQLException {
    String[] setup = {"CREATE TABLE T0(C3 BIGINT)", "CREATE TABLE T2(C0 INTEGER PRIMARY KEY, C4 INTEGER)"};
    assertEquals(List.of(), beam("SELECT DISTINCT 7 FROM T2 WHERE NOT EXISTS (SELECT 1 FROM T0 WHERE T0.C3 > T2.C4)", setup));
  }

  /**
   * Calcite folds a CAST of a DECIMAL literal to VARCHAR at conversion time and writes
   * {@code .50} for 0.50 (and {@code -.5} for -0.5); casting a DECIMAL column gives
   * {@code 0.50}, as H2 does. The literal is already folded when BeamDB's ExprCompiler sees it,
   * so the fix belongs in the planner's RexBuilder (or Calcite).
   */
  @Test
  @Disabled("open: Calcite folds CAST(0.50 AS VARCHAR) to '.50' before BeamDB compiles it")
  void castOfDecimalLiteralToVarcharKeepsLeadingZero() throws SQLException {
    String[] setup = {"CREATE TABLE T0(C0 INTEGER)", "INSERT INTO T0 VALUES (1)"};
    assertEquals(List.of("0.50|-0.5"), beam("SELECT CAST(0.50 AS VARCHAR(20)), CAST(-0.5 AS VARCHAR(20)) FROM T0", setup));
  }

  /**
   * Planner failures (XX000) on correlated sub-queries, found by the fuzzer; H2 runs them all.
   * Calcite's RelDecorrelator throws (IndexOutOfBounds, NoSuchElement; the fuzzer also saw
   * "mismatched type" and "Decorrelation produced a relation with a different type") for
   * EXISTS/IN in a JOIN ... ON condition and for correlated sub-queries next to constant select
   * items, or leaves a correlation variable without its Correlate (NPE when it runs).
   */
  @Test
  @Disabled("open: Calcite decorrelation fails (XX000) on sub-queries in JOIN ON and with constant DISTINCT items")
  void correlatedSubqueriesThatFailToPlan() throws SQLException {
    String[] setup = {"CREATE TABLE T0(C0 INTEGER PRIMARY KEY, C1 DATE, C2 INTEGER NOT NULL)",
        "CREATE TABLE T1(C0 VARCHAR(20) PRIMARY KEY, C1 VARCHAR(20), C2 BOOLEAN)"};
    // ArrayIndexOutOfBoundsException while planning
    assertEquals(List.of(), beam("SELECT CAST(NULL AS BOOLEAN) FROM T0 A0 JOIN T0 A1 ON ((A0.C0 = A1.C0) "
        + "AND (NOT EXISTS (SELECT 1 FROM T0 S14 WHERE (A1.C0 IS NOT DISTINCT FROM 1.00))))", setup));
    // IndexOutOfBoundsException while planning
    assertEquals(List.of(), beam("SELECT DISTINCT 'a', TRIM((A0.C1 || A0.C0)), CAST(0 AS BIGINT) FROM T1 A0 "
        + "WHERE (NOT EXISTS (SELECT 1 FROM T1 S4 WHERE ((S4.C1 IS NOT DISTINCT FROM A0.C0) OR (1 <> 2))))", setup));
    // NoSuchElementException while planning
    assertEquals(List.of(), beam("SELECT CAST(A1.C1 AS VARCHAR(20)), (1 IN (SELECT 1 FROM T0 S10 WHERE (A0.C1 = 1.00))) "
        + "FROM T0 A0 JOIN T0 A1 ON (A0.C0 = A1.C1)", "CREATE TABLE T0(C0 INTEGER PRIMARY KEY, C1 DECIMAL(10,2) UNIQUE)"));
    // NullPointerException at run time: the plan keeps $cor0.C1 but lost its Correlate
    assertEquals(List.of("1"), beam("SELECT 1 FROM T0 A0 JOIN T2 A1 ON EXISTS (SELECT 1 FROM T0 S12) "
        + "AND EXISTS (SELECT 1 FROM T1 S13 WHERE A1.C1)", "CREATE TABLE T0(C0 DATE PRIMARY KEY)",
        "CREATE TABLE T1(C0 VARCHAR(20) PRIMARY KEY)", "CREATE TABLE T2(C0 BIGINT, C1 BOOLEAN)",
        "INSERT INTO T1 VALUES ('a')", "INSERT INTO T0 VALUES (DATE '2020-01-01')", "INSERT INTO T2 VALUES (1, TRUE)"));
  }

  /**
   * Wrong result: a correlated reference to a column of the NULL-producing side of a LEFT JOIN
   * ({@code A1.C4}, declared NOT NULL in its table) is decorrelated into an {@code =} join key
   * instead of {@code IS NOT DISTINCT FROM} when a later LEFT JOIN compares that column, so the
   * NULL row finds no match and NOT EXISTS is wrongly true. H2 returns no row. Calcite
   * decorrelation (nullability of the correlation variable), not the executor.
   */
  @Test
  @Disabled("open: decorrelation uses = for a correlation variable that is NULL on the outer side of a LEFT JOIN")
  void correlatedNullFromOuterJoinInNotExists() throws SQLException {
    String[] setup = {"CREATE TABLE T0(C0 INTEGER PRIMARY KEY, C3 DOUBLE, C4 VARCHAR(20) NOT NULL UNIQUE)",
        "INSERT INTO T0 VALUES (-4, -2.0, 'abc')"};
    assertEquals(List.of(), beam("SELECT 1 FROM T0 A0 LEFT JOIN T0 A1 ON FALSE LEFT JOIN T0 A2 ON (A1.C4 = A2.C4) "
        + "WHERE NOT EXISTS (SELECT 1 FROM T0 S10 WHERE (S10.C4 > A1.C4) IS NOT FALSE)", setup));
  }

  /**
   * Wrong result: {@code EXISTS (SELECT ... FROM t2 WHERE EXISTS (<sub-query correlated with
   * t2>))} is true although t2 is empty. The inner EXISTS is decorrelated into an aggregate
   * whose only key is the constant TRUE; the decorrelator drops constant keys (same root cause
   * as {@link #distinctOfConstantsOverCorrelatedSubqueryOnEmptyTable}), and the keyless
   * aggregate yields a row over no input.
   */
  @Test
  @Disabled("open: nested correlated EXISTS decorrelated into a keyless aggregate (Calcite decorrelator)")
  void nestedExistsOverEmptyTable() throws SQLException {
    String[] setup = {"CREATE TABLE T1(C0 DATE)", "CREATE TABLE T2(C4 INTEGER)", "INSERT INTO T1 VALUES (DATE '2020-02-29')"};
    assertEquals(List.of(), beam("SELECT 'a' FROM T1 A0 WHERE EXISTS (SELECT 1 FROM T2 S19 "
        + "WHERE EXISTS (SELECT 1 FROM T1 S20 WHERE 5 = S19.C4))", setup));
  }

  /**
   * Wrong result: {@code NULL NOT IN (<correlated sub-query>)} is taken as unknown, but when the
   * sub-query returns no row NOT IN is TRUE (the uncorrelated form is right). H2 returns the
   * row. With a literal NULL Calcite simplifies it away; with a column that is NULL at run time
   * (here after two LEFT JOINs, correlated through {@code S7.C1 <> A0.C0} with A0.C0 NULL) the
   * decorrelated count of the sub-query is joined on the NULL correlation value and comes back
   * NULL instead of 0. Calcite's sub-query removal/decorrelation, not the executor.
   */
  @Test
  @Disabled("open: NULL NOT IN (correlated, empty sub-query) simplified to unknown (Calcite)")
  void nullNotInEmptyCorrelatedSubquery() throws SQLException {
    String[] setup = {"CREATE TABLE T0(C0 VARCHAR(20) PRIMARY KEY, C3 DOUBLE)", "CREATE TABLE T1(C0 DECIMAL(10,2) PRIMARY KEY)",
        "INSERT INTO T0 VALUES ('a', -6.0)"};
    assertEquals(List.of("1"), beam("SELECT 1 FROM T0 A0 WHERE CAST(NULL AS DECIMAL(10,2)) NOT IN "
        + "(SELECT S22.C0 FROM T1 S22 WHERE 1 = A0.C3)", setup));
    String[] setup2 = {"CREATE TABLE T0(C0 BIGINT, C1 BIGINT NOT NULL, C2 DECIMAL(10,2), C3 BOOLEAN)",
        "INSERT INTO T0 VALUES (NULL, -4, -1.00, TRUE)"};
    assertEquals(List.of("1"), beam("SELECT 1 FROM T0 A0 LEFT JOIN T0 A1 ON ((A0.C0 = A1.C1) AND A1.C3) "
        + "LEFT JOIN T0 A2 ON (A1.C0 = A2.C0) WHERE (A2.C2 NOT IN (SELECT S7.C2 FROM T0 S7 WHERE (S7.C1 <> A0.C0)))", setup2));
  }

  /**
   * Wrong result: {@code NOT ((x IN (SELECT c ...)) > TRUE)} where the IN is unknown (no match,
   * a NULL in the sub-query) is taken as true: the IN is rewritten with two-valued logic
   * because Calcite's sub-query removal decides the needed logic from the NOT alone and misses
   * the comparison in between. Found by TLP (a row in both the {@code NOT p} and the
   * {@code p IS NULL} partition). The generator avoids uncorrelated sub-queries by default.
   */
  @Test
  @Disabled("open: IN sub-query under a comparison under NOT rewritten with two-valued logic (Calcite)")
  void inSubqueryUnderComparisonKeepsUnknown() throws SQLException {
    String[] setup = {"CREATE TABLE T0(C0 BIGINT PRIMARY KEY, C4 DECIMAL(10,2))", "INSERT INTO T0 VALUES (0, NULL)"};
    assertEquals(List.of(), beam("SELECT 1 FROM T0 WHERE NOT ((-2.00 IN (SELECT S5.C4 FROM T0 S5)) > TRUE)", setup));
  }

  /**
   * Wrong result: a correlated sub-query in the SELECT list (scalar, or EXISTS as a value) of a
   * join reads the wrong column after decorrelation. In the first case the plan's top Project
   * reads {@code /($5, -4)} where A1.C0 is at $4 (the Project that restores the join's column
   * order after join ordering or decorrelation leaves out the pushed-down condition column of
   * {@code T0}), so {@code A1.C0 / -4} reads A1.C1 = -5 and gives 1 instead of -1; in the
   * second, A1.C0 comes back as 1 (A1.C2 of the other row) instead of 3. When the shifted
   * column has another type, planning fails instead (XX000 "Decorrelation produced a relation
   * with a different type"). Planner (decorrelation/join ordering), not the executor.
   */
  @Test
  @Disabled("open: correlated sub-query in the SELECT list of a join reads shifted columns after decorrelation")
  void joinReorderKeepsColumnReferences() throws SQLException {
    String[] setup = {"CREATE TABLE T0(C0 BIGINT PRIMARY KEY, C1 DOUBLE, C2 BIGINT, C3 VARCHAR(20))",
        "CREATE TABLE T2(C0 INTEGER PRIMARY KEY, C1 BIGINT UNIQUE, C2 BOOLEAN, C3 BIGINT, C4 BIGINT NOT NULL)",
        "INSERT INTO T0 VALUES (3, NULL, -3, ' a')", "INSERT INTO T2 VALUES (5, -5, TRUE, 4, 2)"};
    assertEquals(List.of("1.0|-1"), beam("SELECT MIN((SELECT CAST(1.0 AS DOUBLE) FROM T0 S0 WHERE ((S0.C0 <> A1.C0) AND A1.C2))), "
        + "MIN((A1.C0 / -4)) FROM T0 A0 JOIN T2 A1 ON ('ba' >= A0.C3)", setup));
    String[] setup2 = {"CREATE TABLE T0(C0 INTEGER PRIMARY KEY, C1 BOOLEAN, C2 BIGINT NOT NULL, C3 DECIMAL(10,2), C4 DOUBLE)",
        "INSERT INTO T0 VALUES (3, TRUE, -4, 8.03, 1.0)", "INSERT INTO T0 VALUES (-4, TRUE, 1, -2.00, 2.0)"};
    assertEquals(List.of("3|true"), beam("SELECT CAST(A1.C0 AS BIGINT), (EXISTS (SELECT 1 FROM T0 S6 WHERE ((S6.C2 <= A0.C4) "
        + "AND ((A1.C0 IS NOT DISTINCT FROM A1.C3) OR ((A1.C2 = A1.C2) = (S6.C0 < A1.C4)))))) "
        + "FROM T0 A0 JOIN T0 A1 ON (A0.C0 = A1.C2)", setup2));
  }

  /**
   * Missing feature: some correlated IN/NOT IN sub-queries are rewritten by Calcite with
   * ROW_NUMBER (a window function), and some sub-queries in JOIN ON or CASE stay as IN/EXISTS
   * calls the executor cannot run; both fail with 0A000 (window functions are not built yet).
   * The fuzzer counts them as "unsupported".
   */
  @Test
  @Disabled("missing feature: window functions (ROW_NUMBER from sub-query rewriting), IN/EXISTS left in JOIN ON")
  void correlatedNotInNeedsRowNumber() throws SQLException {
    String[] setup = {"CREATE TABLE T0(C0 VARCHAR(20) PRIMARY KEY, C3 DOUBLE)", "CREATE TABLE T1(C0 DECIMAL(10,2) PRIMARY KEY)",
        "INSERT INTO T0 VALUES ('a', -6.0)"};
    assertEquals(List.of("1"), beam("SELECT 1 FROM T0 A0 WHERE 5.00 NOT IN (SELECT S22.C0 FROM T1 S22 WHERE 1 = A0.C3)", setup));
  }

  /**
   * Wrong result without any sub-query: {@code ((A0.C0 = A1.C0) AND (DATE '2020-02-29' IS NOT
   * DISTINCT FROM A0.C1)) IS NOT FALSE} pushed into a join (FILTER_INTO_JOIN, three tables) is
   * simplified to {@code IS NOT FALSE(AND(=($0, $4), =($1, 2020-02-29)))}: turning IS NOT
   * DISTINCT FROM a literal into {@code =} is only valid where unknown counts as false, but
   * under IS NOT FALSE unknown counts as true, so a row with A0.C1 NULL qualifies. H2 (and the
   * two-table form) return no row. Calcite's RexSimplify, reached through the planner's rules.
   */
  @Test
  @Disabled("open: IS NOT DISTINCT FROM <literal> under IS NOT FALSE simplified to = (Calcite RexSimplify)")
  void isNotDistinctFromLiteralUnderIsNotFalse() throws SQLException {
    String[] setup = {"CREATE TABLE T1(C0 VARCHAR(20), C1 DATE UNIQUE, C2 DATE, C3 INTEGER NOT NULL)",
        "INSERT INTO T1 VALUES ('Ab', NULL, DATE '2021-06-15', 4)"};
    assertEquals(List.of(), beam("SELECT 'a' FROM T1 A0 JOIN T1 A1 ON TRUE JOIN T1 A2 ON (A1.C3 = A2.C3) "
        + "WHERE (((A0.C0 = A1.C0) AND (DATE '2020-02-29' IS NOT DISTINCT FROM A0.C1)) IS NOT FALSE)", setup));
  }

  /**
   * Wrong result: {@code JOIN ... ON (EXISTS (<sub-query correlated with the right side>) AND
   * A1.C1)} loses the {@code A1.C1} conjunct when the sub-query is taken out of the join
   * condition (the plan keeps {@code Filter(true)}), so a row with A1.C1 = FALSE joins. H2
   * returns no row. Calcite's sub-query removal for join conditions; the generator puts no
   * sub-queries in ON conditions by default.
   */
  @Test
  @Disabled("open: a sub-query in JOIN ON loses the other conjuncts of the condition (Calcite sub-query removal)")
  void existsInJoinConditionKeepsOtherConjuncts() throws SQLException {
    String[] setup = {"CREATE TABLE T0(C0 DATE PRIMARY KEY, C1 BOOLEAN)", "CREATE TABLE T1(C0 BIGINT, C1 INTEGER)",
        "INSERT INTO T0 VALUES (DATE '2021-06-15', FALSE)", "INSERT INTO T1 VALUES (1, 3)"};
    assertEquals(List.of(), beam("SELECT 7 FROM T1 A0 JOIN T0 A1 ON ((EXISTS (SELECT 1 FROM T1 S14 WHERE (A1.C0 = A1.C0))) AND A1.C1)", setup));
  }

  /**
   * ORDER BY an ordinal over a set operation whose first SELECT has two columns of the same
   * name fails validation with 42000 "Column 'C2' is ambiguous" (Calcite resolves the ordinal to
   * the name); H2 sorts. Plain SELECTs are fine.
   */
  @Test
  @Disabled("open: Calcite resolves ORDER BY <ordinal> of a set operation by column name")
  void orderByOrdinalOverSetOperationWithDuplicateNames() throws SQLException {
    String[] setup = {"CREATE TABLE T1(C2 VARCHAR(20))", "INSERT INTO T1 VALUES ('zz')"};
    assertEquals(List.of("zz|zz", "a|b"),
        beam("SELECT A0.C2, A0.C2 FROM T1 A0 UNION ALL SELECT 'a', 'b' FROM T1 A0 ORDER BY 1 DESC", setup));
  }

  // ------------------------------------------------------------------ H2 bugs and legitimate differences

  /**
   * H2 folds a constant argument that evaluates to NULL ({@code CASE WHEN FALSE THEN 1.00 END},
   * {@code CAST(NULL AS DOUBLE) + CAST(NULL AS DOUBLE)}) into an untyped NULL and then rejects
   * SUM/AVG of it (90015). The standard types the argument by its declared type; the sum of no
   * non-NULL values is NULL, which BeamDB returns. The fuzzer counts this H2 error as explained
   * (difftest KnownH2Issues).
   */
  @Test
  void h2RejectsSumOfAnArgumentFoldedToNull() throws SQLException {
    String[] setup = {"CREATE TABLE T0(C0 INTEGER)", "INSERT INTO T0 VALUES (1)"};
    String q = "SELECT SUM(CASE WHEN ('b' = 'Ab') THEN -2.00 END) FROM T0";
    assertEquals(List.of("null"), beam(q, setup));
    SQLException e = assertThrows(SQLException.class, () -> h2(q, setup));
    assertEquals("90015", e.getSQLState());
  }

  /**
   * H2 derives the type of {@code CAST(NULL AS VARCHAR(20)) LIKE '%a'} (a predicate, BOOLEAN)
   * as VARCHAR when it folds the NULL, so comparing a CASE with such a branch to a BOOLEAN fails
   * with 90110; BeamDB evaluates it (unknown, so no row). Counted as explained by the fuzzer.
   */
  @Test
  void h2TypesLikeOfNullStringAsVarchar() throws SQLException {
    String[] setup = {"CREATE TABLE T0(C0 BIGINT)", "INSERT INTO T0 VALUES (1)"};
    String q = "SELECT 1 FROM T0 A0 WHERE (CASE WHEN A0.C0 > 0 THEN (CAST(NULL AS VARCHAR(20)) LIKE '%a') END = (A0.C0 > 0))";
    assertEquals(List.of(), beam(q, setup));
    SQLException e = assertThrows(SQLException.class, () -> h2(q, setup));
    assertEquals("90110", e.getSQLState());
  }

  /**
   * CAST of a fractional number to an integer type: the standard leaves rounding versus
   * truncation to the implementation. BeamDB rounds half away from zero (-1.5 -> -2), H2 rounds
   * half up (-1.5 -> -1). The generator casts only integers to integer types.
   */
  @Test
  void castOfFractionToIntegerRoundsDifferently() throws SQLException {
    String[] setup = {"CREATE TABLE T0(D DOUBLE)", "INSERT INTO T0 VALUES (-1.5)"};
    assertEquals(List.of("-2"), beam("SELECT CAST(D AS INTEGER) FROM T0", setup));
    assertEquals(List.of("-1"), h2("SELECT CAST(D AS INTEGER) FROM T0", setup));
  }

  /**
   * The type of SUM is implementation-defined: BeamDB (like PostgreSQL's int8 sum) gives
   * BIGINT for SUM(BIGINT), H2 gives DECIMAL, so {@code SUM(x) / -4} divides as integers in
   * BeamDB (0) and exactly in H2 (-0.25). The generator does not divide aggregates.
   */
  @Test
  void sumOfBigintDividedDiffersByResultType() throws SQLException {
    String[] setup = {"CREATE TABLE T1(C0 VARCHAR(20))", "INSERT INTO T1 VALUES ('x_y')"};
    assertEquals(List.of("0"), beam("SELECT SUM(CAST(1 AS BIGINT)) / -4 FROM T1", setup));
    assertEquals(List.of("-0.25000000000000000000"), h2("SELECT SUM(CAST(1 AS BIGINT)) / -4 FROM T1", setup));
  }

  /**
   * DECIMAL division: the result scale is implementation-defined; BeamDB gives 13 fraction
   * digits for 2.50 / 3, H2 22. The generator divides only integers (by non-zero literals).
   */
  @Test
  void decimalDivisionScaleDiffers() throws SQLException {
    String[] setup = {"CREATE TABLE T0(C DECIMAL(10,2))", "INSERT INTO T0 VALUES (2.50)"};
    assertEquals(List.of("0.8333333333333"), beam("SELECT C / 3 FROM T0", setup));
    assertEquals(List.of("0.8333333333333333333333"), h2("SELECT C / 3 FROM T0", setup));
  }
}
