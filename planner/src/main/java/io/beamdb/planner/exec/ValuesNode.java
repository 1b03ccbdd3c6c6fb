package io.beamdb.planner.exec;

import io.beamdb.planner.expr.Expr;

import java.sql.SQLException;
import java.util.List;

/** Constant rows ({@code VALUES}); each cell an expression so parameters work. */
public final class ValuesNode implements PlanNode {
  private final Expr[][] rows;

  public ValuesNode(Expr[][] rows) {
    this.rows = rows;
  }

  @Override
  public Operator open(ExecContext ctx) {
    return new Operator() {
      int i;

      @Override
      public Object[] next() throws SQLException {
        if (i >= rows.length) {
          return null;
        }
        Expr[] r = rows[i++];
        Object[] out = new Object[r.length];
        for (int j = 0; j < r.length; j++) {
          out[j] = r[j].eval(null, ctx);
        }
        return out;
      }

      @Override
      public void close() {
      }
    };
  }

  @Override
  public String describe() {
    return "Values(rows=" + rows.length + ")";
  }

  @Override
  public List<PlanNode> inputs() {
    return List.of();
  }
}
