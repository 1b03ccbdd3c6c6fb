package io.beamdb.planner.physical;

import io.beamdb.planner.calcite.BeamCalciteTable;
import io.beamdb.planner.calcite.TypeMapping;
import io.beamdb.planner.exec.AggregateNode;
import io.beamdb.planner.exec.CorrelateNode;
import io.beamdb.planner.exec.FilterNode;
import io.beamdb.planner.exec.JoinNode;
import io.beamdb.planner.exec.ModifyNode;
import io.beamdb.planner.exec.PlanNode;
import io.beamdb.planner.exec.ProjectNode;
import io.beamdb.planner.exec.SetOpNode;
import io.beamdb.planner.exec.SortNode;
import io.beamdb.planner.exec.TableScanNode;
import io.beamdb.planner.exec.ValuesNode;
import io.beamdb.planner.expr.Expr;
import io.beamdb.planner.expr.ExprCompiler;
import io.beamdb.sql.SqlErrors;
import io.beamdb.sql.catalog.TableDef;
import org.apache.calcite.rel.RelFieldCollation;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.core.AggregateCall;
import org.apache.calcite.rel.core.JoinInfo;
import org.apache.calcite.rel.core.TableModify;
import org.apache.calcite.rel.logical.LogicalAggregate;
import org.apache.calcite.rel.logical.LogicalCorrelate;
import org.apache.calcite.rel.logical.LogicalFilter;
import org.apache.calcite.rel.logical.LogicalIntersect;
import org.apache.calcite.rel.logical.LogicalJoin;
import org.apache.calcite.rel.logical.LogicalMinus;
import org.apache.calcite.rel.logical.LogicalProject;
import org.apache.calcite.rel.logical.LogicalSort;
import org.apache.calcite.rel.logical.LogicalTableModify;
import org.apache.calcite.rel.logical.LogicalTableScan;
import org.apache.calcite.rel.logical.LogicalUnion;
import org.apache.calcite.rel.logical.LogicalValues;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rel.core.CorrelationId;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Turns Calcite's optimized logical plan into BeamDB's physical operator tree: table scans with
 * an access path chosen by {@link AccessPathSelector}, hash or nested-loop joins, correlates,
 * hash aggregation, sorts, set operations and table modification. Expressions are compiled
 * once here by {@link ExprCompiler}. Not thread-safe; one planner per statement.
 */
public final class PhysicalPlanner {
  private final RexBuilder rexBuilder;
  private final Map<CorrelationId, Integer> correlations = new HashMap<>();
  private final ExprCompiler compiler;
  private final io.beamdb.sql.catalog.Catalog catalog;

  /** A planner for statements that do not write tables with constraints (no catalog at hand). */
  public PhysicalPlanner(RexBuilder rexBuilder) {
    this(rexBuilder, null);
  }

  /**
   * @param catalog the catalog the statement was validated against; INSERT, UPDATE and DELETE
   *                use it for FOREIGN KEY and CHECK constraints (null: none are enforced)
   */
  public PhysicalPlanner(RexBuilder rexBuilder, io.beamdb.sql.catalog.Catalog catalog) {
    this.rexBuilder = rexBuilder;
    this.compiler = new ExprCompiler(rexBuilder, correlations);
    this.catalog = catalog;
  }

  /**
   * Compiles CHECK constraint {@code check} of {@code table} into an expression over the
   * table's rows, by planning {@code SELECT <check> FROM table} with Calcite.
   *
   * @throws SQLException 42804 when the expression is not boolean, 0A000 when it is not a plain
   *                      row expression (sub-queries), 42xxx when it does not validate
   */
  public static io.beamdb.planner.exec.RowWriter.CompiledCheck compileCheck(TableDef table,
      io.beamdb.sql.catalog.CheckDef check, io.beamdb.sql.catalog.Catalog catalog) throws SQLException {
    String sql = "SELECT " + check.sql() + " FROM \"" + table.schema().replace("\"", "\"\"") + "\".\""
        + table.name().replace("\"", "\"\"") + "\"";
    io.beamdb.planner.calcite.CalcitePlanning.LogicalPlan lp =
        io.beamdb.planner.calcite.CalcitePlanning.plan(sql, catalog, table.schema());
    RelNode rel = lp.rel();
    if (!(rel instanceof LogicalProject) || !(((LogicalProject) rel).getInput() instanceof LogicalTableScan)
        || lp.parameterType().getFieldCount() > 0) {
      throw SqlErrors.unsupported("CHECK constraint " + check.name() + " (" + check.sql()
          + "): only expressions over the row's own columns are supported, without sub-queries or parameters");
    }
    RexNode cond = ((LogicalProject) rel).getProjects().get(0);
    if (cond.getType().getSqlTypeName() != org.apache.calcite.sql.type.SqlTypeName.BOOLEAN) {
      throw new SQLException("CHECK constraint " + check.name() + " (" + check.sql() + ") must be a boolean "
          + "condition, not " + cond.getType(), "42804");
    }
    ExprCompiler c = new ExprCompiler(rel.getCluster().getRexBuilder(), new HashMap<>());
    return new io.beamdb.planner.exec.RowWriter.CompiledCheck(check.name(), c.compile(cond));
  }

  /** Compiled CHECK constraints of {@code table} and of every table its referential actions may write. */
  private Map<Integer, List<io.beamdb.planner.exec.RowWriter.CompiledCheck>> checksFor(TableDef table)
      throws SQLException {
    Map<Integer, List<io.beamdb.planner.exec.RowWriter.CompiledCheck>> out = new HashMap<>();
    java.util.ArrayDeque<TableDef> todo = new java.util.ArrayDeque<>(List.of(table));
    while (!todo.isEmpty()) {
      TableDef t = todo.poll();
      if (out.containsKey(t.id())) {
        continue;
      }
      List<io.beamdb.planner.exec.RowWriter.CompiledCheck> list = new ArrayList<>();
      for (io.beamdb.sql.catalog.CheckDef c : t.checks()) {
        list.add(compileCheck(t, c, catalog));
      }
      out.put(t.id(), List.copyOf(list));
      for (io.beamdb.sql.catalog.Catalog.Reference r : catalog.referencing(t.id())) {
        todo.add(r.child());
      }
    }
    out.values().removeIf(List::isEmpty);
    return out;
  }

  /** The scan made for each LogicalTableScan or LogicalFilter over one, for sort avoidance. */
  private final java.util.IdentityHashMap<RelNode, TableScanNode> scans = new java.util.IdentityHashMap<>();

  /** Estimated rows per node, for EXPLAIN; null when not wanted. */
  private java.util.IdentityHashMap<PlanNode, Double> estimates;
  /** True to wrap every node in a {@link ProfiledNode} (EXPLAIN ANALYZE). */
  private boolean profile;
  /** The estimate the last converted node set for itself, overriding Calcite's (filter over a scan). */
  private double ownEstimate = -1;

  /**
   * Makes {@link #plan} also record estimated rows per node ({@code estimates}, for EXPLAIN:
   * Calcite's RelMetadataQuery row counts, which use the tables' statistics, and the access
   * path's own estimate for scans), and with {@code profile} wrap every node in a
   * {@link ProfiledNode} for EXPLAIN ANALYZE. Returns this planner.
   */
  public PhysicalPlanner explain(boolean estimates, boolean profile) {
    this.estimates = estimates || profile ? new java.util.IdentityHashMap<>() : null;
    this.profile = profile;
    return this;
  }

  /** Compiles {@code rel}. Fails with 0A000 for relational operators not supported yet. */
  public PhysicalPlan plan(RelNode rel) throws SQLException {
    PlanNode root = convert(rel);
    return estimates == null ? new PhysicalPlan(root, correlations.size())
        : new PhysicalPlan(root, correlations.size(), java.util.Collections.unmodifiableMap(estimates));
  }

  private PlanNode convert(RelNode rel) throws SQLException {
    PlanNode n = convertNode(rel);
    if (estimates == null) {
      return n;
    }
    double est = ownEstimate;
    ownEstimate = -1;
    if (est < 0 && (rel instanceof LogicalProject || (rel instanceof LogicalSort && ((LogicalSort) rel).fetch == null))) {
      est = rows(rel.getInput(0)); // a projection or a sort keeps its input's rows
    }
    if (est < 0 && rel instanceof LogicalAggregate) {
      est = groups((LogicalAggregate) rel);
    }
    if (est < 0) {
      est = calciteRows(rel);
    }
    relEstimates.put(rel, est);
    return note(n, est);
  }

  /** Estimates made for converted RelNodes, so parents build on them rather than on Calcite's. */
  private final java.util.IdentityHashMap<RelNode, Double> relEstimates = new java.util.IdentityHashMap<>();

  /**
   * Groups of an aggregation: 1 without GROUP BY, else the product of the grouping columns'
   * distinct counts (from analyzed tables), at most the input's rows; -1 when a count is unknown.
   */
  private double groups(LogicalAggregate a) {
    if (a.getGroupSets().size() > 1) {
      return -1;
    }
    double g = 1;
    for (int c : a.getGroupSet()) {
      double d = distinct(a.getInput(), c);
      if (d < 0) {
        return -1;
      }
      g *= Math.max(1, d);
    }
    double in = rows(a.getInput());
    return a.getGroupSet().isEmpty() ? 1 : in >= 0 ? Math.min(g, in) : g;
  }

  /** The estimate made for {@code rel} when converted, else Calcite's. */
  private double rows(RelNode rel) {
    Double d = relEstimates.get(rel);
    return d != null ? d : calciteRows(rel);
  }

  /** Records {@code est} for {@code n} (wrapped for profiling when asked); returns the node to use. */
  private PlanNode note(PlanNode n, double est) {
    if (estimates == null) {
      return n;
    }
    PlanNode out = profile ? new io.beamdb.planner.exec.ProfiledNode(n) : n;
    estimates.put(out, est);
    return out;
  }

  /** Calcite's row-count estimate of {@code rel}, or -1 when its metadata cannot tell. */
  private static double calciteRows(RelNode rel) {
    try {
      Double d = rel.getCluster().getMetadataQuery().getRowCount(rel);
      return d == null ? -1 : d;
    } catch (RuntimeException e) {
      return -1;
    }
  }

  private PlanNode convertNode(RelNode rel) throws SQLException {
    if (rel instanceof org.apache.calcite.rel.logical.LogicalRepeatUnion) {
      org.apache.calcite.rel.logical.LogicalRepeatUnion r = (org.apache.calcite.rel.logical.LogicalRepeatUnion) rel;
      List<String> qn = r.getTransientTable() == null ? List.of("RECURSIVE") : r.getTransientTable().getQualifiedName();
      return new io.beamdb.planner.exec.RepeatUnionNode(convert(r.getSeedRel()), convert(r.getIterativeRel()), r.all,
          r.iterationLimit, qn.get(qn.size() - 1));
    }
    if (rel instanceof org.apache.calcite.rel.core.TableSpool) {
      return convert(rel.getInput(0)); // RepeatUnionNode keeps the working table itself
    }
    if (rel instanceof LogicalTableScan && rel.getTable().unwrap(org.apache.calcite.schema.TransientTable.class) != null) {
      List<String> qn = rel.getTable().getQualifiedName();
      return new io.beamdb.planner.exec.TransientScanNode(qn.get(qn.size() - 1));
    }
    if (rel instanceof LogicalTableScan) {
      io.beamdb.planner.calcite.SystemTables.SystemTable sys =
          rel.getTable().unwrap(io.beamdb.planner.calcite.SystemTables.SystemTable.class);
      if (sys != null) {
        return new io.beamdb.planner.exec.SystemScanNode(sys.name());
      }
      TableScanNode scan = new TableScanNode(table(rel), null, null, false);
      scans.put(rel, scan);
      return scan;
    }
    if (rel instanceof LogicalFilter) {
      LogicalFilter f = (LogicalFilter) rel;
      Expr cond = compiler.compile(f.getCondition());
      if (f.getInput() instanceof LogicalTableScan && f.getInput().getTable().unwrap(BeamCalciteTable.class) != null) {
        TableDef t = table(f.getInput());
        io.beamdb.planner.stats.TableStats stats = f.getInput().getTable().unwrap(BeamCalciteTable.class).stats();
        AccessPathSelector.Choice c = AccessPathSelector.choose(t, f.getCondition(), rexBuilder, compiler, stats);
        TableScanNode tableScan = new TableScanNode(t, c.index(), c.range(), c.point(), c.adaptive());
        scans.put(f, tableScan);
        PlanNode scan = note(tableScan,
            c.estimatedRows() >= 0 ? c.estimatedRows() : calciteRows(f.getInput()));
        if (estimates != null) {
          double filtered = stats != null
              ? Math.max(0, stats.rowCount()) * AccessPathSelector.filterSelectivity(t, f.getCondition(), rexBuilder, stats)
              : calciteRows(f);
          double scanned = c.estimatedRows();
          ownEstimate = scanned >= 0 && filtered >= 0 ? Math.min(filtered, scanned) : filtered;
        }
        return new FilterNode(scan, cond, f.getCondition().toString());
      }
      return new FilterNode(convert(f.getInput()), cond, f.getCondition().toString());
    }
    if (rel instanceof LogicalProject) {
      LogicalProject p = (LogicalProject) rel;
      PlanNode in = convert(p.getInput());
      return new ProjectNode(in, compiler.compileAll(p.getProjects()), p.getProjects().toString());
    }
    if (rel instanceof LogicalJoin) {
      LogicalJoin j = (LogicalJoin) rel;
      PlanNode nested = indexNestedLoop(j);
      if (nested != null) {
        return nested;
      }
      PlanNode left = convert(j.getLeft());
      PlanNode right = convert(j.getRight());
      JoinInfo info = j.analyzeCondition();
      if (estimates != null) {
        ownEstimate = joinRows(j, info);
      }
      int lw = j.getLeft().getRowType().getFieldCount();
      int rw = j.getRight().getRowType().getFieldCount();
      int[] lk = info.leftKeys.toIntArray();
      int[] rk = info.rightKeys.toIntArray();
      RexNode residual = info.getRemaining(rexBuilder);
      Expr res = residual.isAlwaysTrue() ? null : compiler.compile(residual);
      boolean[] nullSafe = new boolean[lk.length];
      for (int i = 0; i < nullSafe.length; i++) {
        nullSafe[i] = !info.nullExclusionFlags.get(i); // IS NOT DISTINCT FROM keys match NULL with NULL
      }
      return new JoinNode(left, right, j.getJoinType(), lk, rk, nullSafe, res, lw, rw, j.getCondition().toString());
    }
    if (rel instanceof LogicalCorrelate) {
      LogicalCorrelate c = (LogicalCorrelate) rel;
      int id = compiler.correlationId(c.getCorrelationId());
      PlanNode left = convert(c.getLeft());
      PlanNode right = convert(c.getRight());
      return new CorrelateNode(left, right, id, c.getJoinType(), c.getLeft().getRowType().getFieldCount(),
          c.getRight().getRowType().getFieldCount());
    }
    if (rel instanceof LogicalAggregate) {
      return aggregate((LogicalAggregate) rel);
    }
    if (rel instanceof org.apache.calcite.rel.logical.LogicalWindow) {
      return window((org.apache.calcite.rel.logical.LogicalWindow) rel);
    }
    if (rel instanceof LogicalSort) {
      LogicalSort s = (LogicalSort) rel;
      PlanNode in = convert(s.getInput());
      List<SortNode.Key> keys = sortKeys(s.getCollation());
      Expr offset = s.offset == null ? null : compiler.compile(s.offset);
      Expr fetch = s.fetch == null ? null : compiler.compile(s.fetch);
      String text = s.getCollation() + (s.offset != null ? " offset " + s.offset : "") + (s.fetch != null ? " fetch " + s.fetch : "");
      if (!keys.isEmpty() && scanOrderGives(s.getInput(), keys)) {
        // the scan already returns rows in this order: no sort, and a LIMIT stops the scan early
        return new SortNode(in, new SortNode.Key[0], offset, fetch, text + ", already ordered by the scan");
      }
      return new SortNode(in, keys.toArray(new SortNode.Key[0]), offset, fetch, text);
    }
    if (rel instanceof LogicalValues) {
      LogicalValues v = (LogicalValues) rel;
      Expr[][] rows = new Expr[v.getTuples().size()][];
      int i = 0;
      for (List<RexLiteral> tuple : v.getTuples()) {
        rows[i++] = compiler.compileAll(tuple);
      }
      return new ValuesNode(rows);
    }
    if (rel instanceof LogicalUnion || rel instanceof LogicalIntersect || rel instanceof LogicalMinus) {
      List<PlanNode> inputs = new ArrayList<>();
      for (RelNode in : rel.getInputs()) {
        inputs.add(convert(in));
      }
      org.apache.calcite.rel.core.SetOp so = (org.apache.calcite.rel.core.SetOp) rel;
      SetOpNode.Op op = rel instanceof LogicalUnion ? SetOpNode.Op.UNION
          : rel instanceof LogicalIntersect ? SetOpNode.Op.INTERSECT : SetOpNode.Op.EXCEPT;
      return new SetOpNode(op, so.all, inputs);
    }
    if (rel instanceof LogicalTableModify) {
      LogicalTableModify m = (LogicalTableModify) rel;
      BeamCalciteTable target = m.getTable().unwrap(BeamCalciteTable.class);
      if (target == null) {
        List<String> qn = m.getTable().getQualifiedName();
        throw new SQLException("Table " + String.join(".", qn) + " is read-only (a system table or DUAL); "
            + "write to a table created with CREATE TABLE", "42809");
      }
      TableDef t = target.def();
      PlanNode in = convert(m.getInput());
      ModifyNode.Op op;
      int[] updateCols = new int[0];
      TableModify.Operation operation = m.getOperation();
      switch (operation) {
        case INSERT: op = ModifyNode.Op.INSERT; break;
        case DELETE: op = ModifyNode.Op.DELETE; break;
        case MERGE:
        case UPDATE: {
          op = operation == TableModify.Operation.MERGE ? ModifyNode.Op.MERGE : ModifyNode.Op.UPDATE;
          List<String> names = m.getUpdateColumnList() == null ? List.of() : m.getUpdateColumnList();
          updateCols = new int[names.size()];
          for (int i = 0; i < updateCols.length; i++) {
            updateCols[i] = t.columnIndex(names.get(i));
          }
          break;
        }
        default:
          throw SqlErrors.unsupported(operation + " statement");
      }
      if (catalog == null) {
        return new ModifyNode(t, op, in, updateCols);
      }
      TableDef current = catalog.table(t.id());
      return new ModifyNode(current != null ? current : t, op, in, updateCols, catalog,
          checksFor(current != null ? current : t));
    }
    throw SqlErrors.unsupported("Relational operator " + rel.getRelTypeName());
  }

  /**
   * Estimated rows of an equi-join for EXPLAIN, from the inputs' estimates and the distinct counts
   * of the key columns where they come straight from an analyzed table: {@code left * right /
   * max(distinct(left key), distinct(right key))} per key (the textbook containment assumption,
   * as in System R); at least the left rows for LEFT joins. -1 (Calcite's estimate) otherwise.
   */
  private double joinRows(LogicalJoin j, JoinInfo info) {
    if (info.leftKeys.isEmpty() || (j.getJoinType() != org.apache.calcite.rel.core.JoinRelType.INNER
        && j.getJoinType() != org.apache.calcite.rel.core.JoinRelType.LEFT)) {
      return -1;
    }
    double l = rows(j.getLeft());
    double r = rows(j.getRight());
    if (l < 0 || r < 0) {
      return -1;
    }
    double out = l * r;
    int lw = j.getLeft().getRowType().getFieldCount();
    for (int i = 0; i < info.leftKeys.size(); i++) {
      double dl = distinct(j, info.leftKeys.get(i));
      double dr = distinct(j, lw + info.rightKeys.get(i));
      if (dl < 0 && dr < 0) {
        return -1;
      }
      out /= Math.max(1, Math.max(dl, dr));
    }
    return j.getJoinType() == org.apache.calcite.rel.core.JoinRelType.LEFT ? Math.max(out, l) : out;
  }

  /** Distinct values of output column {@code col} of {@code rel} when it is a column of an analyzed table, else -1. */
  private static double distinct(RelNode rel, int col) {
    try {
      org.apache.calcite.rel.metadata.RelColumnOrigin o = rel.getCluster().getMetadataQuery().getColumnOrigin(rel, col);
      if (o == null || o.isDerived()) {
        return -1;
      }
      BeamCalciteTable t = o.getOriginTable().unwrap(BeamCalciteTable.class);
      io.beamdb.planner.stats.TableStats s = t == null ? null : t.stats();
      return s == null ? -1 : s.column(o.getOriginColumnOrdinal()).distinct();
    } catch (RuntimeException e) {
      return -1;
    }
  }

  /**
   * An index nested-loop join for {@code j}, or null when a hash join is cheaper or not possible.
   * Applies to INNER and LEFT equi-joins whose right input is a table (or a filter over one) with
   * statistics and a primary key or index usable on the join keys: for each left row, the right
   * table is read by key with the left row's values (a {@link CorrelateNode} whose inner side is a
   * keyed {@link TableScanNode} reading correlation variables). Chosen by {@link
   * io.beamdb.planner.stats.CostModel}: {@code leftRows * (seek + matches per key * fetch)}
   * against a hash join's full read of the right table ({@code rightRows}) plus probes.
   */
  private PlanNode indexNestedLoop(LogicalJoin j) throws SQLException {
    org.apache.calcite.rel.core.JoinRelType type = j.getJoinType();
    if (type != org.apache.calcite.rel.core.JoinRelType.INNER && type != org.apache.calcite.rel.core.JoinRelType.LEFT) {
      return null;
    }
    RelNode right = j.getRight();
    RexNode rightFilter = null;
    if (right instanceof LogicalFilter) {
      rightFilter = ((LogicalFilter) right).getCondition();
      right = right.getInput(0);
    }
    if (!(right instanceof LogicalTableScan) || right.getTable().unwrap(BeamCalciteTable.class) == null) {
      return null;
    }
    BeamCalciteTable bt = right.getTable().unwrap(BeamCalciteTable.class);
    io.beamdb.planner.stats.TableStats stats = bt.stats();
    JoinInfo info = j.analyzeCondition();
    int[] lk = info.leftKeys.toIntArray();
    int[] rk = info.rightKeys.toIntArray();
    RexNode residual = info.getRemaining(rexBuilder);
    if (stats == null || lk.length == 0 || (type == org.apache.calcite.rel.core.JoinRelType.LEFT && !residual.isAlwaysTrue())) {
      return null;
    }
    for (int i = 0; i < lk.length; i++) {
      if (!info.nullExclusionFlags.get(i)) {
        return null; // IS NOT DISTINCT FROM: NULL keys must match, a key range never does
      }
    }
    double leftRows = calciteRows(j.getLeft());
    if (leftRows < 0) {
      return null;
    }
    TableDef t = bt.def();
    CorrelationId cid = j.getCluster().createCorrel();
    RexNode corr = rexBuilder.makeCorrel(j.getLeft().getRowType(), cid);
    List<RexNode> conds = new ArrayList<>();
    if (rightFilter != null) {
      conds.add(rightFilter);
    }
    for (int i = 0; i < lk.length; i++) {
      conds.add(rexBuilder.makeCall(org.apache.calcite.sql.fun.SqlStdOperatorTable.EQUALS,
          rexBuilder.makeInputRef(right, rk[i]), rexBuilder.makeFieldAccess(corr, lk[i])));
    }
    RexNode cond = org.apache.calcite.rex.RexUtil.composeConjunction(rexBuilder, conds);
    Map<CorrelationId, Integer> before = new HashMap<>(correlations);
    int id = compiler.correlationId(cid);
    AccessPathSelector.Choice c = AccessPathSelector.choose(t, cond, rexBuilder, compiler, stats);
    double rightRows = Math.max(1, stats.rowCount());
    boolean keyed = c.range() != null && c.range().eq().length > 0;
    double perKey = c.point() ? 1 : c.estimatedRows() >= 0 ? c.estimatedRows() : rightRows;
    double nested = leftRows * io.beamdb.planner.stats.CostModel.rangeScan(perKey, c.index() != null);
    double hash = io.beamdb.planner.stats.CostModel.fullScan(rightRows) + leftRows * io.beamdb.planner.stats.CostModel.SEQ_ROW;
    if (!keyed || nested >= hash) {
      correlations.clear();
      correlations.putAll(before); // give the slot back: the hash join does not use it
      return null;
    }
    PlanNode left = convert(j.getLeft());
    TableScanNode scan = new TableScanNode(t, c.index(), c.range(), c.point(), null); // always by key here
    PlanNode inner = new FilterNode(note(scan, perKey), compiler.compile(cond), cond.toString());
    if (estimates != null) {
      estimates.put(inner, perKey);
      if (profile) {
        double est = perKey;
        inner = new io.beamdb.planner.exec.ProfiledNode(inner);
        estimates.put(inner, est);
      }
    }
    int lw = j.getLeft().getRowType().getFieldCount();
    int rw = j.getRight().getRowType().getFieldCount();
    PlanNode join = new CorrelateNode(left, inner, id, type, lw, rw, "IndexNestedLoopJoin(" + type + ", "
        + j.getCondition() + ")");
    double joinEstimate = estimates != null ? joinRows(j, info) : -1;
    if (!residual.isAlwaysTrue()) {
      if (estimates != null) {
        join = note(join, -1);
      }
      join = new FilterNode(join, compiler.compile(residual), residual.toString());
    }
    ownEstimate = joinEstimate;
    return join;
  }

  /**
   * True when {@code rel} (projections and filters over one table scan) returns rows already in
   * the order of {@code keys}: every key ascending with NULLs first, mapping through plain column
   * references to the scan's key columns in order ({@link TableScanNode#order}; leading columns
   * pinned by equality may be skipped), of types whose key encoding orders as
   * {@link io.beamdb.planner.expr.Values#compare} does.
   */
  private boolean scanOrderGives(RelNode rel, List<SortNode.Key> keys) {
    int[] fields = new int[keys.size()];
    for (int i = 0; i < fields.length; i++) {
      SortNode.Key k = keys.get(i);
      if (k.descending() || !k.nullsFirst()) {
        return false;
      }
      fields[i] = k.field();
    }
    RelNode r = rel;
    while (true) {
      TableScanNode scan = scans.get(r);
      if (scan != null) {
        return orderMatches(scan, fields);
      }
      if (r instanceof LogicalProject) {
        List<RexNode> ps = ((LogicalProject) r).getProjects();
        for (int i = 0; i < fields.length; i++) {
          RexNode e = ps.get(fields[i]);
          if (!(e instanceof org.apache.calcite.rex.RexInputRef)) {
            return false;
          }
          fields[i] = ((org.apache.calcite.rex.RexInputRef) e).getIndex();
        }
        r = r.getInput(0);
      } else if (r instanceof LogicalFilter) {
        r = r.getInput(0);
      } else {
        return false;
      }
    }
  }

  private static boolean orderMatches(TableScanNode scan, int[] cols) {
    int[] order = scan.order();
    if (order == null) {
      return false;
    }
    int pinned = order[0];
    int pos = 1;
    for (int c : cols) {
      io.beamdb.sql.type.BeamType t = scan.table().types()[c];
      switch (t) {
        case TINYINT: case SMALLINT: case INTEGER: case BIGINT: case DECIMAL: case VARCHAR: case DATE: case TIME:
        case TIMESTAMP: case BOOLEAN:
          break;
        default:
          return false; // CHAR pads, floating point has -0.0 and NaN: leave those to the sort
      }
      while (pos < order.length && order[pos] != c && pos - 1 < pinned) {
        pos++; // a leading column pinned by equality does not change the order
      }
      if (pos >= order.length || order[pos] != c) {
        return false;
      }
      pos++;
    }
    return true;
  }

  /** Sort keys of a collation; unspecified NULL order is NULLs low (first ascending), as in H2. */
  private static List<SortNode.Key> sortKeys(org.apache.calcite.rel.RelCollation collation) {
    List<SortNode.Key> keys = new ArrayList<>();
    for (RelFieldCollation fc : collation.getFieldCollations()) {
      boolean desc = fc.getDirection().isDescending();
      RelFieldCollation.NullDirection nd = fc.nullDirection;
      boolean nullsFirst = nd == RelFieldCollation.NullDirection.FIRST
          || (nd == RelFieldCollation.NullDirection.UNSPECIFIED && !desc);
      keys.add(new SortNode.Key(fc.getFieldIndex(), desc, nullsFirst));
    }
    return keys;
  }

  private PlanNode window(org.apache.calcite.rel.logical.LogicalWindow w) throws SQLException {
    PlanNode in = convert(w.getInput());
    int width = w.getInput().getRowType().getFieldCount();
    Object[] constants = new Object[w.constants.size()];
    for (int i = 0; i < constants.length; i++) {
      constants[i] = ExprCompiler.literal(w.constants.get(i));
    }
    List<io.beamdb.planner.exec.WindowNode.Group> groups = new ArrayList<>();
    for (org.apache.calcite.rel.core.Window.Group g : w.groups) {
      if (g.exclude != org.apache.calcite.rex.RexWindowExclusion.EXCLUDE_NO_OTHER) {
        throw SqlErrors.unsupported("Window frame " + g.exclude);
      }
      List<SortNode.Key> order = sortKeys(g.orderKeys);
      List<io.beamdb.planner.exec.WindowNode.Call> calls = new ArrayList<>();
      for (org.apache.calcite.rel.core.Window.RexWinAggCall c : g.aggCalls) {
        int[] args = new int[c.getOperands().size()];
        for (int i = 0; i < args.length; i++) {
          RexNode op = c.getOperands().get(i);
          if (!(op instanceof org.apache.calcite.rex.RexInputRef)) {
            throw SqlErrors.unsupported("Window function argument " + op);
          }
          args[i] = ((org.apache.calcite.rex.RexInputRef) op).getIndex();
        }
        io.beamdb.planner.exec.WindowNode.Fn fn;
        AggregateNode.Call agg = null;
        switch (c.getOperator().getKind()) {
          case ROW_NUMBER: fn = io.beamdb.planner.exec.WindowNode.Fn.ROW_NUMBER; break;
          case RANK: fn = io.beamdb.planner.exec.WindowNode.Fn.RANK; break;
          case DENSE_RANK: fn = io.beamdb.planner.exec.WindowNode.Fn.DENSE_RANK; break;
          case PERCENT_RANK: fn = io.beamdb.planner.exec.WindowNode.Fn.PERCENT_RANK; break;
          case CUME_DIST: fn = io.beamdb.planner.exec.WindowNode.Fn.CUME_DIST; break;
          case NTILE: fn = io.beamdb.planner.exec.WindowNode.Fn.NTILE; break;
          case LAG: fn = io.beamdb.planner.exec.WindowNode.Fn.LAG; break;
          case LEAD: fn = io.beamdb.planner.exec.WindowNode.Fn.LEAD; break;
          case FIRST_VALUE: fn = io.beamdb.planner.exec.WindowNode.Fn.FIRST_VALUE; break;
          case LAST_VALUE: fn = io.beamdb.planner.exec.WindowNode.Fn.LAST_VALUE; break;
          case NTH_VALUE: fn = io.beamdb.planner.exec.WindowNode.Fn.NTH_VALUE; break;
          default: {
            fn = io.beamdb.planner.exec.WindowNode.Fn.AGGREGATE;
            AggregateNode.Kind kind = aggregateKind((org.apache.calcite.sql.SqlAggFunction) c.getOperator());
            agg = new AggregateNode.Call(kind, args, c.distinct, -1, TypeMapping.fromRelType(c.getType()).type(),
                Math.max(0, c.getType().getScale()), null);
          }
        }
        calls.add(new io.beamdb.planner.exec.WindowNode.Call(fn, args, agg));
      }
      groups.add(new io.beamdb.planner.exec.WindowNode.Group(g.keys.toArray(), order.toArray(new SortNode.Key[0]),
          g.isRows, bound(g.lowerBound, constants, width), bound(g.upperBound, constants, width),
          calls.toArray(new io.beamdb.planner.exec.WindowNode.Call[0])));
    }
    return new io.beamdb.planner.exec.WindowNode(in, width, constants,
        groups.toArray(new io.beamdb.planner.exec.WindowNode.Group[0]), w.groups.toString());
  }

  private static io.beamdb.planner.exec.WindowNode.Bound bound(org.apache.calcite.rex.RexWindowBound b,
      Object[] constants, int width) throws SQLException {
    if (b.isUnbounded()) {
      return new io.beamdb.planner.exec.WindowNode.Bound(true, false, b.isPreceding(), 0);
    }
    if (b.isCurrentRow()) {
      return new io.beamdb.planner.exec.WindowNode.Bound(false, true, false, 0);
    }
    RexNode off = b.getOffset();
    Object v;
    if (off instanceof org.apache.calcite.rex.RexInputRef && ((org.apache.calcite.rex.RexInputRef) off).getIndex() >= width) {
      v = constants[((org.apache.calcite.rex.RexInputRef) off).getIndex() - width];
    } else if (off instanceof RexLiteral) {
      v = ExprCompiler.literal((RexLiteral) off);
    } else {
      throw SqlErrors.unsupported("Window frame offset " + off + " (use a constant)");
    }
    if (!(v instanceof Number)) {
      throw new SQLException("Window frame offset must be an integer constant, got " + v, "22013");
    }
    return new io.beamdb.planner.exec.WindowNode.Bound(false, false, b.isPreceding(), ((Number) v).longValue());
  }

  private static AggregateNode.Kind aggregateKind(org.apache.calcite.sql.SqlAggFunction f) throws SQLException {
    switch (f.getKind()) {
      case COUNT: return AggregateNode.Kind.COUNT;
      case SUM: return AggregateNode.Kind.SUM;
      case SUM0: return AggregateNode.Kind.SUM0;
      case AVG: return AggregateNode.Kind.AVG;
      case MIN: return AggregateNode.Kind.MIN;
      case MAX: return AggregateNode.Kind.MAX;
      case SINGLE_VALUE: return AggregateNode.Kind.SINGLE_VALUE;
      case ANY_VALUE: return AggregateNode.Kind.ANY_VALUE;
      case LITERAL_AGG: return AggregateNode.Kind.LITERAL;
      default: {
        String name = f.getName().toUpperCase(java.util.Locale.ROOT);
        if (name.equals("BOOL_AND") || name.equals("EVERY")) {
          return AggregateNode.Kind.BOOL_AND;
        }
        if (name.equals("BOOL_OR") || name.equals("SOME")) {
          return AggregateNode.Kind.BOOL_OR;
        }
        if (name.equals("LISTAGG") || name.equals("STRING_AGG") || name.equals("GROUP_CONCAT")) {
          return AggregateNode.Kind.STRING_AGG;
        }
        throw SqlErrors.unsupported("Aggregate function " + f.getName());
      }
    }
  }

  private PlanNode aggregate(LogicalAggregate a) throws SQLException {
    if (a.getGroupSets().size() > 1) {
      throw SqlErrors.unsupported("GROUPING SETS, ROLLUP and CUBE");
    }
    PlanNode in = convert(a.getInput());
    int[] groups = a.getGroupSet().toArray();
    List<AggregateNode.Call> calls = new ArrayList<>();
    for (AggregateCall c : a.getAggCallList()) {
      AggregateNode.Kind kind = aggregateKind(c.getAggregation());
      int[] args = c.getArgList().stream().mapToInt(Integer::intValue).toArray();
      calls.add(new AggregateNode.Call(kind, args, c.isDistinct(), c.filterArg,
          TypeMapping.fromRelType(c.getType()).type(), Math.max(0, c.getType().getScale()),
          kind == AggregateNode.Kind.LITERAL ? ExprCompiler.literal((RexLiteral) c.rexList.get(0)) : null,
          sortKeys(c.getCollation()).toArray(new SortNode.Key[0])));
    }
    return new AggregateNode(in, groups, calls.toArray(new AggregateNode.Call[0]),
        "group=" + a.getGroupSet() + ", " + a.getAggCallList());
  }

  private static TableDef table(RelNode scan) {
    return scan.getTable().unwrap(BeamCalciteTable.class).def();
  }
}
