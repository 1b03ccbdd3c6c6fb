package io.beamdb.sql.ddl;

import io.beamdb.sql.SqlErrors;
import io.beamdb.sql.SqlText;

import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses {@code REINDEX} in SQLite's form ({@code REINDEX [name]}, the name an index, a table
 * or a collation) and PostgreSQL's ({@code REINDEX {INDEX | TABLE | SCHEMA | DATABASE} name}).
 * Stateless and thread-safe.
 */
public final class ReindexParser {
  private static final Pattern REINDEX = Pattern.compile(
      "(?is)\\s*REINDEX(?:\\s+(INDEX|TABLE|SCHEMA|DATABASE|SYSTEM)\\b)?(?:\\s+CONCURRENTLY\\b)?"
          + "(?:\\s+((?:\"[^\"]+\"|[\\w$]+)(?:\\.(?:\"[^\"]+\"|[\\w$]+))?))?\\s*;?\\s*");

  private ReindexParser() {
  }

  /** True when {@code sql} is a REINDEX statement. */
  public static boolean isReindex(String sql) {
    return SqlText.firstWord(sql).equals("REINDEX");
  }

  /**
   * Parses a REINDEX statement; {@code defaultSchema} qualifies an unqualified name.
   *
   * @throws SQLException 42000 for anything else after REINDEX
   */
  public static DdlCommand.Reindex parse(String sql, String defaultSchema) throws SQLException {
    Matcher m = REINDEX.matcher(sql);
    if (!m.matches()) {
      throw SqlErrors.syntax("Syntax error in '" + SqlText.firstLine(sql.trim())
          + "'; expected REINDEX [INDEX | TABLE | SCHEMA | DATABASE] [name]");
    }
    String kind = m.group(1) == null ? null : m.group(1).toUpperCase(java.util.Locale.ROOT);
    if ("SYSTEM".equals(kind)) {
      kind = "DATABASE";
    }
    String raw = m.group(2);
    if (raw == null) {
      if (kind != null && !kind.equals("DATABASE")) {
        throw SqlErrors.syntax("REINDEX " + kind + " needs a name");
      }
      return new DdlCommand.Reindex(kind, defaultSchema, null);
    }
    String[] parts = raw.split("\\.(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)", 2);
    if (parts.length == 2) {
      return new DdlCommand.Reindex(kind, DdlParser.ident(parts[0]), DdlParser.ident(parts[1]));
    }
    return new DdlCommand.Reindex(kind, defaultSchema, DdlParser.ident(parts[0]));
  }
}
