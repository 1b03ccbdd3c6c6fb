package io.beamdb.planner.exec;

import java.sql.SQLException;
import java.util.List;

/** Reads a recursive CTE's working table: the rows the previous round of {@link RepeatUnionNode} produced. */
public final class TransientScanNode implements PlanNode {
  private final String name;

  public TransientScanNode(String name) {
    this.name = name;
  }

  @Override
  public Operator open(ExecContext ctx) throws SQLException {
    return Rows.of(ctx.transientTable(name));
  }

  @Override
  public String describe() {
    return "TransientScan(" + name + ")";
  }

  @Override
  public List<PlanNode> inputs() {
    return List.of();
  }
}
