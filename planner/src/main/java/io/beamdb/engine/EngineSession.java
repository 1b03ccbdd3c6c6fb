package io.beamdb.engine;

import io.beamdb.planner.calcite.CalcitePlanning;
import io.beamdb.planner.calcite.TypeMapping;
import io.beamdb.planner.exec.ExecContext;
import io.beamdb.planner.exec.Operator;
import io.beamdb.planner.physical.PhysicalPlan;
import io.beamdb.planner.physical.PhysicalPlanner;
import io.beamdb.sql.SqlErrors;
import io.beamdb.sql.catalog.Catalog;
import io.beamdb.sql.catalog.ColumnDef;
import io.beamdb.sql.catalog.IndexDef;
import io.beamdb.sql.catalog.TableDef;
import io.beamdb.sql.ddl.DdlCommand;
import io.beamdb.sql.ddl.DdlParser;
import io.beamdb.sql.type.BeamType;
import io.beamdb.sql.type.ColumnType;
import io.beamdb.txn.Transaction;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.sql.SqlKind;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A session on an {@link EngineDatabase}: plans statements (Calcite for queries and DML,
 * JSqlParser for DDL), runs them in the session's transaction (one per statement in autocommit
 * mode), and gives statement-level atomicity: a failed statement's writes are undone while the
 * transaction stays open. READ COMMITTED: each statement reads a fresh snapshot. Not thread-safe.
 */
final class EngineSession implements Session {
  private static final List<ColumnInfo> EXPLAIN_COLUMNS = List.of(
      new ColumnInfo("PLAN", "PLAN", "", "", java.sql.Types.VARCHAR, "VARCHAR", 65535, 0, false, String.class.getName()));

  private final EngineDatabase db;
  private final DdlExecutor ddl;
  private boolean autoCommit = true;
  private io.beamdb.txn.IsolationLevel isolation = io.beamdb.txn.IsolationLevel.READ_COMMITTED;
  private Transaction txn;
  private boolean closed;
  /** Executions in progress (statements running or cursors open), for cancel(). */
  private final java.util.Set<ExecContext> running = java.util.concurrent.ConcurrentHashMap.newKeySet();
  /** Timeout of the statement being executed, milliseconds (0 = none). */
  private long timeoutMillis;
  /** Generated keys the statement being executed must return, or null. */
  private GeneratedKeysRequest keysRequest;
  /** Catalog changes made by DDL in the open transaction, installed when it commits. */
  private List<CatalogChanges.Change> pendingDdl = new ArrayList<>();
  /** Sequences, row ids and system tables as this session sees the catalog. */
  private final SessionServices services = new SessionServices();
  /** Runs the row-level triggers of this session's statements. */
  private final TriggerExecutor triggers;

  /** The catalog as this session sees it: the committed one plus its own uncommitted DDL. */
  Catalog currentCatalog() {
    Catalog committed = db.catalog();
    return pendingDdl.isEmpty() ? committed : CatalogChanges.apply(committed, pendingDdl);
  }

  /** Execution services for this session: sequences resolve against its own catalog view. */
  private final class SessionServices implements ExecContext.RowIdSource, ExecContext.SequenceSource,
      ExecContext.SystemData, ExecContext.TriggerRunner {
    @Override
    public void fire(io.beamdb.sql.catalog.TriggerDef trigger, TableDef table, Object[] oldRow, Object[] newRow,
                     ExecContext ctx) throws SQLException {
      triggers.fire(trigger, table, oldRow, newRow, ctx);
    }

    @Override
    public long next(TableDef table, Transaction txn) throws SQLException {
      return db.next(table, txn);
    }

    @Override
    public long nextValue(String schema, String name) throws SQLException {
      return db.nextValue(currentCatalog().sequence(schema, name), name);
    }

    @Override
    public long currentValue(String schema, String name) throws SQLException {
      return db.currentValue(currentCatalog().sequence(schema, name), name);
    }

    @Override
    public List<Object[]> rows(String table) throws SQLException {
      return db.rows(table);
    }
  }

  EngineSession(EngineDatabase db) {
    this.db = db;
    this.ddl = new DdlExecutor(db);
    this.triggers = new TriggerExecutor(db, this::currentCatalog, services);
  }

  private void checkOpen() throws SQLException {
    if (closed || db.isClosed()) {
      throw new SQLNonTransientConnectionException("Session is closed", "08003");
    }
  }

  @Override
  public PreparedCommand prepare(String sql) throws SQLException {
    checkOpen();
    if (sql == null || sql.isBlank()) {
      throw SqlErrors.syntax("Empty SQL statement");
    }
    String word = DdlParser.firstWord(sql);
    Catalog cat = currentCatalog();
    switch (word) {
      case "COMMIT":
        return control(sql, EnginePreparedCommand.Kind.COMMIT, cat);
      case "ROLLBACK": {
        java.util.regex.Matcher m = ROLLBACK_TO.matcher(sql);
        if (m.matches()) {
          return savepointCommand(sql, EnginePreparedCommand.Kind.ROLLBACK_TO, m.group(1), cat);
        }
        return control(sql, EnginePreparedCommand.Kind.ROLLBACK, cat);
      }
      case "SAVEPOINT":
      case "RELEASE": {
        java.util.regex.Matcher m = (word.equals("SAVEPOINT") ? SAVEPOINT : RELEASE).matcher(sql);
        if (!m.matches()) {
          throw SqlErrors.syntax("Syntax error in '" + sql.trim() + "'; use SAVEPOINT name or RELEASE [SAVEPOINT] name");
        }
        return savepointCommand(sql, word.equals("SAVEPOINT") ? EnginePreparedCommand.Kind.SAVEPOINT
            : EnginePreparedCommand.Kind.RELEASE, m.group(1), cat);
      }
      case "BEGIN":
      case "START":
        return control(sql, EnginePreparedCommand.Kind.BEGIN, cat);
      case "BACKUP":
        BackupStatement.target(sql); // syntax errors at prepare time
        return control(sql, EnginePreparedCommand.Kind.BACKUP, cat);
      case "SET":
        return setCommand(sql, cat);
      case "ANALYZE":
        return analyzeCommand(sql, cat);
      case "EXPLAIN": {
        java.util.regex.Matcher ea = EXPLAIN_ANALYZE.matcher(sql);
        if (ea.matches()) {
          return explainAnalyze(sql, ea.group(1), cat);
        }
        java.util.regex.Matcher bare = EXPLAIN_BARE.matcher(sql);
        return planCached(bare.matches() ? "EXPLAIN PLAN FOR " + bare.group(1) : sql, cat);
      }
      case "CREATE":
      case "DROP":
      case "ALTER":
      case "TRUNCATE":
      case "REINDEX":
      case "COMMENT":
        return new EnginePreparedCommand(sql, EnginePreparedCommand.Kind.DDL, null,
            DdlParser.parse(sql, currentSchema()), new ColumnType[0], List.of(), new ColumnType[0], cat.version(), null);
      default: {
        java.util.regex.Matcher m = FOR_UPDATE.matcher(sql);
        if (m.matches() && word.equals("SELECT")) {
          EnginePreparedCommand base = plan(m.group(1), cat);
          EnginePreparedCommand c = new EnginePreparedCommand(sql, base.kind, base.plan, null, base.paramTypes,
              base.columns, base.columnTypes, base.catalogVersion, base.explainText);
          c.forUpdate = true;
          c.statsEpoch = base.statsEpoch;
          return c;
        }
        return planCached(sql, cat);
      }
    }
  }

  private static final java.util.regex.Pattern ROLLBACK_TO = java.util.regex.Pattern.compile(
      "(?is)\\s*ROLLBACK\\s+(?:WORK\\s+)?TO\\s+(?:SAVEPOINT\\s+)?(\"?[\\w$]+\"?)\\s*;?\\s*");
  private static final java.util.regex.Pattern SAVEPOINT = java.util.regex.Pattern.compile(
      "(?is)\\s*SAVEPOINT\\s+(\"?[\\w$]+\"?)\\s*;?\\s*");
  private static final java.util.regex.Pattern RELEASE = java.util.regex.Pattern.compile(
      "(?is)\\s*RELEASE\\s+(?:SAVEPOINT\\s+)?(\"?[\\w$]+\"?)\\s*;?\\s*");
  private static final java.util.regex.Pattern FOR_UPDATE = java.util.regex.Pattern.compile(
      "(?is)(.*?)\\s+FOR\\s+UPDATE\\s*;?\\s*");

  private static EnginePreparedCommand savepointCommand(String sql, EnginePreparedCommand.Kind kind, String name,
                                                        Catalog cat) {
    EnginePreparedCommand c = control(sql, kind, cat);
    c.savepoint = io.beamdb.sql.ddl.DdlParser.ident(name);
    return c;
  }

  @Override
  public void setSavepoint(String name) throws SQLException {
    checkOpen();
    if (autoCommit) {
      throw new SQLException("Savepoints need a transaction; call setAutoCommit(false) first", "3B001");
    }
    transaction().setSavepoint(name);
  }

  @Override
  public void rollbackToSavepoint(String name) throws SQLException {
    checkOpen();
    if (txn == null) {
      throw new SQLException("Savepoint \"" + name + "\" does not exist (no open transaction)", "3B001");
    }
    txn.rollbackToSavepoint(name);
  }

  @Override
  public void releaseSavepoint(String name) throws SQLException {
    checkOpen();
    if (txn == null) {
      throw new SQLException("Savepoint \"" + name + "\" does not exist (no open transaction)", "3B001");
    }
    txn.releaseSavepoint(name);
  }

  /**
   * Plans through the plan cache: first by exact text, then (for statements without {@code ?})
   * by the normalized text with literals turned into parameters, so statements differing only
   * in constants share a plan.
   */
  private PreparedCommand planCached(String sql, Catalog cat) throws SQLException {
    if (!pendingDdl.isEmpty()) {
      return plan(sql, cat); // a private catalog view: its plans must not enter the shared cache
    }
    EngineDatabase.PlanKey key = new EngineDatabase.PlanKey(planVersion(cat), currentSchema(), sql);
    EnginePreparedCommand cached = db.planCache().getIfPresent(key);
    if (cached != null && cached.replacement == null) {
      return cached;
    }
    if (sql.indexOf('?') < 0) {
      // fast: same skeleton as a statement seen before -> bind its literals without parsing
      io.beamdb.planner.calcite.LiteralScanner.Scan scan = io.beamdb.planner.calcite.LiteralScanner.scan(sql);
      EngineDatabase.PlanKey skey = scan == null || scan.literals().isEmpty() ? null
          : new EngineDatabase.PlanKey(planVersion(cat), currentSchema(), scan.skeleton());
      if (skey != null) {
        SkeletonPlan sp = db.skeletonCache().getIfPresent(skey);
        if (sp != null && sp.template.replacement == null) {
          List<Object> values = sp.bind(scan);
          if (values != null) {
            return new BoundCommand(sql, sp.template, values);
          }
        }
      }
      io.beamdb.planner.calcite.StatementNormalizer.Normalized n =
          io.beamdb.planner.calcite.StatementNormalizer.normalize(sql);
      if (n != null) {
        EngineDatabase.PlanKey nkey = new EngineDatabase.PlanKey(planVersion(cat), currentSchema(), n.sql());
        EnginePreparedCommand template = db.planCache().getIfPresent(nkey);
        if (template == null || template.replacement != null) {
          try {
            template = plan(n.sql(), cat);
          } catch (SQLException e) {
            template = null; // e.g. a parameter whose type cannot be inferred: plan the text as given
          }
          if (template != null) {
            db.planCache().put(nkey, template);
          }
        }
        if (template != null && BoundCommand.compatible(template, n.literals())) {
          if (skey != null) {
            SkeletonPlan learned = SkeletonPlan.learn(scan, n, template);
            if (learned != null) {
              db.skeletonCache().put(skey, learned);
            }
          }
          return new BoundCommand(sql, template, n.literals());
        }
      }
    }
    EnginePreparedCommand planned = plan(sql, cat);
    db.planCache().put(key, planned);
    return planned;
  }

  private static final java.util.regex.Pattern SET_ISOLATION = java.util.regex.Pattern.compile(
      "(?is)\\s*SET\\s+(?:SESSION\\s+CHARACTERISTICS\\s+AS\\s+)?TRANSACTION\\s+ISOLATION\\s+LEVEL\\s+"
          + "(READ\\s+UNCOMMITTED|READ\\s+COMMITTED|REPEATABLE\\s+READ|SERIALIZABLE)\\s*;?\\s*");

  private static final java.util.regex.Pattern SET_SCHEMA = java.util.regex.Pattern.compile(
      "(?is)\\s*SET\\s+(?:SCHEMA\\s+|SEARCH_PATH\\s*(?:TO|=)\\s*)('[^']*'|\"[^\"]+\"|[\\w$]+)\\s*;?\\s*");

  /**
   * {@code SET [SESSION CHARACTERISTICS AS] TRANSACTION ISOLATION LEVEL ...}, {@code SET SCHEMA s}
   * (H2) and {@code SET search_path TO s} (PostgreSQL, one schema); other SETs are 0A000.
   */
  private EnginePreparedCommand setCommand(String sql, Catalog cat) throws SQLException {
    java.util.regex.Matcher sc = SET_SCHEMA.matcher(sql);
    if (sc.matches()) {
      String name = sc.group(1);
      EnginePreparedCommand c = control(sql, EnginePreparedCommand.Kind.SET_SCHEMA, cat);
      c.targetSchema = name.startsWith("'") ? name.substring(1, name.length() - 1) : DdlParser.ident(name);
      return c;
    }
    java.util.regex.Matcher m = SET_ISOLATION.matcher(sql);
    if (!m.matches()) {
      throw SqlErrors.unsupported("Statement '" + sql.trim() + "' (only SET TRANSACTION ISOLATION LEVEL is)");
    }
    String level = m.group(1).toUpperCase(Locale.ROOT).replaceAll("\\s+", " ");
    EnginePreparedCommand c = control(sql, EnginePreparedCommand.Kind.SET_ISOLATION, cat);
    c.isolation = switch (level) {
      case "REPEATABLE READ" -> io.beamdb.txn.IsolationLevel.REPEATABLE_READ;
      case "SERIALIZABLE" -> io.beamdb.txn.IsolationLevel.SERIALIZABLE;
      default -> io.beamdb.txn.IsolationLevel.READ_COMMITTED; // READ UNCOMMITTED behaves as READ COMMITTED
    };
    return c;
  }

  @Override
  public void setIsolationLevel(io.beamdb.txn.IsolationLevel level) throws SQLException {
    checkOpen();
    if (level == isolation) {
      return;
    }
    if (txn != null && txn.hasWrites()) {
      throw new SQLException("Cannot change the isolation level after the transaction has written; commit or roll back first", "25001");
    }
    if (txn != null) {
      end(txn, false); // nothing written: start the next transaction at the new level
    }
    isolation = level;
  }

  @Override
  public io.beamdb.txn.IsolationLevel isolationLevel() {
    return isolation;
  }

  private static EnginePreparedCommand control(String sql, EnginePreparedCommand.Kind kind, Catalog cat) {
    return new EnginePreparedCommand(sql, kind, null, null, new ColumnType[0], List.of(), new ColumnType[0], cat.version(), null);
  }

  private static final java.util.regex.Pattern HAS_RETURNING = java.util.regex.Pattern.compile("(?is).*\\bRETURNING\\b.*");

  /**
   * {@code INSERT/UPDATE/DELETE ... RETURNING items} (PostgreSQL): plans the statement without
   * the clause, and the items as expressions over the modified table's row (planned by Calcite
   * as {@code SELECT items FROM table}); null when {@code sql} has no RETURNING clause.
   */
  private EnginePreparedCommand planReturning(String sql, Catalog cat) throws SQLException {
    String first = io.beamdb.sql.SqlText.firstWord(sql);
    if (!(first.equals("INSERT") || first.equals("UPDATE") || first.equals("DELETE"))
        || !HAS_RETURNING.matcher(sql).matches()) {
      return null;
    }
    net.sf.jsqlparser.statement.Statement st;
    try {
      st = net.sf.jsqlparser.parser.CCJSqlParserUtil.parse(io.beamdb.sql.SqlText.stripSemicolon(sql));
    } catch (Exception e) {
      return null; // not parseable as DML with RETURNING: Calcite reports the syntax error
    }
    net.sf.jsqlparser.statement.ReturningClause returning;
    net.sf.jsqlparser.schema.Table table;
    if (st instanceof net.sf.jsqlparser.statement.insert.Insert) {
      net.sf.jsqlparser.statement.insert.Insert i = (net.sf.jsqlparser.statement.insert.Insert) st;
      returning = i.getReturningClause();
      table = i.getTable();
      i.setReturningClause(null);
    } else if (st instanceof net.sf.jsqlparser.statement.update.Update) {
      net.sf.jsqlparser.statement.update.Update u = (net.sf.jsqlparser.statement.update.Update) st;
      returning = u.getReturningClause();
      table = u.getTable();
      u.setReturningClause(null);
    } else if (st instanceof net.sf.jsqlparser.statement.delete.Delete) {
      net.sf.jsqlparser.statement.delete.Delete d = (net.sf.jsqlparser.statement.delete.Delete) st;
      returning = d.getReturningClause();
      table = d.getTable();
      d.setReturningClause(null);
    } else {
      return null;
    }
    if (returning == null) {
      return null;
    }
    EnginePreparedCommand dml = plan(st.toString(), cat);
    String items = returning.toString().trim().replaceFirst("(?i)^RETURNING\\s+", "");
    String from = table.getFullyQualifiedName() + (table.getAlias() != null ? " " + table.getAlias() : "");
    CalcitePlanning.LogicalPlan lp = CalcitePlanning.plan("SELECT " + items + " FROM " + from, cat, currentSchema());
    org.apache.calcite.rel.RelNode rel = lp.rel();
    java.util.List<org.apache.calcite.rex.RexNode> exprs;
    if (rel instanceof org.apache.calcite.rel.logical.LogicalProject
        && ((org.apache.calcite.rel.logical.LogicalProject) rel).getInput() instanceof org.apache.calcite.rel.logical.LogicalTableScan) {
      exprs = ((org.apache.calcite.rel.logical.LogicalProject) rel).getProjects();
    } else if (rel instanceof org.apache.calcite.rel.logical.LogicalTableScan) {
      exprs = new ArrayList<>();
      for (int i = 0; i < rel.getRowType().getFieldCount(); i++) {
        exprs.add(rel.getCluster().getRexBuilder().makeInputRef(rel, i));
      }
    } else {
      throw SqlErrors.unsupported("RETURNING items other than expressions over the modified row's columns: " + items);
    }
    if (lp.parameterType().getFieldCount() > 0) {
      throw SqlErrors.unsupported("? parameters in a RETURNING clause");
    }
    io.beamdb.planner.expr.ExprCompiler compiler =
        new io.beamdb.planner.expr.ExprCompiler(rel.getCluster().getRexBuilder(), new java.util.HashMap<>());
    List<ColumnInfo> cols = new ArrayList<>();
    ColumnType[] types = new ColumnType[exprs.size()];
    for (int i = 0; i < types.length; i++) {
      RelDataTypeField f = lp.rowType().getFieldList().get(i);
      ColumnType t = TypeMapping.fromRelType(f.getType());
      types[i] = t;
      cols.add(new ColumnInfo(f.getName(), f.getName(), "", "", t.type().jdbcType(), t.type().sqlName(),
          t.displayPrecision(), Math.max(0, t.scale()), f.getType().isNullable(), externalClass(t.type())));
    }
    EnginePreparedCommand c = new EnginePreparedCommand(sql, EnginePreparedCommand.Kind.DML, dml.plan, null,
        dml.paramTypes, List.copyOf(cols), types, cat.version(), null);
    c.returning = compiler.compileAll(exprs);
    return c;
  }

  /**
   * The version plans are cached under: the catalog version, with the statistics epoch in the
   * high bits, so ANALYZE and significant automatic re-analysis make statements plan again.
   */
  private long planVersion(Catalog cat) {
    return cat.version() + (db.statistics().epoch() << 40);
  }

  private static final java.util.regex.Pattern ANALYZE = java.util.regex.Pattern.compile(
      "(?is)\\s*ANALYZE(?:\\s+TABLE)?(?:\\s+((?:\"(?:[^\"]|\"\")+\"|[\\w$]+)(?:\\s*\\.\\s*(?:\"(?:[^\"]|\"\")+\"|[\\w$]+))?))?\\s*;?\\s*");
  private static final java.util.regex.Pattern EXPLAIN_ANALYZE = java.util.regex.Pattern.compile(
      "(?is)\\s*EXPLAIN\\s+ANALYZE\\s+(.+?)\\s*;?\\s*");
  private static final java.util.regex.Pattern EXPLAIN_BARE = java.util.regex.Pattern.compile(
      "(?is)\\s*EXPLAIN\\s+((?:SELECT|WITH|VALUES|INSERT|UPDATE|DELETE|MERGE)\\b.*)");

  /**
   * {@code ANALYZE}, {@code ANALYZE t}, {@code ANALYZE TABLE t} (H2, PostgreSQL): gathers
   * statistics of one table or of all. The table is resolved when the command runs (42P01 when
   * missing); other syntax is 42000.
   */
  private EnginePreparedCommand analyzeCommand(String sql, Catalog cat) throws SQLException {
    java.util.regex.Matcher m = ANALYZE.matcher(sql);
    if (!m.matches()) {
      throw SqlErrors.syntax("Syntax error in '" + sql.trim() + "'; use ANALYZE [TABLE] [schema.]table or ANALYZE");
    }
    EnginePreparedCommand c = control(sql, EnginePreparedCommand.Kind.ANALYZE, cat);
    c.targetSchema = m.group(1); // the raw table name, or null for every table
    return c;
  }

  /** Runs ANALYZE: reads the table(s) in a new snapshot and stores their statistics. */
  private void runAnalyze(String rawName) throws SQLException {
    Catalog cat = currentCatalog();
    if (rawName == null) {
      for (TableDef t : cat.tables()) {
        db.statistics().analyze(t);
      }
      return;
    }
    String[] parts = rawName.split("\\s*\\.\\s*(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)");
    String schemaName = parts.length == 2 ? DdlParser.ident(parts[0]) : currentSchema();
    String name = DdlParser.ident(parts[parts.length - 1]);
    TableDef t = cat.table(schemaName, name);
    if (t == null) {
      throw new java.sql.SQLSyntaxErrorException("Table \"" + schemaName + "\".\"" + name
          + "\" not found; check the name or create it with CREATE TABLE", "42P01");
    }
    db.statistics().analyze(t);
  }

  /**
   * {@code EXPLAIN ANALYZE statement}: plans the statement with every node profiled; executing
   * the command runs it (a DML statement really writes, as in PostgreSQL) and returns the plan
   * with estimated and actual rows and times per node.
   */
  private EnginePreparedCommand explainAnalyze(String sql, String inner, Catalog cat) throws SQLException {
    EnginePreparedCommand target = plan(inner, cat, true);
    if (target.kind != EnginePreparedCommand.Kind.QUERY && target.kind != EnginePreparedCommand.Kind.DML) {
      throw SqlErrors.unsupported("EXPLAIN ANALYZE of " + target.kind + " (only queries and INSERT/UPDATE/DELETE/MERGE)");
    }
    EnginePreparedCommand c = new EnginePreparedCommand(sql, EnginePreparedCommand.Kind.EXPLAIN_ANALYZE, target.plan,
        null, target.paramTypes, EXPLAIN_COLUMNS, new ColumnType[] {ColumnType.of(BeamType.VARCHAR)},
        target.catalogVersion, null);
    c.statsEpoch = target.statsEpoch;
    c.explained = target;
    return c;
  }

  /** Executes an EXPLAIN ANALYZE command: runs the profiled plan, then renders it. */
  private CommandResult runExplainAnalyze(EnginePreparedCommand cmd, Object[] values) throws SQLException {
    EnginePreparedCommand target = cmd.explained;
    io.beamdb.planner.exec.ProfiledNode.reset(target.plan.root());
    long start = System.nanoTime();
    long count = 0;
    if (target.kind == EnginePreparedCommand.Kind.DML) {
      lockTableShared(target);
      count = dml(target, values, null);
    } else {
      try (RowCursor c = query(target, values)) {
        while (c.next()) {
          count++;
        }
      }
    }
    double ms = (System.nanoTime() - start) / 1e6;
    List<Object[]> rows = new ArrayList<>();
    for (String line : target.plan.explainAnalyze().split("\n")) {
      rows.add(new Object[] {line});
    }
    rows.add(new Object[] {(target.kind == EnginePreparedCommand.Kind.DML ? "Rows written: " : "Rows returned: ") + count});
    rows.add(new Object[] {String.format(Locale.ROOT, "Execution time: %.3f ms", ms)});
    return CommandResult.ofRows(new ListCursor(cmd.columns, rows));
  }

  private EnginePreparedCommand plan(String sql, Catalog cat) throws SQLException {
    return plan(sql, cat, false);
  }

  private EnginePreparedCommand plan(String sql, Catalog cat, boolean profile) throws SQLException {
    long statsEpoch = db.statistics().epoch();
    EnginePreparedCommand c = planWith(sql, cat, profile);
    c.statsEpoch = statsEpoch;
    return c;
  }

  private EnginePreparedCommand planWith(String sql, Catalog cat, boolean profile) throws SQLException {
    EnginePreparedCommand withReturning = planReturning(sql, cat);
    if (withReturning != null) {
      return withReturning;
    }
    String merge = UpsertRewriter.rewrite(sql, cat, currentSchema()); // ON CONFLICT, H2 MERGE KEY, REPLACE
    CalcitePlanning.LogicalPlan lp = CalcitePlanning.plan(merge != null ? merge : sql, cat, currentSchema(),
        db.statistics());
    PhysicalPlan pp = new PhysicalPlanner(lp.rel().getCluster().getRexBuilder(), cat)
        .explain(lp.explain(), profile).plan(lp.rel());
    List<RelDataTypeField> params = lp.parameterType().getFieldList();
    ColumnType[] paramTypes = new ColumnType[params.size()];
    for (int i = 0; i < paramTypes.length; i++) {
      paramTypes[i] = TypeMapping.fromRelType(params.get(i).getType());
    }
    boolean dml = lp.kind() == SqlKind.INSERT || lp.kind() == SqlKind.UPDATE || lp.kind() == SqlKind.DELETE
        || lp.kind() == SqlKind.MERGE;
    if (lp.explain()) {
      return new EnginePreparedCommand(sql, EnginePreparedCommand.Kind.EXPLAIN, pp, null, paramTypes,
          EXPLAIN_COLUMNS, new ColumnType[] {ColumnType.of(BeamType.VARCHAR)}, cat.version(), pp.explain());
    }
    if (dml) {
      return new EnginePreparedCommand(sql, EnginePreparedCommand.Kind.DML, pp, null, paramTypes, List.of(),
          new ColumnType[0], cat.version(), null);
    }
    RelDataType rowType = lp.rowType();
    List<ColumnInfo> cols = new ArrayList<>();
    ColumnType[] types = new ColumnType[rowType.getFieldCount()];
    int i = 0;
    org.apache.calcite.rel.metadata.RelMetadataQuery mq = lp.rel().getCluster().getMetadataQuery();
    for (RelDataTypeField f : rowType.getFieldList()) {
      ColumnType t = TypeMapping.fromRelType(f.getType());
      String table = "";
      String schema = "";
      String column = f.getName();
      org.apache.calcite.rel.metadata.RelColumnOrigin origin = i < lp.rel().getRowType().getFieldCount()
          ? mq.getColumnOrigin(lp.rel(), i) : null;
      if (origin != null && !origin.isDerived()) {
        List<String> qn = origin.getOriginTable().getQualifiedName();
        table = qn.get(qn.size() - 1);
        schema = qn.size() > 1 ? qn.get(qn.size() - 2) : "";
        column = origin.getOriginTable().getRowType().getFieldNames().get(origin.getOriginColumnOrdinal());
        io.beamdb.planner.calcite.BeamCalciteTable bt = origin.getOriginTable().unwrap(io.beamdb.planner.calcite.BeamCalciteTable.class);
        if (bt != null && bt.def().columns().get(origin.getOriginColumnOrdinal()).type().type() == t.type()) {
          t = bt.def().columns().get(origin.getOriginColumnOrdinal()).type(); // declared length/precision
        }
      }
      types[i++] = t;
      cols.add(new ColumnInfo(f.getName(), column, table, schema, t.type().jdbcType(), t.type().sqlName(),
          t.displayPrecision(), Math.max(0, t.scale()), f.getType().isNullable(), externalClass(t.type())));
    }
    return new EnginePreparedCommand(sql, EnginePreparedCommand.Kind.QUERY, pp, null, paramTypes, List.copyOf(cols),
        types, cat.version(), null);
  }

  private static String externalClass(BeamType t) {
    switch (t) {
      case DATE: return java.time.LocalDate.class.getName();
      case TIME: return java.time.LocalTime.class.getName();
      case TIMESTAMP: return java.time.LocalDateTime.class.getName();
      case TIMESTAMP_TZ: return java.time.OffsetDateTime.class.getName();
      case INTERVAL_YM: return java.time.Period.class.getName();
      case INTERVAL_DS: return java.time.Duration.class.getName();
      case BINARY:
      case VARBINARY: return byte[].class.getName();
      default: return t.internalClass().getName();
    }
  }

  @Override
  public CommandResult execute(PreparedCommand command, Object[] params, long timeoutMillis) throws SQLException {
    return execute(command, params, timeoutMillis, null);
  }

  @Override
  public CommandResult execute(PreparedCommand command, Object[] params, long timeoutMillis, GeneratedKeysRequest keys)
      throws SQLException {
    long saved = this.timeoutMillis;
    GeneratedKeysRequest savedKeys = this.keysRequest;
    this.timeoutMillis = timeoutMillis;
    this.keysRequest = keys;
    try {
      return execute(command, params);
    } finally {
      this.timeoutMillis = saved;
      this.keysRequest = savedKeys;
    }
  }

  /** The generated-keys cursor for {@code inserted} rows of {@code table} as {@code req} asks. */
  private RowCursor generatedKeys(TableDef table, List<Object[]> inserted, GeneratedKeysRequest req) throws SQLException {
    List<Integer> cols = new ArrayList<>();
    if (req.columnNames() != null) {
      for (String n : req.columnNames()) {
        int i = table.columnIndex(n);
        if (i < 0) {
          i = table.columnIndex(n.toUpperCase(Locale.ROOT));
        }
        if (i < 0) {
          throw SqlErrors.unknownColumn(n, table.name());
        }
        cols.add(i);
      }
    } else if (req.columnIndexes() != null) {
      for (int i : req.columnIndexes()) {
        if (i < 1 || i > table.columns().size()) {
          throw new SQLException("Column index " + i + " out of range 1.." + table.columns().size(), "07009");
        }
        cols.add(i - 1);
      }
    } else {
      for (int i = 0; i < table.columns().size(); i++) {
        if (table.columns().get(i).isIdentity()) {
          cols.add(i);
        }
      }
      if (cols.isEmpty()) {
        for (int p : table.primaryKey()) {
          cols.add(p);
        }
      }
    }
    List<ColumnInfo> infos = new ArrayList<>();
    for (int c : cols) {
      ColumnDef d = table.columns().get(c);
      ColumnType t = d.type();
      infos.add(new ColumnInfo(d.name(), d.name(), table.name(), table.schema(), t.type().jdbcType(), t.type().sqlName(),
          t.displayPrecision(), Math.max(0, t.scale()), d.nullable(), externalClass(t.type())));
    }
    List<Object[]> rows = new ArrayList<>();
    for (Object[] r : inserted) {
      Object[] out = new Object[cols.size()];
      for (int j = 0; j < out.length; j++) {
        int c = cols.get(j);
        out[j] = ColumnType.toExternal(table.types()[c], r[c]);
      }
      rows.add(out);
    }
    return new ListCursor(List.copyOf(infos), rows);
  }

  @Override
  public void cancel() {
    for (ExecContext c : running) {
      c.cancel();
    }
  }

  private ExecContext newContext(Transaction t, Object[] values, EnginePreparedCommand cmd) {
    ExecContext ctx = new ExecContext(t, values, cmd.plan.correlationCount(), services, timeoutMillis);
    running.add(ctx);
    return ctx;
  }

  @Override
  public CommandResult execute(PreparedCommand command, Object[] params) throws SQLException {
    checkOpen();
    if (command instanceof BoundCommand) {
      BoundCommand b = (BoundCommand) command;
      Object[] bound = b.bindExactly();
      if (bound == null) {
        // a literal does not survive conversion to the shared plan's parameter type: plan the text itself
        EnginePreparedCommand exact = plan(b.sql, currentCatalog());
        return execute(exact, new Object[0]);
      }
      return execute(b.template, bound);
    }
    EnginePreparedCommand cmd = (EnginePreparedCommand) command;
    while (cmd.replacement != null) {
      cmd = cmd.replacement;
    }
    if (cmd.kind == EnginePreparedCommand.Kind.DML) {
      // a writer holds its table's schema lock (shared) until its transaction ends, so DDL on
      // that table waits for it, and it re-plans below if DDL committed before it got the lock
      lockTableShared(cmd);
    }
    if (cmd.plan != null && (cmd.catalogVersion != currentCatalog().version()
        || cmd.statsEpoch != db.statistics().epoch())) {
      EnginePreparedCommand stale = cmd;
      cmd = (EnginePreparedCommand) prepare(cmd.sql); // the schema changed under the plan
      stale.replacement = cmd;
      if (cmd.parameterCount() != command.parameterCount()) {
        throw new SQLException("The statement's parameters changed after a schema change; prepare it again", "07001");
      }
      if (cmd.kind == EnginePreparedCommand.Kind.DML) {
        lockTableShared(cmd);
      }
    }
    Object[] values = bind(cmd, params);
    switch (cmd.kind) {
      case COMMIT:
        commit();
        return CommandResult.ofCount(0);
      case ROLLBACK:
        rollback();
        return CommandResult.ofCount(0);
      case BEGIN:
        return CommandResult.ofCount(0);
      case BACKUP:
        return BackupStatement.execute(db, cmd.sql);
      case SET_ISOLATION:
        setIsolationLevel(cmd.isolation);
        return CommandResult.ofCount(0);
      case SET_SCHEMA:
        if (!currentCatalog().hasSchema(cmd.targetSchema)) {
          throw new SQLException("Schema \"" + cmd.targetSchema + "\" does not exist; create it with CREATE SCHEMA",
              "3F000");
        }
        schema = cmd.targetSchema;
        return CommandResult.ofCount(0);
      case SAVEPOINT:
        setSavepoint(cmd.savepoint);
        return CommandResult.ofCount(0);
      case ROLLBACK_TO:
        rollbackToSavepoint(cmd.savepoint);
        return CommandResult.ofCount(0);
      case RELEASE:
        releaseSavepoint(cmd.savepoint);
        return CommandResult.ofCount(0);
      case DDL:
        runDdl(cmd.ddl);
        return CommandResult.ofCount(0);
      case ANALYZE:
        runAnalyze(cmd.targetSchema);
        return CommandResult.ofCount(0);
      case EXPLAIN_ANALYZE:
        return runExplainAnalyze(cmd, values);
      case EXPLAIN: {
        List<Object[]> rows = new ArrayList<>();
        for (String line : cmd.explainText.split("\n")) {
          rows.add(new Object[] {line});
        }
        return CommandResult.ofRows(new ListCursor(cmd.columns, rows));
      }
      case QUERY:
        return CommandResult.ofRows(cmd.forUpdate ? queryForUpdate(cmd, values) : query(cmd, values));
      case DML: {
        if (cmd.returning != null) {
          List<Object[]> affected = new ArrayList<>();
          dml(cmd, values, affected);
          List<Object[]> out = new ArrayList<>(affected.size());
          ExecContext ectx = new ExecContext(null, values, 0, db);
          for (Object[] row : affected) {
            Object[] r = new Object[cmd.returning.length];
            for (int i = 0; i < r.length; i++) {
              r[i] = cmd.returning[i].eval(row, ectx);
            }
            out.add(r);
          }
          return CommandResult.ofRows(new EngineCursor(cmd.columns, cmd.columnTypes,
              io.beamdb.planner.exec.Rows.of(out), null, () -> { }));
        }
        List<Object[]> inserted = keysRequest != null ? new ArrayList<>() : null;
        long count = dml(cmd, values, inserted);
        if (inserted == null) {
          return CommandResult.ofCount(count);
        }
        return CommandResult.ofCount(count, generatedKeys(cmd.plan.modifiedTable(), inserted, keysRequest));
      }
      default:
        throw SqlErrors.unsupported(cmd.kind.toString());
    }
  }

  /**
   * Runs DDL in the session's transaction (transactional DDL): invisible to others until
   * commit, undone by rollback; in autocommit mode it commits at once.
   */
  private void runDdl(DdlCommand c) throws SQLException {
    Transaction t = transaction();
    int mark = t.mark();
    try {
      ddl.lock(c, currentCatalog(), t);
      Catalog base = currentCatalog(); // after the locks: includes DDL others committed meanwhile
      Catalog next;
      synchronized (db.ddlLock()) {
        next = ddl.apply(c, base, t);
      }
      if (next != null) {
        pendingDdl.addAll(CatalogChanges.diff(base, next));
      }
      if (autoCommit) {
        Transaction done = txn;
        txn = null;
        end(done, true);
      }
    } catch (SQLException | RuntimeException e) {
      abortStatement(t, mark);
      throw toSqlException(e);
    }
  }

  private Object[] bind(EnginePreparedCommand cmd, Object[] params) throws SQLException {
    int n = cmd.parameterCount();
    if (params == null || params.length < n) {
      throw new SQLException("Statement needs " + n + " parameters, got " + (params == null ? 0 : params.length), "07001");
    }
    Object[] out = new Object[n];
    for (int i = 0; i < n; i++) {
      Object v = params[i];
      ColumnType t = cmd.paramTypes[i];
      out[i] = t.type().isString() ? ColumnType.of(BeamType.VARCHAR).coerce(v) : ColumnType.of(t.type()).coerce(v);
    }
    return out;
  }

  private RowCursor query(EnginePreparedCommand cmd, Object[] values) throws SQLException {
    Transaction t;
    Transaction own = null;
    if (autoCommit) {
      own = db.txns().begin();
      t = own;
    } else {
      t = transaction();
      t.refreshSnapshot();
    }
    try {
      ExecContext ctx = newContext(t, values, cmd);
      Operator op;
      try {
        op = cmd.plan.root().open(ctx);
      } catch (SQLException | RuntimeException e) {
        running.remove(ctx);
        throw e;
      }
      return new EngineCursor(cmd.columns, cmd.columnTypes, op, own, () -> running.remove(ctx));
    } catch (SQLException | RuntimeException e) {
      if (own != null) {
        own.rollback();
      }
      throw toSqlException(e);
    }
  }

  private void lockTableShared(EnginePreparedCommand cmd) throws SQLException {
    TableDef target = cmd.plan.modifiedTable();
    Transaction t = transaction();
    try {
      db.schemaLocks().lockShared(target.id(), t, db.lockTimeoutMillis(), target.name());
    } catch (SQLException e) {
      if (autoCommit) {
        end(t, false);
      }
      throw e;
    }
  }

  /** Most times a READ COMMITTED statement is re-run after losing a write-write race. */
  private static final int MAX_STATEMENT_RESTARTS = 100;

  /**
   * {@code SELECT ... FOR UPDATE}: runs the query in the session's transaction with every row the
   * scans read locked (so rows a filter rejects after the scan are locked too: safe, if more than
   * PostgreSQL locks), reading all rows before returning; at READ COMMITTED a row changed since
   * the snapshot restarts the query, like an UPDATE. Autocommit commits right after.
   */
  private RowCursor queryForUpdate(EnginePreparedCommand cmd, Object[] values) throws SQLException {
    List<Object[]> rows = runWriting(cmd, values, ctx -> ctx.setLockRows(true),
        ctx -> {
          try (Operator op = cmd.plan.root().open(ctx)) {
            return io.beamdb.planner.exec.Rows.drain(op);
          }
        });
    return new EngineCursor(cmd.columns, cmd.columnTypes, io.beamdb.planner.exec.Rows.of(rows), null, () -> { });
  }

  private long dml(EnginePreparedCommand cmd, Object[] values, List<Object[]> inserted) throws SQLException {
    long n = runWriting(cmd, values, ctx -> {
      if (inserted != null) {
        ctx.collectInsertedRows();
      }
    }, ctx -> {
      try (Operator op = cmd.plan.root().open(ctx)) {
        Object[] r = op.next();
        if (inserted != null) {
          inserted.clear();
          inserted.addAll(ctx.insertedRows());
        }
        return r == null ? 0L : ((Number) r[0]).longValue();
      }
    });
    io.beamdb.planner.exec.ModifyNode m = cmd.plan.modifyNode();
    if (m != null) {
      db.statistics().recordWrite(m.table(), m.op(), n); // row-count deltas and automatic re-analysis
    }
    return n;
  }

  /** One execution of a statement's plan by {@link #runWriting}. */
  private interface StatementBody<T> {
    T run(ExecContext ctx) throws SQLException;
  }

  /**
   * Runs a statement that writes or locks rows in the session's transaction: a fresh snapshot
   * (READ COMMITTED), an undo mark, and on a write conflict at READ COMMITTED a restart from a
   * fresh snapshot with the locks already held (Oracle's statement restart) after a
   * contention-regulated backoff, at most {@link #MAX_STATEMENT_RESTARTS} times. A failure undoes
   * the statement; autocommit commits on success.
   */
  private <T> T runWriting(EnginePreparedCommand cmd, Object[] values, java.util.function.Consumer<ExecContext> setup,
                           StatementBody<T> body) throws SQLException {
    Transaction t = transaction();
    t.refreshSnapshot();
    int mark = t.mark();
    try {
      T result;
      for (int attempt = 0; ; attempt++) {
        ExecContext ctx = newContext(t, values, cmd);
        setup.accept(ctx);
        try {
          result = body.run(ctx);
          break;
        } catch (io.beamdb.txn.WriteConflictException e) {
          if (e.transactionRolledBack() || attempt >= MAX_STATEMENT_RESTARTS) {
            throw e;
          }
          t.restartStatement(mark);
          backoff(attempt);
        } finally {
          running.remove(ctx);
        }
      }
      if (autoCommit) {
        end(t, true);
      }
      return result;
    } catch (SQLException | RuntimeException e) {
      abortStatement(t, mark);
      throw toSqlException(e);
    }
  }

  /** The SQLException to report for a failure inside statement execution. */
  private static SQLException toSqlException(Exception e) {
    if (e instanceof SqlErrors.SqlRuntimeException) {
      return ((SqlErrors.SqlRuntimeException) e).sqlException();
    }
    if (e instanceof io.beamdb.storage.StorageException) {
      return io.beamdb.txn.TxnErrors.storage((io.beamdb.storage.StorageException) e);
    }
    return wrapUnexpected(e);
  }

  /** Waits before re-running a statement that lost a write-write race (see {@link ContentionRegulator}). */
  private void backoff(int attempt) {
    db.contention().backoff(attempt);
  }

  private void abortStatement(Transaction t, int mark) {
    if (t.isFinished()) {
      // the transaction layer already rolled back (deadlock victim, serialization failure)
      db.schemaLocks().releaseAll(t);
      pendingDdl = new ArrayList<>();
      txn = null;
      return;
    }
    t.rollbackTo(mark);
    if (autoCommit) {
      t.rollback();
      db.schemaLocks().releaseAll(t);
      pendingDdl = new ArrayList<>();
      txn = null;
    }
  }

  /**
   * Commits or rolls back {@code t} and releases its schema locks whatever happens. A commit
   * installs the transaction's DDL on the committed catalog while the commit lock is held.
   */
  private void end(Transaction t, boolean commit) throws SQLException {
    List<CatalogChanges.Change> changes = pendingDdl;
    pendingDdl = new ArrayList<>();
    try {
      if (commit) {
        t.commit(changes.isEmpty() ? null : () -> {
          db.installCatalog(CatalogChanges.apply(db.catalog(), changes));
          for (CatalogChanges.Change ch : changes) {
            if (ch instanceof CatalogChanges.PutSequence) {
              db.forgetSequence(((CatalogChanges.PutSequence) ch).sequence().id()); // ALTER SEQUENCE ... RESTART
            }
          }
        });
        db.contention().onCommit();
      } else {
        t.rollback();
      }
    } finally {
      db.schemaLocks().releaseAll(t);
      if (txn == t) {
        txn = null;
      }
    }
  }

  private static SQLException wrapUnexpected(Exception e) {
    if (e instanceof SQLException) {
      return (SQLException) e;
    }
    return SqlErrors.internal("statement failed: " + e, e);
  }

  private Transaction transaction() {
    if (txn == null || txn.isFinished()) {
      txn = db.txns().begin(isolation);
    }
    return txn;
  }

  @Override
  public boolean getAutoCommit() {
    return autoCommit;
  }

  @Override
  public void setAutoCommit(boolean autoCommit) throws SQLException {
    checkOpen();
    if (autoCommit && !this.autoCommit) {
      commit();
    }
    this.autoCommit = autoCommit;
  }

  @Override
  public void commit() throws SQLException {
    checkOpen();
    Transaction t = txn;
    txn = null;
    if (t != null) {
      end(t, true);
    }
  }

  @Override
  public void rollback() throws SQLException {
    checkOpen();
    Transaction t = txn;
    txn = null;
    if (t != null) {
      end(t, false);
    }
  }

  @Override
  public boolean inTransaction() {
    return txn != null && txn.hasWrites();
  }

  @Override
  public Database database() {
    return db;
  }

  /** The schema unqualified names resolve in; SET SCHEMA changes it. */
  private volatile String schema = Catalog.DEFAULT_SCHEMA;

  @Override
  public String currentSchema() {
    return schema;
  }

  @Override
  public CatalogView catalog() throws SQLException {
    checkOpen();
    Catalog cat = currentCatalog();
    List<CatalogView.TableInfo> tables = new ArrayList<>();
    for (TableDef t : cat.tables()) {
      List<CatalogView.ColumnMeta> cols = new ArrayList<>();
      for (ColumnDef c : t.columns()) {
        ColumnType ct = c.type();
        cols.add(new CatalogView.ColumnMeta(c.name(), ct.jdbcType(), ct.declaredName().replaceAll("\\(.*", ""),
            ct.displayPrecision(), Math.max(0, ct.scale()), c.nullable(), c.defaultSql(), t.comment(c.name())));
      }
      List<CatalogView.IndexInfo> ixs = new ArrayList<>();
      for (IndexDef ix : t.indexes()) {
        List<String> names = new ArrayList<>();
        for (int p : ix.columns()) {
          names.add(t.columns().get(p).name());
        }
        ixs.add(new CatalogView.IndexInfo(ix.name(), ix.unique(), names));
      }
      tables.add(new CatalogView.TableInfo(t.schema(), t.name(), cols, t.primaryKeyNames(), ixs, "TABLE",
          t.comment(null)));
    }
    for (io.beamdb.sql.catalog.ViewDef v : cat.views()) {
      List<CatalogView.ColumnMeta> cols = new ArrayList<>();
      for (int i = 0; i < v.columnNames().size(); i++) {
        ColumnType ct = v.columnTypes().get(i);
        cols.add(new CatalogView.ColumnMeta(v.columnNames().get(i), ct.type().jdbcType(), ct.type().sqlName(),
            ct.displayPrecision(), Math.max(0, ct.scale()), true, null));
      }
      tables.add(new CatalogView.TableInfo(v.schema(), v.name(), cols, List.of(), List.of(), "VIEW"));
    }
    tables.sort(java.util.Comparator.comparing(CatalogView.TableInfo::schema).thenComparing(CatalogView.TableInfo::name));
    List<CatalogView.TableInfo> snapshot = List.copyOf(tables);
    List<CatalogView.ForeignKeyInfo> fks = new ArrayList<>();
    for (TableDef child : cat.tables()) {
      for (io.beamdb.sql.catalog.ForeignKeyDef fk : child.foreignKeys()) {
        TableDef parent = cat.table(fk.refTableId());
        if (parent == null) {
          continue;
        }
        List<String> pkCols = new ArrayList<>();
        List<String> fkCols = new ArrayList<>();
        for (int i = 0; i < fk.columns().length; i++) {
          fkCols.add(child.columns().get(fk.columns()[i]).name());
          pkCols.add(parent.columns().get(fk.refColumns()[i]).name());
        }
        String pkName = null;
        for (IndexDef ix : parent.indexes()) {
          if (ix.unique() && ix.columns().length == fk.refColumns().length
              && java.util.Arrays.stream(ix.columns()).sorted().boxed().toList()
                  .equals(java.util.Arrays.stream(fk.refColumns()).sorted().boxed().toList())) {
            pkName = ix.name();
          }
        }
        fks.add(new CatalogView.ForeignKeyInfo(fk.name(), parent.schema(), parent.name(), pkCols, pkName,
            child.schema(), child.name(), fkCols, rule(fk.onUpdate()), rule(fk.onDelete())));
      }
    }
    List<CatalogView.ForeignKeyInfo> fkSnapshot = List.copyOf(fks);
    java.util.Set<String> schemaSnapshot = java.util.Set.copyOf(cat.schemas());
    return new CatalogView() {
      @Override
      public List<CatalogView.TableInfo> tables() {
        return snapshot;
      }

      @Override
      public List<CatalogView.ForeignKeyInfo> foreignKeys() {
        return fkSnapshot;
      }

      @Override
      public java.util.Set<String> schemas() {
        return schemaSnapshot;
      }
    };
  }

  private static int rule(io.beamdb.sql.catalog.ForeignKeyDef.Action a) {
    return switch (a) {
      case CASCADE -> java.sql.DatabaseMetaData.importedKeyCascade;
      case SET_NULL -> java.sql.DatabaseMetaData.importedKeySetNull;
      case SET_DEFAULT -> java.sql.DatabaseMetaData.importedKeySetDefault;
      case RESTRICT -> java.sql.DatabaseMetaData.importedKeyRestrict;
      case NO_ACTION -> java.sql.DatabaseMetaData.importedKeyNoAction;
    };
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    if (txn != null) {
      Transaction t = txn;
      txn = null;
      t.rollback();
      db.schemaLocks().releaseAll(t);
    }
    pendingDdl = new ArrayList<>();
    db.release();
  }

  @Override
  public boolean isClosed() {
    return closed || db.isClosed();
  }

  /** Upper-cases a keyword for comparisons. */
  static String upper(String s) {
    return s.toUpperCase(Locale.ROOT);
  }
}
