package io.beamdb.planner.expr;

import io.beamdb.planner.calcite.TypeMapping;
import io.beamdb.sql.SqlErrors;
import io.beamdb.sql.type.BeamType;
import io.beamdb.sql.type.ColumnType;
import org.apache.calcite.avatica.util.TimeUnitRange;
import org.apache.calcite.rel.core.CorrelationId;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexCall;
import org.apache.calcite.rex.RexCorrelVariable;
import org.apache.calcite.rex.RexDynamicParam;
import org.apache.calcite.rex.RexFieldAccess;
import org.apache.calcite.rex.RexInputRef;
import org.apache.calcite.rex.RexLiteral;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.rex.RexUtil;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.fun.SqlTrimFunction;

import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Compiles Calcite {@link RexNode}s into {@link Expr} closures once per plan, so execution never
 * interprets the Rex tree. SQL three-valued logic: a null operand yields null except where SQL
 * says otherwise (AND/OR/IS NULL/CASE/COALESCE). Values use the internal representation of
 * {@link BeamType}. Not thread-safe (one compiler per plan); the produced closures are.
 *
 * <p>Unsupported operators fail at plan time with 0A000 naming the function.
 */
public final class ExprCompiler {
  private static final long MILLIS_PER_DAY = 86_400_000L;
  private final RexBuilder rexBuilder;
  private final Map<CorrelationId, Integer> correlations;

  /**
   * @param rexBuilder   used to expand SEARCH (Sarg) calls into comparisons
   * @param correlations dense ids of correlation variables, filled as they are met
   */
  public ExprCompiler(RexBuilder rexBuilder, Map<CorrelationId, Integer> correlations) {
    this.rexBuilder = rexBuilder;
    this.correlations = correlations;
  }

  /** Dense id of a correlation variable, assigned on first use. */
  public int correlationId(CorrelationId id) {
    return correlations.computeIfAbsent(id, k -> correlations.size());
  }

  /** Compiles {@code node}. */
  public Expr compile(RexNode node) throws SQLException {
    if (node instanceof RexInputRef) {
      int i = ((RexInputRef) node).getIndex();
      return (row, ctx) -> row[i];
    }
    if (node instanceof RexLiteral) {
      Object v = literal((RexLiteral) node);
      return (row, ctx) -> v;
    }
    if (node instanceof RexDynamicParam) {
      int i = ((RexDynamicParam) node).getIndex();
      return (row, ctx) -> ctx.param(i);
    }
    if (node instanceof RexFieldAccess) {
      RexFieldAccess fa = (RexFieldAccess) node;
      if (fa.getReferenceExpr() instanceof RexCorrelVariable) {
        int id = correlationId(((RexCorrelVariable) fa.getReferenceExpr()).id);
        int field = fa.getField().getIndex();
        return (row, ctx) -> ctx.correlation(id)[field];
      }
      throw SqlErrors.unsupported("Field access " + node);
    }
    if (node instanceof RexCall) {
      RexCall call = (RexCall) node;
      if (call.getKind() == SqlKind.SEARCH) {
        return compile(RexUtil.expandSearch(rexBuilder, null, call));
      }
      return call(call);
    }
    throw SqlErrors.unsupported("Expression " + node);
  }

  /** Compiles each of {@code nodes}. */
  public Expr[] compileAll(List<? extends RexNode> nodes) throws SQLException {
    Expr[] out = new Expr[nodes.size()];
    for (int i = 0; i < out.length; i++) {
      out[i] = compile(nodes.get(i));
    }
    return out;
  }

  /** The internal value of a literal, in the representation of its own type. */
  public static Object literal(RexLiteral lit) throws SQLException {
    if (lit.isNull()) {
      return null;
    }
    RelDataType t = lit.getType();
    switch (t.getSqlTypeName()) {
      case TINYINT: return lit.getValueAs(Byte.class);
      case SMALLINT: return lit.getValueAs(Short.class);
      case INTEGER: return lit.getValueAs(Integer.class);
      case BIGINT: return lit.getValueAs(Long.class);
      case DECIMAL: return lit.getValueAs(BigDecimal.class);
      case REAL: return lit.getValueAs(Float.class);
      case FLOAT:
      case DOUBLE: return lit.getValueAs(Double.class);
      case BOOLEAN: return lit.getValueAs(Boolean.class);
      case CHAR:
      case VARCHAR: return lit.getValueAs(String.class);
      case DATE: return lit.getValueAs(Integer.class);
      case TIME: return lit.getValueAs(Integer.class);
      case TIMESTAMP: return lit.getValueAs(Long.class);
      case TIMESTAMP_WITH_LOCAL_TIME_ZONE: return lit.getValueAs(Long.class);
      case TIMESTAMP_TZ: {
        // e.g. TIMESTAMP WITH TIME ZONE '2024-05-01 10:00:00 +02:00': the instant it names
        org.apache.calcite.util.TimestampWithTimeZoneString ts =
            lit.getValueAs(org.apache.calcite.util.TimestampWithTimeZoneString.class);
        return ColumnType.of(BeamType.TIMESTAMP_TZ).coerce(ts.toString());
      }
      case BINARY:
      case VARBINARY: return lit.getValueAs(org.apache.calcite.avatica.util.ByteString.class).getBytes();
      case UUID: return lit.getValueAs(java.util.UUID.class);
      case SYMBOL: return lit.getValue();
      case INTERVAL_DAY: case INTERVAL_DAY_HOUR: case INTERVAL_DAY_MINUTE: case INTERVAL_DAY_SECOND:
      case INTERVAL_HOUR: case INTERVAL_HOUR_MINUTE: case INTERVAL_HOUR_SECOND: case INTERVAL_MINUTE:
      case INTERVAL_MINUTE_SECOND: case INTERVAL_SECOND: case INTERVAL_YEAR: case INTERVAL_YEAR_MONTH:
      case INTERVAL_MONTH:
        return lit.getValueAs(Long.class);
      default:
        throw SqlErrors.unsupported("Literal of type " + t.getSqlTypeName());
    }
  }

  private static BeamType beamType(RelDataType t) throws SQLException {
    return TypeMapping.fromRelType(t).type();
  }

  private Expr call(RexCall call) throws SQLException {
    List<RexNode> ops = call.getOperands();
    SqlKind kind = call.getKind();
    switch (kind) {
      case AND: return and(compileAll(ops));
      case OR: return or(compileAll(ops));
      case NOT: {
        Expr a = compile(ops.get(0));
        return (row, ctx) -> {
          Object v = a.eval(row, ctx);
          return v == null ? null : !(Boolean) v;
        };
      }
      case IS_NULL: { Expr a = compile(ops.get(0)); return (row, ctx) -> a.eval(row, ctx) == null; }
      case IS_NOT_NULL: { Expr a = compile(ops.get(0)); return (row, ctx) -> a.eval(row, ctx) != null; }
      case IS_TRUE: { Expr a = compile(ops.get(0)); return (row, ctx) -> Boolean.TRUE.equals(a.eval(row, ctx)); }
      case IS_NOT_TRUE: { Expr a = compile(ops.get(0)); return (row, ctx) -> !Boolean.TRUE.equals(a.eval(row, ctx)); }
      case IS_FALSE: { Expr a = compile(ops.get(0)); return (row, ctx) -> Boolean.FALSE.equals(a.eval(row, ctx)); }
      case IS_NOT_FALSE: { Expr a = compile(ops.get(0)); return (row, ctx) -> !Boolean.FALSE.equals(a.eval(row, ctx)); }
      case EQUALS: return comparison(ops, c -> c == 0);
      case NOT_EQUALS: return comparison(ops, c -> c != 0);
      case LESS_THAN: return comparison(ops, c -> c < 0);
      case LESS_THAN_OR_EQUAL: return comparison(ops, c -> c <= 0);
      case GREATER_THAN: return comparison(ops, c -> c > 0);
      case GREATER_THAN_OR_EQUAL: return comparison(ops, c -> c >= 0);
      case IS_DISTINCT_FROM:
      case IS_NOT_DISTINCT_FROM: {
        Expr a = compile(ops.get(0));
        Expr b = compile(ops.get(1));
        boolean distinct = kind == SqlKind.IS_DISTINCT_FROM;
        return (row, ctx) -> {
          Object x = a.eval(row, ctx);
          Object y = b.eval(row, ctx);
          boolean same = x == null ? y == null : y != null && Values.equal(x, y);
          return distinct != same;
        };
      }
      case PLUS: case MINUS: case TIMES: case DIVIDE: case MOD:
        return arithmetic(call, kind);
      case MINUS_PREFIX: {
        Expr a = compile(ops.get(0));
        BeamType t = beamType(call.getType());
        return (row, ctx) -> negate(t, a.eval(row, ctx));
      }
      case PLUS_PREFIX: return compile(ops.get(0));
      case CASE: return caseExpr(compileAll(ops));
      case COALESCE: {
        Expr[] args = compileAll(ops);
        BeamType t = beamType(call.getType());
        return (row, ctx) -> {
          for (Expr e : args) {
            Object v = e.eval(row, ctx);
            if (v != null) {
              return Values.toType(t, v);
            }
          }
          return null;
        };
      }
      case NULLIF: {
        Expr a = compile(ops.get(0));
        Expr b = compile(ops.get(1));
        return (row, ctx) -> {
          Object x = a.eval(row, ctx);
          Object y = b.eval(row, ctx);
          return x != null && y != null && Values.equal(x, y) ? null : x;
        };
      }
      case CAST:
      case SAFE_CAST:
        return cast(call, kind == SqlKind.SAFE_CAST);
      case LIKE:
        return like(call);
      case GREATEST:
      case LEAST: {
        Expr[] args = compileAll(ops);
        boolean greatest = kind == SqlKind.GREATEST;
        BeamType t = beamType(call.getType());
        return (row, ctx) -> {
          Object best = null;
          for (Expr e : args) {
            Object v = e.eval(row, ctx);
            if (v == null) {
              return null;
            }
            if (best == null || (greatest ? Values.compare(v, best) > 0 : Values.compare(v, best) < 0)) {
              best = v;
            }
          }
          return Values.toType(t, best);
        };
      }
      case EXTRACT:
        return extract(call);
      case TRIM:
        return trim(call);
      case POSITION: {
        Expr needle = compile(ops.get(0));
        Expr hay = compile(ops.get(1));
        Expr from = ops.size() > 2 ? compile(ops.get(2)) : null;
        return (row, ctx) -> {
          Object n = needle.eval(row, ctx);
          Object h = hay.eval(row, ctx);
          Object f = from == null ? 1 : from.eval(row, ctx);
          return n == null || h == null || f == null ? null : locate((String) n, (String) h, ((Number) f).intValue());
        };
      }
      case NEXT_VALUE:
      case CURRENT_VALUE: {
        java.util.List<String> names = org.apache.calcite.util.Util.stringToList(
            ((RexLiteral) ops.get(0)).getValueAs(String.class));
        String schema = names.size() > 1 ? names.get(names.size() - 2) : io.beamdb.sql.catalog.Catalog.DEFAULT_SCHEMA;
        String seq = names.get(names.size() - 1);
        BeamType t = beamType(call.getType());
        if (kind == SqlKind.NEXT_VALUE) {
          return (row, ctx) -> Values.fromLong(t, ctx.sequences().nextValue(schema, seq));
        }
        return (row, ctx) -> Values.fromLong(t, ctx.sequences().currentValue(schema, seq));
      }
      case FLOOR:
      case CEIL:
        if (ops.size() == 1) {
          return floorCeil(call, kind == SqlKind.FLOOR);
        }
        throw SqlErrors.unsupported("FLOOR/CEIL to a time unit");
      default:
        return function(call);
    }
  }

  private interface IntPredicate {
    boolean test(int c);
  }

  private Expr comparison(List<RexNode> ops, IntPredicate p) throws SQLException {
    Expr a = compile(ops.get(0));
    Expr b = compile(ops.get(1));
    return (row, ctx) -> {
      Object x = a.eval(row, ctx);
      if (x == null) {
        return null;
      }
      Object y = b.eval(row, ctx);
      if (y == null) {
        return null;
      }
      return p.test(Values.compare(x, y));
    };
  }

  private static Expr and(Expr[] args) {
    return (row, ctx) -> {
      boolean sawNull = false;
      for (Expr e : args) {
        Object v = e.eval(row, ctx);
        if (v == null) {
          sawNull = true;
        } else if (!(Boolean) v) {
          return false;
        }
      }
      return sawNull ? null : Boolean.TRUE;
    };
  }

  private static Expr or(Expr[] args) {
    return (row, ctx) -> {
      boolean sawNull = false;
      for (Expr e : args) {
        Object v = e.eval(row, ctx);
        if (v == null) {
          sawNull = true;
        } else if ((Boolean) v) {
          return true;
        }
      }
      return sawNull ? null : Boolean.FALSE;
    };
  }

  private static Expr caseExpr(Expr[] args) {
    int n = args.length;
    return (row, ctx) -> {
      for (int i = 0; i + 1 < n; i += 2) {
        if (Boolean.TRUE.equals(args[i].eval(row, ctx))) {
          return args[i + 1].eval(row, ctx);
        }
      }
      return n % 2 == 1 ? args[n - 1].eval(row, ctx) : null;
    };
  }

  private Expr arithmetic(RexCall call, SqlKind kind) throws SQLException {
    Expr a = compile(call.getOperands().get(0));
    Expr b = compile(call.getOperands().get(1));
    RelDataType type = call.getType();
    if (org.apache.calcite.sql.type.SqlTypeUtil.isDatetime(type)) {
      return datetimeArithmetic(call, kind, a, b);
    }
    if (org.apache.calcite.sql.type.SqlTypeUtil.isInterval(type)) {
      return intervalArithmetic(call, kind, a, b);
    }
    BeamType t = beamType(type);
    int scale = Math.max(0, type.getScale());
    return (row, ctx) -> {
      Object x = a.eval(row, ctx);
      if (x == null) {
        return null;
      }
      Object y = b.eval(row, ctx);
      if (y == null) {
        return null;
      }
      return arith(kind, t, scale, (Number) x, (Number) y);
    };
  }

  /**
   * DATE/TIME/TIMESTAMP plus or minus an INTERVAL (year-month intervals are months, day-time
   * intervals milliseconds) or an integer number of days (H2, PostgreSQL).
   */
  private Expr datetimeArithmetic(RexCall call, SqlKind kind, Expr a, Expr b) throws SQLException {
    RelDataType ta = call.getOperands().get(0).getType();
    RelDataType tb = call.getOperands().get(1).getType();
    boolean firstIsDatetime = org.apache.calcite.sql.type.SqlTypeUtil.isDatetime(ta);
    RelDataType offType = firstIsDatetime ? tb : ta;
    if ((kind != SqlKind.PLUS && kind != SqlKind.MINUS) || (kind == SqlKind.MINUS && !firstIsDatetime)
        || !(org.apache.calcite.sql.type.SqlTypeUtil.isInterval(offType)
            || org.apache.calcite.sql.type.SqlTypeUtil.isIntType(offType))) {
      throw SqlErrors.unsupported("Date/time arithmetic " + ta + " " + kind.sql + " " + tb);
    }
    Expr datetime = firstIsDatetime ? a : b;
    Expr offset = firstIsDatetime ? b : a;
    BeamType from = beamType(firstIsDatetime ? ta : tb);
    BeamType to = beamType(call.getType());
    boolean months = offType.getSqlTypeName().getFamily() == org.apache.calcite.sql.type.SqlTypeFamily.INTERVAL_YEAR_MONTH;
    boolean millis = !months && org.apache.calcite.sql.type.SqlTypeUtil.isInterval(offType);
    int sign = kind == SqlKind.MINUS ? -1 : 1;
    return guarded(kind.sql, (row, ctx) -> {
      Object x = datetime.eval(row, ctx);
      if (x == null) {
        return null;
      }
      Object y = offset.eval(row, ctx);
      if (y == null) {
        return null;
      }
      long n = Math.multiplyExact(((Number) y).longValue(), sign);
      LocalDateTime t = toDateTime(from, x);
      t = months ? t.plusMonths(n) : millis ? t.plusNanos(Math.multiplyExact(n, 1_000_000L)) : t.plusDays(n);
      return fromDateTime(to, t);
    });
  }

  /**
   * Interval results: interval +/- interval, interval * or / number, and the difference of two
   * datetimes ({@code ts1 - ts2}, which {@link io.beamdb.planner.calcite.BeamFunctions} types as
   * INTERVAL DAY TO SECOND, as H2 and PostgreSQL do). Intervals are months or milliseconds.
   */
  private Expr intervalArithmetic(RexCall call, SqlKind kind, Expr a, Expr b) throws SQLException {
    RelDataType ta = call.getOperands().get(0).getType();
    RelDataType tb = call.getOperands().get(1).getType();
    if (kind == SqlKind.MINUS && org.apache.calcite.sql.type.SqlTypeUtil.isDatetime(ta)
        && org.apache.calcite.sql.type.SqlTypeUtil.isDatetime(tb)) {
      BeamType fa = beamType(ta);
      BeamType fb = beamType(tb);
      return guarded("-", (row, ctx) -> {
        Object x = a.eval(row, ctx);
        Object y = x == null ? null : b.eval(row, ctx);
        if (y == null) {
          return null;
        }
        return Math.subtractExact(epochMillis(fa, x), epochMillis(fb, y));
      });
    }
    boolean scaling = kind == SqlKind.TIMES || kind == SqlKind.DIVIDE;
    if (!scaling && !(kind == SqlKind.PLUS || kind == SqlKind.MINUS)) {
      throw SqlErrors.unsupported("Interval arithmetic " + ta + " " + kind.sql + " " + tb);
    }
    boolean intervalFirst = org.apache.calcite.sql.type.SqlTypeUtil.isInterval(ta);
    return guarded(kind.sql, (row, ctx) -> {
      Object x = a.eval(row, ctx);
      Object y = x == null ? null : b.eval(row, ctx);
      if (y == null) {
        return null;
      }
      if (!scaling) {
        long l = ((Number) x).longValue();
        long r = ((Number) y).longValue();
        return kind == SqlKind.PLUS ? Math.addExact(l, r) : Math.subtractExact(l, r);
      }
      Number iv = (Number) (intervalFirst ? x : y);
      Number n = (Number) (intervalFirst ? y : x);
      BigDecimal f = Values.toBigDecimal(n);
      BigDecimal r = kind == SqlKind.TIMES ? BigDecimal.valueOf(iv.longValue()).multiply(f)
          : BigDecimal.valueOf(iv.longValue()).divide(f, 0, RoundingMode.HALF_UP);
      return r.setScale(0, RoundingMode.HALF_UP).longValueExact();
    });
  }

  /**
   * A datetime value as milliseconds on one time line, for differences: TIMESTAMP WITH TIME ZONE
   * as its instant, TIMESTAMP and DATE as their local wall-clock time taken in UTC (so the
   * difference of two local values has no daylight-saving jumps, as in H2 and PostgreSQL).
   */
  static long epochMillis(BeamType t, Object v) throws SQLException {
    switch (t) {
      case DATE: return ((Number) v).longValue() * MILLIS_PER_DAY;
      case TIME: case TIMESTAMP: case TIMESTAMP_TZ: return ((Number) v).longValue();
      default: throw new SQLException("Not a date/time value of type " + t, "42804");
    }
  }

  static Object arith(SqlKind kind, BeamType t, int scale, Number x, Number y) throws SQLException {
    switch (t) {
      case TINYINT: case SMALLINT: case INTEGER: case BIGINT: {
        long l = x.longValue();
        long r = y.longValue();
        long res;
        try {
          switch (kind) {
            case PLUS: res = Math.addExact(l, r); break;
            case MINUS: res = Math.subtractExact(l, r); break;
            case TIMES: res = Math.multiplyExact(l, r); break;
            case DIVIDE:
              if (r == 0) {
                throw SqlErrors.divisionByZero();
              }
              if (l == Long.MIN_VALUE && r == -1) {
                throw SqlErrors.outOfRange(l + " / " + r);
              }
              res = l / r;
              break;
            case MOD:
              if (r == 0) {
                throw SqlErrors.divisionByZero();
              }
              res = l % r;
              break;
            default: throw SqlErrors.unsupported(kind.toString());
          }
        } catch (ArithmeticException e) {
          throw SqlErrors.outOfRange(x + " " + kind.sql + " " + y + " for " + t);
        }
        return Values.fromLong(t, res);
      }
      case REAL: case DOUBLE: {
        double l = x.doubleValue();
        double r = y.doubleValue();
        double res;
        switch (kind) {
          case PLUS: res = l + r; break;
          case MINUS: res = l - r; break;
          case TIMES: res = l * r; break;
          case DIVIDE:
            if (r == 0) {
              throw SqlErrors.divisionByZero();
            }
            res = l / r;
            break;
          case MOD:
            if (r == 0) {
              throw SqlErrors.divisionByZero();
            }
            res = l % r;
            break;
          default: throw SqlErrors.unsupported(kind.toString());
        }
        return t == BeamType.REAL ? (Object) (float) res : (Object) res;
      }
      case DECIMAL: {
        BigDecimal l = Values.toBigDecimal(x);
        BigDecimal r = Values.toBigDecimal(y);
        switch (kind) {
          case PLUS: return l.add(r);
          case MINUS: return l.subtract(r);
          case TIMES: return l.multiply(r);
          case DIVIDE:
            if (r.signum() == 0) {
              throw SqlErrors.divisionByZero();
            }
            return l.divide(r, Math.max(scale, 6), RoundingMode.HALF_UP);
          case MOD:
            if (r.signum() == 0) {
              throw SqlErrors.divisionByZero();
            }
            return l.remainder(r);
          default: throw SqlErrors.unsupported(kind.toString());
        }
      }
      default:
        throw SqlErrors.unsupported("Arithmetic on " + t);
    }
  }

  private static Object negate(BeamType t, Object v) throws SQLException {
    if (v == null) {
      return null;
    }
    switch (t) {
      case TINYINT: case SMALLINT: case INTEGER: case BIGINT:
        long l = ((Number) v).longValue();
        if (l == Long.MIN_VALUE) {
          throw SqlErrors.outOfRange("-(" + l + ")");
        }
        return Values.fromLong(t, -l);
      case REAL: return -((Number) v).floatValue();
      case DOUBLE: return -((Number) v).doubleValue();
      case DECIMAL: return Values.toBigDecimal((Number) v).negate();
      default: throw SqlErrors.unsupported("Negation of " + t);
    }
  }

  private Expr cast(RexCall call, boolean safe) throws SQLException {
    RexNode operand = call.getOperands().get(0);
    Expr a = compile(operand);
    RelDataType from = operand.getType();
    RelDataType to = call.getType();
    if (from.getSqlTypeName() == to.getSqlTypeName() && from.getPrecision() == to.getPrecision()
        && from.getScale() == to.getScale()) {
      return a;
    }
    BeamType fromType = from.getSqlTypeName() == org.apache.calcite.sql.type.SqlTypeName.NULL
        ? BeamType.VARCHAR : beamType(from);
    ColumnType target = TypeMapping.fromRelType(to);
    // like H2 2.x, a value too long for the target string type fails (22001) rather than truncating
    return (row, ctx) -> {
      Object v = a.eval(row, ctx);
      if (v == null) {
        return null;
      }
      Object ext = ColumnType.toExternal(fromType, v);
      if (ext instanceof Double && target.type().isString()) {
        ext = formatDouble((Double) ext);
      } else if (ext instanceof Float && target.type().isString()) {
        ext = formatDouble(((Float) ext).doubleValue());
      } else if (ext instanceof Boolean && target.type().isString()) {
        // the SQL standard (6.13) and H2 spell a boolean cast to text 'TRUE'/'FALSE' (PostgreSQL: lower case)
        ext = ((Boolean) ext) ? "TRUE" : "FALSE";
      }
      if (target.type().isInteger() && (ext instanceof Double || ext instanceof Float || ext instanceof BigDecimal)) {
        // SQL CAST of an approximate or decimal number to an integer rounds half away from zero
        BigDecimal bd = Values.toBigDecimal((Number) ext).setScale(0, RoundingMode.HALF_UP);
        ext = bd;
      }
      try {
        return target.coerce(ext);
      } catch (SQLException e) {
        if (safe) {
          return null;
        }
        throw e;
      }
    };
  }

  /** Formats a double as SQL text: integral values without exponent where short. */
  public static String formatDouble(double d) {
    if (d == Math.rint(d) && Math.abs(d) < 1e15) {
      return Long.toString((long) d) + ".0";
    }
    return Double.toString(d);
  }

  private Expr like(RexCall call) throws SQLException {
    List<RexNode> ops = call.getOperands();
    Expr value = compile(ops.get(0));
    Expr pattern = compile(ops.get(1));
    Expr escape = ops.size() > 2 ? compile(ops.get(2)) : null;
    boolean negated = call.getOperator().getName().toUpperCase(Locale.ROOT).startsWith("NOT");
    boolean ignoreCase = call.getOperator().getName().toUpperCase(Locale.ROOT).contains("ILIKE");
    return (row, ctx) -> {
      Object v = value.eval(row, ctx);
      Object p = pattern.eval(row, ctx);
      if (v == null || p == null) {
        return null;
      }
      String esc = escape == null ? null : (String) escape.eval(row, ctx);
      Pattern re = likeToRegex((String) p, esc, ignoreCase);
      boolean m = re.matcher((String) v).matches();
      return negated != m;
    };
  }

  /** Translates a SQL LIKE pattern to a regular expression. */
  static Pattern likeToRegex(String pattern, String escape, boolean ignoreCase) throws SQLException {
    if (escape != null && escape.length() > 1) {
      throw new SQLException("LIKE escape must be a single character, got '" + escape + "'", "22019");
    }
    char esc = escape == null || escape.isEmpty() ? 0 : escape.charAt(0);
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (esc != 0 && c == esc) {
        if (i + 1 >= pattern.length()) {
          throw new SQLException("LIKE pattern ends with the escape character: '" + pattern + "'", "22025");
        }
        b.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
      } else if (c == '%') {
        b.append(".*");
      } else if (c == '_') {
        b.append('.');
      } else {
        b.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(b.toString(), Pattern.DOTALL | (ignoreCase ? Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE : 0));
  }

  private Expr extract(RexCall call) throws SQLException {
    TimeUnitRange unit = (TimeUnitRange) ((RexLiteral) call.getOperands().get(0)).getValue();
    RexNode arg = call.getOperands().get(1);
    Expr a = compile(arg);
    BeamType from = beamType(arg.getType());
    BeamType resultType = beamType(call.getType());
    return (row, ctx) -> {
      Object v = a.eval(row, ctx);
      if (v == null) {
        return null;
      }
      LocalDateTime t;
      switch (from) {
        case DATE: t = LocalDate.ofEpochDay(((Number) v).longValue()).atStartOfDay(); break;
        case TIME: t = LocalDate.ofEpochDay(0).atStartOfDay().plusNanos(((Number) v).longValue() * 1_000_000L); break;
        case TIMESTAMP: t = (LocalDateTime) ColumnType.toExternal(BeamType.TIMESTAMP, v); break;
        case TIMESTAMP_TZ: t = toDateTime(from, v); break;
        default: throw SqlErrors.unsupported("EXTRACT from " + from);
      }
      long r;
      switch (unit) {
        case YEAR: r = t.getYear(); break;
        case QUARTER: r = (t.getMonthValue() + 2) / 3; break;
        case MONTH: r = t.getMonthValue(); break;
        case WEEK: r = t.get(java.time.temporal.IsoFields.WEEK_OF_WEEK_BASED_YEAR); break;
        case DAY: r = t.getDayOfMonth(); break;
        case DOW: r = t.getDayOfWeek().getValue() % 7 + 1; break;
        case DOY: r = t.getDayOfYear(); break;
        case HOUR: r = t.getHour(); break;
        case MINUTE: r = t.getMinute(); break;
        case SECOND: r = t.getSecond(); break;
        case EPOCH: r = t.toEpochSecond(ZoneOffset.UTC); break;
        default: throw SqlErrors.unsupported("EXTRACT(" + unit + ")");
      }
      return Values.fromLong(resultType, r);
    };
  }

  private Expr trim(RexCall call) throws SQLException {
    SqlTrimFunction.Flag flag = (SqlTrimFunction.Flag) ((RexLiteral) call.getOperands().get(0)).getValue();
    Expr chars = compile(call.getOperands().get(1));
    Expr str = compile(call.getOperands().get(2));
    return (row, ctx) -> {
      Object c = chars.eval(row, ctx);
      Object s = str.eval(row, ctx);
      if (c == null || s == null) {
        return null;
      }
      return trim((String) s, (String) c, flag != SqlTrimFunction.Flag.TRAILING, flag != SqlTrimFunction.Flag.LEADING);
    };
  }

  static String trim(String s, String chars, boolean leading, boolean trailing) {
    int start = 0;
    int end = s.length();
    if (leading) {
      while (start < end && chars.indexOf(s.charAt(start)) >= 0) {
        start++;
      }
    }
    if (trailing) {
      while (end > start && chars.indexOf(s.charAt(end - 1)) >= 0) {
        end--;
      }
    }
    return s.substring(start, end);
  }

  private Expr floorCeil(RexCall call, boolean floor) throws SQLException {
    Expr a = compile(call.getOperands().get(0));
    BeamType t = beamType(call.getType());
    return (row, ctx) -> {
      Object v = a.eval(row, ctx);
      if (v == null) {
        return null;
      }
      if (Values.isIntegral(v)) {
        return Values.toType(t, v);
      }
      if (v instanceof BigDecimal) {
        return Values.toType(t, ((BigDecimal) v).setScale(0, floor ? RoundingMode.FLOOR : RoundingMode.CEILING));
      }
      double d = ((Number) v).doubleValue();
      return Values.toType(t, floor ? Math.floor(d) : Math.ceil(d));
    };
  }

  private Expr function(RexCall call) throws SQLException {
    return guarded(call.getOperator().getName(), functionBody(call));
  }

  /**
   * Turns a runtime failure of a function on a value it cannot handle (a malformed pattern, a
   * date out of range, an operand of the wrong class) into a SQLException: 22007 for unparsable
   * date/time text, 22008 for a date/time out of range, 22023 otherwise.
   */
  private static Expr guarded(String name, Expr e) {
    return (row, ctx) -> {
      try {
        return e.eval(row, ctx);
      } catch (java.time.format.DateTimeParseException ex) {
        throw new SQLException("Invalid date/time text for " + name + ": " + ex.getMessage(), "22007", ex);
      } catch (java.time.DateTimeException ex) {
        throw new SQLException("Date/time value out of range in " + name + ": " + ex.getMessage(), "22008", ex);
      } catch (ClassCastException | IllegalArgumentException | ArithmeticException | IndexOutOfBoundsException ex) {
        throw new SQLException("Invalid argument for " + name + ": " + ex.getMessage(), "22023", ex);
      }
    };
  }

  private Expr functionBody(RexCall call) throws SQLException {
    String name = call.getOperator().getName().toUpperCase(Locale.ROOT);
    List<RexNode> ops = call.getOperands();
    Expr[] args = compileAll(ops);
    RelDataType type = call.getType();
    switch (name) {
      case "||":
      case "CONCAT":
        return (row, ctx) -> {
          StringBuilder b = new StringBuilder();
          for (Expr e : args) {
            Object v = e.eval(row, ctx);
            if (v == null) {
              if (name.equals("||")) {
                return null;
              }
              continue;
            }
            b.append(v instanceof String ? (String) v : v.toString());
          }
          return b.toString();
        };
      case "UPPER":
        return strFn(args[0], s -> s.toUpperCase(Locale.ROOT));
      case "LOWER":
        return strFn(args[0], s -> s.toLowerCase(Locale.ROOT));
      case "CHAR_LENGTH":
      case "CHARACTER_LENGTH":
      case "LENGTH":
        return (row, ctx) -> {
          Object v = args[0].eval(row, ctx);
          return v == null ? null : Values.fromLong(beamType(type), v.toString().length());
        };
      case "SUBSTRING":
        return (row, ctx) -> {
          Object s = args[0].eval(row, ctx);
          Object from = args[1].eval(row, ctx);
          Object len = args.length > 2 ? args[2].eval(row, ctx) : null;
          if (s == null || from == null || (args.length > 2 && len == null)) {
            return null;
          }
          return substring((String) s, ((Number) from).longValue(), args.length > 2 ? ((Number) len).longValue() : null);
        };
      case "REPLACE":
        return (row, ctx) -> {
          Object s = args[0].eval(row, ctx);
          Object f = args[1].eval(row, ctx);
          Object r = args.length > 2 ? args[2].eval(row, ctx) : "";
          return s == null || f == null || r == null ? null : ((String) s).replace((String) f, (String) r);
        };
      case "ABS":
        return (row, ctx) -> {
          Object v = args[0].eval(row, ctx);
          if (v == null) {
            return null;
          }
          if (Values.isIntegral(v)) {
            long l = ((Number) v).longValue();
            if (l == Long.MIN_VALUE) {
              throw SqlErrors.outOfRange("ABS(" + l + ")");
            }
            return Values.fromLong(beamType(type), Math.abs(l));
          }
          if (v instanceof BigDecimal) {
            return ((BigDecimal) v).abs();
          }
          return Values.toType(beamType(type), Math.abs(((Number) v).doubleValue()));
        };
      case "MOD":
        return (row, ctx) -> {
          Object x = args[0].eval(row, ctx);
          Object y = args[1].eval(row, ctx);
          return x == null || y == null ? null : arith(SqlKind.MOD, beamType(type), 0, (Number) x, (Number) y);
        };
      case "POWER":
        return dblFn2(args, Math::pow);
      case "SQRT":
        return dblFn(args[0], Math::sqrt);
      case "EXP":
        return dblFn(args[0], Math::exp);
      case "LN":
        return dblFn(args[0], Math::log);
      case "LOG10":
        return dblFn(args[0], Math::log10);
      case "SIN": return dblFn(args[0], Math::sin);
      case "COS": return dblFn(args[0], Math::cos);
      case "TAN": return dblFn(args[0], Math::tan);
      case "PI":
        return (row, ctx) -> Math.PI;
      case "SIGN":
        return (row, ctx) -> {
          Object v = args[0].eval(row, ctx);
          if (v == null) {
            return null;
          }
          int s = v instanceof BigDecimal ? ((BigDecimal) v).signum() : (int) Math.signum(((Number) v).doubleValue());
          return Values.toType(beamType(type), s);
        };
      case "ROUND":
      case "TRUNCATE":
      case "TRUNC": {
        RoundingMode mode = name.equals("ROUND") ? RoundingMode.HALF_UP : RoundingMode.DOWN;
        if (org.apache.calcite.sql.type.SqlTypeUtil.isDatetime(ops.get(0).getType())) {
          BeamType from = beamType(ops.get(0).getType());
          BeamType to = beamType(type);
          return (row, ctx) -> {
            Object v = args[0].eval(row, ctx);
            return v == null ? null : fromDateTime(to, toDateTime(from, v).toLocalDate().atStartOfDay());
          };
        }
        return (row, ctx) -> {
          Object v = args[0].eval(row, ctx);
          Object digits = args.length > 1 ? args[1].eval(row, ctx) : 0;
          if (v == null || digits == null) {
            return null;
          }
          int d = ((Number) digits).intValue();
          BigDecimal bd = Values.toBigDecimal((Number) v).setScale(d, mode);
          return Values.toType(beamType(type), bd);
        };
      }
      case "CURRENT_TIMESTAMP":
      case "LOCALTIMESTAMP":
      case "NOW":
        return (row, ctx) -> localMillis(ctx.statementTimeMillis());
      case "CURRENT_DATE":
        return (row, ctx) -> (int) Math.floorDiv(localMillis(ctx.statementTimeMillis()), MILLIS_PER_DAY);
      case "CURRENT_TIME":
      case "LOCALTIME":
        return (row, ctx) -> (int) Math.floorMod(localMillis(ctx.statementTimeMillis()), MILLIS_PER_DAY);
      case "NVL":
      case "IFNULL":
        return (row, ctx) -> {
          Object v = args[0].eval(row, ctx);
          return Values.toType(beamType(type), v != null ? v : args[1].eval(row, ctx));
        };
      case "LEFT":
        return (row, ctx) -> {
          Object s = args[0].eval(row, ctx);
          Object n = args[1].eval(row, ctx);
          if (s == null || n == null) {
            return null;
          }
          int k = Math.max(0, Math.min(((String) s).length(), ((Number) n).intValue()));
          return ((String) s).substring(0, k);
        };
      case "RIGHT":
        return (row, ctx) -> {
          Object s = args[0].eval(row, ctx);
          Object n = args[1].eval(row, ctx);
          if (s == null || n == null) {
            return null;
          }
          String str = (String) s;
          int k = Math.max(0, Math.min(str.length(), ((Number) n).intValue()));
          return str.substring(str.length() - k);
        };
      case "LTRIM":
        return strFn(args[0], s -> trim(s, " ", true, false));
      case "RTRIM":
        return strFn(args[0], s -> trim(s, " ", false, true));
      case "REVERSE":
        return strFn(args[0], s -> new StringBuilder(s).reverse().toString());
      case "INITCAP":
        return strFn(args[0], ExprCompiler::initcap);
      case "NEXTVAL":
      case "CURRVAL": {
        boolean next = name.equals("NEXTVAL");
        return (row, ctx) -> {
          Object v = args[0].eval(row, ctx);
          if (v == null) {
            return null;
          }
          String[] parts = sequenceName((String) v);
          return next ? ctx.sequences().nextValue(parts[0], parts[1]) : ctx.sequences().currentValue(parts[0], parts[1]);
        };
      }
      case "LPAD":
      case "RPAD": {
        boolean left = name.equals("LPAD");
        return (row, ctx) -> {
          Object s = args[0].eval(row, ctx);
          Object n = args[1].eval(row, ctx);
          Object p = args.length > 2 ? args[2].eval(row, ctx) : " ";
          return s == null || n == null || p == null ? null : pad((String) s, ((Number) n).longValue(), (String) p, left);
        };
      }
      case "REPEAT":
        return (row, ctx) -> {
          Object s = args[0].eval(row, ctx);
          Object n = args[1].eval(row, ctx);
          return s == null || n == null ? null : repeat((String) s, ((Number) n).longValue());
        };
      case "SPACE":
        return (row, ctx) -> {
          Object n = args[0].eval(row, ctx);
          return n == null ? null : repeat(" ", ((Number) n).longValue());
        };
      case "LOCATE":
        return (row, ctx) -> {
          Object needle = args[0].eval(row, ctx);
          Object hay = args[1].eval(row, ctx);
          Object from = args.length > 2 ? args[2].eval(row, ctx) : 1;
          return needle == null || hay == null || from == null ? null
              : locate((String) needle, (String) hay, ((Number) from).intValue());
        };
      case "SUBSTR":
        return (row, ctx) -> {
          Object s = args[0].eval(row, ctx);
          Object from = args[1].eval(row, ctx);
          Object len = args.length > 2 ? args[2].eval(row, ctx) : null;
          if (s == null || from == null || (args.length > 2 && len == null)) {
            return null;
          }
          String str = (String) s;
          long f = ((Number) from).longValue();
          // as in H2: a negative start counts from the end of the string
          return substring(str, f < 0 ? str.length() + f + 1 : f, args.length > 2 ? ((Number) len).longValue() : null);
        };
      case "CONCAT_WS":
        return (row, ctx) -> {
          Object sep = args[0].eval(row, ctx);
          if (sep == null) {
            return null;
          }
          StringBuilder b = new StringBuilder();
          boolean first = true;
          for (int i = 1; i < args.length; i++) {
            Object v = args[i].eval(row, ctx);
            if (v != null) {
              if (!first) {
                b.append((String) sep);
              }
              b.append(v);
              first = false;
            }
          }
          return b.toString();
        };
      case "ASCII":
        return (row, ctx) -> {
          Object s = args[0].eval(row, ctx);
          return s == null || ((String) s).isEmpty() ? null : ((String) s).codePointAt(0);
        };
      case "CHR":
        return (row, ctx) -> {
          Object n = args[0].eval(row, ctx);
          return n == null ? null : new String(Character.toChars(((Number) n).intValue()));
        };
      case "DECODE": {
        BeamType t = beamType(type);
        return (row, ctx) -> {
          Object v = args[0].eval(row, ctx);
          int i = 1;
          for (; i + 1 < args.length; i += 2) {
            Object search = args[i].eval(row, ctx);
            if (v == null ? search == null : search != null && Values.equal(v, search)) {
              return Values.toType(t, args[i + 1].eval(row, ctx));
            }
          }
          return i < args.length ? Values.toType(t, args[i].eval(row, ctx)) : null;
        };
      }
      case "NVL2": {
        BeamType t = beamType(type);
        return (row, ctx) -> Values.toType(t, args[0].eval(row, ctx) != null ? args[1].eval(row, ctx) : args[2].eval(row, ctx));
      }
      case "LOG":
        if (args.length == 1) {
          return dblFn(args[0], Math::log); // H2: natural logarithm
        }
        return dblFn2(args, (base, x) -> base == 10 ? Math.log10(x) : Math.log(x) / Math.log(base));
      case "RAND":
      case "RANDOM":
        if (args.length == 1) {
          return (row, ctx) -> {
            Object seed = args[0].eval(row, ctx);
            return seed == null ? null : new java.util.Random(((Number) seed).longValue()).nextDouble();
          };
        }
        return (row, ctx) -> java.util.concurrent.ThreadLocalRandom.current().nextDouble();
      case "ASIN": return dblFn(args[0], Math::asin);
      case "ACOS": return dblFn(args[0], Math::acos);
      case "ATAN": return dblFn(args[0], Math::atan);
      case "ATAN2": return dblFn2(args, Math::atan2);
      case "COT": return dblFn(args[0], d -> 1 / Math.tan(d));
      case "DEGREES": return dblFn(args[0], Math::toDegrees);
      case "RADIANS": return dblFn(args[0], Math::toRadians);
      case "CBRT": return dblFn(args[0], Math::cbrt);
      case "SINH": return dblFn(args[0], Math::sinh);
      case "COSH": return dblFn(args[0], Math::cosh);
      case "TANH": return dblFn(args[0], Math::tanh);
      case "DAYNAME":
      case "MONTHNAME": {
        BeamType from = beamType(ops.get(0).getType());
        boolean day = name.equals("DAYNAME");
        return (row, ctx) -> {
          Object v = args[0].eval(row, ctx);
          if (v == null) {
            return null;
          }
          LocalDateTime t = toDateTime(from, v);
          return day ? t.getDayOfWeek().getDisplayName(java.time.format.TextStyle.FULL, Locale.ENGLISH)
              : t.getMonth().getDisplayName(java.time.format.TextStyle.FULL, Locale.ENGLISH);
        };
      }
      case "YEAR": case "QUARTER": case "MONTH": case "WEEK": case "DAYOFMONTH": case "DAYOFWEEK": case "DAYOFYEAR":
      case "HOUR": case "MINUTE": case "SECOND": {
        BeamType from = beamType(ops.get(0).getType());
        BeamType to = beamType(type);
        return (row, ctx) -> {
          Object v = args[0].eval(row, ctx);
          return v == null ? null : Values.fromLong(to, datePart(name, toDateTime(from, v)));
        };
      }
      case "DATEADD": {
        BeamType from = beamType(ops.get(2).getType());
        BeamType to = beamType(type);
        return (row, ctx) -> {
          Object unit = args[0].eval(row, ctx);
          Object n = args[1].eval(row, ctx);
          Object v = args[2].eval(row, ctx);
          if (unit == null || n == null || v == null) {
            return null;
          }
          return fromDateTime(to, dateAdd(toDateTime(from, v), (String) unit, ((Number) n).longValue()));
        };
      }
      case "DATEDIFF": {
        BeamType fromA = beamType(ops.get(1).getType());
        BeamType fromB = beamType(ops.get(2).getType());
        BeamType to = beamType(type);
        return (row, ctx) -> {
          Object unit = args[0].eval(row, ctx);
          Object a = args[1].eval(row, ctx);
          Object b = args[2].eval(row, ctx);
          if (unit == null || a == null || b == null) {
            return null;
          }
          return Values.fromLong(to, dateDiff((String) unit, toDateTime(fromA, a), toDateTime(fromB, b)));
        };
      }
      case "DATE_TRUNC": {
        BeamType from = beamType(ops.get(1).getType());
        BeamType to = beamType(type);
        return (row, ctx) -> {
          Object unit = args[0].eval(row, ctx);
          Object v = args[1].eval(row, ctx);
          return unit == null || v == null ? null : fromDateTime(to, dateTrunc((String) unit, toDateTime(from, v)));
        };
      }
      case "FORMATDATETIME": {
        BeamType from = beamType(ops.get(0).getType());
        return (row, ctx) -> {
          Object v = args[0].eval(row, ctx);
          Object p = args[1].eval(row, ctx);
          return v == null || p == null ? null
              : java.time.format.DateTimeFormatter.ofPattern((String) p, Locale.ENGLISH).format(toDateTime(from, v));
        };
      }
      case "PARSEDATETIME": {
        BeamType to = beamType(type);
        return (row, ctx) -> {
          Object s = args[0].eval(row, ctx);
          Object p = args[1].eval(row, ctx);
          return s == null || p == null ? null : fromDateTime(to, parseDateTime((String) s, (String) p));
        };
      }
      case "TO_CHAR": {
        BeamType from = beamType(ops.get(0).getType());
        return (row, ctx) -> {
          Object v = args[0].eval(row, ctx);
          Object f = args.length > 1 ? args[1].eval(row, ctx) : null;
          if (v == null || (args.length > 1 && f == null)) {
            return null;
          }
          return toChar(from, v, (String) f);
        };
      }
      default:
        throw SqlErrors.unsupported("Function " + call.getOperator().getName());
    }
  }

  /** Longest string a padding or repeating function builds (22001 beyond). */
  private static final long MAX_BUILT_STRING = 100_000_000L;

  /** H2's LPAD/RPAD: cut to {@code len} when longer, else padded with the first character of {@code padding}. */
  static String pad(String s, long len, String padding, boolean left) throws SQLException {
    if (len <= 0) {
      return "";
    }
    if (len <= s.length()) {
      return s.substring(0, (int) len);
    }
    if (len > MAX_BUILT_STRING) {
      throw SqlErrors.stringTooLong("padded to " + len + " characters", (int) MAX_BUILT_STRING);
    }
    String fill = repeat(padding.isEmpty() ? " " : padding.substring(0, 1), len - s.length());
    return left ? fill + s : s + fill;
  }

  static String repeat(String s, long n) throws SQLException {
    if (n <= 0 || s.isEmpty()) {
      return "";
    }
    if (n * s.length() > MAX_BUILT_STRING) {
      throw SqlErrors.stringTooLong("repeated " + n + " times", (int) MAX_BUILT_STRING);
    }
    return s.repeat((int) n);
  }

  /**
   * 1-based position of {@code needle} in {@code hay} searching from {@code start}, 0 when
   * absent; a negative start searches backwards from that position counted from the end (H2's
   * LOCATE/INSTR); 0 counts as 1.
   */
  static int locate(String needle, String hay, int start) {
    if (start < 0) {
      int from = hay.length() + start;
      return from < 0 ? 0 : hay.lastIndexOf(needle, from) + 1;
    }
    return hay.indexOf(needle, Math.max(0, start - 1)) + 1;
  }

  /** A DATE, TIME or TIMESTAMP internal value as a LocalDateTime (TIME on 1970-01-01). */
  static LocalDateTime toDateTime(BeamType t, Object v) throws SQLException {
    long n = ((Number) v).longValue();
    switch (t) {
      case DATE: return LocalDate.ofEpochDay(n).atStartOfDay();
      case TIME: return LocalDate.ofEpochDay(0).atStartOfDay().plusNanos(n * 1_000_000L);
      case TIMESTAMP:
        return LocalDateTime.ofEpochSecond(Math.floorDiv(n, 1000L), (int) Math.floorMod(n, 1000L) * 1_000_000, ZoneOffset.UTC);
      case TIMESTAMP_TZ:
        // the wall-clock time in the session time zone (PostgreSQL: EXTRACT and date arithmetic in TimeZone)
        return ((java.time.OffsetDateTime) ColumnType.toExternal(t, n)).toLocalDateTime();
      default: throw new SQLException("Not a date/time value of type " + t, "42804");
    }
  }

  /** The internal value of type {@code t} (DATE, TIME or TIMESTAMP) for {@code d}. */
  static Object fromDateTime(BeamType t, LocalDateTime d) throws SQLException {
    switch (t) {
      case DATE: return Math.toIntExact(d.toLocalDate().toEpochDay());
      case TIME: return (int) (d.toLocalTime().toNanoOfDay() / 1_000_000L);
      case TIMESTAMP: return d.toEpochSecond(ZoneOffset.UTC) * 1000L + d.getNano() / 1_000_000;
      case TIMESTAMP_TZ: return ColumnType.of(BeamType.TIMESTAMP_TZ).coerce(d);
      default: throw new SQLException("Not a date/time type: " + t, "42804");
    }
  }

  /**
   * H2's date-part functions (DAYOFWEEK: Sunday = 1; WEEK: weeks start on Sunday and week 1 is
   * the one holding January 1st, so December's last days may be in week 1 of the next year).
   */
  static long datePart(String name, LocalDateTime t) throws SQLException {
    switch (name) {
      case "YEAR": return t.getYear();
      case "QUARTER": return (t.getMonthValue() + 2) / 3;
      case "MONTH": return t.getMonthValue();
      case "WEEK": return t.get(java.time.temporal.WeekFields.SUNDAY_START.weekOfWeekBasedYear());
      case "DAYOFMONTH": return t.getDayOfMonth();
      case "DAYOFWEEK": return t.getDayOfWeek().getValue() % 7 + 1;
      case "DAYOFYEAR": return t.getDayOfYear();
      case "HOUR": return t.getHour();
      case "MINUTE": return t.getMinute();
      case "SECOND": return t.getSecond();
      default: throw SqlErrors.unsupported("Date part " + name);
    }
  }

  private static SQLException badUnit(String unit) {
    return new SQLException("Unknown date/time unit '" + unit + "'", "22023");
  }

  /** H2's DATEADD: {@code t} moved by {@code n} units. */
  static LocalDateTime dateAdd(LocalDateTime t, String unit, long n) throws SQLException {
    switch (io.beamdb.planner.calcite.BeamFunctions.normalizeUnit(unit)) {
      case "YEAR": case "YYYY": case "YY": return t.plusYears(n);
      case "QUARTER": case "QQ": case "Q": return t.plusMonths(Math.multiplyExact(n, 3));
      case "MONTH": case "MM": case "M": return t.plusMonths(n);
      case "WEEK": case "WK": case "WW": case "ISO_WEEK": return t.plusWeeks(n);
      case "DAY": case "DD": case "D": case "DAYOFYEAR": case "DOY": case "DY": case "DAYOFMONTH":
      case "DAYOFWEEK": case "DOW": case "DW": case "ISO_DAY_OF_WEEK": return t.plusDays(n);
      case "HOUR": case "HH": return t.plusHours(n);
      case "MINUTE": case "MI": case "N": return t.plusMinutes(n);
      case "SECOND": case "SS": case "S": return t.plusSeconds(n);
      case "MILLISECOND": case "MS": return t.plusNanos(Math.multiplyExact(n, 1_000_000L));
      case "MICROSECOND": case "MCS": return t.plusNanos(Math.multiplyExact(n, 1_000L));
      case "NANOSECOND": case "NS": return t.plusNanos(n);
      default: throw badUnit(unit);
    }
  }

  /** H2's DATEDIFF: the number of unit boundaries crossed from {@code a} to {@code b} (weeks start on Sunday). */
  static long dateDiff(String unit, LocalDateTime a, LocalDateTime b) throws SQLException {
    switch (io.beamdb.planner.calcite.BeamFunctions.normalizeUnit(unit)) {
      case "YEAR": case "YYYY": case "YY": return (long) b.getYear() - a.getYear();
      case "QUARTER": case "QQ": case "Q":
        return (b.getYear() * 4L + (b.getMonthValue() - 1) / 3) - (a.getYear() * 4L + (a.getMonthValue() - 1) / 3);
      case "MONTH": case "MM": case "M":
        return (b.getYear() * 12L + b.getMonthValue()) - (a.getYear() * 12L + a.getMonthValue());
      case "WEEK": case "WK": case "WW":
        return Math.floorDiv(b.toLocalDate().toEpochDay() + 4, 7) - Math.floorDiv(a.toLocalDate().toEpochDay() + 4, 7);
      case "DAY": case "DD": case "D": case "DAYOFYEAR": case "DOY": case "DY": case "DAYOFMONTH":
      case "DAYOFWEEK": case "DOW": case "DW":
        return b.toLocalDate().toEpochDay() - a.toLocalDate().toEpochDay();
      case "HOUR": case "HH": return Math.floorDiv(epochSecond(b), 3600) - Math.floorDiv(epochSecond(a), 3600);
      case "MINUTE": case "MI": case "N": return Math.floorDiv(epochSecond(b), 60) - Math.floorDiv(epochSecond(a), 60);
      case "SECOND": case "SS": case "S": return epochSecond(b) - epochSecond(a);
      case "MILLISECOND": case "MS": return java.time.Duration.between(a, b).toMillis();
      case "MICROSECOND": case "MCS": return java.time.temporal.ChronoUnit.MICROS.between(a, b);
      case "NANOSECOND": case "NS": return java.time.temporal.ChronoUnit.NANOS.between(a, b);
      default: throw badUnit(unit);
    }
  }

  private static long epochSecond(LocalDateTime t) {
    return t.toEpochSecond(ZoneOffset.UTC);
  }

  /** {@code t} cut down to the start of its {@code unit} (DATE_TRUNC; weeks start on Sunday, as H2). */
  static LocalDateTime dateTrunc(String unit, LocalDateTime t) throws SQLException {
    LocalDate d = t.toLocalDate();
    switch (io.beamdb.planner.calcite.BeamFunctions.normalizeUnit(unit)) {
      case "YEAR": case "YYYY": case "YY": return d.withDayOfYear(1).atStartOfDay();
      case "QUARTER": case "QQ": case "Q": return d.withDayOfMonth(1).withMonth((d.getMonthValue() - 1) / 3 * 3 + 1).atStartOfDay();
      case "MONTH": case "MM": case "M": return d.withDayOfMonth(1).atStartOfDay();
      case "WEEK": case "WK": case "WW": return d.minusDays(d.getDayOfWeek().getValue() % 7).atStartOfDay();
      case "DAY": case "DD": case "D": return d.atStartOfDay();
      case "HOUR": case "HH": return t.truncatedTo(java.time.temporal.ChronoUnit.HOURS);
      case "MINUTE": case "MI": case "N": return t.truncatedTo(java.time.temporal.ChronoUnit.MINUTES);
      case "SECOND": case "SS": case "S": return t.truncatedTo(java.time.temporal.ChronoUnit.SECONDS);
      case "MILLISECOND": case "MS": return t.truncatedTo(java.time.temporal.ChronoUnit.MILLIS);
      default: throw badUnit(unit);
    }
  }

  /** PARSEDATETIME: {@code s} read with a java.time pattern; missing fields default to 1970-01-01 00:00:00. */
  static LocalDateTime parseDateTime(String s, String pattern) {
    java.time.format.DateTimeFormatter f = new java.time.format.DateTimeFormatterBuilder()
        .parseCaseInsensitive().appendPattern(pattern)
        .parseDefaulting(java.time.temporal.ChronoField.YEAR_OF_ERA, 1970)
        .parseDefaulting(java.time.temporal.ChronoField.MONTH_OF_YEAR, 1)
        .parseDefaulting(java.time.temporal.ChronoField.DAY_OF_MONTH, 1)
        .toFormatter(Locale.ENGLISH);
    java.time.temporal.TemporalAccessor p = f.parse(s);
    LocalDate date = LocalDate.from(p);
    java.time.LocalTime time = p.query(java.time.temporal.TemporalQueries.localTime());
    return date.atTime(time == null ? java.time.LocalTime.MIDNIGHT : time);
  }

  /** TO_CHAR of an internal value of type {@code t}; {@code format} null for the default rendering. */
  static String toChar(BeamType t, Object v, String format) throws SQLException {
    switch (t) {
      case DATE: case TIME: case TIMESTAMP: case TIMESTAMP_TZ:
        return formatDatetime(toDateTime(t, v), format == null ? "DD-MON-YY HH.MI.SS.FF9 AM" : format);
      case VARCHAR: case CHAR:
        return (String) v;
      default:
        if (!(v instanceof Number)) {
          throw new SQLException("TO_CHAR does not accept a value of type " + t, "42804");
        }
        if (format == null) {
          Object ext = ColumnType.toExternal(t, v);
          return ext instanceof Double || ext instanceof Float ? formatDouble(((Number) ext).doubleValue())
              : ext instanceof BigDecimal ? ((BigDecimal) ext).toPlainString() : ext.toString();
        }
        return formatNumber(Values.toBigDecimal((Number) v), format);
    }
  }

  private static final String[] DATE_TOKENS = {"YYYY", "YYY", "YY", "Y", "MONTH", "MON", "MM", "DDD", "DD", "DAY", "DY",
      "D", "HH24", "HH12", "HH", "MI", "SS", "FF1", "FF2", "FF3", "FF4", "FF5", "FF6", "FF7", "FF8", "FF9", "FF",
      "AM", "PM", "A.M.", "P.M.", "Q", "WW", "IW", "FM"};

  /** An Oracle/H2 TO_CHAR datetime format ({@code YYYY-MM-DD HH24:MI:SS}, {@code Mon}, {@code "text"}, ...). */
  static String formatDatetime(LocalDateTime t, String format) throws SQLException {
    StringBuilder b = new StringBuilder();
    boolean fill = true;
    int i = 0;
    while (i < format.length()) {
      char c = format.charAt(i);
      if (c == '"') {
        int end = format.indexOf('"', i + 1);
        if (end < 0) {
          throw new SQLException("Unterminated quoted text in TO_CHAR format '" + format + "'", "22007");
        }
        b.append(format, i + 1, end);
        i = end + 1;
        continue;
      }
      if (!Character.isLetter(c)) {
        b.append(c);
        i++;
        continue;
      }
      String token = null;
      for (String k : DATE_TOKENS) {
        if (format.regionMatches(true, i, k, 0, k.length())) {
          token = k;
          break;
        }
      }
      if (token == null) {
        throw new SQLException("Invalid TO_CHAR format element at '" + format.substring(i) + "'", "22007");
      }
      String written = format.substring(i, i + token.length());
      i += token.length();
      switch (token) {
        case "FM": fill = !fill; break;
        case "YYYY": b.append(zeros(t.getYear(), 4)); break;
        case "YYY": b.append(zeros(Math.floorMod(t.getYear(), 1000), 3)); break;
        case "YY": b.append(zeros(Math.floorMod(t.getYear(), 100), 2)); break;
        case "Y": b.append(Math.floorMod(t.getYear(), 10)); break;
        case "MM": b.append(zeros(t.getMonthValue(), 2)); break;
        case "DDD": b.append(t.getDayOfYear()); break; // unpadded, as H2
        case "DD": b.append(zeros(t.getDayOfMonth(), 2)); break;
        case "D": b.append(t.getDayOfWeek().getValue() % 7 + 1); break;
        case "HH24": b.append(zeros(t.getHour(), 2)); break;
        case "HH12": case "HH": b.append(zeros((t.getHour() + 11) % 12 + 1, 2)); break;
        case "MI": b.append(zeros(t.getMinute(), 2)); break;
        case "SS": b.append(zeros(t.getSecond(), 2)); break;
        case "FF": b.append(zeros(t.getNano(), 9)); break;
        case "Q": b.append((t.getMonthValue() + 2) / 3); break;
        case "WW": b.append(zeros((t.getDayOfYear() - 1) / 7 + 1, 2)); break;
        case "IW": b.append(zeros(t.get(java.time.temporal.IsoFields.WEEK_OF_WEEK_BASED_YEAR), 2)); break;
        case "AM": case "PM": case "A.M.": case "P.M.": {
          String marker = t.getHour() < 12 ? "AM" : "PM";
          if (token.contains(".")) {
            marker = marker.charAt(0) + "." + marker.charAt(1) + ".";
          }
          b.append(Character.isLowerCase(written.charAt(0)) ? marker.toLowerCase(Locale.ROOT) : marker);
          break;
        }
        case "MONTH": case "MON": case "DAY": case "DY": {
          boolean month = token.startsWith("MON");
          String full = month ? t.getMonth().getDisplayName(java.time.format.TextStyle.FULL, Locale.ENGLISH)
              : t.getDayOfWeek().getDisplayName(java.time.format.TextStyle.FULL, Locale.ENGLISH);
          String text = token.equals("MON") || token.equals("DY") ? full.substring(0, 3) : full;
          text = caseLike(written, text);
          if (fill && text.length() == full.length()) {
            text = String.format(Locale.ROOT, "%-9s", text);
          }
          b.append(text);
          break;
        }
        default: // FF1..FF9
          int digits = token.charAt(2) - '0';
          b.append(zeros(t.getNano(), 9), 0, digits);
      }
    }
    return b.toString();
  }

  private static String zeros(long n, int width) {
    String s = Long.toString(Math.abs(n));
    return (n < 0 ? "-" : "") + "0".repeat(Math.max(0, width - s.length())) + s;
  }

  /** {@code text} in the case the format element was written in: {@code MON}, {@code Mon} or {@code mon}. */
  private static String caseLike(String written, String text) {
    if (Character.isLowerCase(written.charAt(0))) {
      return text.toLowerCase(Locale.ROOT);
    }
    if (written.length() > 1 && Character.isUpperCase(written.charAt(1))) {
      return text.toUpperCase(Locale.ROOT);
    }
    return text;
  }

  /**
   * An Oracle/H2 TO_CHAR number format made of {@code 9} (digit or blank), {@code 0} (digit or
   * zero), {@code ,}/{@code G}, {@code .}/{@code D} and a leading {@code FM} (no padding); one
   * position in front is kept for the sign. Too many digits give {@code #}s, as in Oracle.
   */
  static String formatNumber(BigDecimal value, String format) throws SQLException {
    String f = format;
    boolean fm = f.regionMatches(true, 0, "FM", 0, 2);
    if (fm) {
      f = f.substring(2);
    }
    int point = -1;
    for (int i = 0; i < f.length(); i++) {
      char c = f.charAt(i);
      if (c == '.' || c == 'D' || c == 'd') {
        if (point >= 0) {
          throw new SQLException("Invalid TO_CHAR number format '" + format + "'", "22023");
        }
        point = i;
      } else if (c != '9' && c != '0' && c != ',' && c != 'G' && c != 'g') {
        throw new SQLException("Invalid TO_CHAR number format '" + format + "'", "22023");
      }
    }
    String intFmt = point < 0 ? f : f.substring(0, point);
    String fracFmt = point < 0 ? "" : f.substring(point + 1);
    BigDecimal abs = value.abs().setScale(fracFmt.length(), RoundingMode.HALF_UP);
    String digits = abs.toPlainString();
    String intDigits = digits.contains(".") ? digits.substring(0, digits.indexOf('.')) : digits;
    String fracDigits = digits.contains(".") ? digits.substring(digits.indexOf('.') + 1) : "";
    if (intDigits.equals("0")) {
      intDigits = "";
    }
    long positions = intFmt.chars().filter(ch -> ch == '9' || ch == '0').count();
    if (intDigits.length() > positions) {
      return "#".repeat(f.length() + 1);
    }
    StringBuilder body = new StringBuilder();
    int d = intDigits.length() - 1;
    for (int i = intFmt.length() - 1; i >= 0; i--) {
      char c = intFmt.charAt(i);
      if (c == '9' || c == '0') {
        body.append(d >= 0 ? intDigits.charAt(d--) : c == '0' ? '0' : ' ');
      } else {
        body.append(d >= 0 || intFmt.substring(0, i).indexOf('0') >= 0 ? ',' : ' ');
      }
    }
    body.reverse();
    if (point >= 0) {
      body.append('.').append(fracDigits);
    }
    String out = " " + body;
    int first = 0;
    while (first < out.length() - 1 && out.charAt(first + 1) == ' ') {
      first++;
    }
    if (value.signum() < 0) {
      out = out.substring(0, first) + "-" + out.substring(first + 1);
    }
    return fm ? out.trim() : out;
  }

  /** {@code [schema, name]} of a sequence named in a string, e.g. {@code 'public.s'} or {@code '"Mixed"'}. */
  static String[] sequenceName(String text) {
    String[] parts = text.trim().split("\\.", 2);
    String schema = parts.length == 2 ? fold(parts[0]) : io.beamdb.sql.catalog.Catalog.DEFAULT_SCHEMA;
    return new String[] {schema, fold(parts[parts.length - 1])};
  }

  private static String fold(String ident) {
    String s = ident.trim();
    if (s.length() >= 2 && s.startsWith("\"") && s.endsWith("\"")) {
      return s.substring(1, s.length() - 1);
    }
    return s.toUpperCase(Locale.ROOT);
  }

  private static String initcap(String s) {
    StringBuilder b = new StringBuilder(s.length());
    boolean start = true;
    for (char c : s.toCharArray()) {
      b.append(start ? Character.toUpperCase(c) : Character.toLowerCase(c));
      start = !Character.isLetterOrDigit(c);
    }
    return b.toString();
  }

  /** Wall-clock local time as milliseconds since 1970-01-01 00:00 local (TIMESTAMP representation). */
  static long localMillis(long utcMillis) {
    return utcMillis + java.util.TimeZone.getDefault().getOffset(utcMillis);
  }

  static String substring(String s, long from, Long len) {
    long start = from - 1;
    long end = len == null ? s.length() : start + len;
    if (len != null && len < 0) {
      return "";
    }
    start = Math.max(0, start);
    end = Math.min(s.length(), end);
    return start >= end ? "" : s.substring((int) start, (int) end);
  }

  private interface StrFn {
    String apply(String s);
  }

  private static Expr strFn(Expr a, StrFn f) {
    return (row, ctx) -> {
      Object v = a.eval(row, ctx);
      return v == null ? null : f.apply(v.toString());
    };
  }

  private interface DblFn {
    double apply(double d);
  }

  private interface DblFn2 {
    double apply(double a, double b);
  }

  private static Expr dblFn(Expr a, DblFn f) {
    return (row, ctx) -> {
      Object v = a.eval(row, ctx);
      if (v == null) {
        return null;
      }
      double r = f.apply(((Number) v).doubleValue());
      if (Double.isNaN(r)) {
        throw new SQLException("Invalid argument " + v + " for a mathematical function", "2201F");
      }
      return r;
    };
  }

  private static Expr dblFn2(Expr[] args, DblFn2 f) {
    return (row, ctx) -> {
      Object x = args[0].eval(row, ctx);
      Object y = args[1].eval(row, ctx);
      if (x == null || y == null) {
        return null;
      }
      return f.apply(((Number) x).doubleValue(), ((Number) y).doubleValue());
    };
  }

  /** Unused precision guard for decimal division. */
  static final MathContext DECIMAL_CONTEXT = MathContext.DECIMAL128;

  /** Lists operands of a call, for tests and EXPLAIN. */
  static List<String> describe(List<RexNode> nodes) {
    List<String> out = new ArrayList<>();
    for (RexNode n : nodes) {
      out.add(n.toString());
    }
    return out;
  }
}
