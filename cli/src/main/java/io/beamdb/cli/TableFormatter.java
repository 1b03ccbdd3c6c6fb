package io.beamdb.cli;

import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * Renders a result as an aligned text table:
 *
 * <pre>
 * +----+-------+
 * | ID | NAME  |
 * +----+-------+
 * |  1 | alice |
 * |  2 | NULL  |
 * +----+-------+
 * </pre>
 *
 * Numeric columns are right-aligned, everything else left-aligned; SQL NULL prints as
 * {@code NULL}; control characters in values are escaped so a row stays on one line.
 */
public final class TableFormatter {

  /** A fully materialized result: column labels, rows of rendered cells, alignment. */
  public record Table(List<String> headers, List<String[]> rows, boolean[] rightAligned) {}

  private TableFormatter() {}

  /** Reads every remaining row of {@code rs} and renders each value as display text. */
  public static Table read(ResultSet rs) throws SQLException {
    ResultSetMetaData md = rs.getMetaData();
    int columns = md.getColumnCount();
    List<String> headers = new ArrayList<>(columns);
    boolean[] numeric = new boolean[columns];
    for (int i = 1; i <= columns; i++) {
      String label = md.getColumnLabel(i);
      headers.add(label == null || label.isEmpty() ? md.getColumnName(i) : label);
      numeric[i - 1] = isNumericType(md.getColumnType(i));
    }
    List<String[]> rows = new ArrayList<>();
    while (rs.next()) {
      String[] row = new String[columns];
      for (int i = 1; i <= columns; i++) {
        row[i - 1] = render(rs, i);
      }
      rows.add(row);
    }
    return new Table(headers, rows, numeric);
  }

  /** Formats a table read by {@link #read}. */
  public static String format(Table table) {
    return format(table.headers(), table.rows(), table.rightAligned());
  }

  /**
   * Formats headers and rows; a null cell prints as NULL. {@code rightAligned} may be null (all
   * left-aligned) and is indexed by column.
   */
  public static String format(List<String> headers, List<String[]> rows, boolean[] rightAligned) {
    int columns = headers.size();
    int[] widths = new int[columns];
    for (int c = 0; c < columns; c++) {
      widths[c] = escape(headers.get(c)).length();
    }
    for (String[] row : rows) {
      for (int c = 0; c < columns; c++) {
        widths[c] = Math.max(widths[c], cell(row, c).length());
      }
    }
    StringBuilder border = new StringBuilder("+");
    for (int width : widths) {
      border.append("-".repeat(width + 2)).append('+');
    }
    border.append('\n');

    StringBuilder out = new StringBuilder();
    out.append(border);
    appendRow(out, headers.stream().map(TableFormatter::escape).toArray(String[]::new), widths, null);
    out.append(border);
    for (String[] row : rows) {
      String[] cells = new String[columns];
      for (int c = 0; c < columns; c++) {
        cells[c] = cell(row, c);
      }
      appendRow(out, cells, widths, rightAligned);
    }
    if (!rows.isEmpty()) {
      out.append(border);
    }
    return out.toString();
  }

  private static void appendRow(StringBuilder out, String[] cells, int[] widths, boolean[] right) {
    out.append('|');
    for (int c = 0; c < widths.length; c++) {
      String value = cells[c];
      int pad = widths[c] - value.length();
      out.append(' ');
      if (right != null && c < right.length && right[c]) {
        out.append(" ".repeat(pad)).append(value);
      } else {
        out.append(value).append(" ".repeat(pad));
      }
      out.append(" |");
    }
    out.append('\n');
  }

  private static String cell(String[] row, int c) {
    String value = c < row.length ? row[c] : null;
    return value == null ? "NULL" : escape(value);
  }

  /** Keeps a value on one line: newlines, tabs and other control characters are escaped. */
  static String escape(String s) {
    StringBuilder sb = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f) {
        if (sb == null) {
          sb = new StringBuilder(s.length() + 8).append(s, 0, i);
        }
        switch (c) {
          case '\n' -> sb.append("\\n");
          case '\r' -> sb.append("\\r");
          case '\t' -> sb.append("\\t");
          default -> sb.append(String.format("\\x%02x", (int) c));
        }
      } else if (sb != null) {
        sb.append(c);
      }
    }
    return sb == null ? s : sb.toString();
  }

  private static String render(ResultSet rs, int column) throws SQLException {
    Object value = rs.getObject(column);
    if (value == null) {
      return null;
    }
    if (value instanceof BigDecimal decimal) {
      return decimal.toPlainString();
    }
    if (value instanceof Number || value instanceof Boolean) {
      return value.toString();
    }
    if (value instanceof byte[] bytes) {
      StringBuilder hex = new StringBuilder("X'");
      for (byte b : bytes) {
        hex.append(String.format("%02x", b & 0xff));
      }
      return hex.append('\'').toString();
    }
    String text = rs.getString(column);
    return text == null ? value.toString() : text;
  }

  static boolean isNumericType(int sqlType) {
    switch (sqlType) {
      case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT, Types.REAL, Types.FLOAT,
          Types.DOUBLE, Types.NUMERIC, Types.DECIMAL:
        return true;
      default:
        return false;
    }
  }
}
