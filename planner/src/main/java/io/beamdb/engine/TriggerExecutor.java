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
import io.beamdb.sql.catalog.TableDef;
import io.beamdb.sql.catalog.TriggerDef;
import io.beamdb.sql.type.BeamType;
import io.beamdb.sql.type.ColumnType;
import org.apache.calcite.rel.type.RelDataTypeField;
import org.apache.calcite.sql.SqlKind;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Supplier;

/**
 * Runs row-level triggers ({@link TriggerDef}) for one session.
 *
 * <p>A trigger's body statements and WHEN condition are SQL text that may name the row being
 * written as {@code NEW.col} and {@code OLD.col}. Each such reference becomes a typed parameter
 * ({@code CAST(? AS type)}, the column's declared type), so a body is planned once per catalog
 * version and then executed for every row with that row's values bound. The statements run in
 * the writing statement's transaction and read its writes; an error in one fails the writing
 * statement, whose undo then also undoes everything the trigger did. A body statement that
 * writes rows fires triggers in turn, up to {@link #MAX_DEPTH} levels (then 54001). Not
 * thread-safe: one per session.
 */
final class TriggerExecutor {
  /** Deepest nesting of trigger bodies (a trigger whose body fires triggers, ...). */
  static final int MAX_DEPTH = 32;

  /** One NEW/OLD reference: parameter i takes column {@code column} of the new or old row. */
  record Ref(boolean isNew, int column, BeamType type) {
  }

  /** A body statement (or the WHEN condition as a query) planned for execution. */
  record Statement(String sql, PhysicalPlan plan, ColumnType[] paramTypes, List<Ref> refs, boolean writes) {
  }

  /** A trigger's planned WHEN condition (null when none) and body. */
  record Compiled(long catalogVersion, Statement when, List<Statement> body) {
  }

  private final EngineDatabase db;
  private final Supplier<Catalog> catalog;
  private final ExecContext.RowIdSource services;
  private final Map<Integer, Compiled> compiled = new HashMap<>();

  /**
   * @param catalog  the catalog as the session sees it (bodies are planned against it)
   * @param services the session's execution services (row ids, sequences, this runner)
   */
  TriggerExecutor(EngineDatabase db, Supplier<Catalog> catalog, ExecContext.RowIdSource services) {
    this.db = db;
    this.catalog = catalog;
    this.services = services;
  }

  /** Runs {@code trigger} for one row (see {@link ExecContext.TriggerRunner#fire}). */
  void fire(TriggerDef trigger, TableDef table, Object[] oldRow, Object[] newRow, ExecContext parent)
      throws SQLException {
    int depth = parent.triggerDepth() + 1;
    if (depth > MAX_DEPTH) {
      throw new SQLException("Trigger " + trigger.name() + " on table " + table.name() + " is nested more than "
          + MAX_DEPTH + " levels deep (triggers firing each other or themselves); add a WHEN condition or change"
          + " the trigger so that the recursion ends", "54001");
    }
    parent.checkInterrupted();
    Catalog cat = catalog.get();
    Compiled c = compiled.get(trigger.id());
    if (c == null || c.catalogVersion() != cat.version()) {
      c = compile(trigger, table, cat);
      compiled.put(trigger.id(), c);
    }
    if (c.when() != null && !run(c.when(), oldRow, newRow, parent, depth, true)) {
      return;
    }
    for (Statement s : c.body()) {
      run(s, oldRow, newRow, parent, depth, false);
    }
  }

  /** Runs one statement; for a query, returns whether it produced a row. */
  private boolean run(Statement s, Object[] oldRow, Object[] newRow, ExecContext parent, int depth, boolean query)
      throws SQLException {
    Object[] params = new Object[s.refs().size()];
    for (int i = 0; i < params.length; i++) {
      Ref r = s.refs().get(i);
      Object v = (r.isNew() ? newRow : oldRow)[r.column()];
      ColumnType t = s.paramTypes()[i];
      if (t.type() == r.type()) {
        params[i] = v; // already the internal value of that type
      } else {
        params[i] = t.type().isString() ? ColumnType.of(BeamType.VARCHAR).coerce(ColumnType.toExternal(r.type(), v))
            : ColumnType.of(t.type()).coerce(ColumnType.toExternal(r.type(), v));
      }
    }
    ExecContext ctx = new ExecContext(parent.txn(), params, s.plan().correlationCount(), services);
    ctx.setTriggerDepth(depth);
    if (s.writes()) {
      TableDef target = s.plan().modifiedTable();
      db.schemaLocks().lockShared(target.id(), parent.txn(), db.lockTimeoutMillis(), target.name());
    }
    try (Operator op = s.plan().root().open(ctx)) {
      if (query) {
        return op.next() != null;
      }
      while (op.next() != null) {
        parent.checkInterrupted();
      }
      return true;
    }
  }

  /**
   * Plans a trigger's WHEN condition and body against {@code cat}.
   *
   * @throws SQLException the planning error of the first statement that does not plan (for
   *                      example 42P01 for a table that does not exist), prefixed with the
   *                      trigger's name; 42703 for a NEW/OLD column the table lacks or a NEW
   *                      (OLD) reference in a DELETE (INSERT) trigger
   */
  static Compiled compile(TriggerDef trigger, TableDef table, Catalog cat) throws SQLException {
    Statement when = null;
    if (trigger.when() != null) {
      when = plan(trigger, table, cat, "SELECT 1 FROM (VALUES (0)) AS BEAM_WHEN(X) WHERE " + trigger.when(), true);
    }
    List<Statement> body = new ArrayList<>();
    for (String s : trigger.statements()) {
      body.add(plan(trigger, table, cat, s, false));
    }
    return new Compiled(cat.version(), when, body);
  }

  private static Statement plan(TriggerDef trigger, TableDef table, Catalog cat, String text, boolean condition)
      throws SQLException {
    List<Ref> refs = new ArrayList<>();
    String sql = rewrite(text, trigger, table, refs);
    try {
      String merge = UpsertRewriter.rewrite(sql, cat, trigger.schema());
      CalcitePlanning.LogicalPlan lp = CalcitePlanning.plan(merge != null ? merge : sql, cat, trigger.schema());
      PhysicalPlan pp = new PhysicalPlanner(lp.rel().getCluster().getRexBuilder(), cat).plan(lp.rel());
      List<RelDataTypeField> params = lp.parameterType().getFieldList();
      ColumnType[] types = new ColumnType[params.size()];
      for (int i = 0; i < types.length; i++) {
        types[i] = TypeMapping.fromRelType(params.get(i).getType());
      }
      if (types.length != refs.size()) {
        throw SqlErrors.syntax("a trigger statement cannot use ? parameters");
      }
      boolean writes = lp.kind() == SqlKind.INSERT || lp.kind() == SqlKind.UPDATE || lp.kind() == SqlKind.DELETE
          || lp.kind() == SqlKind.MERGE;
      return new Statement(text, pp, types, List.copyOf(refs), writes);
    } catch (SQLException e) {
      throw new SQLException("Trigger " + trigger.name() + " on table " + table.name() + ": "
          + (condition ? "WHEN condition " + trigger.when() : "statement " + text) + " fails: " + e.getMessage(),
          e.getSQLState(), e);
    }
  }

  /**
   * {@code text} with every {@code NEW.col} / {@code OLD.col} (outside string literals) replaced
   * by a typed parameter; the references are appended to {@code refs} in parameter order.
   */
  static String rewrite(String text, TriggerDef trigger, TableDef table, List<Ref> refs) throws SQLException {
    StringBuilder out = new StringBuilder(text.length() + 16);
    int i = 0;
    int n = text.length();
    while (i < n) {
      char c = text.charAt(i);
      if (c == '\'' || c == '"') {
        int j = i + 1;
        while (j < n) {
          if (text.charAt(j) == c) {
            if (j + 1 < n && text.charAt(j + 1) == c) {
              j += 2;
              continue;
            }
            break;
          }
          j++;
        }
        j = Math.min(n, j + 1);
        out.append(text, i, j);
        i = j;
        continue;
      }
      if (c == '-' && i + 1 < n && text.charAt(i + 1) == '-') {
        int nl = text.indexOf('\n', i);
        int j = nl < 0 ? n : nl;
        out.append(text, i, j);
        i = j;
        continue;
      }
      if (Character.isLetter(c) && (i == 0 || !isIdentPart(text.charAt(i - 1)) && text.charAt(i - 1) != '.')) {
        int j = i;
        while (j < n && isIdentPart(text.charAt(j))) {
          j++;
        }
        String word = text.substring(i, j).toUpperCase(Locale.ROOT);
        int k = j;
        while (k < n && Character.isWhitespace(text.charAt(k))) {
          k++;
        }
        if ((word.equals("NEW") || word.equals("OLD")) && k < n && text.charAt(k) == '.') {
          k++;
          while (k < n && Character.isWhitespace(text.charAt(k))) {
            k++;
          }
          int start = k;
          String column;
          if (k < n && text.charAt(k) == '"') {
            int end = text.indexOf('"', k + 1);
            if (end < 0) {
              throw SqlErrors.syntax("Unterminated quoted identifier in trigger " + trigger.name());
            }
            column = text.substring(k + 1, end);
            k = end + 1;
          } else {
            while (k < n && isIdentPart(text.charAt(k))) {
              k++;
            }
            column = text.substring(start, k).toUpperCase(Locale.ROOT);
          }
          boolean isNew = word.equals("NEW");
          if (isNew ? trigger.event() == TriggerDef.Event.DELETE : trigger.event() == TriggerDef.Event.INSERT) {
            throw new SQLException("Trigger " + trigger.name() + " on table " + table.name() + " refers to " + word + "."
                + column + ", but a " + trigger.event() + " trigger has no " + word + " row; use "
                + (isNew ? "OLD" : "NEW") + "." + column, "42703");
          }
          int pos = table.columnIndex(column);
          if (pos < 0) {
            throw SqlErrors.unknownColumn(word + "." + column, table.name());
          }
          refs.add(new Ref(isNew, pos, table.columns().get(pos).type().type()));
          out.append(castParameter(table.columns().get(pos)));
          i = k;
          continue;
        }
        out.append(text, i, j);
        i = j;
        continue;
      }
      out.append(c);
      i++;
    }
    return out.toString();
  }

  private static boolean isIdentPart(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '$';
  }

  /** {@code CAST(? AS type)} for the types Calcite casts to, else a bare {@code ?}. */
  private static String castParameter(ColumnDef column) {
    ColumnType t = column.type();
    switch (t.type()) {
      case TINYINT: case SMALLINT: case INTEGER: case BIGINT: case DECIMAL: case DOUBLE: case REAL: case BOOLEAN:
      case DATE: case TIME: case TIMESTAMP:
        return "CAST(? AS " + t.sqlName() + ")";
      case CHAR: case VARCHAR:
        return t.isLargeObject() || t.precision() < 0 ? "CAST(? AS VARCHAR)" : "CAST(? AS " + t.sqlName() + ")";
      case BINARY: case VARBINARY:
        return t.isLargeObject() || t.precision() < 0 ? "CAST(? AS VARBINARY)" : "CAST(? AS " + t.sqlName() + ")";
      default:
        return "?";
    }
  }
}
