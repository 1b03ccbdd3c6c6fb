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
        return (row, ctx) -> {
          Object n = needle.eval(row, ctx);
          Object h = hay.eval(row, ctx);
          return n == null || h == null ? null : ((String) h).indexOf((String) n) + 1;
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
    if (type.getSqlTypeName().getFamily() == org.apache.calcite.sql.type.SqlTypeFamily.DATE
        || type.getSqlTypeName() == org.apache.calcite.sql.type.SqlTypeName.TIMESTAMP
        || type.getSqlTypeName() == org.apache.calcite.sql.type.SqlTypeName.TIME) {
      throw SqlErrors.unsupported("Date/time arithmetic with " + call.getOperator().getName());
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
  static String formatDouble(double d) {
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
      default:
        throw SqlErrors.unsupported("Function " + call.getOperator().getName());
    }
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
