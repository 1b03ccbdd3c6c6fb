package io.beamdb.planner.exec;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code WITH RECURSIVE} (Calcite's {@code RepeatUnion}): evaluates the seed, then repeatedly
 * the iterative part, whose scans of the transient table {@code transientTable} see the rows the
 * previous round produced, until a round produces no new rows (or {@code iterationLimit} rounds,
 * when not negative). UNION (not ALL) drops rows already produced, which also ends cycles.
 * Each round checks for cancel and timeout, so an unbounded recursion ends with 57014.
 */
public final class RepeatUnionNode implements PlanNode {
  private final PlanNode seed;
  private final PlanNode iterative;
  private final boolean all;
  private final int iterationLimit;
  private final String transientTable;

  public RepeatUnionNode(PlanNode seed, PlanNode iterative, boolean all, int iterationLimit, String transientTable) {
    this.seed = seed;
    this.iterative = iterative;
    this.all = all;
    this.iterationLimit = iterationLimit;
    this.transientTable = transientTable;
  }

  @Override
  public Operator open(ExecContext ctx) throws SQLException {
    List<Object[]> result = new ArrayList<>();
    Set<List<Object>> seen = all ? null : new HashSet<>();
    List<Object[]> delta = keepNew(Rows.drain(seed.open(ctx)), seen);
    result.addAll(delta);
    for (int round = 0; !delta.isEmpty() && (iterationLimit < 0 || round < iterationLimit); round++) {
      ctx.checkInterrupted();
      ctx.setTransientTable(transientTable, delta);
      delta = keepNew(Rows.drain(iterative.open(ctx)), seen);
      result.addAll(delta);
      if (result.size() > MAX_ROWS) {
        throw new SQLException("Recursive query " + transientTable + " produced more than " + MAX_ROWS
            + " rows; check that its recursion ends (a WHERE on the recursive part)", "54001");
      }
    }
    ctx.setTransientTable(transientTable, List.of());
    return Rows.of(result);
  }

  /** Upper bound on the rows a recursive query may produce before it is stopped (54001). */
  static final int MAX_ROWS = 10_000_000;

  private static List<Object[]> keepNew(List<Object[]> rows, Set<List<Object>> seen) {
    if (seen == null) {
      return rows;
    }
    List<Object[]> out = new ArrayList<>();
    for (Object[] r : rows) {
      if (seen.add(Rows.key(r))) {
        out.add(r);
      }
    }
    return out;
  }

  @Override
  public String describe() {
    return "RepeatUnion(" + transientTable + (all ? ", all" : "") + ")";
  }

  @Override
  public List<PlanNode> inputs() {
    return List.of(seed, iterative);
  }
}
