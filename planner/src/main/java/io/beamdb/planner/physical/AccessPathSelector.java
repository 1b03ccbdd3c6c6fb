package io.beamdb.planner.physical;

import io.beamdb.planner.exec.KeyRange;
import io.beamdb.planner.exec.TableScanNode;
import io.beamdb.planner.stats.CostModel;
import io.beamdb.planner.stats.TableStats;
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
 * the scan, so the choice only affects speed.
 *
 * <p>With {@link TableStats} of the table (after {@code ANALYZE} or an automatic analysis) the
 * choice is cost-based ({@link CostModel}): every candidate range (primary key, each index)
 * gets an estimated selectivity from the column statistics, and the cheapest of them and a full
 * scan wins; a full primary-key equality is always a point get. When the best secondary index's
 * bounds are parameters or correlation variables, the plan keeps the index and the statistics
 * and {@link TableScanNode} decides between the index and a full scan each time it opens, from
 * the bound values (so one cached plan serves both a selective and an unselective value).
 */
public final class AccessPathSelector {
  /**
   * The chosen path.
   *
   * @param index null for the primary key
   * @param range key range (null for a full scan)
   * @param point true when every primary-key column is pinned by equality
   */
  public record Choice(IndexDef index, KeyRange range, boolean point, double estimatedRows,
                       TableScanNode.Adaptive adaptive) {
    /** A rule-based choice: no estimate, not adaptive. */
    public Choice(IndexDef index, KeyRange range, boolean point) {
      this(index, range, point, -1, null);
    }
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

  /** Picks an access path for {@code table} filtered by {@code condition} (may be null), by rules. */
  public static Choice choose(TableDef table, RexNode condition, RexBuilder rexBuilder, ExprCompiler compiler)
      throws SQLException {
    return choose(table, condition, rexBuilder, compiler, null);
  }

  /**
   * Picks an access path for {@code table} filtered by {@code condition} (may be null): by cost
   * when {@code stats} (matching the table's columns) are given, else by rules.
   */
  public static Choice choose(TableDef table, RexNode condition, RexBuilder rexBuilder, ExprCompiler compiler,
                              TableStats stats) throws SQLException {
    double rows = stats == null ? -1 : stats.rowCount();
    if (condition == null) {
      return new Choice(null, null, false, rows, null);
    }
    if (stats != null) {
      return chooseByCost(table, condition, rexBuilder, compiler, stats);
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
    return build(table, best, bestCols, bestIsPk, bounds, compiler);
  }

  /** The key range over {@code bestCols} (primary key when {@code best} is null) that {@code bounds} pin. */
  private static Choice build(TableDef table, IndexDef best, int[] bestCols, boolean bestIsPk, Map<Integer, Bounds> bounds,
                              ExprCompiler compiler) throws SQLException {
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

  /**
   * The cost-based choice: a full primary-key equality is a point get; otherwise the candidate
   * (primary key or index with a usable leading column) or full scan of least
   * {@link CostModel} cost, with the estimated number of rows it reads.
   */
  private static Choice chooseByCost(TableDef table, RexNode condition, RexBuilder rexBuilder, ExprCompiler compiler,
                                     TableStats stats) throws SQLException {
    double rows = Math.max(1, stats.rowCount());
    RexNode expanded = RexUtil.expandSearch(rexBuilder, null, condition);
    Map<Integer, Bounds> bounds = new HashMap<>();
    for (RexNode c : RelOptUtil.conjunctions(expanded)) {
      collect(table, c, bounds);
    }
    if (table.hasPrimaryKey() && score(table.primaryKey(), bounds) == 2 * table.primaryKey().length + 1) {
      Choice pk = build(table, null, table.primaryKey(), true, bounds, compiler);
      return new Choice(null, pk.range(), true, Math.min(1, rows), null);
    }
    double bestCost = CostModel.fullScan(rows);
    double bestRows = rows;
    IndexDef best = null;
    int[] bestCols = null;
    boolean bestIsPk = false;
    boolean bestKnown = true;
    List<Object[]> candidates = new ArrayList<>();
    if (table.hasPrimaryKey()) {
      candidates.add(new Object[] {null, table.primaryKey()});
    }
    for (IndexDef ix : table.indexes()) {
      candidates.add(new Object[] {ix, ix.columns()});
    }
    for (Object[] cand : candidates) {
      IndexDef ix = (IndexDef) cand[0];
      int[] cols = (int[]) cand[1];
      if (score(cols, bounds) == 0) {
        continue;
      }
      boolean[] known = {true};
      double f = selectivity(cols, bounds, stats, known);
      double matched = f * rows;
      if (ix != null && ix.unique() && score(cols, bounds) == 2 * cols.length + 1) {
        matched = Math.min(matched, 1);
      }
      double cost = CostModel.rangeScan(matched, ix != null);
      if (cost < bestCost) {
        bestCost = cost;
        bestRows = matched;
        best = ix;
        bestCols = cols;
        bestIsPk = ix == null;
        bestKnown = known[0];
      }
    }
    if (bestCols == null) {
      // a full scan; an index on unknown values may still pay off at run time
      for (Object[] cand : candidates) {
        IndexDef ix = (IndexDef) cand[0];
        int[] cols = (int[]) cand[1];
        boolean[] known = {true};
        if (ix == null || score(cols, bounds) == 0) {
          continue;
        }
        selectivity(cols, bounds, stats, known);
        if (!known[0]) {
          Choice c = build(table, ix, cols, false, bounds, compiler);
          return new Choice(ix, c.range(), false, rows, new TableScanNode.Adaptive(stats, cols, true));
        }
      }
      return new Choice(null, null, false, rows, null);
    }
    Choice c = build(table, best, bestCols, bestIsPk, bounds, compiler);
    TableScanNode.Adaptive adaptive = best != null && !bestKnown ? new TableScanNode.Adaptive(stats, bestCols, false) : null;
    return new Choice(best, c.range(), false, bestRows, adaptive);
  }

  /**
   * Estimated selectivity of the whole filter {@code condition} on {@code table}: per column,
   * its equality or range conjuncts from the column statistics ({@code ?} values as
   * {@link CostModel#UNKNOWN}), {@code IS [NOT] NULL} from the NULL count, every other conjunct
   * {@link CostModel#UNKNOWN_PREDICATE}; conjuncts are taken as independent.
   */
  public static double filterSelectivity(TableDef table, RexNode condition, RexBuilder rexBuilder, TableStats stats) {
    RexNode expanded = RexUtil.expandSearch(rexBuilder, null, condition);
    Map<Integer, Bounds> bounds = new HashMap<>();
    double f = 1.0;
    long rows = Math.max(1, stats.analyzedRows());
    for (RexNode c : RelOptUtil.conjunctions(expanded)) {
      int before = signature(bounds);
      collect(table, c, bounds);
      if (signature(bounds) != before) {
        continue;
      }
      if ((c.getKind() == SqlKind.IS_NULL || c.getKind() == SqlKind.IS_NOT_NULL)
          && ((RexCall) c).getOperands().get(0) instanceof RexInputRef) {
        int col = ((RexInputRef) ((RexCall) c).getOperands().get(0)).getIndex();
        double nulls = Math.min(1, (double) stats.column(col).nullCount() / rows);
        f *= c.getKind() == SqlKind.IS_NULL ? nulls : 1 - nulls;
      } else if (!c.isAlwaysTrue()) {
        f *= CostModel.UNKNOWN_PREDICATE;
      }
    }
    for (Map.Entry<Integer, Bounds> e : bounds.entrySet()) {
      Bounds b = e.getValue();
      boolean[] known = {true};
      int[] cols = {e.getKey()};
      if (b.eq != null) {
        f *= CostModel.rangeSelectivity(stats, cols, new Object[] {value(b.eq, known)}, null, false, null, false);
      } else {
        f *= CostModel.rangeSelectivity(stats, cols, new Object[0], b.lower == null ? null : value(b.lower, known),
            b.lowerIncl, b.upper == null ? null : value(b.upper, known), b.upperIncl);
      }
    }
    return Math.max(0, Math.min(1, f));
  }

  /** Changes whenever {@link #collect} recorded a bound. */
  private static int signature(Map<Integer, Bounds> bounds) {
    int h = bounds.size();
    for (Bounds b : bounds.values()) {
      h = 31 * h + (b.eq != null ? 1 : 0) + (b.lower != null ? 2 : 0) + (b.upper != null ? 4 : 0)
          + System.identityHashCode(b.eq) + 3 * System.identityHashCode(b.lower) + 5 * System.identityHashCode(b.upper);
    }
    return h;
  }

  /**
   * Estimated fraction of rows in the range {@code bounds} pin on the leading columns
   * {@code cols}; {@code known[0]} is cleared when a bound is not a literal.
   */
  private static double selectivity(int[] cols, Map<Integer, Bounds> bounds, TableStats stats, boolean[] known) {
    List<Object> eq = new ArrayList<>();
    int i = 0;
    for (; i < cols.length; i++) {
      Bounds b = bounds.get(cols[i]);
      if (b == null || b.eq == null) {
        break;
      }
      eq.add(value(b.eq, known));
    }
    Object lower = null;
    Object upper = null;
    boolean lowerIncl = false;
    boolean upperIncl = false;
    if (i < cols.length && bounds.get(cols[i]) != null) {
      Bounds b = bounds.get(cols[i]);
      lower = b.lower == null ? null : value(b.lower, known);
      upper = b.upper == null ? null : value(b.upper, known);
      lowerIncl = b.lowerIncl;
      upperIncl = b.upperIncl;
    }
    return CostModel.rangeSelectivity(stats, cols, eq.toArray(), lower, lowerIncl, upper, upperIncl);
  }

  /** The internal value of a literal bound, else {@link CostModel#UNKNOWN}. */
  private static Object value(RexNode n, boolean[] known) {
    if (n instanceof org.apache.calcite.rex.RexLiteral) {
      try {
        return ExprCompiler.literal((org.apache.calcite.rex.RexLiteral) n);
      } catch (SQLException | RuntimeException e) {
        // fall through: treat as unknown
      }
    }
    known[0] = false;
    return CostModel.UNKNOWN;
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
      case TIMESTAMP_TZ:
        return value.getType().getSqlTypeName() == org.apache.calcite.sql.type.SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE;
      default:
        return false;
    }
  }
}
