package io.beamdb.difftest;

/**
 * H2 failures that are H2's problem, not a BeamDB difference. Each is counted as "explained"
 * instead of a mismatch; io.beamdb.compat.difftest.RegressionTest documents each with a case.
 */
final class KnownH2Issues {

  private KnownH2Issues() {}

  /** The reason when the H2 error is a known H2 issue, else null. */
  static String explain(Db.Result h2) {
    String m = h2.error();
    if ("90015".equals(h2.sqlState()) && m.contains("SUM or AVG on wrong data type for")) {
      // H2 folds a constant argument that evaluates to NULL (CASE WHEN FALSE THEN 1.0 END, or a
      // CASE whose branches are all CAST(NULL AS DECIMAL)) into an untyped NULL, then rejects
      // SUM/AVG of it; the generator only sums numeric expressions, whose type is never NULL
      return "H2 rejects SUM/AVG of an argument its optimizer folded to an untyped NULL (90015)";
    }
    if ("90110".equals(h2.sqlState()) && (m.contains("Values of types \"CHARACTER VARYING\" and \"BOOLEAN\" are not comparable")
        || m.contains("Values of types \"BOOLEAN\" and \"CHARACTER VARYING\" are not comparable"))) {
      // H2 types a predicate it folds to NULL (CAST(NULL AS VARCHAR) LIKE '%a', 23 = NULL) as
      // VARCHAR, so comparing it with a BOOLEAN fails; the generator never compares strings
      // with booleans
      return "H2 types <NULL string> LIKE <pattern> as VARCHAR and cannot compare it with BOOLEAN (90110)";
    }
    return null;
  }
}
