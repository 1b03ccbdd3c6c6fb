package io.beamdb.planner.exec;

import io.beamdb.planner.expr.Values;
import io.beamdb.sql.SqlErrors;
import io.beamdb.sql.type.BeamType;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Hash aggregation: groups input rows by the group-key fields and computes each aggregate call
 * per group. Output rows are the group keys followed by the aggregate results. With no group
 * keys, one row is produced even for empty input (COUNT 0, other aggregates NULL).
 */
public final class AggregateNode implements PlanNode {
  /** Aggregate function kinds BeamDB evaluates. */
  public enum Kind {
    COUNT, SUM, SUM0, AVG, MIN, MAX, SINGLE_VALUE, ANY_VALUE, BOOL_AND, BOOL_OR, LITERAL,
    /** LISTAGG, STRING_AGG, GROUP_CONCAT: the values as text joined by a separator (second argument, default ','). */
    STRING_AGG
  }

  /**
   * One aggregate call.
   *
   * @param kind       the function
   * @param args       input fields (empty for COUNT(*))
   * @param distinct   whether duplicates are ignored
   * @param filterArg  field holding the FILTER condition, or -1
   * @param resultType type of the result
   * @param scale      result scale for DECIMAL results
   * @param literal    the constant a LITERAL_AGG returns (Calcite's sub-query removal emits it)
   * @param order      for STRING_AGG, the WITHIN GROUP / ORDER BY keys (fields of the input row); empty otherwise
   */
  public record Call(Kind kind, int[] args, boolean distinct, int filterArg, BeamType resultType, int scale,
                     Object literal, SortNode.Key[] order) {
    /** A call without an ORDER BY. */
    public Call(Kind kind, int[] args, boolean distinct, int filterArg, BeamType resultType, int scale, Object literal) {
      this(kind, args, distinct, filterArg, resultType, scale, literal, new SortNode.Key[0]);
    }
  }

  private final PlanNode input;
  private final int[] groupFields;
  private final Call[] calls;
  private final String text;

  public AggregateNode(PlanNode input, int[] groupFields, Call[] calls, String text) {
    this.input = input;
    this.groupFields = groupFields;
    this.calls = calls;
    this.text = text;
  }

  @Override
  public Operator open(ExecContext ctx) throws SQLException {
    Map<List<Object>, Object[]> groups = new LinkedHashMap<>();
    Map<List<Object>, Acc[]> accs = new LinkedHashMap<>();
    try (Operator in = input.open(ctx)) {
      Object[] row;
      while ((row = in.next()) != null) {
        ctx.checkInterrupted();
        List<Object> key = Rows.key(row, groupFields);
        Acc[] a = accs.get(key);
        if (a == null) {
          a = newAccs();
          accs.put(key, a);
          Object[] keyValues = new Object[groupFields.length];
          for (int i = 0; i < groupFields.length; i++) {
            keyValues[i] = row[groupFields[i]];
          }
          groups.put(key, keyValues);
        }
        for (int i = 0; i < calls.length; i++) {
          Call c = calls[i];
          if (c.filterArg >= 0 && !Boolean.TRUE.equals(row[c.filterArg])) {
            continue;
          }
          a[i].add(row, c);
        }
      }
    }
    if (accs.isEmpty() && groupFields.length == 0) {
      accs.put(List.of(), newAccs());
      groups.put(List.of(), new Object[0]);
    }
    List<Object[]> out = new ArrayList<>(accs.size());
    for (Map.Entry<List<Object>, Acc[]> e : accs.entrySet()) {
      Object[] keys = groups.get(e.getKey());
      Object[] r = new Object[groupFields.length + calls.length];
      System.arraycopy(keys, 0, r, 0, keys.length);
      for (int i = 0; i < calls.length; i++) {
        r[groupFields.length + i] = e.getValue()[i].result(calls[i]);
      }
      out.add(r);
    }
    return Rows.of(out);
  }

  private Acc[] newAccs() {
    Acc[] a = new Acc[calls.length];
    for (int i = 0; i < a.length; i++) {
      a[i] = new Acc();
    }
    return a;
  }

  /** Accumulator state of one aggregate call in one group. */
  static final class Acc {
    long count;
    long longSum;
    double doubleSum;
    BigDecimal decimalSum;
    Object value;
    boolean seen;
    Set<List<Object>> distinctSeen;
    /** STRING_AGG: the input rows seen, in arrival order (sorted by the call's order at the end). */
    List<Object[]> rows;

    void add(Object[] row, Call c) throws SQLException {
      Object v = null;
      if (c.kind == Kind.STRING_AGG) {
        if (row[c.args[0]] == null) {
          return;
        }
        if (c.distinct) {
          if (distinctSeen == null) {
            distinctSeen = new HashSet<>();
          }
          if (!distinctSeen.add(Rows.key(row, new int[] {c.args[0]}))) {
            return;
          }
        }
        if (rows == null) {
          rows = new ArrayList<>();
        }
        rows.add(row);
        seen = true;
        return;
      }
      if (c.args.length > 0) {
        for (int f : c.args) {
          if (row[f] == null) {
            return; // aggregates skip NULL inputs
          }
        }
        v = row[c.args[0]];
      }
      if (c.distinct) {
        if (distinctSeen == null) {
          distinctSeen = new HashSet<>();
        }
        if (!distinctSeen.add(Rows.key(row, c.args))) {
          return;
        }
      }
      switch (c.kind) {
        case COUNT:
          count++;
          break;
        case SUM:
        case SUM0:
        case AVG:
          count++;
          addNumber((Number) v, c);
          break;
        case MIN:
          if (value == null || Values.compare(v, value) < 0) {
            value = v;
          }
          break;
        case MAX:
          if (value == null || Values.compare(v, value) > 0) {
            value = v;
          }
          break;
        case SINGLE_VALUE:
          if (seen) {
            throw SqlErrors.cardinality();
          }
          value = v;
          break;
        case ANY_VALUE:
          if (!seen) {
            value = v;
          }
          break;
        case BOOL_AND:
          value = value == null ? v : (Boolean) value && (Boolean) v;
          break;
        case BOOL_OR:
          value = value == null ? v : (Boolean) value || (Boolean) v;
          break;
        case LITERAL:
          break;
        default:
          throw SqlErrors.unsupported("aggregate " + c.kind);
      }
      seen = true;
    }

    private void addNumber(Number n, Call c) throws SQLException {
      if (n instanceof BigDecimal || c.resultType == BeamType.DECIMAL) {
        BigDecimal d = Values.toBigDecimal(n);
        decimalSum = decimalSum == null ? d : decimalSum.add(d);
      } else if (Values.isIntegral(n) && c.resultType != BeamType.DOUBLE && c.resultType != BeamType.REAL) {
        try {
          longSum = Math.addExact(longSum, n.longValue());
        } catch (ArithmeticException e) {
          throw SqlErrors.outOfRange("SUM exceeds BIGINT");
        }
      } else if (Values.isIntegral(n)) {
        longSum += n.longValue();
        doubleSum += n.doubleValue();
      } else {
        doubleSum += n.doubleValue();
      }
    }

    Object result(Call c) throws SQLException {
      switch (c.kind) {
        case COUNT:
          return Values.fromLong(c.resultType, count);
        case SUM:
        case SUM0: {
          if (count == 0) {
            return c.kind == Kind.SUM0 ? Values.fromLong(c.resultType, 0) : null;
          }
          return Values.toType(c.resultType, sum(c));
        }
        case AVG: {
          if (count == 0) {
            return null;
          }
          if (c.resultType == BeamType.DECIMAL) {
            BigDecimal s = decimalSum != null ? decimalSum : BigDecimal.valueOf(longSum);
            return s.divide(BigDecimal.valueOf(count), Math.max(c.scale, 6), RoundingMode.HALF_UP);
          }
          Number s = sum(c);
          if (c.resultType == BeamType.DOUBLE || c.resultType == BeamType.REAL) {
            return Values.toType(c.resultType, s.doubleValue() / count);
          }
          return Values.toType(c.resultType, s.longValue() / count);
        }
        case LITERAL:
          return c.literal;
        case STRING_AGG: {
          if (rows == null) {
            return null;
          }
          if (c.order.length > 0) {
            rows.sort(SortNode.comparator(c.order));
          }
          StringBuilder b = new StringBuilder();
          for (int i = 0; i < rows.size(); i++) {
            Object[] r = rows.get(i);
            if (i > 0) {
              Object sep = c.args.length > 1 ? r[c.args[1]] : ",";
              b.append(sep == null ? "" : text(sep));
            }
            b.append(text(r[c.args[0]]));
          }
          return b.toString();
        }
        default:
          return value;
      }
    }

    private static String text(Object v) throws SQLException {
      return v instanceof String ? (String) v : (String) io.beamdb.sql.type.ColumnType.of(BeamType.VARCHAR).coerce(v);
    }

    private Number sum(Call c) {
      if (decimalSum != null) {
        return decimalSum;
      }
      if (c.resultType == BeamType.DOUBLE || c.resultType == BeamType.REAL) {
        return doubleSum;
      }
      return longSum;
    }
  }

  @Override
  public String describe() {
    return "HashAggregate(" + text + ")";
  }

  @Override
  public List<PlanNode> inputs() {
    return List.of(input);
  }
}
