package io.beamdb.engine;

import io.beamdb.sql.SqlErrors;
import io.beamdb.sql.SqlText;
import io.beamdb.sql.catalog.Catalog;
import io.beamdb.sql.catalog.ColumnDef;
import io.beamdb.sql.catalog.IndexDef;
import io.beamdb.sql.catalog.TableDef;
import io.beamdb.sql.ddl.DdlParser;
import net.sf.jsqlparser.expression.CastExpression;
import net.sf.jsqlparser.expression.Expression;
import net.sf.jsqlparser.expression.ExpressionVisitorAdapter;
import net.sf.jsqlparser.expression.JdbcParameter;
import net.sf.jsqlparser.expression.operators.relational.ExpressionList;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.schema.Column;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.create.table.ColDataType;
import net.sf.jsqlparser.statement.insert.ConflictActionType;
import net.sf.jsqlparser.statement.insert.Insert;
import net.sf.jsqlparser.statement.select.Select;
import net.sf.jsqlparser.statement.select.Values;
import net.sf.jsqlparser.statement.update.UpdateSet;
import net.sf.jsqlparser.statement.upsert.Upsert;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Rewrites the upsert dialects into one standard {@code MERGE INTO ... USING ... WHEN [NOT]
 * MATCHED}, which Calcite plans: PostgreSQL's {@code INSERT ... ON CONFLICT [(cols) | ON
 * CONSTRAINT c] DO NOTHING | DO UPDATE SET ...} (with {@code EXCLUDED.col} for the proposed
 * row), H2's {@code MERGE INTO t [(cols)] [KEY (cols)] VALUES ... | SELECT ...} and SQLite's
 * {@code REPLACE INTO} / {@code INSERT OR REPLACE INTO}. Parsing is JSqlParser's; {@code ?}
 * parameters in VALUES rows are cast to their target column's type so Calcite can type them.
 *
 * <p>Differences from the originals, documented in README: the conflict is decided by the ON
 * condition of the MERGE (the primary key, the named columns, or any unique key), so two rows
 * of one statement with the same key fail with 23505 instead of being skipped; a {@code DO
 * UPDATE ... WHERE} condition is applied per column (rows it rejects are counted as updated).
 * Stateless and thread-safe.
 */
final class UpsertRewriter {
  private static final Pattern CANDIDATE = Pattern.compile(
      "(?is)\\s*(?:/\\*.*?\\*/\\s*|--[^\\n]*\\n\\s*)*(?:(?:INSERT|REPLACE)\\b.*|MERGE\\s+INTO\\s+[^\\s(]+\\s*(?:\\(|KEY\\b|VALUES\\b|SELECT\\b|WITH\\b).*)");
  private static final Pattern H2_MERGE = Pattern.compile(
      "(?is)\\s*MERGE\\s+INTO\\s+([^\\s(]+)\\s*(\\([^)]*\\))?\\s*(?:KEY\\s*\\(([^)]*)\\))?\\s*((?:VALUES|SELECT|WITH)\\b.*)");

  private UpsertRewriter() {
  }

  /**
   * The standard MERGE for {@code sql} when it is an upsert in one of the supported dialects,
   * otherwise null (plain INSERTs and standard MERGE statements are left alone).
   *
   * @throws SQLException 42P01 for an unknown table, 42703 for an unknown column, 42P10 when the
   *                      conflict target is not a unique key, 0A000 for upsert forms not supported
   */
  static String rewrite(String sql, Catalog catalog, String schema) throws SQLException {
    String upper = sql.toUpperCase(Locale.ROOT);
    if (!CANDIDATE.matcher(sql).matches()) {
      return null;
    }
    String first = SqlText.firstWord(sql);
    if (first.equals("INSERT") && !upper.contains("CONFLICT") && !upper.matches("(?s)\\s*INSERT\\s+OR\\s+REPLACE\\b.*")) {
      return null;
    }
    if (first.equals("MERGE")) {
      Matcher m = H2_MERGE.matcher(SqlText.stripSemicolon(sql));
      if (!m.matches()) {
        return null;
      }
      // H2: MERGE INTO t [(cols)] [KEY (cols)] source -> update the listed columns or insert
      Insert ins = (Insert) parse("INSERT INTO " + m.group(1) + (m.group(2) == null ? "" : " " + m.group(2)) + " "
          + m.group(4));
      TableDef t = table(ins.getTable(), catalog, schema);
      List<String> cols = columns(ins, t);
      List<List<String>> keys = new ArrayList<>();
      if (m.group(3) != null) {
        keys.add(names(List.of(m.group(3).split(",")), t));
      } else {
        keys.add(pkNames(t));
      }
      Map<String, String> sets = new LinkedHashMap<>();
      for (String c : cols) {
        if (!keys.get(0).contains(c)) {
          sets.put(c, "EXCLUDED." + quote(c));
        }
      }
      return merge(ins, t, cols, keys, sets.isEmpty() ? null : sets);
    }
    Statement st = parse(sql);
    if (st instanceof Upsert) {
      Upsert up = (Upsert) st;
      // SQLite REPLACE: a row with the same primary or unique key is replaced by the new one
      Insert ins = (Insert) parse("INSERT INTO " + up.getTable() + (up.getColumns() == null ? "" : " " + parenthesized(up.getColumns().toString()))
          + " " + up.getSelect());
      TableDef t = table(ins.getTable(), catalog, schema);
      List<String> cols = columns(ins, t);
      Map<String, String> sets = new LinkedHashMap<>();
      for (ColumnDef c : t.columns()) {
        if (cols.contains(c.name())) {
          sets.put(c.name(), "EXCLUDED." + quote(c.name()));
        } else if (!c.isIdentity()) {
          sets.put(c.name(), c.defaultSql() != null ? c.defaultSql() : "NULL");
        }
      }
      return merge(ins, t, cols, uniqueKeys(t), sets);
    }
    if (!(st instanceof Insert) || ((Insert) st).getConflictAction() == null) {
      if (st instanceof Insert && upper.matches("(?s)\\s*INSERT\\s+OR\\s+REPLACE\\b.*")) {
        throw SqlErrors.unsupported("INSERT OR REPLACE in this form");
      }
      return null;
    }
    Insert ins = (Insert) st;
    TableDef t = table(ins.getTable(), catalog, schema);
    List<String> cols = columns(ins, t);
    List<List<String>> keys;
    net.sf.jsqlparser.statement.insert.InsertConflictTarget target = ins.getConflictTarget();
    if (target != null && target.getConstraintName() != null) {
      keys = List.of(constraintColumns(t, DdlParser.ident(target.getConstraintName())));
    } else if (target != null && target.getIndexColumnNames() != null && !target.getIndexColumnNames().isEmpty()) {
      List<String> k = names(target.getIndexColumnNames(), t);
      if (!uniqueKeys(t).stream().anyMatch(u -> u.size() == k.size() && u.containsAll(k))) {
        throw new SQLException("ON CONFLICT (" + String.join(", ", k) + ") on table " + t.name()
            + " names no primary key or unique constraint; add one or name its columns", "42P10");
      }
      keys = List.of(k);
    } else {
      keys = uniqueKeys(t);
    }
    Map<String, String> sets = null;
    if (ins.getConflictAction().getConflictActionType() == ConflictActionType.DO_UPDATE) {
      String alias = targetAlias(ins.getTable());
      Expression where = ins.getConflictAction().getWhereExpression();
      if (where != null) {
        qualify(where, alias);
        if (where.toString().contains("?") && ins.getConflictAction().getUpdateSets().size() > 1) {
          throw SqlErrors.unsupported("ON CONFLICT DO UPDATE ... WHERE with ? parameters and several SET items");
        }
      }
      sets = new LinkedHashMap<>();
      for (UpdateSet us : ins.getConflictAction().getUpdateSets()) {
        for (int i = 0; i < us.getColumns().size(); i++) {
          String c = names(List.of(us.getColumns().get(i).getColumnName()), t).get(0);
          Expression e = (Expression) us.getValues().get(i);
          qualify(e, alias);
          String value = e.toString();
          if (where != null) {
            value = "CASE WHEN " + where + " THEN " + value + " ELSE " + alias + "." + quote(c) + " END";
          }
          sets.put(c, value);
        }
      }
    }
    return merge(ins, t, cols, keys, sets);
  }

  private static Statement parse(String sql) throws SQLException {
    try {
      return CCJSqlParserUtil.parse(SqlText.stripSemicolon(sql));
    } catch (Exception e) {
      throw SqlErrors.syntax("Syntax error: " + SqlText.firstLine(e.getMessage()));
    }
  }

  /** {@code MERGE INTO t AS alias USING (source) AS EXCLUDED(cols) ON keys [WHEN MATCHED ...] WHEN NOT MATCHED ...}. */
  private static String merge(Insert ins, TableDef t, List<String> cols, List<List<String>> keys,
                              Map<String, String> sets) throws SQLException {
    if (keys.isEmpty()) {
      throw new SQLException("Table " + t.name() + " has no primary key or unique constraint to detect conflicts by",
          "42P10");
    }
    String alias = targetAlias(ins.getTable());
    castParameters(ins.getSelect(), cols, t);
    StringBuilder b = new StringBuilder("MERGE INTO ").append(quote(t.schema())).append('.').append(quote(t.name()))
        .append(" AS ").append(alias).append(" USING (").append(ins.getSelect()).append(") AS EXCLUDED (");
    for (int i = 0; i < cols.size(); i++) {
      b.append(i > 0 ? ", " : "").append(quote(cols.get(i)));
    }
    b.append(") ON ");
    for (int k = 0; k < keys.size(); k++) {
      b.append(k > 0 ? " OR " : "").append('(');
      for (int i = 0; i < keys.get(k).size(); i++) {
        String c = quote(keys.get(k).get(i));
        if (!cols.contains(keys.get(k).get(i))) {
          c = null;
        }
        b.append(i > 0 ? " AND " : "").append(c == null ? "FALSE" : alias + "." + c + " = EXCLUDED." + c);
      }
      b.append(')');
    }
    if (sets != null) {
      b.append(" WHEN MATCHED THEN UPDATE SET ");
      int i = 0;
      for (Map.Entry<String, String> e : sets.entrySet()) {
        b.append(i++ > 0 ? ", " : "").append(quote(e.getKey())).append(" = ").append(e.getValue());
      }
    }
    b.append(" WHEN NOT MATCHED THEN INSERT (");
    for (int i = 0; i < cols.size(); i++) {
      b.append(i > 0 ? ", " : "").append(quote(cols.get(i)));
    }
    b.append(") VALUES (");
    for (int i = 0; i < cols.size(); i++) {
      b.append(i > 0 ? ", " : "").append("EXCLUDED.").append(quote(cols.get(i)));
    }
    return b.append(')').toString();
  }

  /** Wraps each {@code ?} of a VALUES source in a CAST to its target column's type. */
  private static void castParameters(Select source, List<String> cols, TableDef t) {
    if (!(source instanceof Values)) {
      return;
    }
    ExpressionList<?> rows = ((Values) source).getExpressions();
    boolean nested = !rows.isEmpty() && rows.get(0) instanceof ExpressionList;
    List<ExpressionList<Expression>> list = new ArrayList<>();
    if (nested) {
      for (Object r : rows) {
        @SuppressWarnings("unchecked")
        ExpressionList<Expression> row = (ExpressionList<Expression>) r;
        list.add(row);
      }
    } else {
      @SuppressWarnings("unchecked")
      ExpressionList<Expression> row = (ExpressionList<Expression>) rows;
      list.add(row);
    }
    for (ExpressionList<Expression> row : list) {
      for (int i = 0; i < row.size() && i < cols.size(); i++) {
        if (row.get(i) instanceof JdbcParameter) {
          CastExpression cast = new CastExpression();
          cast.setLeftExpression(row.get(i));
          ColDataType type = new ColDataType();
          type.setDataType(t.columns().get(t.columnIndex(cols.get(i))).type().toString());
          cast.setColDataType(type);
          row.set(i, cast);
        }
      }
    }
  }

  /** Qualifies unqualified column references of {@code e} with the target alias (PostgreSQL's scoping). */
  private static void qualify(Expression e, String alias) {
    e.accept(new ExpressionVisitorAdapter<Void>() {
      @Override
      public <S> Void visit(Column column, S context) {
        if (column.getTable() == null || column.getTable().getName() == null) {
          column.setTable(new Table(alias));
        }
        return null;
      }
    }, null);
  }

  private static String targetAlias(Table table) {
    return table.getAlias() != null ? table.getAlias().getName() : table.getName();
  }

  private static TableDef table(Table table, Catalog catalog, String schema) throws SQLException {
    String s = table.getSchemaName() == null ? schema : DdlParser.ident(table.getSchemaName());
    TableDef t = catalog.table(s, DdlParser.ident(table.getName()));
    if (t == null) {
      throw SqlErrors.unknownTable(DdlParser.ident(table.getName()));
    }
    return t;
  }

  private static List<String> columns(Insert ins, TableDef t) throws SQLException {
    if (ins.getColumns() == null || ins.getColumns().isEmpty()) {
      List<String> all = new ArrayList<>();
      for (ColumnDef c : t.columns()) {
        all.add(c.name());
      }
      return all;
    }
    List<String> raw = new ArrayList<>();
    for (Column c : ins.getColumns()) {
      raw.add(c.getColumnName());
    }
    return names(raw, t);
  }

  private static List<String> names(List<String> raw, TableDef t) throws SQLException {
    List<String> out = new ArrayList<>();
    for (String r : raw) {
      String n = DdlParser.ident(r.trim());
      if (t.columnIndex(n) < 0) {
        throw SqlErrors.unknownColumn(n, t.name());
      }
      out.add(n);
    }
    return out;
  }

  private static List<String> pkNames(TableDef t) throws SQLException {
    if (!t.hasPrimaryKey()) {
      throw new SQLException("Table " + t.name() + " has no primary key; name the KEY columns", "42P10");
    }
    return t.primaryKeyNames();
  }

  /** The primary key and every unique index, as column-name lists. */
  private static List<List<String>> uniqueKeys(TableDef t) {
    List<List<String>> keys = new ArrayList<>();
    if (t.hasPrimaryKey()) {
      keys.add(t.primaryKeyNames());
    }
    for (IndexDef ix : t.indexes()) {
      if (ix.unique()) {
        List<String> k = new ArrayList<>();
        for (int c : ix.columns()) {
          k.add(t.columns().get(c).name());
        }
        keys.add(k);
      }
    }
    return keys;
  }

  private static List<String> constraintColumns(TableDef t, String name) throws SQLException {
    IndexDef ix = t.index(name);
    if (ix != null && ix.unique()) {
      List<String> k = new ArrayList<>();
      for (int c : ix.columns()) {
        k.add(t.columns().get(c).name());
      }
      return k;
    }
    if (t.hasPrimaryKey() && (name.endsWith("PKEY") || name.startsWith("PK") || name.contains("PRIMARY"))) {
      return t.primaryKeyNames();
    }
    throw SqlErrors.undefinedObject("Constraint", name);
  }

  private static String parenthesized(String list) {
    String t = list.trim();
    return t.startsWith("(") ? t : "(" + t + ")";
  }

  private static String quote(String ident) {
    return "\"" + ident.replace("\"", "\"\"") + "\"";
  }
}
