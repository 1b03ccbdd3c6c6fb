package io.beamdb.planner.exec;

import java.sql.SQLException;
import java.util.List;

/**
 * Wraps a node of a plan made for {@code EXPLAIN ANALYZE}: counts the rows its operators return,
 * how many times it was opened (loops: a nested-loop or correlate inner side opens many times)
 * and the wall-clock time spent in its {@code open} and {@code next} calls, including its inputs'
 * (inclusive time, as PostgreSQL's "actual time"). For a table scan it also records how the last
 * execution read ({@link TableScanNode.ScanOperator#access}). Only plans made for one
 * EXPLAIN ANALYZE command have these nodes; the counters belong to that command: not thread-safe.
 */
public final class ProfiledNode implements PlanNode {
  private final PlanNode inner;
  private final List<PlanNode> inputs;
  private long rows;
  private long loops;
  private long nanos;
  private String access;

  /**
   * @param inner  the node measured
   */
  public ProfiledNode(PlanNode inner) {
    this.inner = inner;
    this.inputs = inner.inputs();
  }

  /** The node measured. */
  public PlanNode inner() {
    return inner;
  }

  /** Rows returned over all executions. */
  public long rows() {
    return rows;
  }

  /** Times opened. */
  public long loops() {
    return loops;
  }

  /** Inclusive time in milliseconds. */
  public double millis() {
    return nanos / 1e6;
  }

  /** How a scan read in its last execution, or null. */
  public String access() {
    return access;
  }

  /** Clears the counters of this node and of every ProfiledNode below it. */
  public static void reset(PlanNode n) {
    if (n instanceof ProfiledNode) {
      ProfiledNode p = (ProfiledNode) n;
      p.rows = 0;
      p.loops = 0;
      p.nanos = 0;
      p.access = null;
    }
    for (PlanNode in : n.inputs()) {
      reset(in);
    }
  }

  @Override
  public Operator open(ExecContext ctx) throws SQLException {
    long start = System.nanoTime();
    Operator op;
    try {
      op = inner.open(ctx);
    } finally {
      nanos += System.nanoTime() - start;
    }
    loops++;
    if (op instanceof TableScanNode.ScanOperator) {
      access = ((TableScanNode.ScanOperator) op).access();
    }
    return new Operator() {
      @Override
      public Object[] next() throws SQLException {
        long t = System.nanoTime();
        try {
          Object[] r = op.next();
          if (r != null) {
            rows++;
          }
          return r;
        } finally {
          nanos += System.nanoTime() - t;
        }
      }

      @Override
      public void close() {
        op.close();
      }
    };
  }

  @Override
  public String describe() {
    return inner.describe();
  }

  @Override
  public List<PlanNode> inputs() {
    return inputs;
  }
}
