package io.beamdb.planner.exec;

import java.sql.SQLException;
import java.util.List;

/**
 * A node of a compiled physical plan. Immutable and reusable: a prepared statement keeps its
 * plan and calls {@link #open} once per execution. Thread-safe because immutable.
 */
public interface PlanNode {
  /** Starts an execution of this subtree. */
  Operator open(ExecContext ctx) throws SQLException;

  /** One line describing this node for EXPLAIN, e.g. {@code IndexScan(T1, IDX_A: A = ?0)}. */
  String describe();

  /** Inputs, for EXPLAIN. */
  List<PlanNode> inputs();
}
