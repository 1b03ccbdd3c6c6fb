package io.beamdb.difftest;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Compares result sets of two engines. Normalizations, each because the engines may
 * legitimately differ in the result <em>type</em> while agreeing on the value:
 * <ul>
 *   <li>Every exact number (TINYINT..BIGINT, DECIMAL of any scale) is compared by value:
 *       {@code 2}, {@code 2.00} and {@code 2::BIGINT} are equal (H2 and Calcite derive different
 *       result types for e.g. SUM, CASE and set operations).</li>
 *   <li>DOUBLE/REAL values are compared by their shortest decimal form
 *       ({@link BigDecimal#valueOf(double)}), so a DOUBLE {@code 0.1} equals a DECIMAL
 *       {@code 0.1} (H2 widens DOUBLE with DECIMAL to DECFLOAT); {@code -0.0} equals
 *       {@code 0.0}.</li>
 *   <li>Columns marked approximate (AVG) are compared as doubles with a relative tolerance of
 *       {@value #TOLERANCE}: the precision and scale of AVG are implementation-defined
 *       (SQL:2016 10.9 SR 7).</li>
 *   <li>DATE values are compared as ISO text, whatever class the driver returns.</li>
 *   <li>Rows are compared as multisets unless the ORDER BY determines the order of all columns;
 *       with a partial ORDER BY, the sequence of sort-key values must match.</li>
 * </ul>
 */
final class Normalizer {

  static final double TOLERANCE = 1e-6;

  private Normalizer() {}

  /** The comparable form of one value: a String for exact values, a Double for approximate. */
  static Object norm(Object v, boolean approx) {
    if (v == null) {
      return approx ? null : "NULL";
    }
    if (approx) {
      if (v instanceof Number n) {
        return n.doubleValue();
      }
      return "?" + v;
    }
    if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        return "N:" + d;
      }
      if (d == 0) {
        d = 0;
      }
      return "N:" + BigDecimal.valueOf(d).stripTrailingZeros().toPlainString();
    }
    if (v instanceof BigDecimal b) {
      return "N:" + (b.signum() == 0 ? "0" : b.stripTrailingZeros().toPlainString());
    }
    if (v instanceof Long || v instanceof Integer || v instanceof Short || v instanceof Byte
        || v instanceof BigInteger) {
      return "N:" + v;
    }
    if (v instanceof Boolean) {
      return "B:" + v;
    }
    if (v instanceof String s) {
      return "S:" + s;
    }
    if (v instanceof java.sql.Date || v instanceof java.time.LocalDate) {
      return "D:" + v;
    }
    return v.getClass().getSimpleName() + ":" + v;
  }

  static String render(List<Object> row) {
    StringBuilder sb = new StringBuilder("(");
    for (int i = 0; i < row.size(); i++) {
      Object v = row.get(i);
      sb.append(i == 0 ? "" : ", ");
      if (v instanceof String s) {
        sb.append('\'').append(s).append('\'');
      } else {
        sb.append(v);
      }
    }
    return sb.append(')').toString();
  }

  private static List<List<Object>> normAll(List<List<Object>> rows, boolean[] approx) {
    List<List<Object>> out = new ArrayList<>(rows.size());
    for (List<Object> r : rows) {
      List<Object> n = new ArrayList<>(r.size());
      for (int i = 0; i < r.size(); i++) {
        n.add(norm(r.get(i), i < approx.length && approx[i]));
      }
      out.add(n);
    }
    return out;
  }

  private static final Comparator<Object> VALUE = (x, y) -> {
    if (x == y) {
      return 0;
    }
    if (x == null) {
      return -1;
    }
    if (y == null) {
      return 1;
    }
    if (x instanceof Double dx && y instanceof Double dy) {
      return Double.compare(dx, dy);
    }
    return x.toString().compareTo(y.toString());
  };

  private static final Comparator<List<Object>> ROW = (a, b) -> {
    // exact columns first, so that approximate noise does not reorder otherwise equal rows
    for (int pass = 0; pass < 2; pass++) {
      for (int i = 0; i < Math.min(a.size(), b.size()); i++) {
        boolean isApprox = a.get(i) instanceof Double || b.get(i) instanceof Double;
        if ((pass == 0) == isApprox) {
          continue;
        }
        int c = VALUE.compare(a.get(i), b.get(i));
        if (c != 0) {
          return c;
        }
      }
    }
    return Integer.compare(a.size(), b.size());
  };

  static boolean same(Object x, Object y) {
    if (x instanceof Double dx && y instanceof Double dy) {
      double scale = Math.max(1, Math.max(Math.abs(dx), Math.abs(dy)));
      return Math.abs(dx - dy) <= TOLERANCE * scale;
    }
    return x == null ? y == null : x.equals(y);
  }

  private static boolean sameRow(List<Object> a, List<Object> b) {
    if (a.size() != b.size()) {
      return false;
    }
    for (int i = 0; i < a.size(); i++) {
      if (!same(a.get(i), b.get(i))) {
        return false;
      }
    }
    return true;
  }

  /**
   * Null when the results agree, else a short description of the difference.
   *
   * @param approx per column: compare with a tolerance
   * @param orderKeys 0-based columns of the ORDER BY in order (empty: unordered)
   * @param fullyOrdered whether the ORDER BY determines the order of every column
   */
  static String compare(List<List<Object>> a, List<List<Object>> b, boolean[] approx,
      List<Integer> orderKeys, boolean fullyOrdered) {
    if (a.size() != b.size()) {
      return "row counts differ: " + a.size() + " vs " + b.size();
    }
    List<List<Object>> na = normAll(a, approx);
    List<List<Object>> nb = normAll(b, approx);
    if (!orderKeys.isEmpty()) {
      for (int r = 0; r < na.size(); r++) {
        for (int k : orderKeys) {
          if (!same(na.get(r).get(k), nb.get(r).get(k))) {
            return "order differs at row " + (r + 1) + ", column " + (k + 1);
          }
        }
      }
    }
    if (fullyOrdered && !orderKeys.isEmpty()) {
      for (int r = 0; r < na.size(); r++) {
        if (!sameRow(na.get(r), nb.get(r))) {
          return "row " + (r + 1) + " differs";
        }
      }
      return null;
    }
    na.sort(ROW);
    nb.sort(ROW);
    boolean equal = true;
    for (int r = 0; r < na.size() && equal; r++) {
      equal = sameRow(na.get(r), nb.get(r));
    }
    if (equal) {
      return null;
    }
    // approximate values may sort differently: match greedily
    List<List<Object>> rest = new ArrayList<>(nb);
    for (List<Object> row : na) {
      boolean found = false;
      for (int i = 0; i < rest.size(); i++) {
        if (sameRow(row, rest.get(i))) {
          rest.remove(i);
          found = true;
          break;
        }
      }
      if (!found) {
        return "row " + row + " of the first result is missing from the second";
      }
    }
    return null;
  }
}
