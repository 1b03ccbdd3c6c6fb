package io.beamdb.planner.physical;

import io.beamdb.planner.exec.PlanNode;
import io.beamdb.planner.exec.ProfiledNode;

import java.util.Map;

/**
 * A compiled physical plan: the operator tree, how many correlation variables it binds, and (for
 * EXPLAIN) the estimated number of rows each node returns. Immutable once built; executed many
 * times.
 *
 * @param root             the root operator
 * @param correlationCount correlation variables the plan binds
 * @param estimates        estimated rows per node (identity map), empty when not computed
 */
public record PhysicalPlan(PlanNode root, int correlationCount, Map<PlanNode, Double> estimates) {
  /** A plan without row estimates. */
  public PhysicalPlan(PlanNode root, int correlationCount) {
    this(root, correlationCount, Map.of());
  }

  /** The table a DML plan writes, or null for queries. */
  public io.beamdb.sql.catalog.TableDef modifiedTable() {
    io.beamdb.planner.exec.ModifyNode m = modifyNode();
    return m == null ? null : m.table();
  }

  /** The root as a ModifyNode (also under EXPLAIN ANALYZE's profiling), or null for queries. */
  public io.beamdb.planner.exec.ModifyNode modifyNode() {
    PlanNode r = root instanceof ProfiledNode ? ((ProfiledNode) root).inner() : root;
    return r instanceof io.beamdb.planner.exec.ModifyNode ? (io.beamdb.planner.exec.ModifyNode) r : null;
  }

  /** Indented EXPLAIN text, one node per line, with {@code (rows=N)} estimates when known. */
  public String explain() {
    StringBuilder b = new StringBuilder();
    render(root, 0, b, false);
    return b.toString();
  }

  /**
   * EXPLAIN ANALYZE text after an execution of a plan made with profiling: per node the estimate,
   * then {@code (actual rows=N loops=L time=T ms)} with rows summed over loops and inclusive time
   * in milliseconds, and for a scan that chose at run time how it read.
   */
  public String explainAnalyze() {
    StringBuilder b = new StringBuilder();
    render(root, 0, b, true);
    return b.toString();
  }

  private void render(PlanNode n, int depth, StringBuilder b, boolean actual) {
    b.append("  ".repeat(depth)).append(n.describe());
    Double est = estimates.get(n);
    if (est != null && est >= 0) {
      b.append("  (rows=").append(formatRows(est)).append(')');
    }
    if (actual && n instanceof ProfiledNode) {
      ProfiledNode p = (ProfiledNode) n;
      b.append(String.format(java.util.Locale.ROOT, "  (actual rows=%d loops=%d time=%.3f ms", p.rows(), p.loops(),
          p.millis()));
      if (p.access() != null && n.describe().contains(" or ")) {
        b.append(" read=").append(p.access());
      }
      b.append(')');
    }
    b.append('\n');
    for (PlanNode in : n.inputs()) {
      render(in, depth + 1, b, actual);
    }
  }

  private static String formatRows(double r) {
    if (r >= 10 || r == Math.rint(r)) {
      return Long.toString(Math.round(r));
    }
    return String.format(java.util.Locale.ROOT, "%.2f", r);
  }
}
