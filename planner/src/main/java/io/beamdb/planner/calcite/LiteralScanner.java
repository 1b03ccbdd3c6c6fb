package io.beamdb.planner.calcite;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.List;

/**
 * A small SQL lexer that finds the numeric and character-string literals of a statement and
 * produces its <em>skeleton</em> (the text with each literal replaced by a marker), in about a
 * microsecond. The engine uses it as the first step of the plan cache for plain statements:
 * statements with the same skeleton differ only in literals, so once one of them has been
 * normalized by {@link StatementNormalizer} (which decides, with Calcite's parser, which literals
 * may become parameters), the others are bound without parsing. Quoted identifiers and comments
 * are skipped; a digit run that continues an identifier ({@code col0}) is not a literal.
 * Stateless and thread-safe.
 */
public final class LiteralScanner {
  /** Markers that replace a numeric / string literal in a skeleton (control characters, refused in SQL text). */
  private static final char MARK = '\u0001';
  private static final char STRING_MARK = '\u0002';

  private LiteralScanner() {
  }

  /**
   * A literal in the statement text.
   *
   * @param offset first character (the opening quote of a string)
   * @param text   the literal as written
   * @param string true for a character string literal
   */
  public record Literal(int offset, String text, boolean string) {
    /** The value, in the form {@link StatementNormalizer} extracts it. */
    public Object value() {
      if (string) {
        return text.substring(1, text.length() - 1).replace("''", "'");
      }
      BigDecimal bd = new BigDecimal(text);
      if (text.indexOf('e') >= 0 || text.indexOf('E') >= 0) {
        return bd.doubleValue();
      }
      if (bd.scale() <= 0 && bd.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0) {
        return bd.longValueExact();
      }
      return bd;
    }
  }

  /** The skeleton and the literals, in text order. */
  public record Scan(String skeleton, List<Literal> literals) {
  }

  /** Scans {@code sql}; null when the text cannot be scanned (e.g. an unterminated quote). */
  public static Scan scan(String sql) {
    StringBuilder skeleton = new StringBuilder(sql.length());
    List<Literal> literals = new ArrayList<>();
    int n = sql.length();
    int i = 0;
    while (i < n) {
      char c = sql.charAt(i);
      if (c == MARK || c == STRING_MARK) {
        return null;
      }
      if (c == '\'') {
        int j = i + 1;
        while (true) {
          if (j >= n) {
            return null;
          }
          if (sql.charAt(j) == '\'') {
            if (j + 1 < n && sql.charAt(j + 1) == '\'') {
              j += 2;
              continue;
            }
            break;
          }
          j++;
        }
        // a prefix letter (X'..', N'..', E'..', U&'..') makes it another kind of literal
        boolean prefixed = i > 0 && Character.isLetter(sql.charAt(i - 1));
        if (prefixed) {
          skeleton.append(sql, i, j + 1);
        } else {
          literals.add(new Literal(i, sql.substring(i, j + 1), true));
          skeleton.append(STRING_MARK);
        }
        i = j + 1;
      } else if (c == '"') {
        int j = sql.indexOf('"', i + 1);
        if (j < 0) {
          return null;
        }
        skeleton.append(sql, i, j + 1);
        i = j + 1;
      } else if (c == '-' && i + 1 < n && sql.charAt(i + 1) == '-') {
        int j = sql.indexOf('\n', i);
        j = j < 0 ? n : j;
        skeleton.append(sql, i, j);
        i = j;
      } else if (c == '/' && i + 1 < n && sql.charAt(i + 1) == '*') {
        int j = sql.indexOf("*/", i + 2);
        if (j < 0) {
          return null;
        }
        skeleton.append(sql, i, j + 2);
        i = j + 2;
      } else if (Character.isDigit(c) || (c == '.' && i + 1 < n && Character.isDigit(sql.charAt(i + 1)))) {
        boolean partOfIdentifier = i > 0 && (Character.isLetterOrDigit(sql.charAt(i - 1)) || sql.charAt(i - 1) == '_'
            || sql.charAt(i - 1) == '$');
        int j = i;
        while (j < n && (Character.isDigit(sql.charAt(j)) || sql.charAt(j) == '.')) {
          j++;
        }
        if (j < n && (sql.charAt(j) == 'e' || sql.charAt(j) == 'E')) {
          int k = j + 1;
          if (k < n && (sql.charAt(k) == '+' || sql.charAt(k) == '-')) {
            k++;
          }
          if (k < n && Character.isDigit(sql.charAt(k))) {
            j = k;
            while (j < n && Character.isDigit(sql.charAt(j))) {
              j++;
            }
          }
        }
        boolean followedByIdentifier = j < n && (Character.isLetter(sql.charAt(j)) || sql.charAt(j) == '_');
        if (partOfIdentifier || followedByIdentifier) {
          skeleton.append(sql, i, j);
        } else {
          literals.add(new Literal(i, sql.substring(i, j), false));
          skeleton.append(MARK);
        }
        i = j;
      } else {
        skeleton.append(c);
        i++;
      }
    }
    return new Scan(skeleton.toString(), literals);
  }
}
