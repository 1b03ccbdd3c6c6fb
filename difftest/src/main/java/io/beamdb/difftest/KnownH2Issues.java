package io.beamdb.difftest;

/**
 * H2 failures that are H2's problem, not a BeamDB difference. Each is counted as "explained"
 * instead of a mismatch; io.beamdb.compat.difftest.RegressionTest documents each with a case.
 */
final class KnownH2Issues {

  private static final java.util.regex.Pattern FOLDED_NULL =
      java.util.regex.Pattern.compile("SUM or AVG on wrong data type for \"(SUM|AVG)\\((DISTINCT )?NULL\\)\"");

  private KnownH2Issues() {}

  /** The reason when the H2 error is a known H2 issue, else null. */
  static String explain(Db.Result h2) {
    String m = h2.error();
    if ("90015".equals(h2.sqlState()) && FOLDED_NULL.matcher(m).find()) {
      // H2 folds a constant argument that evaluates to NULL (CASE WHEN FALSE THEN 1.0 END) into
      // an untyped NULL, then rejects SUM/AVG of it; the standard types it as the CASE's type
      return "H2 rejects SUM/AVG of an argument its optimizer folded to an untyped NULL (90015)";
    }
    return null;
  }
}
