package io.beamdb.planner.exec;

import java.sql.SQLException;
import java.util.List;

/** Scans a system table: its rows come from the engine when the scan opens. */
public final class SystemScanNode implements PlanNode {
  private final String table;

  public SystemScanNode(String table) {
    this.table = table;
  }

  @Override
  public Operator open(ExecContext ctx) throws SQLException {
    return Rows.of(ctx.systemData().rows(table));
  }

  @Override
  public String describe() {
    return "SystemScan(INFORMATION_SCHEMA." + table + ")";
  }

  @Override
  public List<PlanNode> inputs() {
    return List.of();
  }
}
