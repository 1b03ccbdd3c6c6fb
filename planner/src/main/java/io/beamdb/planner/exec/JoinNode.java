package io.beamdb.planner.exec;

import io.beamdb.planner.expr.Expr;
import org.apache.calcite.rel.core.JoinRelType;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Joins two inputs: a hash join when the condition has equi-join keys (the right input is the
 * build side), otherwise a nested-loop join over the materialized right input. Supports INNER,
 * LEFT, RIGHT, FULL, SEMI and ANTI joins; {@code residual} is evaluated on the concatenated row.
 * A key compared with {@code =} never matches NULL; a key compared with {@code IS NOT DISTINCT
 * FROM} ({@code nullSafe}, as the decorrelator makes for nullable correlation variables) matches
 * NULL with NULL.
 */
public final class JoinNode implements PlanNode {
  private final PlanNode left;
  private final PlanNode right;
  private final JoinRelType type;
  private final int[] leftKeys;
  private final int[] rightKeys;
  private final boolean[] nullSafe;
  private final Expr residual;
  private final int leftWidth;
  private final int rightWidth;
  private final String text;

  public JoinNode(PlanNode left, PlanNode right, JoinRelType type, int[] leftKeys, int[] rightKeys,
                  Expr residual, int leftWidth, int rightWidth, String text) {
    this(left, right, type, leftKeys, rightKeys, new boolean[leftKeys.length], residual, leftWidth, rightWidth, text);
  }

  /** @param nullSafe per key: true when it is an {@code IS NOT DISTINCT FROM} key (NULL matches NULL) */
  public JoinNode(PlanNode left, PlanNode right, JoinRelType type, int[] leftKeys, int[] rightKeys,
                  boolean[] nullSafe, Expr residual, int leftWidth, int rightWidth, String text) {
    this.nullSafe = nullSafe.clone();
    this.left = left;
    this.right = right;
    this.type = type;
    this.leftKeys = leftKeys;
    this.rightKeys = rightKeys;
    this.residual = residual;
    this.leftWidth = leftWidth;
    this.rightWidth = rightWidth;
    this.text = text;
  }

  @Override
  public Operator open(ExecContext ctx) throws SQLException {
    List<Object[]> build = Rows.drain(right.open(ctx));
    Map<List<Object>, List<Integer>> hash = null;
    if (leftKeys.length > 0) {
      hash = new HashMap<>();
      for (int i = 0; i < build.size(); i++) {
        List<Object> k = Rows.key(build.get(i), rightKeys);
        if (!excludedNull(k)) {
          hash.computeIfAbsent(k, x -> new ArrayList<>()).add(i);
        }
      }
    }
    Map<List<Object>, List<Integer>> table = hash;
    boolean[] matchedRight = new boolean[build.size()];
    List<Integer> all = new ArrayList<>(build.size());
    for (int i = 0; i < build.size(); i++) {
      all.add(i);
    }
    Operator probe = left.open(ctx);
    return new Operator() {
      Object[] leftRow;
      List<Integer> candidates;
      int pos;
      boolean leftMatched;
      boolean probeDone;
      int unmatchedPos;

      @Override
      public Object[] next() throws SQLException {
        while (!probeDone) {
          if (leftRow == null) {
            Object[] l = probe.next();
            if (l == null) {
              probeDone = true;
              break;
            }
            leftRow = l.clone();
            leftMatched = false;
            pos = 0;
            if (table != null) {
              List<Object> k = Rows.key(leftRow, leftKeys);
              candidates = excludedNull(k) ? List.of() : table.getOrDefault(k, List.of());
            } else {
              candidates = all;
            }
          }
          while (pos < candidates.size()) {
            ctx.checkInterrupted();
            int idx = candidates.get(pos++);
            Object[] joined = Rows.concat(leftRow, leftWidth, build.get(idx), rightWidth);
            if (residual != null && !Boolean.TRUE.equals(residual.eval(joined, ctx))) {
              continue;
            }
            leftMatched = true;
            matchedRight[idx] = true;
            if (type == JoinRelType.SEMI) {
              Object[] out = leftRow;
              leftRow = null;
              return out;
            }
            if (type == JoinRelType.ANTI) {
              leftRow = null;
              break;
            }
            return joined;
          }
          if (leftRow == null) {
            continue;
          }
          Object[] l = leftRow;
          leftRow = null;
          if (!leftMatched) {
            if (type == JoinRelType.LEFT || type == JoinRelType.FULL) {
              return Rows.concat(l, leftWidth, null, rightWidth);
            }
            if (type == JoinRelType.ANTI) {
              return l;
            }
          }
        }
        if (type == JoinRelType.RIGHT || type == JoinRelType.FULL) {
          while (unmatchedPos < build.size()) {
            int i = unmatchedPos++;
            if (!matchedRight[i]) {
              return Rows.concat(null, leftWidth, build.get(i), rightWidth);
            }
          }
        }
        return null;
      }

      @Override
      public void close() {
        probe.close();
      }
    };
  }

  /** True when a NULL sits at a key position compared with {@code =} (such a row matches nothing). */
  private boolean excludedNull(List<Object> key) {
    for (int i = 0; i < nullSafe.length; i++) {
      if (key.get(i) == null && !nullSafe[i]) {
        return true;
      }
    }
    return false;
  }

  @Override
  public String describe() {
    return (leftKeys.length > 0 ? "HashJoin(" : "NestedLoopJoin(") + type + ", " + text + ")";
  }

  @Override
  public List<PlanNode> inputs() {
    return List.of(left, right);
  }
}
