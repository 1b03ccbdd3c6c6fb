package io.beamdb.sql;

import java.util.Locale;

/** Small helpers on statement text shared by the DDL parser and the Calcite front end. Stateless. */
public final class SqlText {
  private SqlText() {
  }

  /** {@code sql} without surrounding blanks and trailing semicolons. */
  public static String stripSemicolon(String sql) {
    String s = sql.trim();
    while (s.endsWith(";")) {
      s = s.substring(0, s.length() - 1).trim();
    }
    return s;
  }

  /**
   * The index just past the string literal, quoted identifier ({@code '...'}, {@code "..."},
   * doubled quotes inside) or comment ({@code --} to end of line, {@code /* ... *}{@code /})
   * starting at {@code i}, or {@code i} itself when none starts there. Text scanners that
   * rewrite SQL use it to leave literals and comments untouched.
   */
  public static int skipLiteralOrComment(String sql, int i) {
    int n = sql.length();
    char c = sql.charAt(i);
    if (c == '\'' || c == '"') {
      int j = i + 1;
      while (j < n) {
        if (sql.charAt(j) == c) {
          if (j + 1 < n && sql.charAt(j + 1) == c) {
            j += 2;
            continue;
          }
          break;
        }
        j++;
      }
      return Math.min(n, j + 1);
    }
    if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
      int j = sql.indexOf('\n', i);
      return j < 0 ? n : j;
    }
    if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
      int j = sql.indexOf("*/", i + 2);
      return j < 0 ? n : j + 2;
    }
    return i;
  }

  /** The first line of a (parser) message, or "" for null. */
  public static String firstLine(String s) {
    if (s == null) {
      return "";
    }
    int nl = s.indexOf('\n');
    return nl < 0 ? s : s.substring(0, nl);
  }

  /** The first keyword of {@code sql}, upper case, skipping whitespace, parentheses and comments. */
  public static String firstWord(String sql) {
    int i = 0;
    int n = sql.length();
    while (i < n) {
      char c = sql.charAt(i);
      if (Character.isWhitespace(c) || c == '(') {
        i++;
      } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
        while (i < n && sql.charAt(i) != '\n') {
          i++;
        }
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        int end = sql.indexOf("*/", i + 2);
        i = end < 0 ? n : end + 2;
      } else {
        break;
      }
    }
    int start = i;
    while (i < n && Character.isLetter(sql.charAt(i))) {
      i++;
    }
    return sql.substring(start, i).toUpperCase(Locale.ROOT);
  }
}
