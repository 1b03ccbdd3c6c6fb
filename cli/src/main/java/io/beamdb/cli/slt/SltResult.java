package io.beamdb.cli.slt;

import java.nio.file.Path;
import java.util.List;

/**
 * Outcome of one sqllogictest file: counts of statement/query records and the failures.
 * {@code differ} counts records that did not give SQLite's answer because of a declared dialect
 * difference ({@link DialectDifferences}); they are neither passed nor failed, and listed in
 * {@code differences}.
 */
public record SltResult(Path file, int passed, int failed, int skipped, List<SltFailure> failures,
    long elapsedMillis, int differ, List<SltFailure> differences) {

  /** A result without dialect differences. */
  public SltResult(Path file, int passed, int failed, int skipped, List<SltFailure> failures, long elapsedMillis) {
    this(file, passed, failed, skipped, failures, elapsedMillis, 0, List.of());
  }

  public int total() {
    return passed + failed + skipped + differ;
  }

  /** {@code path: N passed, N failed, N skipped[, N differ (dialect)]}. */
  public String summary() {
    return file + ": " + passed + " passed, " + failed + " failed, " + skipped + " skipped"
        + (differ > 0 ? ", " + differ + " differ (dialect)" : "");
  }

  /** One failed record: where, the SQL, and either the mismatch or the error. */
  public record SltFailure(Path file, int line, String sql, String message, List<String> expected,
      List<String> actual) {

    /** A multi-line description for --verbose output. */
    public String describe() {
      StringBuilder sb = new StringBuilder();
      sb.append(file).append(':').append(line).append(": ").append(message).append('\n');
      for (String l : sql.split("\n")) {
        sb.append("    ").append(l).append('\n');
      }
      if (expected != null) {
        appendValues(sb, "expected", expected);
      }
      if (actual != null) {
        appendValues(sb, "got", actual);
      }
      return sb.toString();
    }

    private static void appendValues(StringBuilder sb, String title, List<String> values) {
      sb.append("  ").append(title).append(": ").append(values.isEmpty() ? "(no rows)" : String.join(" | ", values)).append('\n');
    }
  }
}
