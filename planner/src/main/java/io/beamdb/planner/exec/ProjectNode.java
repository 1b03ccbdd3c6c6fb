package io.beamdb.planner.exec;

import io.beamdb.planner.expr.Expr;

import java.sql.SQLException;
import java.util.List;

/** Computes one output column per expression. */
public final class ProjectNode implements PlanNode {
  private final PlanNode input;
  private final Expr[] exprs;
  private final String text;

  public ProjectNode(PlanNode input, Expr[] exprs, String text) {
    this.input = input;
    this.exprs = exprs;
    this.text = text;
  }

  @Override
  public Operator open(ExecContext ctx) throws SQLException {
    Operator in = input.open(ctx);
    return new Operator() {
      @Override
      public Object[] next() throws SQLException {
        Object[] row = in.next();
        if (row == null) {
          return null;
        }
        ctx.checkInterrupted();
        Object[] out = new Object[exprs.length];
        for (int i = 0; i < exprs.length; i++) {
          out[i] = exprs[i].eval(row, ctx);
        }
        return out;
      }

      @Override
      public void close() {
        in.close();
      }
    };
  }

  @Override
  public String describe() {
    return "Project(" + text + ")";
  }

  @Override
  public List<PlanNode> inputs() {
    return List.of(input);
  }
}
