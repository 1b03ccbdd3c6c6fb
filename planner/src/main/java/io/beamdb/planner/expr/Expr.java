package io.beamdb.planner.expr;

import io.beamdb.planner.exec.ExecContext;

import java.sql.SQLException;

/**
 * A compiled scalar expression: evaluates against one input row (internal values) and the
 * execution context (parameters, correlation variables). Immutable, shared by executions.
 */
@FunctionalInterface
public interface Expr {
  Object eval(Object[] row, ExecContext ctx) throws SQLException;
}
