package io.beamdb.cli.slt;

import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * The documented ways BeamDB deliberately answers differently from SQLite, the engine that
 * produced the sqllogictest corpus's expected results. Each rule names the behaviour, says which
 * engines BeamDB agrees with, and recognises a failing record by its error (SQLState and
 * message) and its SQL; the runner then counts the record as "differs" instead of "failed" and
 * prints the rule with it, so nothing is hidden: {@code beam slt --strict} counts them as
 * failures. A rule never turns a wrong result into a pass, and only two kinds of records
 * qualify: the statement or query that raised the rule's error, and the one query right after
 * such a statement that reads the table it could not write (its expected rows assume SQLite's
 * write). Immutable and thread-safe.
 */
public final class DialectDifferences {
  /** One deliberate difference. */
  public record Rule(String name, String reason, String sqlState, Pattern message, Pattern sql) {
    boolean matches(String failureMessage, String recordSql) {
      return failureMessage.contains("[" + sqlState + "]") && message.matcher(failureMessage).find()
          && sql.matcher(recordSql).find();
    }
  }

  /** BeamDB's rules. */
  public static final DialectDifferences BEAMDB = new DialectDifferences(List.of(
      new Rule("declared VARCHAR length enforced",
          "BeamDB rejects a value longer than the column's declared VARCHAR(n) with 22001, as H2 and PostgreSQL"
              + " do; SQLite ignores declared lengths and stores it",
          "22001", Pattern.compile("(?i)too long"), Pattern.compile("(?i)^\\s*(INSERT|REPLACE|UPDATE)\\b")),
      new Rule("BINARY and numbers are not comparable",
          "BeamDB rejects comparing a BINARY value with a number (42000), as H2 (90110 \"not comparable\") and"
              + " PostgreSQL (no bytea = integer operator) do; SQLite compares across storage classes and"
              + " answers that a blob never equals a number",
          "42000", Pattern.compile("compatible types"), Pattern.compile("(?i)(^|[^\\w'])x'[0-9a-f]*'")),
      new Rule("division by zero is an error",
          "BeamDB fails a division by zero with 22012, as H2 and PostgreSQL do; SQLite answers NULL",
          "22012", Pattern.compile("(?i)division by zero"), Pattern.compile("/"))));

  private static final Pattern WRITTEN_TABLE = Pattern.compile(
      "(?is)^\\s*(?:INSERT\\s+(?:OR\\s+\\w+\\s+)?INTO|REPLACE\\s+INTO|UPDATE(?:\\s+OR\\s+\\w+)?)\\s+([\\w$]+)");

  private final List<Rule> rules;

  /** A rule set. */
  public DialectDifferences(List<Rule> rules) {
    this.rules = List.copyOf(rules);
  }

  /** The rules, in the order they are tried. */
  public List<Rule> rules() {
    return rules;
  }

  /** The rule explaining a record that failed with {@code failureMessage}, or null. */
  public Rule explain(String failureMessage, String recordSql) {
    for (Rule r : rules) {
      if (r.matches(failureMessage, recordSql)) {
        return r;
      }
    }
    return null;
  }

  /** The table a write statement names (upper case), or null. */
  static String writtenTable(String sql) {
    java.util.regex.Matcher m = WRITTEN_TABLE.matcher(sql);
    return m.find() ? m.group(1).toUpperCase(Locale.ROOT) : null;
  }

  /** True when {@code sql} names {@code table} as a word. */
  static boolean reads(String sql, String table) {
    return Pattern.compile("(?i)(^|[^\\w$])" + Pattern.quote(table) + "($|[^\\w$])").matcher(sql).find();
  }
}
