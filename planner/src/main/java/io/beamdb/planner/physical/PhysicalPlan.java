package io.beamdb.planner.physical;

import io.beamdb.planner.exec.PlanNode;

/**
 * A compiled physical plan: the operator tree and how many correlation variables it binds.
 * Immutable; executed many times.
 */
public record PhysicalPlan(PlanNode root, int correlationCount) {
  /** The table a DML plan writes, or null for queries. */
  public io.beamdb.sql.catalog.TableDef modifiedTable() {
    return root instanceof io.beamdb.planner.exec.ModifyNode ? ((io.beamdb.planner.exec.ModifyNode) root).table() : null;
  }

  /** Indented EXPLAIN text, one node per line. */
  public String explain() {
    StringBuilder b = new StringBuilder();
    render(root, 0, b);
    return b.toString();
  }

  private static void render(PlanNode n, int depth, StringBuilder b) {
    b.append("  ".repeat(depth)).append(n.describe()).append('\n');
    for (PlanNode in : n.inputs()) {
      render(in, depth + 1, b);
    }
  }
}
