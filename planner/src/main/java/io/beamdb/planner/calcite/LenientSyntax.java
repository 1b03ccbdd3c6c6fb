package io.beamdb.planner.calcite;

import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlUpdate;
import org.apache.calcite.sql.util.SqlShuttle;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Two pieces of syntax other embedded databases accept and Calcite rejects, rewritten around the
 * parser so BeamDB accepts them with the same meaning:
 *
 * <ul>
 *   <li>An empty IN list, {@code x IN ()} and {@code x NOT IN ()} (H2 and SQLite): the value is
 *       in no list, so {@code IN ()} is FALSE and {@code NOT IN ()} TRUE, even for a NULL
 *       {@code x} (as in SQLite and H2, and as {@code x IN (empty subquery)} in standard SQL).
 *       The text gets a marker call in the list ({@link #rewriteText}); the parsed tree gets the
 *       constant ({@link #rewriteTree}).</li>
 *   <li>An UPDATE that assigns one column twice, {@code SET x = 3, x = 4}: the last assignment
 *       wins, as in SQLite and MySQL (PostgreSQL and H2 reject the statement; a statement they
 *       accept means the same here).</li>
 *   <li>A column that is neither grouped nor aggregated in a place that is never evaluated, as in
 *       {@code SELECT COALESCE(5, b) FROM t GROUP BY a} or a CASE branch whose WHEN literal
 *       cannot match the CASE's literal operand: H2 evaluates such columns lazily and accepts
 *       the query (so do SQLite and MySQL); Calcite rejects it ("not being grouped", as
 *       PostgreSQL does). In the select list of the outermost GROUP BY query, such a column is
 *       wrapped in {@code ANY_VALUE}, which leaves the result unchanged because the value is
 *       never used. Columns that are evaluated still must be grouped.</li>
 * </ul>
 * Stateless and thread-safe.
 */
public final class LenientSyntax {
  /** The function name standing for "no elements" inside an IN list between parsing and rewriting. */
  static final String EMPTY_LIST_MARKER = "BEAM_EMPTY_IN_LIST";

  private LenientSyntax() {
  }

  /** {@code sql} with every {@code IN ( )} outside literals and comments given a marker element. */
  public static String rewriteText(String sql) {
    StringBuilder out = null;
    int n = sql.length();
    int copied = 0;
    for (int i = 0; i < n; ) {
      char c = sql.charAt(i);
      int skipped = io.beamdb.sql.SqlText.skipLiteralOrComment(sql, i);
      if (skipped != i) {
        i = skipped;
        continue;
      }
      if ((c == 'I' || c == 'i') && i + 1 < n && (sql.charAt(i + 1) == 'N' || sql.charAt(i + 1) == 'n')
          && (i == 0 || !isIdentPart(sql.charAt(i - 1))) && (i + 2 >= n || !isIdentPart(sql.charAt(i + 2)))) {
        int j = skipBlank(sql, i + 2);
        if (j < n && sql.charAt(j) == '(') {
          int k = skipBlank(sql, j + 1);
          if (k < n && sql.charAt(k) == ')') {
            if (out == null) {
              out = new StringBuilder(n + 24);
            }
            out.append(sql, copied, j + 1).append(EMPTY_LIST_MARKER).append("()");
            copied = k;
            i = k;
            continue;
          }
        }
        i += 2;
        continue;
      }
      i++;
    }
    if (out == null) {
      return sql;
    }
    return out.append(sql, copied, n).toString();
  }

  private static int skipBlank(String s, int i) {
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
    return i;
  }

  private static boolean isIdentPart(char c) {
    return Character.isLetterOrDigit(c) || c == '_' || c == '$';
  }

  /**
   * The parsed statement with marked empty IN lists replaced by their constant and duplicate
   * UPDATE assignments reduced to the last one; {@code node} itself when neither occurs.
   */
  public static SqlNode rewriteTree(SqlNode node, String text) {
    SqlNode out = node;
    if (text.contains(EMPTY_LIST_MARKER)) {
      out = out.accept(new SqlShuttle() {
        @Override
        public SqlNode visit(SqlCall call) {
          if ((call.getKind() == SqlKind.IN || call.getKind() == SqlKind.NOT_IN) && call.operandCount() == 2
              && isMarkerList(call.operand(1))) {
            return SqlLiteral.createBoolean(call.getKind() == SqlKind.NOT_IN, call.getParserPosition());
          }
          return super.visit(call);
        }
      });
    }
    if (out instanceof SqlUpdate) {
      lastAssignmentWins((SqlUpdate) out);
    }
    wrapDeadColumns(out);
    return out;
  }

  /**
   * Applies the dead-column rewrite to the outermost SELECTs of a query and to the derived
   * tables in their FROM clauses: places where a column cannot be an outer reference (a wrapped
   * outer reference would turn into an aggregate of the outer query).
   */
  private static void wrapDeadColumns(SqlNode node) {
    if (node instanceof org.apache.calcite.sql.SqlOrderBy) {
      wrapDeadColumns(((org.apache.calcite.sql.SqlOrderBy) node).query);
    } else if (node instanceof SqlBasicCall && (node.getKind() == SqlKind.UNION || node.getKind() == SqlKind.INTERSECT
        || node.getKind() == SqlKind.EXCEPT)) {
      for (SqlNode operand : ((SqlBasicCall) node).getOperandList()) {
        wrapDeadColumns(operand);
      }
    } else if (node instanceof org.apache.calcite.sql.SqlSelect) {
      org.apache.calcite.sql.SqlSelect select = (org.apache.calcite.sql.SqlSelect) node;
      fromItems(select.getFrom());
      if (select.getGroup() == null || select.getGroup().isEmpty()) {
        return;
      }
      SqlNodeList items = select.getSelectList();
      Set<String> grouped = new HashSet<>();
      for (SqlNode g : select.getGroup()) {
        if (g instanceof SqlLiteral) {
          return; // GROUP BY 1 names a select item: leave the items as written
        }
        // a simple name may also be a select alias, but Calcite resolves a name that is also a
        // column of the FROM clause to the column (as SQLite's tests expect), so it is taken as one
        grouped.add(g.toString());
      }
      for (int i = 0; i < items.size(); i++) {
        items.set(i, deadColumns(items.get(i), false, grouped));
      }
    }
  }

  private static void fromItems(SqlNode from) {
    if (from instanceof org.apache.calcite.sql.SqlJoin) {
      fromItems(((org.apache.calcite.sql.SqlJoin) from).getLeft());
      fromItems(((org.apache.calcite.sql.SqlJoin) from).getRight());
    } else if (from instanceof SqlBasicCall && from.getKind() == SqlKind.AS) {
      fromItems(((SqlBasicCall) from).operand(0));
    } else if (from instanceof org.apache.calcite.sql.SqlSelect || from instanceof org.apache.calcite.sql.SqlOrderBy
        || from != null && (from.getKind() == SqlKind.UNION || from.getKind() == SqlKind.INTERSECT
        || from.getKind() == SqlKind.EXCEPT)) {
      wrapDeadColumns(from);
    }
  }

  /**
   * {@code e} with column references in never-evaluated positions ({@code dead}) wrapped in
   * ANY_VALUE; does not descend into subqueries or aggregate calls.
   */
  private static SqlNode deadColumns(SqlNode e, boolean dead, Set<String> grouped) {
    if (e instanceof org.apache.calcite.sql.SqlIdentifier) {
      return dead && !((org.apache.calcite.sql.SqlIdentifier) e).isStar() && !grouped.contains(e.toString())
          ? org.apache.calcite.sql.fun.SqlStdOperatorTable.ANY_VALUE.createCall(e.getParserPosition(), e) : e;
    }
    if (e instanceof org.apache.calcite.sql.fun.SqlCase) {
      org.apache.calcite.sql.fun.SqlCase c = (org.apache.calcite.sql.fun.SqlCase) e;
      SqlNodeList whens = c.getWhenOperands();
      SqlNodeList thens = c.getThenOperands();
      boolean matched = false; // an earlier WHEN certainly matches: the rest is never evaluated
      for (int i = 0; i < whens.size(); i++) {
        Boolean decided = decide(c.getValueOperand(), whens.get(i));
        whens.set(i, deadColumns(whens.get(i), dead || matched, grouped));
        thens.set(i, deadColumns(thens.get(i), dead || matched || Boolean.FALSE.equals(decided), grouped));
        matched |= Boolean.TRUE.equals(decided);
      }
      if (c.getElseOperand() != null) {
        c.setOperand(3, deadColumns(c.getElseOperand(), dead || matched, grouped));
      }
      if (c.getValueOperand() != null) {
        c.setOperand(0, deadColumns(c.getValueOperand(), dead, grouped));
      }
      return e;
    }
    if (!(e instanceof SqlBasicCall)) {
      return e; // literals, subqueries (SqlSelect), windows...
    }
    SqlBasicCall call = (SqlBasicCall) e;
    if (call.getOperator().isAggregator() || call.getKind() == SqlKind.OVER
        || AGGREGATES.contains(call.getOperator().getName().toUpperCase(java.util.Locale.ROOT))) {
      return e; // before validation MIN, MAX, ... are still unresolved functions: known by name
    }
    boolean coalesce = call.getKind() == SqlKind.COALESCE
        || "COALESCE".equalsIgnoreCase(call.getOperator().getName());
    boolean after = false;
    for (int i = 0; i < call.operandCount(); i++) {
      SqlNode op = call.operand(i);
      if (op == null) {
        continue;
      }
      call.setOperand(i, deadColumns(op, dead || after, grouped));
      if (coalesce && certainlyNotNull(op)) {
        after = true; // a non-null constant: COALESCE never looks further
      }
    }
    return e;
  }

  /** Names of aggregate functions, which the rewrite never descends into. */
  private static final Set<String> AGGREGATES = Set.of("COUNT", "SUM", "SUM0", "$SUM0", "MIN", "MAX", "AVG",
      "ANY_VALUE", "SOME", "EVERY", "BOOL_AND", "BOOL_OR", "LISTAGG", "STRING_AGG", "GROUP_CONCAT", "ARRAY_AGG",
      "COLLECT", "STDDEV", "STDDEV_POP", "STDDEV_SAMP", "VARIANCE", "VAR_POP", "VAR_SAMP", "BIT_AND", "BIT_OR",
      "BIT_XOR", "SINGLE_VALUE", "MODE", "PERCENTILE_CONT", "PERCENTILE_DISC", "COVAR_POP", "COVAR_SAMP",
      "REGR_COUNT", "REGR_SXX", "REGR_SYY", "GROUPING", "FIRST_VALUE", "LAST_VALUE", "NTH_VALUE");

  /**
   * Whether a CASE branch's WHEN certainly holds (TRUE), certainly fails (FALSE) or depends on
   * the row (null): decided only for numeric constants compared with {@code =} (the parser
   * turns {@code CASE v WHEN w} into {@code WHEN v = w}).
   */
  private static Boolean decide(SqlNode value, SqlNode when) {
    SqlNode a = value;
    SqlNode b = when;
    if (value == null) {
      if (!(when instanceof SqlBasicCall) || when.getKind() != SqlKind.EQUALS) {
        return null;
      }
      a = ((SqlBasicCall) when).operand(0);
      b = ((SqlBasicCall) when).operand(1);
    }
    java.math.BigDecimal x = numericValue(a);
    java.math.BigDecimal y = numericValue(b);
    if (x == null || y == null) {
      return null;
    }
    return x.compareTo(y) == 0;
  }

  /** True for a numeric or string constant and a COALESCE with such an argument. */
  private static boolean certainlyNotNull(SqlNode n) {
    if (numericValue(n) != null || n instanceof org.apache.calcite.sql.SqlCharStringLiteral) {
      return true;
    }
    if (n instanceof SqlBasicCall && (n.getKind() == SqlKind.COALESCE
        || "COALESCE".equalsIgnoreCase(((SqlBasicCall) n).getOperator().getName()))) {
      for (SqlNode op : ((SqlBasicCall) n).getOperandList()) {
        if (op != null && certainlyNotNull(op)) {
          return true;
        }
      }
    }
    return false;
  }

  /** The value of a numeric literal, possibly under unary signs, else null. */
  private static java.math.BigDecimal numericValue(SqlNode n) {
    if (n instanceof org.apache.calcite.sql.SqlNumericLiteral) {
      return ((org.apache.calcite.sql.SqlNumericLiteral) n).getValueAs(java.math.BigDecimal.class);
    }
    if (n instanceof SqlBasicCall && ((SqlBasicCall) n).operandCount() == 1) {
      java.math.BigDecimal v = numericValue(((SqlBasicCall) n).operand(0));
      if (v == null) {
        return null;
      }
      if (n.getKind() == SqlKind.MINUS_PREFIX) {
        return v.negate();
      }
      if (n.getKind() == SqlKind.PLUS_PREFIX) {
        return v;
      }
    }
    return null;
  }

  private static boolean isMarkerList(SqlNode n) {
    if (!(n instanceof SqlNodeList) || ((SqlNodeList) n).size() != 1) {
      return false;
    }
    SqlNode e = ((SqlNodeList) n).get(0);
    return e instanceof SqlBasicCall && ((SqlBasicCall) e).operandCount() == 0
        && EMPTY_LIST_MARKER.equalsIgnoreCase(((SqlBasicCall) e).getOperator().getName());
  }

  private static void lastAssignmentWins(SqlUpdate update) {
    SqlNodeList targets = update.getTargetColumnList();
    SqlNodeList sources = update.getSourceExpressionList();
    Set<String> seen = new HashSet<>();
    boolean duplicate = false;
    for (SqlNode t : targets) {
      duplicate |= !seen.add(t.toString());
    }
    if (!duplicate || sources.size() != targets.size()) {
      return;
    }
    seen.clear();
    List<SqlNode> keptTargets = new ArrayList<>();
    List<SqlNode> keptSources = new ArrayList<>();
    for (int i = targets.size() - 1; i >= 0; i--) {
      if (seen.add(targets.get(i).toString())) {
        keptTargets.add(0, targets.get(i));
        keptSources.add(0, sources.get(i));
      }
    }
    update.setOperand(1, new SqlNodeList(keptTargets, targets.getParserPosition()));
    update.setOperand(2, new SqlNodeList(keptSources, sources.getParserPosition()));
  }
}
