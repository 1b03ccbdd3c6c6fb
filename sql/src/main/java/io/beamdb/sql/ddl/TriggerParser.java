package io.beamdb.sql.ddl;

import io.beamdb.sql.SqlErrors;
import io.beamdb.sql.SqlText;
import io.beamdb.sql.catalog.TriggerDef;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * Parses {@code CREATE TRIGGER} and {@code DROP TRIGGER} (JSqlParser does not know SQLite's
 * trigger bodies). Accepted forms:
 *
 * <pre>
 * CREATE [TEMP|TEMPORARY] TRIGGER [IF NOT EXISTS] [schema.]name [BEFORE | AFTER]
 *     {INSERT | UPDATE [OF col, ...] | DELETE} ON [schema.]table [FOR EACH ROW] [WHEN condition]
 *     BEGIN statement; [statement; ...] END
 * DROP TRIGGER [IF EXISTS] [schema.]name
 * </pre>
 *
 * Without BEFORE/AFTER the trigger runs BEFORE, as in SQLite. The body statements are kept as
 * text and planned when the trigger fires. {@code INSTEAD OF}, {@code FOR EACH STATEMENT} and
 * H2's {@code CALL 'class'} are reported as unsupported (0A000); other errors are syntax errors
 * (42000). Stateless and thread-safe.
 */
public final class TriggerParser {
  private TriggerParser() {
  }

  /** True when {@code sql} is a CREATE [TEMP] TRIGGER or DROP TRIGGER statement. */
  public static boolean isTriggerDdl(String sql) {
    Scanner s = new Scanner(sql);
    String w = s.word();
    if ("CREATE".equals(w)) {
      w = s.word();
      if ("TEMP".equals(w) || "TEMPORARY".equals(w)) {
        w = s.word();
      }
      return "TRIGGER".equals(w);
    }
    return "DROP".equals(w) && "TRIGGER".equals(s.word());
  }

  /** Parses a statement {@link #isTriggerDdl} accepted; {@code defaultSchema} qualifies unqualified names. */
  public static DdlCommand parse(String sql, String defaultSchema) throws SQLException {
    Scanner s = new Scanner(sql);
    if ("DROP".equals(s.word())) {
      s.word(); // TRIGGER
      boolean ifExists = s.accept("IF");
      if (ifExists) {
        s.expect("EXISTS", sql);
      }
      String[] qn = s.qualifiedName(defaultSchema, sql);
      s.end(sql);
      return new DdlCommand.DropTrigger(qn[0], qn[1], ifExists);
    }
    String w = s.word();
    if ("TEMP".equals(w) || "TEMPORARY".equals(w)) {
      s.word();
    }
    boolean ifNotExists = s.accept("IF");
    if (ifNotExists) {
      s.expect("NOT", sql);
      s.expect("EXISTS", sql);
    }
    String[] name = s.qualifiedName(defaultSchema, sql);
    TriggerDef.Timing timing = TriggerDef.Timing.BEFORE;
    if (s.accept("BEFORE")) {
      timing = TriggerDef.Timing.BEFORE;
    } else if (s.accept("AFTER")) {
      timing = TriggerDef.Timing.AFTER;
    } else if (s.accept("INSTEAD")) {
      throw SqlErrors.unsupported("INSTEAD OF triggers (trigger " + name[1] + "); use BEFORE or AFTER on a table");
    }
    TriggerDef.Event event;
    List<String> updateColumns = new ArrayList<>();
    String ev = s.word();
    if ("INSERT".equals(ev)) {
      event = TriggerDef.Event.INSERT;
    } else if ("DELETE".equals(ev)) {
      event = TriggerDef.Event.DELETE;
    } else if ("UPDATE".equals(ev)) {
      event = TriggerDef.Event.UPDATE;
      if (s.accept("OF")) {
        do {
          updateColumns.add(s.identifier(sql));
        } while (s.acceptChar(','));
      }
    } else {
      throw syntax(sql, "expected INSERT, UPDATE or DELETE after the trigger timing");
    }
    if (s.acceptChar(',')) {
      throw SqlErrors.unsupported("triggers on several events (trigger " + name[1] + "); create one trigger per event");
    }
    s.expect("ON", sql);
    String[] table = s.qualifiedName(name[0], sql);
    if (!table[0].equals(name[0]) && s.explicitSchema) {
      name[0] = table[0];
    }
    if (s.accept("FOR")) {
      s.expect("EACH", sql);
      if (s.accept("STATEMENT")) {
        throw SqlErrors.unsupported("FOR EACH STATEMENT triggers (trigger " + name[1] + "); use FOR EACH ROW");
      }
      s.expect("ROW", sql);
    }
    String when = null;
    if (s.accept("WHEN")) {
      int start = s.pos;
      int begin = s.findKeyword("BEGIN");
      if (begin < 0) {
        throw syntax(sql, "expected BEGIN after the WHEN condition");
      }
      when = sql.substring(start, begin).trim();
      if (when.isEmpty()) {
        throw syntax(sql, "empty WHEN condition");
      }
      s.pos = begin;
    }
    if (s.accept("CALL")) {
      throw SqlErrors.unsupported("CREATE TRIGGER ... CALL 'class' (trigger " + name[1]
          + "); write the trigger's actions as SQL: BEGIN statement; ... END");
    }
    s.expect("BEGIN", sql);
    List<String> statements = body(sql.substring(s.pos), sql);
    return new DdlCommand.CreateTrigger(name[0], name[1], ifNotExists, table[1], timing, event, updateColumns, when,
        statements, SqlText.stripSemicolon(sql.trim()));
  }

  /** The statements of a body {@code stmt; ... END} (the text after BEGIN). */
  private static List<String> body(String text, String sql) throws SQLException {
    text = SqlText.stripSemicolon(text.strip()).strip();
    List<String> parts = new ArrayList<>();
    int depth = 0;
    int start = 0;
    int i = 0;
    while (i < text.length()) {
      char c = text.charAt(i);
      if (c == '\'' || c == '"' || c == '`') {
        i = skipQuoted(text, i);
        continue;
      }
      if (c == '-' && i + 1 < text.length() && text.charAt(i + 1) == '-') {
        int nl = text.indexOf('\n', i);
        i = nl < 0 ? text.length() : nl;
        continue;
      }
      if (c == '(') {
        depth++;
      } else if (c == ')') {
        depth--;
      } else if (c == ';' && depth == 0) {
        parts.add(text.substring(start, i).trim());
        start = i + 1;
      }
      i++;
    }
    String last = text.substring(start).trim();
    if (!last.equalsIgnoreCase("END")) {
      throw syntax(sql, "the trigger body must end with '; END'");
    }
    parts.removeIf(String::isEmpty);
    if (parts.isEmpty()) {
      throw syntax(sql, "the trigger body has no statements");
    }
    for (String p : parts) {
      String w = SqlText.firstWord(p);
      if (!List.of("INSERT", "UPDATE", "DELETE", "SELECT", "REPLACE", "MERGE", "WITH", "VALUES").contains(w)) {
        throw syntax(sql, "a trigger body may hold INSERT, UPDATE, DELETE and SELECT statements, not " + w);
      }
    }
    return parts;
  }

  private static int skipQuoted(String text, int i) {
    char q = text.charAt(i);
    int j = i + 1;
    while (j < text.length()) {
      if (text.charAt(j) == q) {
        if (j + 1 < text.length() && text.charAt(j + 1) == q) {
          j += 2;
          continue;
        }
        return j + 1;
      }
      j++;
    }
    return j;
  }

  private static SQLException syntax(String sql, String what) {
    return SqlErrors.syntax("Syntax error in trigger statement: " + what + " in '" + SqlText.firstLine(sql.trim())
        + "'; expected CREATE TRIGGER name [BEFORE|AFTER] {INSERT|UPDATE [OF cols]|DELETE} ON table"
        + " [FOR EACH ROW] [WHEN cond] BEGIN stmt; ... END");
  }

  /** A cursor over the statement's header tokens. */
  private static final class Scanner {
    final String sql;
    int pos;
    boolean explicitSchema;

    Scanner(String sql) {
      this.sql = sql;
    }

    void skipSpace() {
      while (pos < sql.length()) {
        char c = sql.charAt(pos);
        if (Character.isWhitespace(c)) {
          pos++;
        } else if (c == '-' && pos + 1 < sql.length() && sql.charAt(pos + 1) == '-') {
          int nl = sql.indexOf('\n', pos);
          pos = nl < 0 ? sql.length() : nl;
        } else if (c == '/' && pos + 1 < sql.length() && sql.charAt(pos + 1) == '*') {
          int end = sql.indexOf("*/", pos + 2);
          pos = end < 0 ? sql.length() : end + 2;
        } else {
          return;
        }
      }
    }

    /** The next bare word, upper case, or "" (the position does not move then). */
    String word() {
      skipSpace();
      int start = pos;
      while (pos < sql.length() && (Character.isLetterOrDigit(sql.charAt(pos)) || sql.charAt(pos) == '_'
          || sql.charAt(pos) == '$')) {
        pos++;
      }
      return sql.substring(start, pos).toUpperCase(Locale.ROOT);
    }

    boolean accept(String keyword) {
      int save = pos;
      if (word().equals(keyword)) {
        return true;
      }
      pos = save;
      return false;
    }

    boolean acceptChar(char c) {
      skipSpace();
      if (pos < sql.length() && sql.charAt(pos) == c) {
        pos++;
        return true;
      }
      return false;
    }

    void expect(String keyword, String text) throws SQLException {
      if (!accept(keyword)) {
        throw syntax(text, "expected " + keyword);
      }
    }

    /** A bare identifier (folded to upper case) or a quoted one (kept as written). */
    String identifier(String text) throws SQLException {
      skipSpace();
      if (pos < sql.length() && (sql.charAt(pos) == '"' || sql.charAt(pos) == '`')) {
        int end = skipQuoted(sql, pos);
        String raw = sql.substring(pos, end);
        pos = end;
        return DdlParser.ident(raw);
      }
      String w = word();
      if (w.isEmpty()) {
        throw syntax(text, "expected a name");
      }
      return w;
    }

    String[] qualifiedName(String defaultSchema, String text) throws SQLException {
      String first = identifier(text);
      int save = pos;
      if (acceptChar('.')) {
        explicitSchema = true;
        return new String[] {first, identifier(text)};
      }
      pos = save;
      explicitSchema = false;
      return new String[] {defaultSchema, first};
    }

    int findKeyword(String keyword) {
      int i = pos;
      int depth = 0;
      while (i < sql.length()) {
        char c = sql.charAt(i);
        if (c == '\'' || c == '"' || c == '`') {
          i = skipQuoted(sql, i);
          continue;
        }
        if (c == '(') {
          depth++;
        } else if (c == ')') {
          depth--;
        } else if (depth == 0 && sql.regionMatches(true, i, keyword, 0, keyword.length())
            && (i == 0 || !Character.isLetterOrDigit(sql.charAt(i - 1)) && sql.charAt(i - 1) != '_')
            && (i + keyword.length() >= sql.length() || !Character.isLetterOrDigit(sql.charAt(i + keyword.length()))
                && sql.charAt(i + keyword.length()) != '_')) {
          return i;
        }
        i++;
      }
      return -1;
    }

    void end(String text) throws SQLException {
      acceptChar(';');
      skipSpace();
      if (pos < sql.length()) {
        throw SqlErrors.syntax("Syntax error in DROP TRIGGER: unexpected '" + sql.substring(pos).trim()
            + "'; expected DROP TRIGGER [IF EXISTS] name");
      }
    }
  }
}
