package io.beamdb.planner.exec;

import io.beamdb.planner.expr.Values;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** Small helpers for rows: concatenation, hash keys, draining an operator. Stateless. */
public final class Rows {
  private Rows() {
  }

  /** {@code left} followed by {@code right}; a null side contributes {@code width} NULLs. */
  public static Object[] concat(Object[] left, int leftWidth, Object[] right, int rightWidth) {
    Object[] out = new Object[leftWidth + rightWidth];
    if (left != null) {
      System.arraycopy(left, 0, out, 0, leftWidth);
    }
    if (right != null) {
      System.arraycopy(right, 0, out, leftWidth, rightWidth);
    }
    return out;
  }

  /** A hashable key of the given fields (SQL-equal values give equal keys). */
  public static List<Object> key(Object[] row, int[] fields) {
    Object[] k = new Object[fields.length];
    for (int i = 0; i < fields.length; i++) {
      k[i] = Values.hashKey(row[fields[i]]);
    }
    return Arrays.asList(k);
  }

  /** A hashable key of a whole row. */
  public static List<Object> key(Object[] row) {
    Object[] k = new Object[row.length];
    for (int i = 0; i < row.length; i++) {
      k[i] = Values.hashKey(row[i]);
    }
    return Arrays.asList(k);
  }

  /** Reads every row of {@code op} (copied) and closes it. */
  public static List<Object[]> drain(Operator op) throws SQLException {
    List<Object[]> out = new ArrayList<>();
    try {
      Object[] r;
      while ((r = op.next()) != null) {
        out.add(r.clone());
      }
    } finally {
      op.close();
    }
    return out;
  }

  /** An operator over a list of rows. */
  public static Operator of(List<Object[]> rows) {
    return new Operator() {
      int i;

      @Override
      public Object[] next() {
        return i < rows.size() ? rows.get(i++) : null;
      }

      @Override
      public void close() {
      }
    };
  }
}
