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

  /**
   * Most bytes (estimated) one materialization may hold: a sort, a hash-join build side, a set
   * operation's input, the rows of a DML statement. JVM-wide: {@code -Dbeamdb.maxQueryMemory=BYTES},
   * default a quarter of the maximum heap. Beyond it the statement fails with SQLState 53200
   * instead of running the JVM out of memory (nothing spills to disk yet).
   */
  public static long maxMaterializedBytes() {
    return Long.getLong("beamdb.maxQueryMemory", Runtime.getRuntime().maxMemory() / 4);
  }

  /** Rough heap footprint of a row: array, boxed values, string and binary contents. */
  static long estimateBytes(Object[] row) {
    long n = 16 + 8L * row.length;
    for (Object v : row) {
      if (v instanceof String s) {
        n += 48 + s.length();
      } else if (v instanceof byte[] b) {
        n += 16 + b.length;
      } else if (v != null) {
        n += 32;
      }
    }
    return n;
  }

  /**
   * Reads every row of {@code op} (copied) and closes it.
   *
   * @throws SQLException 53200 when the rows would take more than {@link #maxMaterializedBytes()}
   */
  public static List<Object[]> drain(Operator op) throws SQLException {
    List<Object[]> out = new ArrayList<>();
    long budget = maxMaterializedBytes();
    long bytes = 0;
    try {
      Object[] r;
      while ((r = op.next()) != null) {
        bytes += estimateBytes(r);
        if (bytes > budget) {
          throw new SQLException("Out of query memory: one sort, join, set operation or DML statement needs more than "
              + budget / (1024 * 1024) + " MiB for its rows (" + out.size() + " rows so far); nothing spills to disk yet."
              + " Narrow the query, or raise -Dbeamdb.maxQueryMemory", "53200");
        }
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
