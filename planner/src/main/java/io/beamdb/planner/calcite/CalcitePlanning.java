package io.beamdb.planner.calcite;

import io.beamdb.sql.SqlErrors;
import io.beamdb.sql.SqlText;
import io.beamdb.sql.catalog.Catalog;
import org.apache.calcite.avatica.util.Casing;
import org.apache.calcite.avatica.util.Quoting;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.plan.hep.HepMatchOrder;
import org.apache.calcite.plan.hep.HepPlanner;
import org.apache.calcite.plan.hep.HepProgram;
import org.apache.calcite.plan.hep.HepProgramBuilder;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.rel.rules.CoreRules;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.runtime.CalciteContextException;
import org.apache.calcite.schema.SchemaPlus;
import org.apache.calcite.sql.SqlExplain;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.validate.SqlConformanceEnum;
import org.apache.calcite.sql.validate.SqlValidator;
import org.apache.calcite.sql2rel.RelDecorrelator;
import org.apache.calcite.sql2rel.SqlToRelConverter;
import org.apache.calcite.tools.FrameworkConfig;
import org.apache.calcite.tools.Frameworks;
import org.apache.calcite.tools.Planner;
import org.apache.calcite.tools.RelBuilder;
import org.apache.calcite.tools.ValidationException;

import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLSyntaxErrorException;

/**
 * The Calcite half of planning: parse (Calcite's parser, LENIENT conformance, unquoted
 * identifiers folded to upper case, double-quoted identifiers kept), validate against a
 * {@link Catalog} snapshot, convert to a logical {@link RelNode} (SqlToRel), then rewrite with
 * HEP phases: sub-query removal, decorrelation (Calcite's {@link RelDecorrelator}), and
 * filter/project push-down and merging. The result is handed to BeamDB's physical planner.
 * See the Calcite docs "Algebra" and "Adapters" for the pieces used. Stateless; each call builds
 * its own Calcite planner, so it is thread-safe.
 *
 * <p>Errors: 42000 syntax, 42P01 unknown table, 42703 unknown column, 23502 missing value for
 * a NOT NULL column without default, 42000 other validation errors.
 */
public final class CalcitePlanning {
  private static final HepProgram SUBQUERY_REMOVAL = new HepProgramBuilder()
      .addRuleInstance(CoreRules.FILTER_SUB_QUERY_TO_CORRELATE)
      .addRuleInstance(CoreRules.PROJECT_SUB_QUERY_TO_CORRELATE)
      .addRuleInstance(CoreRules.JOIN_SUB_QUERY_TO_CORRELATE)
      .build();

  private static final HepProgram PUSH_DOWN = new HepProgramBuilder()
      .addMatchOrder(HepMatchOrder.BOTTOM_UP)
      .addRuleInstance(CoreRules.FILTER_MERGE)
      .addRuleInstance(CoreRules.FILTER_PROJECT_TRANSPOSE)
      .addRuleInstance(CoreRules.FILTER_INTO_JOIN)
      .addRuleInstance(CoreRules.JOIN_CONDITION_PUSH)
      .addRuleInstance(CoreRules.PROJECT_MERGE)
      .addRuleInstance(CoreRules.PROJECT_REMOVE)
      .build();

  /**
   * Join ordering for inner joins: collapse join trees into a MultiJoin, then let Calcite's
   * LoptOptimizeJoinRule (a heuristic after Lopt, see its Javadoc) build a tree that joins on
   * conditions rather than forming cross products, using row-count estimates.
   */
  private static final HepProgram JOIN_ORDER = new HepProgramBuilder()
      .addMatchOrder(HepMatchOrder.BOTTOM_UP)
      .addRuleInstance(CoreRules.JOIN_TO_MULTI_JOIN)
      .addRuleInstance(CoreRules.MULTI_JOIN_OPTIMIZE)
      .build();

  /** Splits window functions (RexOver in a Project) out into LogicalWindow operators. */
  private static final HepProgram WINDOWS = new HepProgramBuilder()
      .addRuleInstance(CoreRules.PROJECT_TO_LOGICAL_PROJECT_AND_WINDOW)
      .build();

  private CalcitePlanning() {
  }

  /** Connection settings the Calcite planner reads: NULLs collate low, as in H2. */
  private static final org.apache.calcite.config.CalciteConnectionConfigImpl NULLS_LOW =
      new org.apache.calcite.config.CalciteConnectionConfigImpl(new java.util.Properties())
          .set(org.apache.calcite.config.CalciteConnectionProperty.DEFAULT_NULL_COLLATION, "LOW");

  /** Parser settings shared by statements and DEFAULT expressions. */
  public static SqlParser.Config parserConfig() {
    return SqlParser.config()
        .withQuoting(Quoting.DOUBLE_QUOTE)
        .withUnquotedCasing(Casing.TO_UPPER)
        .withQuotedCasing(Casing.UNCHANGED)
        .withCaseSensitive(true)
        .withConformance(SqlConformanceEnum.LENIENT);
  }

  /**
   * The logical plan of one statement.
   *
   * @param rel           the optimized logical plan (root fields already projected)
   * @param rowType       the validated result row type (field names are result labels)
   * @param parameterType row type of the {@code ?} parameters, in order
   * @param kind          SELECT, INSERT, UPDATE, DELETE, ... (of the explained statement for EXPLAIN)
   * @param explain       true for {@code EXPLAIN PLAN FOR ...}
   */
  public record LogicalPlan(RelNode rel, RelDataType rowType, RelDataType parameterType, SqlKind kind,
                            boolean explain) {
  }

  /** Parses, validates, converts and rewrites {@code sql} in schema {@code schema} of {@code catalog}. */
  public static LogicalPlan plan(String sql, Catalog catalog, String schema) throws SQLException {
    return plan(sql, catalog, schema, io.beamdb.planner.stats.StatsSource.NONE);
  }

  /**
   * Like {@link #plan(String, Catalog, String)}, with table statistics from {@code stats} given
   * to Calcite (row counts and unique keys for its metadata and join ordering).
   */
  public static LogicalPlan plan(String sql, Catalog catalog, String schema, io.beamdb.planner.stats.StatsSource stats)
      throws SQLException {
    SchemaPlus root = Frameworks.createRootSchema(false);
    SchemaPlus def = root.add(schema, new BeamSchema(catalog, schema, stats));
    root.add(SystemTables.SCHEMA, new SystemTables());
    for (io.beamdb.sql.catalog.TableDef t : catalog.tables()) {
      if (root.subSchemas().get(t.schema()) == null) {
        root.add(t.schema(), new BeamSchema(catalog, t.schema(), stats));
      }
    }
    FrameworkConfig config = Frameworks.newConfigBuilder()
        .parserConfig(parserConfig())
        .defaultSchema(def)
        .typeSystem(BeamTypeSystem.INSTANCE)
        .operatorTable(org.apache.calcite.sql.util.SqlOperatorTables.chain(BeamFunctions.table(), BeamFunctions.library()))
        .sqlValidatorConfig(SqlValidator.Config.DEFAULT
            .withConformance(SqlConformanceEnum.LENIENT)
            .withIdentifierExpansion(true))
        .sqlToRelConverterConfig(SqlToRelConverter.config().withExpand(false))
        // NULL sorts as the lowest value (first ascending, last descending), as in H2; the
        // planner takes this from the connection config, overriding the validator config's
        .context(org.apache.calcite.plan.Contexts.of(NULLS_LOW))
        .build();
    Planner planner = Frameworks.getPlanner(config);
    try {
      SqlNode parsed;
      try {
        String text = LenientSyntax.rewriteText(BeamFunctions.rewriteH2Syntax(SqlText.stripSemicolon(sql)));
        parsed = BeamFunctions.useBeamOperators(LenientSyntax.rewriteTree(planner.parse(text), text));
      } catch (SqlParseException e) {
        throw new SQLSyntaxErrorException("Syntax error: " + SqlText.firstLine(e.getMessage()), "42000", e);
      }
      boolean explain = false;
      if (parsed instanceof SqlExplain) {
        explain = true;
        parsed = ((SqlExplain) parsed).getExplicandum();
      }
      SqlNode validated;
      try {
        validated = planner.validate(parsed);
      } catch (ValidationException e) {
        throw validationError(e);
      }
      RelDataType paramType = planner.getParameterRowType();
      RelRoot relRoot = planner.rel(validated);
      RelNode rel = fixMergeLayout(relRoot.project());
      if (hasOver(rel)) {
        rel = hep(WINDOWS, rel);
      }
      rel = hep(SUBQUERY_REMOVAL, rel);
      RelBuilder relBuilder = RelBuilder.proto(org.apache.calcite.plan.Contexts.empty()).create(rel.getCluster(), null);
      rel = RelDecorrelator.decorrelateQuery(rel, relBuilder);
      rel = hep(PUSH_DOWN, rel);
      if (countJoins(rel) >= 3) {
        rel = hep(JOIN_ORDER, rel);
        rel = hep(PUSH_DOWN, rel);
      }
      return new LogicalPlan(rel, relRoot.validatedRowType, paramType, validated.getKind(), explain);
    } catch (SQLException e) {
      throw e;
    } catch (CalciteContextException e) {
      throw validationError(e);
    } catch (org.apache.calcite.tools.RelConversionException e) {
      throw SqlErrors.internal("conversion failed for: " + sql + ": " + e, e);
    } catch (RuntimeException e) {
      if (e.getCause() instanceof SQLException) {
        throw (SQLException) e.getCause();
      }
      if (e.getCause() instanceof CalciteContextException) {
        throw validationError(e.getCause());
      }
      throw SqlErrors.internal("planning failed for: " + sql + ": " + e, e);
    } catch (StackOverflowError e) {
      throw new SQLException("Statement is too complex (nesting too deep) to plan; simplify it", "54001", e);
    } catch (AssertionError e) {
      // Calcite signals some internal inconsistencies with AssertionError; never let an Error escape
      throw SqlErrors.internal("the planner could not handle this statement (" + e.getMessage() + ")", e);
    } finally {
      planner.close();
    }
  }

  /**
   * Rebuilds the input projection of a MERGE's TableModify so it is always {@code [insert row
   * (n, when WHEN NOT MATCHED)] [target row (n)] [SET values (k, when WHEN MATCHED)]}. Calcite's
   * {@code SqlToRelConverter.convertMerge} skips the source columns by counting the join's left
   * input, which is wider than the source when the ON condition needed a cast pushed into it,
   * and then drops leading target columns; and without WHEN MATCHED it leaves out the target
   * row, so matched source rows could not be told from unmatched ones.
   */
  private static RelNode fixMergeLayout(RelNode rel) {
    if (!(rel instanceof org.apache.calcite.rel.logical.LogicalTableModify)) {
      return rel;
    }
    org.apache.calcite.rel.logical.LogicalTableModify m = (org.apache.calcite.rel.logical.LogicalTableModify) rel;
    if (m.getOperation() != org.apache.calcite.rel.core.TableModify.Operation.MERGE
        || !(m.getInput() instanceof org.apache.calcite.rel.logical.LogicalProject)
        || !(m.getInput().getInput(0) instanceof org.apache.calcite.rel.logical.LogicalJoin)) {
      return rel;
    }
    org.apache.calcite.rel.logical.LogicalProject p = (org.apache.calcite.rel.logical.LogicalProject) m.getInput();
    org.apache.calcite.rel.logical.LogicalJoin j = (org.apache.calcite.rel.logical.LogicalJoin) p.getInput();
    int n = m.getTable().getRowType().getFieldCount();
    int k = m.getUpdateColumnList() == null ? 0 : m.getUpdateColumnList().size();
    boolean insert = j.getJoinType() == org.apache.calcite.rel.core.JoinRelType.LEFT;
    int leftWidth = j.getLeft().getRowType().getFieldCount();
    java.util.List<org.apache.calcite.rex.RexNode> projects = new java.util.ArrayList<>();
    java.util.List<org.apache.calcite.rex.RexNode> old = p.getProjects();
    if (insert) {
      projects.addAll(old.subList(0, n));
    }
    org.apache.calcite.rex.RexBuilder rb = rel.getCluster().getRexBuilder();
    for (int i = 0; i < n; i++) {
      projects.add(rb.makeInputRef(j, leftWidth + i));
    }
    projects.addAll(old.subList(old.size() - k, old.size()));
    RelNode input = org.apache.calcite.rel.logical.LogicalProject.create(j, java.util.List.of(), projects,
        (java.util.List<String>) null, com.google.common.collect.ImmutableSet.of());
    return org.apache.calcite.rel.logical.LogicalTableModify.create(m.getTable(), m.getCatalogReader(), input,
        m.getOperation(), m.getUpdateColumnList(), m.getSourceExpressionList(), m.isFlattened());
  }

  /** True when a Project anywhere in {@code rel} computes a window function (RexOver). */
  private static boolean hasOver(RelNode rel) {
    if (rel instanceof org.apache.calcite.rel.core.Project
        && org.apache.calcite.rex.RexOver.containsOver(((org.apache.calcite.rel.core.Project) rel).getProjects(), null)) {
      return true;
    }
    for (RelNode in : rel.getInputs()) {
      if (hasOver(in)) {
        return true;
      }
    }
    return false;
  }

  private static int countJoins(RelNode rel) {
    int n = rel instanceof org.apache.calcite.rel.core.Join ? 1 : 0;
    for (RelNode in : rel.getInputs()) {
      n += countJoins(in);
    }
    return n;
  }

  private static RelNode hep(HepProgram program, RelNode rel) {
    HepPlanner hep = new HepPlanner(program);
    hep.setRoot(rel);
    return hep.findBestExp();
  }

  /** Maps a Calcite validation failure to a SQLException with a SQLState. */
  static SQLException validationError(Throwable e) {
    Throwable c = e;
    while (c.getCause() != null && !(c instanceof CalciteContextException)) {
      c = c.getCause();
    }
    String msg = c.getMessage() == null ? e.toString() : c.getMessage();
    if (c instanceof CalciteContextException && c.getCause() != null && c.getCause().getMessage() != null) {
      msg = c.getCause().getMessage();
    }
    if (msg.contains("Object '") && msg.contains("not found")) {
      return new SQLSyntaxErrorException(msg + "; check the name or create it with CREATE TABLE", "42P01", e);
    }
    if (msg.contains("Column '") && msg.contains("not found")) {
      return new SQLSyntaxErrorException(msg, "42703", e);
    }
    if (msg.contains("does not allow NULLs") || msg.contains("has no default value")) {
      return new SQLIntegrityConstraintViolationException(msg, "23502", e);
    }
    if (msg.contains("Number of INSERT target columns") || msg.contains("Cannot assign")
        || msg.contains("Cannot apply")) {
      return new SQLSyntaxErrorException(msg, "42804", e);
    }
    return new SQLSyntaxErrorException(msg, "42000", e);
  }

  /** Plan text of a logical plan, for debugging. */
  public static String explainLogical(RelNode rel) {
    return RelOptUtil.toString(rel);
  }
}
