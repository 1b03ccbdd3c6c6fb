package io.beamdb.cli;

import java.util.ArrayList;
import java.util.List;

/**
 * Cuts SQL text into statements at top-level semicolons.
 *
 * <p>The splitter is fed line by line (the shell reads lines, a script is a sequence of lines)
 * and keeps its lexical state between lines, so a statement may span many lines. A {@code ;}
 * ends a statement only outside of:
 *
 * <pre>
 *   'single quoted strings'      ('' inside is an escaped quote)
 *   "double quoted identifiers"  ("" inside is an escaped quote)
 *   -- line comments
 *   /* block comments *&#47;
 * </pre>
 *
 * <p>Leading whitespace and comments are dropped from each statement, the terminating
 * {@code ;} is not part of it, and a "statement" made only of comments is never emitted.
 */
public final class StatementSplitter {

  private enum State { NORMAL, SINGLE_QUOTE, DOUBLE_QUOTE, LINE_COMMENT, BLOCK_COMMENT }

  private final StringBuilder buffer = new StringBuilder();
  private State state = State.NORMAL;
  /** Index in {@link #buffer} of the first character that is neither blank nor comment; -1 if none. */
  private int contentStart = -1;

  /** Splits a whole script; an unterminated last statement is included. */
  public static List<String> split(String script) {
    StatementSplitter splitter = new StatementSplitter();
    List<String> statements = new ArrayList<>();
    for (String line : script.split("\r?\n", -1)) {
      statements.addAll(splitter.addLine(line));
    }
    String rest = splitter.finish();
    if (rest != null) {
      statements.add(rest);
    }
    return statements;
  }

  /** Feeds one line (without its line terminator); returns the statements it completed. */
  public List<String> addLine(String line) {
    List<String> completed = new ArrayList<>(1);
    int n = line.length();
    for (int i = 0; i < n; i++) {
      char c = line.charAt(i);
      char next = i + 1 < n ? line.charAt(i + 1) : '\0';
      switch (state) {
        case NORMAL:
          if (c == ';' && insideTriggerBody()) {
            buffer.append(c); // a statement of a CREATE TRIGGER ... BEGIN ... END body
            continue;
          }
          if (c == ';') {
            String statement = current();
            if (statement != null) {
              completed.add(statement);
            }
            reset();
            continue;
          }
          if (c == '-' && next == '-') {
            state = State.LINE_COMMENT;
          } else if (c == '/' && next == '*') {
            state = State.BLOCK_COMMENT;
            buffer.append(c).append(next);
            i++;
            continue;
          } else if (c == '\'') {
            state = State.SINGLE_QUOTE;
            markContent();
          } else if (c == '"') {
            state = State.DOUBLE_QUOTE;
            markContent();
          } else if (!Character.isWhitespace(c)) {
            markContent();
          }
          buffer.append(c);
          break;
        case SINGLE_QUOTE:
          buffer.append(c);
          if (c == '\'') {
            state = State.NORMAL; // a doubled '' re-enters the string at the next character
          }
          break;
        case DOUBLE_QUOTE:
          buffer.append(c);
          if (c == '"') {
            state = State.NORMAL;
          }
          break;
        case LINE_COMMENT:
          buffer.append(c);
          break;
        case BLOCK_COMMENT:
          buffer.append(c);
          if (c == '*' && next == '/') {
            buffer.append(next);
            i++;
            state = State.NORMAL;
          }
          break;
        default:
          throw new AssertionError(state);
      }
    }
    if (state == State.LINE_COMMENT) {
      state = State.NORMAL;
    }
    if (buffer.length() > 0) {
      buffer.append('\n');
    }
    return completed;
  }

  /** Ends the input: returns the unterminated statement, if it has any content, and resets. */
  public String finish() {
    String statement = current();
    reset();
    return statement;
  }

  /**
   * True when nothing but blanks and comments has been seen since the last statement ended
   * (the shell then shows its primary prompt and accepts meta commands).
   */
  public boolean isEmpty() {
    return contentStart < 0 && (state == State.NORMAL || state == State.LINE_COMMENT);
  }

  private void markContent() {
    if (contentStart < 0) {
      contentStart = buffer.length();
    }
  }

  private String current() {
    if (contentStart < 0) {
      return null;
    }
    String statement = buffer.substring(contentStart).strip();
    return statement.isEmpty() ? null : statement;
  }

  private static final java.util.regex.Pattern TRIGGER_HEAD =
      java.util.regex.Pattern.compile("(?is)CREATE\\s+(?:TEMP\\w*\\s+)?TRIGGER\\b.*\\bBEGIN\\b.*");
  private static final java.util.regex.Pattern BLOCK_WORD = java.util.regex.Pattern.compile("(?i)\\b(BEGIN|CASE|END)\\b");

  /**
   * True inside the BEGIN ... END body of a CREATE TRIGGER, where {@code ;} separates the
   * body's statements: more BEGIN/CASE than END words so far (outside strings and comments).
   */
  private boolean insideTriggerBody() {
    String text = current();
    if (text == null || !TRIGGER_HEAD.matcher(text).matches()) {
      return false;
    }
    String code = text.replaceAll("'(?:[^']|'')*'|\"(?:[^\"]|\"\")*\"|--[^\n]*|/\\*(?s:.*?)\\*/", " ");
    int open = 0;
    java.util.regex.Matcher m = BLOCK_WORD.matcher(code);
    while (m.find()) {
      open += m.group(1).equalsIgnoreCase("END") ? -1 : 1;
    }
    return open > 0;
  }

  private void reset() {
    buffer.setLength(0);
    contentStart = -1;
    state = State.NORMAL;
  }
}
