package io.beamdb.planner.exec;

import io.beamdb.planner.expr.Expr;
import io.beamdb.planner.expr.Values;
import io.beamdb.sql.SqlErrors;

import java.sql.SQLException;
import java.util.Comparator;
import java.util.List;

/**
 * Sorts its input (in memory) and applies OFFSET/FETCH; with no sort keys it only limits,
 * streaming without materializing.
 */
public final class SortNode implements PlanNode {
  /**
   * One sort key.
   *
   * @param field      input field
   * @param descending descending order
   * @param nullsFirst NULLs before non-NULL values
   */
  public record Key(int field, boolean descending, boolean nullsFirst) {
  }

  private final PlanNode input;
  private final Key[] keys;
  private final Expr offset;
  private final Expr fetch;
  private final String text;

  public SortNode(PlanNode input, Key[] keys, Expr offset, Expr fetch, String text) {
    this.input = input;
    this.keys = keys;
    this.offset = offset;
    this.fetch = fetch;
    this.text = text;
  }

  @Override
  public Operator open(ExecContext ctx) throws SQLException {
    long skip = bound(offset, ctx, 0);
    long limit = bound(fetch, ctx, Long.MAX_VALUE);
    Operator source;
    if (keys.length > 0) {
      List<Object[]> rows = Rows.drain(input.open(ctx));
      rows.sort(comparator());
      source = Rows.of(rows);
    } else {
      source = input.open(ctx);
    }
    Operator in = source;
    return new Operator() {
      long skipped;
      long returned;

      @Override
      public Object[] next() throws SQLException {
        while (skipped < skip) {
          if (in.next() == null) {
            return null;
          }
          skipped++;
        }
        if (returned >= limit) {
          return null;
        }
        Object[] r = in.next();
        if (r != null) {
          returned++;
        }
        return r;
      }

      @Override
      public void close() {
        in.close();
      }
    };
  }

  private static long bound(Expr e, ExecContext ctx, long dflt) throws SQLException {
    if (e == null) {
      return dflt;
    }
    Object v = e.eval(null, ctx);
    if (v == null) {
      return dflt;
    }
    long n = ((Number) v).longValue();
    if (n < 0) {
      throw new SQLException("OFFSET and FETCH/LIMIT must not be negative, got " + n, "2201X");
    }
    return n;
  }

  private Comparator<Object[]> comparator() {
    return comparator(keys);
  }

  /** Orders rows by {@code keys} (SQL semantics: NULLS FIRST/LAST, DESC). */
  static Comparator<Object[]> comparator(Key[] keys) {
    return (a, b) -> {
      for (Key k : keys) {
        Object x = a[k.field];
        Object y = b[k.field];
        int c;
        if (x == null || y == null) {
          if (x == y) {
            continue;
          }
          c = (x == null) == k.nullsFirst ? -1 : 1;
          return c;
        }
        c = Values.compare(x, y);
        if (c != 0) {
          return k.descending ? -c : c;
        }
      }
      return 0;
    };
  }

  @Override
  public String describe() {
    return (keys.length > 0 ? "Sort(" : "Limit(") + text + ")";
  }

  @Override
  public List<PlanNode> inputs() {
    return List.of(input);
  }

  static SQLException unused() {
    return SqlErrors.unsupported("sort");
  }
}
