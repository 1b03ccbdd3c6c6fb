package io.beamdb.planner.exec;

import io.beamdb.planner.expr.Expr;

import java.sql.SQLException;
import java.util.List;

/** Passes rows for which the condition is TRUE (not FALSE, not NULL). */
public final class FilterNode implements PlanNode {
  private final PlanNode input;
  private final Expr condition;
  private final String text;

  public FilterNode(PlanNode input, Expr condition, String text) {
    this.input = input;
    this.condition = condition;
    this.text = text;
  }

  @Override
  public Operator open(ExecContext ctx) throws SQLException {
    Operator in = input.open(ctx);
    return new Operator() {
      @Override
      public Object[] next() throws SQLException {
        Object[] row;
        while ((row = in.next()) != null) {
          ctx.checkInterrupted();
          if (Boolean.TRUE.equals(condition.eval(row, ctx))) {
            return row;
          }
        }
        return null;
      }

      @Override
      public void close() {
        in.close();
      }
    };
  }

  @Override
  public String describe() {
    return "Filter(" + text + ")";
  }

  @Override
  public List<PlanNode> inputs() {
    return List.of(input);
  }
}
