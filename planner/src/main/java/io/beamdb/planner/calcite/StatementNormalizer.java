package io.beamdb.planner.calcite;

import org.apache.calcite.sql.SqlBasicCall;
import org.apache.calcite.sql.SqlCall;
import org.apache.calcite.sql.SqlCharStringLiteral;
import org.apache.calcite.sql.SqlDynamicParam;
import org.apache.calcite.sql.SqlInsert;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlLiteral;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.SqlNodeList;
import org.apache.calcite.sql.SqlNumericLiteral;
import org.apache.calcite.sql.dialect.CalciteSqlDialect;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql.parser.SqlParserPos;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Turns the literals of a plain statement into parameters so that statements differing only in
 * their constants share one cached plan ({@code ... WHERE id = 42} and {@code ... id = 43}).
 * Only literals whose type the validator can infer from context are replaced: an operand of a
 * comparison whose other operand is not a literal, and the cells of {@code INSERT ... VALUES}.
 * Everything else (select-list constants, LIMIT, ORDER BY ordinals, IN lists, CASE operands)
 * stays literal. The caller must check that each value binds to the inferred parameter type
 * without change and otherwise plan the original text. Stateless and thread-safe.
 */
public final class StatementNormalizer {
  private StatementNormalizer() {
  }

  /**
   * A normalized statement.
   *
   * @param sql      the statement text with {@code ?} in place of the extracted literals
   * @param literals the extracted values in parameter order: {@code Long} or {@code BigDecimal}
   *                 for exact numbers, {@code Double} for approximate ones, {@code String} for
   *                 character strings
   * @param offsets  the character offset in the original text of each extracted literal
   */
  public record Normalized(String sql, List<Object> literals, List<Integer> offsets) {
  }

  private record Found(SqlParserPos pos, Object value) {
  }

  /** The normalized form of {@code sql}, or null when it has no literal to extract or cannot be parsed. */
  public static Normalized normalize(String sql) {
    SqlNode node;
    try {
      node = SqlParser.create(sql, CalcitePlanning.parserConfig()).parseStmt();
    } catch (SqlParseException e) {
      return null; // the planner will report the syntax error from the original text
    }
    if (node.getKind() == SqlKind.EXPLAIN || containsParam(node)) {
      return null;
    }
    List<Found> found = new ArrayList<>();
    walk(node, found, false);
    if (found.isEmpty()) {
      return null;
    }
    found.sort(Comparator.comparingInt((Found f) -> f.pos.getLineNum()).thenComparingInt(f -> f.pos.getColumnNum()));
    List<Object> values = new ArrayList<>(found.size());
    List<Integer> offsets = new ArrayList<>(found.size());
    int[] lineStarts = lineStarts(sql);
    for (Found f : found) {
      values.add(f.value);
      int line = f.pos.getLineNum();
      offsets.add(line >= 1 && line <= lineStarts.length ? lineStarts[line - 1] + f.pos.getColumnNum() - 1 : -1);
    }
    String text = node.toSqlString(c -> c.withDialect(CalciteSqlDialect.DEFAULT).withQuoteAllIdentifiers(true)).getSql();
    return new Normalized(text, values, offsets);
  }

  private static int[] lineStarts(String sql) {
    List<Integer> starts = new ArrayList<>();
    starts.add(0);
    for (int i = 0; i < sql.length(); i++) {
      if (sql.charAt(i) == '\n') {
        starts.add(i + 1);
      }
    }
    return starts.stream().mapToInt(Integer::intValue).toArray();
  }

  private static boolean containsParam(SqlNode node) {
    if (node instanceof SqlDynamicParam) {
      return true;
    }
    if (node instanceof SqlCall) {
      for (SqlNode op : ((SqlCall) node).getOperandList()) {
        if (op != null && containsParam(op)) {
          return true;
        }
      }
    } else if (node instanceof SqlNodeList) {
      for (SqlNode op : (SqlNodeList) node) {
        if (op != null && containsParam(op)) {
          return true;
        }
      }
    }
    return false;
  }

  private static void walk(SqlNode node, List<Found> found, boolean insertValues) {
    if (node instanceof SqlNodeList) {
      for (SqlNode n : (SqlNodeList) node) {
        if (n != null) {
          walk(n, found, false);
        }
      }
      return;
    }
    if (!(node instanceof SqlCall)) {
      return;
    }
    SqlCall call = (SqlCall) node;
    if (call instanceof SqlInsert) {
      SqlInsert ins = (SqlInsert) call;
      SqlNode source = ins.getSource();
      if (source.getKind() == SqlKind.VALUES) {
        for (SqlNode row : ((SqlCall) source).getOperandList()) {
          if (row instanceof SqlBasicCall && row.getKind() == SqlKind.ROW) {
            replaceLiterals((SqlBasicCall) row, found, -1);
          }
        }
      } else {
        walk(source, found, false);
      }
      return;
    }
    List<SqlNode> ops = call.getOperandList();
    if (call instanceof SqlBasicCall && SqlKind.BINARY_COMPARISON.contains(call.getKind()) && ops.size() == 2) {
      boolean l0 = ops.get(0) instanceof SqlLiteral;
      boolean l1 = ops.get(1) instanceof SqlLiteral;
      if (l0 != l1) {
        replaceLiterals((SqlBasicCall) call, found, l0 ? 0 : 1);
      }
    }
    for (SqlNode op : call.getOperandList()) {
      if (op != null) {
        walk(op, found, false);
      }
    }
  }

  /** Replaces literal operand {@code only} (or every literal operand when -1) with parameters. */
  private static void replaceLiterals(SqlBasicCall call, List<Found> found, int only) {
    List<SqlNode> ops = call.getOperandList();
    for (int i = 0; i < ops.size(); i++) {
      if (only >= 0 && i != only) {
        continue;
      }
      SqlNode op = ops.get(i);
      Object value = value(op);
      if (value != null) {
        found.add(new Found(op.getParserPosition(), value));
        call.setOperand(i, new SqlDynamicParam(0, op.getParserPosition()));
      }
    }
  }

  private static Object value(SqlNode op) {
    if (op instanceof SqlNumericLiteral) {
      SqlNumericLiteral n = (SqlNumericLiteral) op;
      BigDecimal bd = n.getValueAs(BigDecimal.class);
      if (!n.isExact()) {
        return bd.doubleValue();
      }
      if (bd.scale() <= 0 && bd.compareTo(BigDecimal.valueOf(Long.MAX_VALUE)) <= 0
          && bd.compareTo(BigDecimal.valueOf(Long.MIN_VALUE)) >= 0) {
        return bd.longValueExact();
      }
      return bd;
    }
    if (op instanceof SqlCharStringLiteral) {
      return ((SqlCharStringLiteral) op).getValueAs(String.class);
    }
    return null;
  }
}
