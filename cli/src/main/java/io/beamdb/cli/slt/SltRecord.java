package io.beamdb.cli.slt;

import java.util.List;
import java.util.Locale;

/**
 * One record of a sqllogictest script (see FORMAT.wiki): a statement, a query or a control
 * record, with the {@code skipif}/{@code onlyif} conditions that preceded it.
 */
public sealed interface SltRecord {

  /** 1-based line number of the record's first non-comment line (the first condition, if any). */
  int line();

  List<Condition> conditions();

  /**
   * True when the conditions exclude {@code engine}: a {@code skipif engine}, or an
   * {@code onlyif} naming another engine. Engine names compare case-insensitively.
   */
  default boolean skippedFor(String engine) {
    for (Condition c : conditions()) {
      boolean same = c.engine().equalsIgnoreCase(engine);
      if (c.onlyIf() != same) {
        return true;
      }
    }
    return false;
  }

  /** True for statement and query records, the ones that are counted as passed/failed/skipped. */
  default boolean isTest() {
    return this instanceof Statement || this instanceof Query;
  }

  /** {@code skipif <engine>} ({@code onlyIf == false}) or {@code onlyif <engine>}. */
  record Condition(boolean onlyIf, String engine) {
    @Override
    public String toString() {
      return (onlyIf ? "onlyif " : "skipif ") + engine;
    }
  }

  /** {@code statement ok} / {@code statement error}. */
  record Statement(int line, List<Condition> conditions, boolean expectError, String sql)
      implements SltRecord {}

  /** How query results are ordered before they are compared. */
  enum SortMode {
    NOSORT, ROWSORT, VALUESORT;

    static SortMode parse(String s) {
      return valueOf(s.toUpperCase(Locale.ROOT));
    }
  }

  /**
   * {@code query <types> [sort] [label]}: {@code types} has one letter per column (I, R, T);
   * {@code expected} holds the lines after {@code ----} (empty when there were none).
   */
  record Query(int line, List<Condition> conditions, String types, SortMode sort, String label,
      String sql, List<String> expected) implements SltRecord {}

  /** {@code hash-threshold N}. */
  record HashThreshold(int line, List<Condition> conditions, int threshold) implements SltRecord {}

  /** {@code halt}: ignore the rest of the script. */
  record Halt(int line, List<Condition> conditions) implements SltRecord {}

  /** A record the parser could not understand; the runner counts it as a failure. */
  record Invalid(int line, List<Condition> conditions, String text, String reason)
      implements SltRecord {
    @Override
    public boolean isTest() {
      return true;
    }
  }
}
