package io.beamdb.planner.exec;

import io.beamdb.sql.SqlErrors;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;

/**
 * Window functions (SQL:2016 7.11, Calcite's {@code LogicalWindow}): for every input row,
 * values computed over the rows of its partition, ordered and framed. Reads the whole input,
 * then per window group sorts the rows by partition and order keys and evaluates each call:
 * ROW_NUMBER, RANK, DENSE_RANK, PERCENT_RANK, CUME_DIST, NTILE, LAG, LEAD, FIRST_VALUE,
 * LAST_VALUE, NTH_VALUE, and the aggregates (COUNT, SUM, AVG, MIN, MAX, ...) over ROWS frames
 * with any bounds or RANGE frames bounded by UNBOUNDED or CURRENT ROW (peers). A frame that
 * starts at UNBOUNDED PRECEDING is aggregated incrementally, O(n) per partition; other frames
 * cost O(frame) per row.
 *
 * <p>Output row: the input row followed by one value per call, groups in order. Input
 * references at or past the input width denote {@code constants} (Calcite's convention).
 */
public final class WindowNode implements PlanNode {
  /** Window function kinds. */
  public enum Fn { ROW_NUMBER, RANK, DENSE_RANK, PERCENT_RANK, CUME_DIST, NTILE, LAG, LEAD, FIRST_VALUE,
    LAST_VALUE, NTH_VALUE, AGGREGATE }

  /** One call: the function, its argument fields, and for aggregates the aggregate call. */
  public record Call(Fn fn, int[] args, AggregateNode.Call aggregate) {
  }

  /**
   * A frame bound: {@code UNBOUNDED PRECEDING/FOLLOWING}, {@code CURRENT ROW}, or {@code offset
   * PRECEDING/FOLLOWING} (rows).
   */
  public record Bound(boolean unbounded, boolean currentRow, boolean preceding, long offset) {
  }

  /** A window group: calls sharing partition, order and frame. */
  public record Group(int[] partition, SortNode.Key[] order, boolean rows, Bound lower, Bound upper, Call[] calls) {
  }

  private final PlanNode input;
  private final int inputWidth;
  private final Object[] constants;
  private final Group[] groups;
  private final String text;

  public WindowNode(PlanNode input, int inputWidth, Object[] constants, Group[] groups, String text) {
    this.input = input;
    this.inputWidth = inputWidth;
    this.constants = constants;
    this.groups = groups;
    this.text = text;
  }

  @Override
  public Operator open(ExecContext ctx) throws SQLException {
    List<Object[]> rows = new ArrayList<>();
    int calls = 0;
    for (Group g : groups) {
      calls += g.calls().length;
    }
    try (Operator in = input.open(ctx)) {
      Object[] r;
      while ((r = in.next()) != null) {
        ctx.checkInterrupted();
        Object[] ext = Arrays.copyOf(r, inputWidth + constants.length + calls);
        System.arraycopy(constants, 0, ext, inputWidth, constants.length);
        rows.add(ext);
      }
    }
    int out = inputWidth + constants.length;
    for (Group g : groups) {
      evaluate(g, rows, out, ctx);
      out += g.calls().length;
    }
    List<Object[]> result = new ArrayList<>(rows.size());
    for (Object[] ext : rows) {
      Object[] o = new Object[inputWidth + calls];
      System.arraycopy(ext, 0, o, 0, inputWidth);
      System.arraycopy(ext, inputWidth + constants.length, o, inputWidth, calls);
      result.add(o);
    }
    return Rows.of(result);
  }

  private void evaluate(Group g, List<Object[]> rows, int out, ExecContext ctx) throws SQLException {
    SortNode.Key[] partKeys = new SortNode.Key[g.partition().length];
    for (int i = 0; i < partKeys.length; i++) {
      partKeys[i] = new SortNode.Key(g.partition()[i], false, true);
    }
    Comparator<Object[]> byPartition = SortNode.comparator(partKeys);
    Comparator<Object[]> byOrder = SortNode.comparator(g.order());
    List<Object[]> sorted = new ArrayList<>(rows);
    sorted.sort(byPartition.thenComparing(byOrder));
    int n = sorted.size();
    int ps = 0;
    while (ps < n) {
      int pe = ps + 1;
      while (pe < n && byPartition.compare(sorted.get(ps), sorted.get(pe)) == 0) {
        pe++;
      }
      partition(g, sorted.subList(ps, pe), byOrder, out, ctx);
      ps = pe;
    }
  }

  private void partition(Group g, List<Object[]> part, Comparator<Object[]> byOrder, int out, ExecContext ctx)
      throws SQLException {
    int n = part.size();
    // peer groups: rows equal on the ORDER BY keys
    int[] peerStart = new int[n];
    int[] peerEnd = new int[n];
    int[] denseRank = new int[n];
    for (int i = 0, dense = 0; i < n; ) {
      int j = i + 1;
      while (j < n && byOrder.compare(part.get(i), part.get(j)) == 0) {
        j++;
      }
      dense++;
      for (int k = i; k < j; k++) {
        peerStart[k] = i;
        peerEnd[k] = j - 1;
        denseRank[k] = dense;
      }
      i = j;
    }
    for (int c = 0; c < g.calls().length; c++) {
      Call call = g.calls()[c];
      int field = out + c;
      switch (call.fn()) {
        case ROW_NUMBER:
          for (int i = 0; i < n; i++) {
            part.get(i)[field] = (long) (i + 1);
          }
          break;
        case RANK:
          for (int i = 0; i < n; i++) {
            part.get(i)[field] = (long) (peerStart[i] + 1);
          }
          break;
        case DENSE_RANK:
          for (int i = 0; i < n; i++) {
            part.get(i)[field] = (long) denseRank[i];
          }
          break;
        case PERCENT_RANK:
          for (int i = 0; i < n; i++) {
            part.get(i)[field] = n == 1 ? 0.0 : (double) peerStart[i] / (n - 1);
          }
          break;
        case CUME_DIST:
          for (int i = 0; i < n; i++) {
            part.get(i)[field] = (double) (peerEnd[i] + 1) / n;
          }
          break;
        case NTILE: {
          long buckets = number(part.get(0)[call.args()[0]], "NTILE bucket count");
          if (buckets <= 0) {
            throw new SQLException("NTILE needs a positive bucket count, got " + buckets, "22014");
          }
          long size = n / buckets;
          long extra = n % buckets;
          for (int i = 0; i < n; i++) {
            // the first `extra` buckets hold size + 1 rows
            long bucket = i < extra * (size + 1) ? i / (size + 1) : extra + (i - extra * (size + 1)) / Math.max(size, 1);
            part.get(i)[field] = bucket + 1;
          }
          break;
        }
        case LAG:
        case LEAD: {
          int[] a = call.args();
          for (int i = 0; i < n; i++) {
            long off = a.length > 1 ? number(part.get(i)[a[1]], call.fn() + " offset") : 1;
            long j = call.fn() == Fn.LAG ? i - off : i + off;
            part.get(i)[field] = j >= 0 && j < n ? part.get((int) j)[a[0]] : (a.length > 2 ? part.get(i)[a[2]] : null);
          }
          break;
        }
        default:
          framed(g, call, part, peerStart, peerEnd, field, ctx);
      }
    }
  }

  /** FIRST_VALUE, LAST_VALUE, NTH_VALUE and aggregates over each row's frame. */
  private void framed(Group g, Call call, List<Object[]> part, int[] peerStart, int[] peerEnd, int field,
                      ExecContext ctx) throws SQLException {
    int n = part.size();
    boolean incremental = call.fn() == Fn.AGGREGATE && g.lower().unbounded() && g.lower().preceding();
    AggregateNode.Acc running = incremental ? new AggregateNode.Acc() : null;
    int added = 0;
    for (int i = 0; i < n; i++) {
      ctx.checkInterrupted();
      Object[] row = part.get(i);
      int start = Math.max(0, bound(g, g.lower(), i, n, peerStart, peerEnd, row, true));
      int end = Math.min(n - 1, bound(g, g.upper(), i, n, peerStart, peerEnd, row, false));
      if (incremental) {
        for (; added <= end && added < n; added++) {
          accumulate(running, call.aggregate(), part.get(added));
        }
        row[field] = running.result(call.aggregate());
        continue;
      }
      if (start > end) {
        row[field] = call.fn() == Fn.AGGREGATE ? new AggregateNode.Acc().result(call.aggregate()) : null;
        continue;
      }
      switch (call.fn()) {
        case FIRST_VALUE:
          row[field] = part.get(start)[call.args()[0]];
          break;
        case LAST_VALUE:
          row[field] = part.get(end)[call.args()[0]];
          break;
        case NTH_VALUE: {
          long nth = number(row[call.args()[1]], "NTH_VALUE position");
          if (nth <= 0) {
            throw new SQLException("NTH_VALUE needs a positive position, got " + nth, "22016");
          }
          long at = start + nth - 1;
          row[field] = at <= end ? part.get((int) at)[call.args()[0]] : null;
          break;
        }
        default: {
          AggregateNode.Acc acc = new AggregateNode.Acc();
          for (int j = start; j <= end; j++) {
            accumulate(acc, call.aggregate(), part.get(j));
          }
          row[field] = acc.result(call.aggregate());
        }
      }
    }
  }

  private static void accumulate(AggregateNode.Acc acc, AggregateNode.Call c, Object[] row) throws SQLException {
    if (c.filterArg() >= 0 && !Boolean.TRUE.equals(row[c.filterArg()])) {
      return;
    }
    acc.add(row, c);
  }

  /** The partition index of a frame bound for the row at {@code i}; may fall outside [0, n). */
  private static int bound(Group g, Bound b, int i, int n, int[] peerStart, int[] peerEnd, Object[] row, boolean lower)
      throws SQLException {
    if (b.unbounded()) {
      return b.preceding() ? 0 : n - 1;
    }
    if (b.currentRow()) {
      if (g.rows()) {
        return i;
      }
      return lower ? peerStart[i] : peerEnd[i];
    }
    if (!g.rows()) {
      throw SqlErrors.unsupported("RANGE frames with an offset (use ROWS, or RANGE with UNBOUNDED / CURRENT ROW)");
    }
    long off = b.offset();
    if (off < 0) {
      throw new SQLException("Window frame offsets must not be negative, got " + off, "22013");
    }
    long at = b.preceding() ? i - off : i + off;
    return (int) Math.max(-1, Math.min(n, at));
  }

  private static long number(Object v, String what) throws SQLException {
    if (!(v instanceof Number)) {
      throw new SQLException(what + " must be a non-null integer, got " + v, "22023");
    }
    return ((Number) v).longValue();
  }

  @Override
  public String describe() {
    return "Window(" + text + ")";
  }

  @Override
  public List<PlanNode> inputs() {
    return List.of(input);
  }
}
