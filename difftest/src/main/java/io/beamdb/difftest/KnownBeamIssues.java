package io.beamdb.difftest;

/**
 * Known open BeamDB issues, each with a disabled test in io.beamdb.compat.difftest.RegressionTest.
 * With {@link Fuzzer.Options#avoidKnownIssues} the generator avoids the shapes that give wrong
 * results, and the failures below are counted as "known" instead of as mismatches, so that a run
 * reports only new problems.
 */
final class KnownBeamIssues {

  private KnownBeamIssues() {}

  /** The known issue a mismatch is an instance of, or null. */
  static String explain(Checks.Verdict v) {
    String sig = v.signature();
    String details = v.details() == null ? "" : v.details();
    if (sig != null && sig.endsWith(":XX000")
        && (details.contains("Internal error: planning failed for")
            || details.contains("Internal error: the planner could not handle this statement"))) {
      // Calcite's RelDecorrelator fails (IndexOutOfBounds, NoSuchElement, "mismatched type",
      // "Decorrelation produced a relation with a different type") on some correlated
      // sub-queries, mostly EXISTS/IN in a JOIN ... ON condition or next to constant items
      return "planner failure decorrelating a sub-query (XX000)";
    }
    if (sig != null && sig.endsWith(":XX000") && details.contains("ExecContext.correlation(int)")) {
      // a sub-query in a JOIN ... ON condition leaves a $cor reference without its Correlate
      return "plan refers to a correlation variable without a Correlate (XX000)";
    }
    return null;
  }
}
