package io.beamdb.planner.exec;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** UNION, INTERSECT and EXCEPT, with ALL (multiset) or DISTINCT (set) semantics. */
public final class SetOpNode implements PlanNode {
  /** The operation. */
  public enum Op { UNION, INTERSECT, EXCEPT }

  private final Op op;
  private final boolean all;
  private final List<PlanNode> inputs;

  public SetOpNode(Op op, boolean all, List<PlanNode> inputs) {
    this.op = op;
    this.all = all;
    this.inputs = List.copyOf(inputs);
  }

  @Override
  public Operator open(ExecContext ctx) throws SQLException {
    if (op == Op.UNION && all) {
      return new Operator() {
        int i;
        Operator cur;

        @Override
        public Object[] next() throws SQLException {
          while (true) {
            if (cur == null) {
              if (i >= inputs.size()) {
                return null;
              }
              cur = inputs.get(i++).open(ctx);
            }
            Object[] r = cur.next();
            if (r != null) {
              return r;
            }
            cur.close();
            cur = null;
          }
        }

        @Override
        public void close() {
          if (cur != null) {
            cur.close();
          }
        }
      };
    }
    List<Object[]> out = new ArrayList<>();
    if (op == Op.UNION) {
      Set<List<Object>> seen = new HashSet<>();
      for (PlanNode in : inputs) {
        for (Object[] r : Rows.drain(in.open(ctx))) {
          if (seen.add(Rows.key(r))) {
            out.add(r);
          }
        }
      }
      return Rows.of(out);
    }
    // INTERSECT / EXCEPT: count occurrences of the first input, then adjust by the others
    Map<List<Object>, long[]> counts = new LinkedHashMap<>();
    Map<List<Object>, Object[]> firstRow = new HashMap<>();
    for (Object[] r : Rows.drain(inputs.get(0).open(ctx))) {
      List<Object> k = Rows.key(r);
      counts.computeIfAbsent(k, x -> new long[1])[0]++;
      firstRow.putIfAbsent(k, r);
    }
    for (int i = 1; i < inputs.size(); i++) {
      Map<List<Object>, Long> other = new HashMap<>();
      for (Object[] r : Rows.drain(inputs.get(i).open(ctx))) {
        other.merge(Rows.key(r), 1L, Long::sum);
      }
      for (Map.Entry<List<Object>, long[]> e : counts.entrySet()) {
        long o = other.getOrDefault(e.getKey(), 0L);
        long[] c = e.getValue();
        if (op == Op.INTERSECT) {
          c[0] = all ? Math.min(c[0], o) : (o > 0 ? c[0] : 0);
        } else {
          c[0] = all ? Math.max(0, c[0] - o) : (o > 0 ? 0 : c[0]);
        }
      }
    }
    for (Map.Entry<List<Object>, long[]> e : counts.entrySet()) {
      long n = all ? e.getValue()[0] : Math.min(1, e.getValue()[0]);
      for (long j = 0; j < n; j++) {
        out.add(firstRow.get(e.getKey()));
      }
    }
    return Rows.of(out);
  }

  @Override
  public String describe() {
    return op + (all ? " ALL" : "");
  }

  @Override
  public List<PlanNode> inputs() {
    return inputs;
  }
}
