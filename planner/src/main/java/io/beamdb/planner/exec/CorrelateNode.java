package io.beamdb.planner.exec;

import org.apache.calcite.rel.core.JoinRelType;

import java.sql.SQLException;
import java.util.List;

/**
 * Nested-loop apply for correlated sub-queries Calcite could not decorrelate: for each left row,
 * binds the correlation variable and re-runs the right input. INNER, LEFT, SEMI, ANTI.
 */
public final class CorrelateNode implements PlanNode {
  private final PlanNode left;
  private final PlanNode right;
  private final int correlationId;
  private final JoinRelType type;
  private final int leftWidth;
  private final int rightWidth;
  private final String label;

  public CorrelateNode(PlanNode left, PlanNode right, int correlationId, JoinRelType type, int leftWidth,
                       int rightWidth) {
    this(left, right, correlationId, type, leftWidth, rightWidth, null);
  }

  /**
   * @param label what EXPLAIN calls this node (e.g. an index nested-loop join built on it), or
   *              null for {@code Correlate(type, $corN)}
   */
  public CorrelateNode(PlanNode left, PlanNode right, int correlationId, JoinRelType type, int leftWidth,
                       int rightWidth, String label) {
    this.label = label;
    this.left = left;
    this.right = right;
    this.correlationId = correlationId;
    this.type = type;
    this.leftWidth = leftWidth;
    this.rightWidth = rightWidth;
  }

  @Override
  public Operator open(ExecContext ctx) throws SQLException {
    Operator outer = left.open(ctx);
    return new Operator() {
      Object[] leftRow;
      Operator inner;
      boolean matched;

      @Override
      public Object[] next() throws SQLException {
        while (true) {
          if (inner == null) {
            Object[] l = outer.next();
            if (l == null) {
              return null;
            }
            ctx.checkInterrupted();
            leftRow = l.clone();
            ctx.setCorrelation(correlationId, leftRow);
            inner = right.open(ctx);
            matched = false;
          }
          Object[] r = inner.next();
          if (r != null) {
            matched = true;
            if (type == JoinRelType.SEMI) {
              closeInner();
              return leftRow;
            }
            if (type == JoinRelType.ANTI) {
              closeInner();
              continue;
            }
            return Rows.concat(leftRow, leftWidth, r, rightWidth);
          }
          closeInner();
          if (!matched) {
            if (type == JoinRelType.LEFT) {
              return Rows.concat(leftRow, leftWidth, null, rightWidth);
            }
            if (type == JoinRelType.ANTI) {
              return leftRow;
            }
          }
        }
      }

      private void closeInner() {
        inner.close();
        inner = null;
      }

      @Override
      public void close() {
        if (inner != null) {
          inner.close();
        }
        outer.close();
      }
    };
  }

  @Override
  public String describe() {
    return label != null ? label : "Correlate(" + type + ", $cor" + correlationId + ")";
  }

  @Override
  public List<PlanNode> inputs() {
    return List.of(left, right);
  }
}
