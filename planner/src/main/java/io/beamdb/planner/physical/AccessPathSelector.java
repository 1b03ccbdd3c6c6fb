package io.beamdb.planner.physical;

import io.beamdb.planner.exec.KeyRange;
import io.beamdb.planner.expr.Expr;
import io.beamdb.planner.expr.ExprCompiler;
import io.beamdb.sql.catalog.IndexDef;
import io.beamdb.sql.catalog.TableDef;
import io.beamdb.sql.type.BeamType;
import io.beamdb.sql.type.ColumnType;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.type.SqlTypeFamily;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Chooses how a filtered table scan reads: by primary key (point get or range), by a secondary
 * index range, or a full scan. A rule-based choice over the sargable conjuncts of the filter
 * ({@code column op value} where value is a literal, parameter or correlation variable): the
 * access path with the most leading equality columns wins, a range on the next column adds
 * to it, and the primary key beats an index on ties. The full condition is still applied after
 * the scan, so the choice only affects speed. A cost-based choice over statistics replaces this
 * in the OLTP performance issue.
 */
public final class AccessPathSelector {
  /**
   * The chosen path.
   *
   * @param index null for the primary key
   * @param range key range (null for a full scan)
   * @param point true when every primary-key column is pinned by equality
   */
  public record Choice(IndexDef index, KeyRange range, boolean point) {
  }

  private AccessPathSelector() {
  }

  private static final class Bounds {
    RexNode eq;
    RexNode lower;
    boolean lowerIncl;
    RexNode upper;
    boolean upperIncl;
  }

  /** Picks an access path for {@code table} filtered by {@code condition} (may be null). */
  public static Choice choose(TableDef table, RexNode condition, RexBuilder rexBuilder, ExprCompiler compiler)
      throws SQLException {
    if (condition == null) {
      return new Choice(null, null, false);
    }
    RexNode expanded = RexUtil.expandSearch(rexBuilder, null, condition);
    Map<Integer, Bounds> bounds = new HashMap<>();
    for (RexNode c : RelOptUtil.conjunctions(expanded)) {
      collect(table, c, bounds);
    }
    if (bounds.isEmpty()) {
      return new Choice(null, null, false);
    }
    int bestScore = 0;
    IndexDef best = null;
    int[] bestCols = null;
    boolean bestIsPk = false;
    if (table.hasPrimaryKey()) {
      int s = score(table.primaryKey(), bounds);
      if (s > 0) {
        bestScore = s;
        bestCols = table.primaryKey();
        bestIsPk = true;
      }
    }
    for (IndexDef ix : table.indexes()) {
      int s = score(ix.columns(), bounds);
      if (s > bestScore) {
        bestScore = s;
        best = ix;
        bestCols = ix.columns();
        bestIsPk = false;
      }
    }
    if (bestScore == 0) {
      return new Choice(null, null, false);
    }
    List<Expr> eq = new ArrayList<>();
    List<ColumnType> eqTypes = new ArrayList<>();
    StringBuilder text = new StringBuilder();
    int i = 0;
    for (; i < bestCols.length; i++) {
      Bounds b = bounds.get(bestCols[i]);
      if (b == null || b.eq == null) {
        break;
      }
      eq.add(compiler.compile(b.eq));
      eqTypes.add(table.columns().get(bestCols[i]).type());
      if (text.length() > 0) {
        text.append(" AND ");
      }
      text.append(table.columns().get(bestCols[i]).name()).append(" = ").append(b.eq);
    }
    Expr lower = null;
    Expr upper = null;
    boolean lowerIncl = false;
    boolean upperIncl = false;
    ColumnType rangeType = null;
    if (i < bestCols.length) {
      Bounds b = bounds.get(bestCols[i]);
      if (b != null && (b.lower != null || b.upper != null)) {
        String name = table.columns().get(bestCols[i]).name();
        rangeType = table.columns().get(bestCols[i]).type();
        if (b.lower != null) {
          lower = compiler.compile(b.lower);
          lowerIncl = b.lowerIncl;
          text.append(text.length() > 0 ? " AND " : "").append(name).append(lowerIncl ? " >= " : " > ").append(b.lower);
        }
        if (b.upper != null) {
          upper = compiler.compile(b.upper);
          upperIncl = b.upperIncl;
          text.append(text.length() > 0 ? " AND " : "").append(name).append(upperIncl ? " <= " : " < ").append(b.upper);
        }
      }
    }
    KeyRange range = new KeyRange(eq.toArray(new Expr[0]), eqTypes.toArray(new ColumnType[0]), lower, lowerIncl,
        upper, upperIncl, rangeType, text.toString());
    boolean point = bestIsPk && eq.size() == bestCols.length;
    return new Choice(best, range, point);
  }

  private static int score(int[] cols, Map<Integer, Bounds> bounds) {
    int s = 0;
    for (int c : cols) {
      Bounds b = bounds.get(c);
      if (b == null) {
        return s;
      }
      if (b.eq != null) {
        s += 2;
        continue;
      }
      if (b.lower != null || b.upper != null) {
        s += 1;
      }
      return s;
    }
    return s + 1; // all columns pinned: prefer this path
  }

  private static void collect(TableDef table, RexNode c, Map<Integer, Bounds> bounds) {
    if (!(c instanceof RexCall)) {
      return;
    }
    RexCall call = (RexCall) c;
    SqlKind kind = call.getKind();
    if (call.getOperands().size() != 2) {
      return;
    }
    RexNode a = call.getOperands().get(0);
    RexNode b = call.getOperands().get(1);
    if (!(a instanceof RexInputRef) && b instanceof RexInputRef) {
      RexNode t = a;
      a = b;
      b = t;
      kind = kind.reverse();
    }
    if (!(a instanceof RexInputRef) || RexUtil.containsInputRef(b) || !RexUtil.isDeterministic(b)
        || RexUtil.containsTableInputRef(b) != null) {
      return;
    }
    int col = ((RexInputRef) a).getIndex();
    ColumnType type = table.columns().get(col).type();
    if (!compatible(type, b)) {
      return;
    }
    Bounds bd = bounds.computeIfAbsent(col, k -> new Bounds());
    switch (kind) {
      case EQUALS:
        bd.eq = b;
        break;
      case GREATER_THAN:
        bd.lower = b;
        bd.lowerIncl = false;
        break;
      case GREATER_THAN_OR_EQUAL:
        bd.lower = b;
        bd.lowerIncl = true;
        break;
      case LESS_THAN:
        bd.upper = b;
        bd.upperIncl = false;
        break;
      case LESS_THAN_OR_EQUAL:
        bd.upper = b;
        bd.upperIncl = true;
        break;
      default:
        break;
    }
  }

  /** Only values of the column's own family are encoded into key bounds. */
  private static boolean compatible(ColumnType col, RexNode value) {
    SqlTypeFamily f = value.getType().getSqlTypeName().getFamily();
    BeamType t = col.type();
    if (t == BeamType.CHAR) {
      return false; // padded comparison semantics: leave to the filter
    }
    if (t.isInteger()) {
      return value.getType().getSqlTypeName().getFamily() == SqlTypeFamily.NUMERIC
          && org.apache.calcite.sql.type.SqlTypeName.INT_TYPES.contains(value.getType().getSqlTypeName());
    }
    switch (t) {
      case DECIMAL: case DOUBLE:
        return f == SqlTypeFamily.NUMERIC;
      case VARCHAR:
        return f == SqlTypeFamily.CHARACTER;
      case BOOLEAN:
        return f == SqlTypeFamily.BOOLEAN;
      case DATE:
        return value.getType().getSqlTypeName() == org.apache.calcite.sql.type.SqlTypeName.DATE;
      case TIME:
        return value.getType().getSqlTypeName() == org.apache.calcite.sql.type.SqlTypeName.TIME;
      case TIMESTAMP:
        return value.getType().getSqlTypeName() == org.apache.calcite.sql.type.SqlTypeName.TIMESTAMP;
      default:
        return false;
    }
  }
}
