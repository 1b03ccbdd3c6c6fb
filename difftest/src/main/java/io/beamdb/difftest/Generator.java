package io.beamdb.difftest;

import io.beamdb.difftest.Ast.Expr;
import io.beamdb.difftest.Ast.From;
import io.beamdb.difftest.Ast.Node;
import io.beamdb.difftest.Ast.OrderKey;
import io.beamdb.difftest.Ast.Select;
import io.beamdb.difftest.Ast.SetOp;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;

/**
 * Seeded random generator of schemas, rows, queries and DML, in the spirit of SQLancer.
 *
 * <p>Constructs are chosen so that H2 and the SQL standard agree on the answer; where they may
 * legitimately differ, the construct is left out, with the reason next to it:
 * <ul>
 *   <li>No division except of integers by non-zero literals: decimal division scale and the
 *       order in which rows meet a {@code 1/0} are implementation-defined.</li>
 *   <li>No CAST from DECIMAL/DOUBLE to an integer type: rounding versus truncation is
 *       implementation-defined (SQL:2016 6.13 GR 8; H2 rounds half up).</li>
 *   <li>No CAST of DOUBLE to VARCHAR: the text form of an approximate number is
 *       implementation-defined (H2 {@code 1.0}, Java/Calcite {@code 1.0E0}).</li>
 *   <li>Multiplication only by small literals and small data values, so that integer overflow
 *       (an error in both engines) does not depend on which rows an engine evaluates first.</li>
 *   <li>DOUBLE values are multiples of 1/4 and never divided, so sums are exact in any
 *       order; AVG results are compared with a tolerance.</li>
 *   <li>No arithmetic mixing DECIMAL with DOUBLE (H2 widens to DECFLOAT, Calcite to DOUBLE).</li>
 *   <li>Double literals are written {@code CAST(x AS DOUBLE)}: in H2 {@code 1E0} is DECFLOAT.</li>
 *   <li>LIMIT/OFFSET only under an ORDER BY of every output column, and not over AVG values.</li>
 *   <li>UPDATE never assigns primary-key or UNIQUE columns: H2 checks uniqueness row by row,
 *       the standard at the end of the statement.</li>
 * </ul>
 *
 * <p>With {@link #avoidKnownIssues} (the default of {@code beam fuzz}), shapes that hit open
 * BeamDB issues (disabled tests in io.beamdb.compat.difftest.RegressionTest) are not
 * generated, so that a run reports new problems: sub-queries only directly correlated with the
 * enclosing single-table query (not nested, not uncorrelated, not over joins, not under GROUP
 * BY, not under DISTINCT or UNION/EXCEPT/INTERSECT, not in an IN operand, not compared as a
 * boolean value), no {@code NULL [NOT] IN (sub-query)}, DISTINCT never over constants only, no CAST
 * of a DECIMAL to VARCHAR, no ORDER BY over a set operation with duplicate column names.
 */
final class Generator {

  /** A column of a generated table. */
  record Column(String name, SqlType type, boolean primaryKey, boolean unique, boolean notNull) {}

  /** A generated table. */
  record Table(String name, List<Column> columns) {
    List<Column> ofFamily(SqlType.Family f) {
      List<Column> out = new ArrayList<>();
      for (Column c : columns) {
        if (c.type().family == f) {
          out.add(c);
        }
      }
      return out;
    }
  }

  /** A table visible under an alias. */
  record Scoped(String alias, Table table) {}

  private static final String[] STRINGS = {"", "a", "A", "b", "ab", "Ab", "abc", "ba", "b%c", "x_y", " a", "a ", "zz", "B"};
  private static final String[] PATTERNS = {"a%", "%a", "%b%", "_", "a_", "%", "A%", "ab", "%c", "x\\_y", "_b%", ""};
  private static final String[] DATES = {"2020-01-01", "2020-01-02", "2020-02-29", "2019-12-31", "2021-06-15", "1999-01-01"};

  final Random rnd;
  /**
   * Avoid shapes that hit known open BeamDB issues (each has a disabled test in
   * io.beamdb.compat.difftest.RegressionTest), so that a run finds new problems.
   */
  final boolean avoidKnownIssues;
  final List<Table> tables = new ArrayList<>();
  /** DDL statements, in order. */
  final List<String> ddl = new ArrayList<>();
  private int aliasCounter;
  /** Depth of sub-query generation (to avoid nesting when avoiding known issues). */
  private int subqueryDepth;

  Generator(long seed, boolean avoidKnownIssues) {
    this.rnd = new Random(seed);
    this.avoidKnownIssues = avoidKnownIssues;
  }

  // ---------------------------------------------------------------- schema and data

  /** Makes 1 to 3 tables with keys, unique constraints and indexes; fills {@link #ddl}. */
  void schema() {
    int n = 1 + rnd.nextInt(3);
    SqlType[] types = SqlType.values();
    for (int t = 0; t < n; t++) {
      String name = "T" + t;
      int cols = 2 + rnd.nextInt(4);
      List<Column> columns = new ArrayList<>();
      boolean pk = rnd.nextInt(3) > 0;
      for (int c = 0; c < cols; c++) {
        SqlType type = types[rnd.nextInt(types.length)];
        if (c == 0 && pk) {
          // keys on types whose equality is exact
          type = pick(SqlType.INT, SqlType.INT, SqlType.BIGINT, SqlType.VARCHAR, SqlType.DEC, SqlType.DATE);
        }
        boolean isPk = c == 0 && pk;
        boolean unique = !isPk && type != SqlType.BOOL && rnd.nextInt(8) == 0;
        boolean notNull = isPk || rnd.nextInt(6) == 0;
        columns.add(new Column("C" + c, type, isPk, unique, notNull));
      }
      Table table = new Table(name, columns);
      tables.add(table);
      StringBuilder sb = new StringBuilder("CREATE TABLE ").append(name).append('(');
      for (int c = 0; c < columns.size(); c++) {
        Column col = columns.get(c);
        sb.append(c == 0 ? "" : ", ").append(col.name()).append(' ').append(col.type().ddl);
        if (col.primaryKey()) {
          sb.append(" PRIMARY KEY");
        } else if (col.notNull()) {
          sb.append(" NOT NULL");
        }
        if (col.unique()) {
          sb.append(" UNIQUE");
        }
      }
      ddl.add(sb.append(')').toString());
      int indexes = rnd.nextInt(3);
      for (int i = 0; i < indexes; i++) {
        Column a = columns.get(rnd.nextInt(columns.size()));
        String cols2 = a.name();
        if (rnd.nextBoolean()) {
          Column b = columns.get(rnd.nextInt(columns.size()));
          if (b != a) {
            cols2 += ", " + b.name();
          }
        }
        ddl.add("CREATE INDEX I" + t + "_" + i + " ON " + name + "(" + cols2 + ")");
      }
    }
  }

  /** INSERT statements (one row each) with NULLs and duplicates; key columns kept unique. */
  List<String> rows() {
    List<String> out = new ArrayList<>();
    for (Table t : tables) {
      int n = rnd.nextInt(4) == 0 ? rnd.nextInt(3) : 3 + rnd.nextInt(12);
      List<Set<String>> seen = new ArrayList<>();
      for (int c = 0; c < t.columns().size(); c++) {
        seen.add(new HashSet<>());
      }
      rows:
      for (int r = 0; r < n; r++) {
        StringBuilder sb = new StringBuilder("INSERT INTO ").append(t.name()).append(" VALUES (");
        for (int c = 0; c < t.columns().size(); c++) {
          Column col = t.columns().get(c);
          String v = (!col.notNull() && rnd.nextInt(5) == 0) ? "NULL" : dataValue(col.type());
          if ((col.primaryKey() || col.unique()) && !v.equals("NULL")) {
            if (!seen.get(c).add(keyOf(col.type(), v))) {
              continue rows;
            }
          }
          sb.append(c == 0 ? "" : ", ").append(v);
        }
        out.add(sb.append(')').toString());
      }
    }
    return out;
  }

  private static String keyOf(SqlType type, String literal) {
    if (type.isNumeric()) {
      return new BigDecimal(literal).stripTrailingZeros().toPlainString();
    }
    return literal;
  }

  /** A value as it appears in INSERT ... VALUES. */
  String dataValue(SqlType t) {
    switch (t) {
      case INT: return Integer.toString(smallInt());
      case BIGINT: return rnd.nextInt(10) == 0 ? Long.toString(5_000_000_000L + rnd.nextInt(3)) : Integer.toString(smallInt());
      case DEC: return decimal().toPlainString();
      case DOUBLE: return doubleValue();
      case VARCHAR: return quote(pick(STRINGS));
      case BOOL: return rnd.nextBoolean() ? "TRUE" : "FALSE";
      case DATE: return "DATE '" + pick(DATES) + "'";
      default: throw new IllegalStateException(t.name());
    }
  }

  private int smallInt() {
    return rnd.nextInt(5) == 0 ? rnd.nextInt(201) - 100 : rnd.nextInt(11) - 5;
  }

  private BigDecimal decimal() {
    if (rnd.nextBoolean()) {
      return BigDecimal.valueOf(rnd.nextInt(11) - 5).setScale(2);
    }
    return BigDecimal.valueOf(rnd.nextInt(2001) - 1000, 2);
  }

  private String doubleValue() {
    double d = (rnd.nextInt(81) - 40) / 4.0;
    return Double.toString(d);
  }

  static String quote(String s) {
    return "'" + s.replace("'", "''") + "'";
  }

  /** A literal of the type, typed so both engines agree on its type. */
  Expr literal(SqlType t) {
    if (rnd.nextInt(12) == 0) {
      return Expr.leaf("CAST(NULL AS " + t.castName() + ")", t);
    }
    switch (t) {
      case BIGINT: return Expr.leaf("CAST(" + smallInt() + " AS BIGINT)", t);
      case DOUBLE: return Expr.leaf("CAST(" + doubleValue() + " AS DOUBLE)", t);
      default: return Expr.leaf(dataValue(t), t);
    }
  }

  /** The literal the reducer puts in place of a sub-expression. */
  static String simpleLiteral(SqlType t) {
    switch (t) {
      case INT: return "1";
      case BIGINT: return "CAST(1 AS BIGINT)";
      case DEC: return "1.00";
      case DOUBLE: return "CAST(1.0 AS DOUBLE)";
      case VARCHAR: return "'a'";
      case BOOL: return "TRUE";
      case DATE: return "DATE '2020-01-01'";
      default: throw new IllegalStateException(t.name());
    }
  }

  @SafeVarargs
  final <T> T pick(T... options) {
    return options[rnd.nextInt(options.length)];
  }

  <T> T pick(List<T> options) {
    return options.get(rnd.nextInt(options.size()));
  }

  // ---------------------------------------------------------------- expressions

  /** Supplies the leaves of an expression: columns in scope, or group keys and aggregates. */
  interface Leaves {
    /** A leaf of the type, or null when there is none. */
    Expr leaf(SqlType t);
  }

  Leaves columns(List<Scoped> scope) {
    return t -> {
      List<Expr> cands = new ArrayList<>();
      for (Scoped s : scope) {
        for (Column c : s.table().columns()) {
          if (c.type() == t) {
            cands.add(Expr.leaf(s.alias() + "." + c.name(), t));
          }
        }
      }
      return cands.isEmpty() ? null : pick(cands);
    };
  }

  private Expr leafOrLiteral(SqlType t, Leaves leaves) {
    if (rnd.nextInt(4) > 0) {
      Expr e = leaves.leaf(t);
      if (e != null) {
        return e;
      }
    }
    return literal(t);
  }

  /** An expression of type {@code t}. {@code scope} is what sub-queries may correlate with. */
  Expr expr(SqlType t, int depth, Leaves leaves, List<Scoped> scope) {
    if (depth <= 0 || rnd.nextInt(3) == 0) {
      return t == SqlType.BOOL && rnd.nextInt(3) > 0 ? comparison(0, leaves, scope) : leafOrLiteral(t, leaves);
    }
    switch (t.family) {
      case NUM: return numeric(t, depth, leaves, scope);
      case STR: return string(depth, leaves, scope);
      case BOOL: return bool(depth, leaves, scope);
      default: return date(depth, leaves, scope);
    }
  }

  private Expr numeric(SqlType t, int d, Leaves lv, List<Scoped> scope) {
    switch (rnd.nextInt(14)) {
      case 0: case 1: return Expr.of("(%s + %s)", t, expr(t, d - 1, lv, scope), expr(operand(t), d - 1, lv, scope));
      case 2: return Expr.of("(%s - %s)", t, expr(operand(t), d - 1, lv, scope), expr(t, d - 1, lv, scope));
      case 3: return Expr.of("(%s * " + (rnd.nextInt(7) - 3) + ")", t, expr(t, d - 1, lv, scope));
      case 4: return Expr.of("(- %s)", t, expr(t, d - 1, lv, scope));
      case 5: return Expr.of("ABS(%s)", t, expr(t, d - 1, lv, scope));
      case 6: return caseExpr(t, d, lv, scope);
      case 7: return Expr.of("COALESCE(%s, %s)", t, expr(t, d - 1, lv, scope), expr(t, d - 1, lv, scope));
      case 8: {
        // no casts from fractional to integer types (rounding is implementation-defined), and
        // none from BIGINT to DECIMAL(10,2), which overflows for the large BIGINT values
        SqlType from;
        switch (t) {
          case INT: from = SqlType.INT; break;
          case BIGINT: from = pick(SqlType.INT, SqlType.BIGINT); break;
          case DEC: from = pick(SqlType.INT, SqlType.DEC); break;
          // DOUBLE only from integers: a DECIMAL like 4.72 is not a binary fraction, and sums
          // of such doubles depend on the order of addition (which differs legitimately)
          default: from = pick(SqlType.INT, SqlType.BIGINT);
        }
        return Expr.of("CAST(%s AS " + t.castName() + ")", t, expr(from, d - 1, lv, scope));
      }
      case 9:
        if (t.isInteger()) {
          int k = rnd.nextInt(4) + 1;
          Expr operand = expr(t, d - 1, lv, scope);
          // not over aggregates: H2 types SUM(BIGINT) as DECIMAL, so SUM(...) / 4 divides
          // exactly there and as integers here (the type of SUM is implementation-defined)
          if (!operand.aggregate) {
            return Expr.of(rnd.nextBoolean() ? "(%s / " + (rnd.nextBoolean() ? -k : k) + ")" : "MOD(%s, " + (k + 1) + ")", t,
                operand);
          }
          return Expr.of("(%s + " + k + ")", t, operand);
        }
        return Expr.of("(%s + %s)", t, expr(t, d - 1, lv, scope), expr(t, d - 1, lv, scope));
      case 10:
        if (t == SqlType.INT) {
          return Expr.of("CHAR_LENGTH(%s)", t, expr(SqlType.VARCHAR, d - 1, lv, scope));
        }
        return Expr.of("NULLIF(%s, %s)", t, expr(t, d - 1, lv, scope), expr(t, d - 1, lv, scope));
      case 11: {
        // known issue: a scalar sub-query correlated with a joined table is decorrelated with
        // mis-mapped columns (a wrong column, or XX000 "Decorrelation produced a relation with
        // a different type"); only over a single table when avoiding known issues
        Expr sub = avoidKnownIssues && scope.size() > 1 ? null : scalarSubquery(t, d, scope);
        return sub != null ? sub : leafOrLiteral(t, lv);
      }
      default: return leafOrLiteral(t, lv);
    }
  }

  /** The type of the second operand of an arithmetic result of type t. */
  private SqlType operand(SqlType t) {
    switch (t) {
      case INT: return SqlType.INT;
      case BIGINT: return pick(SqlType.INT, SqlType.BIGINT);
      case DEC: return pick(SqlType.INT, SqlType.DEC);
      default: return pick(SqlType.INT, SqlType.DOUBLE);
    }
  }

  private Expr caseExpr(SqlType t, int d, Leaves lv, List<Scoped> scope) {
    if (rnd.nextBoolean()) {
      return Expr.of("CASE WHEN %s THEN %s ELSE %s END", t, expr(SqlType.BOOL, d - 1, lv, scope),
          expr(t, d - 1, lv, scope), expr(t, d - 1, lv, scope));
    }
    if (rnd.nextBoolean()) {
      return Expr.of("CASE WHEN %s THEN %s WHEN %s THEN %s END", t, expr(SqlType.BOOL, d - 1, lv, scope),
          expr(t, d - 1, lv, scope), expr(SqlType.BOOL, d - 1, lv, scope), expr(t, d - 1, lv, scope));
    }
    SqlType k = pick(SqlType.INT, SqlType.VARCHAR);
    return Expr.of("CASE %s WHEN %s THEN %s ELSE %s END", t, expr(k, d - 1, lv, scope), literal(k),
        expr(t, d - 1, lv, scope), expr(t, d - 1, lv, scope));
  }

  private Expr string(int d, Leaves lv, List<Scoped> scope) {
    SqlType s = SqlType.VARCHAR;
    switch (rnd.nextInt(10)) {
      case 0: return Expr.of("UPPER(%s)", s, expr(s, d - 1, lv, scope));
      case 1: return Expr.of("LOWER(%s)", s, expr(s, d - 1, lv, scope));
      case 2: return Expr.of("(%s || %s)", s, expr(s, d - 1, lv, scope), expr(s, d - 1, lv, scope));
      case 3: return Expr.of("SUBSTRING(%s FROM " + (1 + rnd.nextInt(3)) + " FOR " + rnd.nextInt(3) + ")", s, expr(s, d - 1, lv, scope));
      case 4: return Expr.of("TRIM(%s)", s, expr(s, d - 1, lv, scope));
      case 5: return caseExpr(s, d, lv, scope);
      case 6: return Expr.of("COALESCE(%s, %s)", s, expr(s, d - 1, lv, scope), expr(s, d - 1, lv, scope));
      case 7: {
        // known issue: Calcite folds CAST(0.50 AS VARCHAR) of a DECIMAL literal to '.50'
        SqlType from = avoidKnownIssues ? pick(SqlType.INT, SqlType.BIGINT, SqlType.BOOL)
            : pick(SqlType.INT, SqlType.BIGINT, SqlType.DEC, SqlType.BOOL);
        return Expr.of("CAST(%s AS VARCHAR(20))", s, expr(from, d - 1, lv, scope));
      }
      default: return leafOrLiteral(s, lv);
    }
  }

  private Expr date(int d, Leaves lv, List<Scoped> scope) {
    SqlType s = SqlType.DATE;
    switch (rnd.nextInt(4)) {
      case 0: return caseExpr(s, d, lv, scope);
      case 1: return Expr.of("COALESCE(%s, %s)", s, expr(s, d - 1, lv, scope), expr(s, d - 1, lv, scope));
      default: return leafOrLiteral(s, lv);
    }
  }

  private SqlType comparable() {
    return pick(SqlType.INT, SqlType.INT, SqlType.BIGINT, SqlType.DEC, SqlType.DOUBLE, SqlType.VARCHAR, SqlType.VARCHAR, SqlType.DATE, SqlType.BOOL);
  }

  /** Another type comparable with t (numeric types mix). */
  private SqlType peer(SqlType t) {
    if (t.isNumeric()) {
      return pick(SqlType.INT, SqlType.BIGINT, SqlType.DEC, SqlType.DOUBLE, t, t);
    }
    return t;
  }

  private Expr comparison(int d, Leaves lv, List<Scoped> scope) {
    SqlType t = comparable();
    String op = pick("=", "<>", "<", "<=", ">", ">=", "=", "IS DISTINCT FROM", "IS NOT DISTINCT FROM");
    // known issue: an IN sub-query compared as a boolean value loses its unknown result
    boolean plain = avoidKnownIssues && t == SqlType.BOOL;
    subqueryDepth += plain ? 1 : 0;
    try {
      return Expr.of("(%s " + op + " %s)", SqlType.BOOL, expr(t, d, lv, scope), expr(peer(t), d, lv, scope));
    } finally {
      subqueryDepth -= plain ? 1 : 0;
    }
  }

  private Expr bool(int d, Leaves lv, List<Scoped> scope) {
    SqlType b = SqlType.BOOL;
    switch (rnd.nextInt(18)) {
      case 0: case 1: case 2: return comparison(d - 1, lv, scope);
      case 3: case 4: return Expr.of("(%s AND %s)", b, expr(b, d - 1, lv, scope), expr(b, d - 1, lv, scope));
      case 5: case 6: return Expr.of("(%s OR %s)", b, expr(b, d - 1, lv, scope), expr(b, d - 1, lv, scope));
      case 7: return Expr.of("(NOT %s)", b, expr(b, d - 1, lv, scope));
      case 8: return Expr.of(rnd.nextBoolean() ? "(%s IS NULL)" : "(%s IS NOT NULL)", b, expr(comparable(), d - 1, lv, scope));
      case 9: {
        SqlType t = pick(SqlType.INT, SqlType.DEC, SqlType.VARCHAR, SqlType.DATE, SqlType.DOUBLE);
        return Expr.of(rnd.nextInt(3) == 0 ? "(%s NOT BETWEEN %s AND %s)" : "(%s BETWEEN %s AND %s)", b,
            expr(t, d - 1, lv, scope), expr(peer(t), d - 1, lv, scope), expr(peer(t), d - 1, lv, scope));
      }
      case 10: {
        SqlType t = pick(SqlType.INT, SqlType.BIGINT, SqlType.DEC, SqlType.VARCHAR, SqlType.DATE);
        int n = 1 + rnd.nextInt(4);
        StringBuilder tpl = new StringBuilder(rnd.nextInt(3) == 0 ? "(%s NOT IN (" : "(%s IN (");
        List<Node> args = new ArrayList<>();
        args.add(expr(t, d - 1, lv, scope));
        for (int i = 0; i < n; i++) {
          tpl.append(i == 0 ? "%s" : ", %s");
          args.add(rnd.nextInt(4) == 0 ? expr(t, d - 1, lv, scope) : literal(t));
        }
        return new Expr(tpl.append("))").toString(), b, false, false, args);
      }
      case 11: {
        Select sub = subquery(null, d, scope);
        if (sub == null) {
          return comparison(d - 1, lv, scope);
        }
        return new Expr(rnd.nextInt(3) == 0 ? "(NOT EXISTS (%s))" : "(EXISTS (%s))", b, false, false, List.of(sub));
      }
      case 12: case 13: {
        SqlType t = pick(SqlType.INT, SqlType.BIGINT, SqlType.DEC, SqlType.VARCHAR, SqlType.DATE);
        Select sub = subquery(t, d, scope);
        if (sub == null) {
          return comparison(d - 1, lv, scope);
        }
        // known issue: a sub-query inside the left operand of IN (sub-query) (e.g. in a CASE) is
        // mis-decorrelated, so the operand has none when avoiding known issues
        Expr lhs;
        subqueryDepth += avoidKnownIssues ? 1 : 0;
        try {
          lhs = expr(t, d - 1, lv, scope);
        } finally {
          subqueryDepth -= avoidKnownIssues ? 1 : 0;
        }
        if (avoidKnownIssues && lhs.args.isEmpty() && lhs.template.startsWith("CAST(NULL")) {
          // known issue: NULL [NOT] IN (correlated sub-query) is simplified to NULL/FALSE,
          // which is wrong when the sub-query is empty
          lhs = Expr.leaf(simpleLiteral(t), t);
        }
        return new Expr(rnd.nextInt(3) == 0 ? "(%s NOT IN (%s))" : "(%s IN (%s))", b, false, false,
            List.of(lhs, sub));
      }
      case 14: {
        String pattern = pick(PATTERNS);
        // the pattern is a leaf argument: templates must not contain a literal '%'
        String tpl = (rnd.nextInt(4) == 0 ? "(%s NOT LIKE %s" : "(%s LIKE %s")
            + (pattern.contains("\\") ? " ESCAPE '\\')" : ")");
        return Expr.of(tpl, b, expr(SqlType.VARCHAR, d - 1, lv, scope), Expr.leaf(quote(pattern), SqlType.VARCHAR));
      }
      case 15: return Expr.of(pick("(%s IS TRUE)", "(%s IS NOT TRUE)", "(%s IS FALSE)", "(%s IS NOT FALSE)"), b, expr(b, d - 1, lv, scope));
      case 16: return caseExpr(b, d, lv, scope);
      default: return leafOrLiteral(b, lv);
    }
  }

  /**
   * {@code SELECT s.col FROM t s WHERE p} (type t), or {@code SELECT 1 ...} for EXISTS when t is
   * null; p may refer to the outer scope (correlation).
   */
  private Select subquery(SqlType t, int d, List<Scoped> scope) {
    if (avoidKnownIssues && (subqueryDepth > 0 || scope.size() != 1)) {
      // known issue: Calcite's decorrelator drops constant GROUP BY keys, so the aggregate it
      // makes for an EXISTS/IN without correlation variables of its own (nested in another
      // sub-query, uncorrelated next to a correlated one, in another UNION branch) yields a row
      // over an empty table; and sub-queries correlated with a join read shifted columns
      // (ClassCastException, wrong values). Only sub-queries directly correlated with a
      // single-table query are generated then
      return null;
    }
    Table table = pick(tables);
    Scoped inner = new Scoped("S" + (aliasCounter++), table);
    List<Scoped> all = new ArrayList<>(scope);
    all.add(inner);
    Expr item;
    if (t == null) {
      item = Expr.leaf("1", SqlType.INT);
    } else {
      Expr col = columns(List.of(inner)).leaf(t);
      if (col == null) {
        return null;
      }
      item = col;
    }
    Expr where = null;
    if (rnd.nextInt(5) > 0) {
      subqueryDepth++;
      try {
        where = expr(SqlType.BOOL, Math.min(d - 1, 1), columns(all), all);
      } finally {
        subqueryDepth--;
      }
    }
    if (avoidKnownIssues) {
      Expr corr = correlation(scope, inner);
      if (corr == null) {
        return null;
      }
      where = where == null ? corr : Expr.of("(%s AND %s)", SqlType.BOOL, corr, where);
    }
    return new Select(false, List.of(item), List.of(new From(null, table.name(), inner.alias(), null)), where,
        List.of(), null, List.of(), null, null);
  }

  /** {@code inner.c op outer.d} for columns of one family, or null when there is none. */
  private Expr correlation(List<Scoped> outer, Scoped inner) {
    List<Expr[]> pairs = new ArrayList<>();
    for (Column ic : inner.table().columns()) {
      for (Scoped o : outer) {
        for (Column oc : o.table().columns()) {
          if (ic.type().family == oc.type().family) {
            pairs.add(new Expr[] {Expr.leaf(inner.alias() + "." + ic.name(), ic.type()),
                Expr.leaf(o.alias() + "." + oc.name(), oc.type())});
          }
        }
      }
    }
    if (pairs.isEmpty()) {
      return null;
    }
    Expr[] p = pick(pairs);
    return Expr.of("(%s " + pick("=", "=", "<=", ">", "<>") + " %s)", SqlType.BOOL, p[0], p[1]);
  }

  /** {@code (SELECT MAX(s.col) FROM t s WHERE p)}: at most one row by construction. */
  private Expr scalarSubquery(SqlType t, int d, List<Scoped> scope) {
    if (rnd.nextInt(3) > 0) {
      return null;
    }
    Select sub = subquery(t, d, scope);
    if (sub == null) {
      return null;
    }
    String agg = pick("MAX", "MIN", "SUM");
    Expr item = new Expr(agg + "(%s)", t, false, true, List.of(sub.items.get(0)));
    if (agg.equals("SUM") && t.isInteger()) {
      // SUM of INTEGER is BIGINT in both engines; keep the declared type by casting back
      item = new Expr("CAST(SUM(%s) AS " + t.castName() + ")", t, false, true, List.of(sub.items.get(0)));
    }
    return new Expr("(%s)", t, false, false, List.of(sub.withItems(List.of(item))));
  }

  // ---------------------------------------------------------------- queries

  private SqlType anyType() {
    return pick(SqlType.INT, SqlType.INT, SqlType.BIGINT, SqlType.DEC, SqlType.DOUBLE, SqlType.VARCHAR, SqlType.VARCHAR, SqlType.BOOL, SqlType.DATE);
  }

  /** FROM: 1 to 3 tables, inner or left joined. */
  List<From> from(List<Scoped> scope) {
    int n = rnd.nextInt(10) < 6 ? 1 : rnd.nextInt(10) < 8 ? 2 : 3;
    List<From> from = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      Table t = pick(tables);
      Scoped s = new Scoped("A" + i, t);
      scope.add(s);
      if (i == 0) {
        from.add(new From(null, t.name(), s.alias(), null));
        continue;
      }
      Expr on = joinCondition(scope, s);
      from.add(new From(rnd.nextBoolean() ? "JOIN" : "LEFT JOIN", t.name(), s.alias(), on));
    }
    return from;
  }

  private Expr joinCondition(List<Scoped> scope, Scoped right) {
    // known issue: a sub-query in JOIN ... ON loses other conjuncts of the condition or fails
    // to plan (see RegressionTest), so none are generated there when avoiding known issues
    subqueryDepth++;
    try {
      return joinCondition0(scope, right);
    } finally {
      subqueryDepth--;
    }
  }

  private Expr joinCondition0(List<Scoped> scope, Scoped right) {
    Column rc = pick(right.table().columns());
    List<Expr> lefts = new ArrayList<>();
    for (Scoped s : scope) {
      if (s == right) {
        continue;
      }
      for (Column c : s.table().columns()) {
        if (c.type().family == rc.type().family) {
          lefts.add(Expr.leaf(s.alias() + "." + c.name(), c.type()));
        }
      }
    }
    Expr eq = lefts.isEmpty() ? expr(SqlType.BOOL, 1, columns(scope), scope)
        : Expr.of("(%s = %s)", SqlType.BOOL, pick(lefts), Expr.leaf(right.alias() + "." + rc.name(), rc.type()));
    if (rnd.nextInt(3) == 0) {
      return Expr.of("(%s AND %s)", SqlType.BOOL, eq, expr(SqlType.BOOL, 1, columns(scope), scope));
    }
    if (rnd.nextInt(8) == 0) {
      return expr(SqlType.BOOL, 2, columns(scope), scope);
    }
    return eq;
  }

  /** A query for the differential check: plain, grouped or a set operation. */
  Ast.Query query() {
    int k = rnd.nextInt(10);
    if (k < 5) {
      return plainSelect(true);
    }
    if (k < 8) {
      return groupedSelect(true);
    }
    return setOp();
  }

  /** SELECT [DISTINCT] items FROM ... [WHERE p] [ORDER BY ...] [LIMIT]. */
  Select plainSelect(boolean ordering) {
    List<Scoped> scope = new ArrayList<>();
    List<From> from = from(scope);
    int n = 1 + rnd.nextInt(3);
    List<Expr> items = new ArrayList<>();
    boolean noSubqueries = selectListWithoutSubqueries(scope);
    subqueryDepth += noSubqueries ? 1 : 0;
    try {
      for (int i = 0; i < n; i++) {
        items.add(expr(anyType(), 2, columns(scope), scope));
      }
    } finally {
      subqueryDepth -= noSubqueries ? 1 : 0;
    }
    boolean distinct = rnd.nextInt(4) == 0;
    // known issue: DISTINCT over a decorrelated sub-query mis-handles constant keys
    Expr where = rnd.nextInt(5) == 0 ? null : distinct ? predicateWithoutSubqueries(scope) : predicate(scope);
    Select s = new Select(distinct, items, from, where, List.of(), null, List.of(), null, null);
    s = avoidConstantDistinct(s, scope);
    return ordering ? ordered(s) : s;
  }

  /**
   * Known issue: Calcite's decorrelator drops constant GROUP BY keys, so {@code SELECT DISTINCT
   * 1 FROM t WHERE <correlated sub-query>} returns a row even when no row qualifies. When
   * avoiding known issues, a DISTINCT select gets a bare column among its items (an expression
   * such as {@code COALESCE(-1, c)} may still simplify to a constant).
   */
  Select avoidConstantDistinct(Select s, List<Scoped> scope) {
    if (!avoidKnownIssues || !s.distinct) {
      return s;
    }
    for (Expr e : s.items) {
      if (e.args.isEmpty() && !isConstant(e)) {
        return s;
      }
    }
    Scoped first = scope.get(0);
    Column c = first.table().columns().get(0);
    List<Expr> items = new ArrayList<>(s.items);
    items.add(Expr.leaf(first.alias() + "." + c.name(), c.type()));
    return s.withItems(items);
  }

  /** True when the expression refers to no column (outside sub-queries it may contain). */
  static boolean isConstant(Node n) {
    if (n instanceof Select) {
      return false;
    }
    if (n instanceof Expr e) {
      if (e.args.isEmpty()) {
        return !e.template.matches("[A-Z]+[0-9]*\\.C[0-9]+");
      }
      for (Node k : e.args) {
        if (!isConstant(k)) {
          return false;
        }
      }
    }
    return true;
  }

  Expr predicate(List<Scoped> scope) {
    return expr(SqlType.BOOL, 1 + rnd.nextInt(3), columns(scope), scope);
  }

  /**
   * A predicate; without sub-queries when avoiding known issues (Calcite's decorrelator drops
   * constant DISTINCT/GROUP BY keys above a decorrelated sub-query, see RegressionTest).
   */
  Expr predicateWithoutSubqueries(List<Scoped> scope) {
    if (!avoidKnownIssues) {
      return predicate(scope);
    }
    subqueryDepth++;
    try {
      return predicate(scope);
    } finally {
      subqueryDepth--;
    }
  }

  /** Adds ORDER BY (of every column when LIMIT/OFFSET follows, or of a prefix otherwise). */
  private Select ordered(Select s) {
    int w = s.items.size();
    int choice = rnd.nextInt(4);
    if (choice == 0) {
      return s;
    }
    List<Integer> ords = new ArrayList<>();
    for (int i = 1; i <= w; i++) {
      ords.add(i);
    }
    java.util.Collections.shuffle(ords, rnd);
    boolean approx = false;
    for (Expr e : s.items) {
      approx |= e.approx;
    }
    boolean limit = choice == 3 && !approx;
    int keys = limit ? w : 1 + rnd.nextInt(w);
    List<OrderKey> order = new ArrayList<>();
    for (int i = 0; i < keys; i++) {
      order.add(new OrderKey(ords.get(i), rnd.nextBoolean(), rnd.nextInt(3) == 0 ? pick("FIRST", "LAST") : null));
    }
    Integer lim = limit ? rnd.nextInt(6) : null;
    Integer off = limit && rnd.nextBoolean() ? rnd.nextInt(4) : null;
    return new Select(s.distinct, s.items, s.from, s.where, s.groupBy, s.having, order, lim, off);
  }

  /** SELECT keys, aggregates FROM ... [WHERE] GROUP BY keys [HAVING]. */
  Select groupedSelect(boolean ordering) {
    List<Scoped> scope = new ArrayList<>();
    List<From> from = from(scope);
    Leaves cols = columns(scope);
    int g = rnd.nextInt(3);
    List<Expr> keys = new ArrayList<>();
    for (int i = 0; i < g; i++) {
      Expr c = cols.leaf(anyType());
      if (c != null && !keys.stream().anyMatch(k -> k.sql().equals(c.sql()))) {
        keys.add(c);
      }
    }
    Leaves agg = aggregateLeaves(keys, scope);
    List<Expr> items = new ArrayList<>(keys);
    int n = 1 + rnd.nextInt(3);
    boolean noSubqueries = selectListWithoutSubqueries(scope);
    subqueryDepth += noSubqueries ? 1 : 0;
    try {
      for (int i = 0; i < n; i++) {
        items.add(rnd.nextInt(3) == 0 ? expr(anyType(), 1, agg, List.of()) : aggregate(anyType(), scope));
      }
    } finally {
      subqueryDepth -= noSubqueries ? 1 : 0;
    }
    Expr where = rnd.nextInt(3) == 0 ? null : predicate(scope);
    // sub-queries under GROUP BY get no outer scope: correlating with a non-grouped column is an error
    Expr having = rnd.nextInt(3) == 0 ? expr(SqlType.BOOL, 2, agg, List.of()) : null;
    Select s = new Select(false, items, from, where, keys, having, List.of(), null, null);
    return ordering ? ordered(s) : s;
  }

  /**
   * Known issue: a correlated sub-query in the SELECT list of a join is decorrelated with
   * mis-mapped columns (another column's value, or XX000 "Decorrelation produced a relation
   * with a different type"); none are generated there when avoiding known issues.
   */
  boolean selectListWithoutSubqueries(List<Scoped> scope) {
    return avoidKnownIssues && scope.size() > 1;
  }

  /** Leaves for HAVING and grouped select lists: group keys and aggregates. */
  Leaves aggregateLeaves(List<Expr> keys, List<Scoped> scope) {
    return t -> {
      for (Expr k : keys) {
        if (k.type == t && rnd.nextBoolean()) {
          return k;
        }
      }
      return aggregate(t, scope);
    };
  }

  /** An aggregate call of result type t (COUNT results are BIGINT). */
  Expr aggregate(SqlType t, List<Scoped> scope) {
    Leaves cols = columns(scope);
    if (t == SqlType.BIGINT && rnd.nextBoolean()) {
      if (rnd.nextBoolean()) {
        return new Expr("COUNT(*)", t, false, true, List.of());
      }
      SqlType a = anyType();
      return new Expr(rnd.nextInt(3) == 0 ? "COUNT(DISTINCT %s)" : "COUNT(%s)", t, false, true,
          List.of(expr(a, 1, cols, scope)));
    }
    if (t == SqlType.BOOL) {
      return Expr.of("(%s > %s)", t, new Expr("COUNT(*)", SqlType.BIGINT, false, true, List.of()),
          Expr.leaf(Integer.toString(rnd.nextInt(4)), SqlType.INT));
    }
    if (t.isNumeric()) {
      int k = rnd.nextInt(4);
      if (k == 0 && t != SqlType.INT) {
        // SUM of INTEGER is BIGINT, so SUM is used only where the types agree
        return new Expr(rnd.nextInt(4) == 0 ? "SUM(DISTINCT %s)" : "SUM(%s)", t, false, true,
            List.of(expr(t == SqlType.BIGINT ? pick(SqlType.INT, SqlType.BIGINT) : t, 1, cols, scope)));
      }
      if (k == 1 && t == SqlType.DOUBLE) {
        return new Expr("AVG(%s)", t, true, true, List.of(expr(pick(SqlType.INT, SqlType.DEC, SqlType.DOUBLE, SqlType.BIGINT), 1, cols, scope)));
      }
    }
    return new Expr(rnd.nextBoolean() ? "MIN(%s)" : "MAX(%s)", t, false, true, List.of(expr(t, 1, cols, scope)));
  }

  /** Two selects of the same column types combined by UNION [ALL], EXCEPT or INTERSECT. */
  Ast.Query setOp() {
    int w = 1 + rnd.nextInt(2);
    List<SqlType> types = new ArrayList<>();
    for (int i = 0; i < w; i++) {
      types.add(pick(SqlType.INT, SqlType.BIGINT, SqlType.DEC, SqlType.VARCHAR, SqlType.DATE, SqlType.BOOL));
    }
    String op = pick("UNION", "UNION ALL", "EXCEPT", "INTERSECT");
    // a duplicate-removing set operation is an aggregate over its inputs: like DISTINCT, its
    // inputs get no sub-queries when avoiding known issues
    boolean noSubqueries = avoidKnownIssues && !op.equals("UNION ALL");
    Select l = typedSelect(types, noSubqueries);
    Select r = typedSelect(types, noSubqueries);
    List<OrderKey> order = new ArrayList<>();
    Integer limit = null;
    // known issue: ORDER BY <ordinal> over a set operation whose first select has two columns of
    // the same name fails validation ("Column 'C2' is ambiguous"); H2 accepts it
    boolean orderable = !avoidKnownIssues || uniqueNames(l.items);
    if (orderable && rnd.nextBoolean()) {
      for (int i = 1; i <= w; i++) {
        order.add(new OrderKey(i, rnd.nextBoolean(), null));
      }
      limit = rnd.nextBoolean() ? rnd.nextInt(5) : null;
    }
    return new SetOp(l, op, r, order, limit);
  }

  private static boolean uniqueNames(List<Expr> items) {
    Set<String> names = new HashSet<>();
    for (Expr e : items) {
      if (e.args.isEmpty() && !isConstant(e) && !names.add(e.template.substring(e.template.indexOf('.') + 1))) {
        return false;
      }
    }
    return true;
  }

  private Select typedSelect(List<SqlType> types, boolean noSubqueries) {
    List<Scoped> scope = new ArrayList<>();
    List<From> from = from(scope);
    List<Expr> items = new ArrayList<>();
    boolean plain = noSubqueries || selectListWithoutSubqueries(scope);
    subqueryDepth += plain ? 1 : 0;
    try {
      for (SqlType t : types) {
        items.add(expr(t, 1, columns(scope), scope));
      }
    } finally {
      subqueryDepth -= plain ? 1 : 0;
    }
    Expr where = rnd.nextInt(4) == 0 ? null : noSubqueries ? predicateWithoutSubqueries(scope) : predicate(scope);
    return new Select(false, items, from, where, List.of(), null, List.of(), null, null);
  }

  // ---------------------------------------------------------------- DML

  /** UPDATE t SET non-key columns = ... WHERE p, or DELETE FROM t WHERE p. */
  Dml dml() {
    Table t = pick(tables);
    Scoped s = new Scoped(t.name(), t);
    List<Scoped> scope = List.of(s);
    Expr where = rnd.nextInt(6) == 0 ? null : expr(SqlType.BOOL, 1 + rnd.nextInt(2), columns(scope), scope);
    List<Column> settable = new ArrayList<>();
    for (Column c : t.columns()) {
      if (!c.primaryKey() && !c.unique()) {
        settable.add(c);
      }
    }
    if (settable.isEmpty() || rnd.nextInt(3) == 0) {
      return new Dml(t.name(), List.of(), List.of(), where);
    }
    List<String> names = new ArrayList<>();
    List<Expr> values = new ArrayList<>();
    for (Column c : settable) {
      if (names.isEmpty() || rnd.nextInt(3) == 0) {
        names.add(c.name());
        values.add(expr(c.type(), 1, columns(scope), scope));
      }
    }
    return new Dml(t.name(), names, values, where);
  }

  /** An UPDATE (when columns are set) or DELETE statement. */
  static final class Dml extends Node {
    final String table;
    final List<String> columns;
    final List<Expr> values;
    final Expr where;

    Dml(String table, List<String> columns, List<Expr> values, Expr where) {
      this.table = table;
      this.columns = List.copyOf(columns);
      this.values = List.copyOf(values);
      this.where = where;
    }

    @Override
    String sql() {
      StringBuilder sb = new StringBuilder();
      if (columns.isEmpty()) {
        sb.append("DELETE FROM ").append(table);
      } else {
        sb.append("UPDATE ").append(table).append(" SET ");
        for (int i = 0; i < columns.size(); i++) {
          sb.append(i == 0 ? "" : ", ").append(columns.get(i)).append(" = ").append(values.get(i).sql());
        }
      }
      if (where != null) {
        sb.append(" WHERE ").append(where.sql());
      }
      return sb.toString();
    }

    @Override
    List<Node> kids() {
      List<Node> k = new ArrayList<>(values);
      if (where != null) {
        k.add(where);
      }
      return k;
    }

    @Override
    Node withKid(int i, Node kid) {
      if (i < values.size()) {
        List<Expr> v = new ArrayList<>(values);
        v.set(i, (Expr) kid);
        return new Dml(table, columns, v, where);
      }
      return new Dml(table, columns, values, (Expr) kid);
    }

    @Override
    List<Node> shrinks() {
      List<Node> out = new ArrayList<>();
      if (where != null) {
        out.add(new Dml(table, columns, values, null));
      }
      for (int i = 0; i < columns.size() && columns.size() > 1; i++) {
        List<String> c = new ArrayList<>(columns);
        List<Expr> v = new ArrayList<>(values);
        c.remove(i);
        v.remove(i);
        out.add(new Dml(table, c, v, where));
      }
      return out;
    }
  }
}
