package io.beamdb.planner.expr;

import io.beamdb.sql.SqlErrors;
import io.beamdb.sql.type.BeamType;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.sql.SQLException;

/**
 * Operations on internal values shared by expressions, aggregates, sorts and joins: SQL
 * comparison across numeric classes, equality for hashing, and narrowing of exact results to
 * their SQL type with overflow checks (22003). Stateless.
 */
public final class Values {
  private Values() {
  }

  /**
   * Compares two non-null values of comparable SQL types: numbers by value whatever their
   * class, strings lexicographically, booleans false &lt; true.
   */
  @SuppressWarnings({"unchecked", "rawtypes"})
  public static int compare(Object a, Object b) {
    if (a instanceof Number && b instanceof Number) {
      return compareNumbers((Number) a, (Number) b);
    }
    if (a instanceof String && b instanceof String) {
      return compareStrings((String) a, (String) b);
    }
    if (a instanceof java.util.UUID && b instanceof java.util.UUID) {
      java.util.UUID x = (java.util.UUID) a;
      java.util.UUID y = (java.util.UUID) b;
      int c = Long.compareUnsigned(x.getMostSignificantBits(), y.getMostSignificantBits());
      return c != 0 ? c : Long.compareUnsigned(x.getLeastSignificantBits(), y.getLeastSignificantBits());
    }
    if (a.getClass() == b.getClass() && a instanceof Comparable) {
      return ((Comparable) a).compareTo(b);
    }
    if (a instanceof byte[] && b instanceof byte[]) {
      return java.util.Arrays.compareUnsigned((byte[]) a, (byte[]) b);
    }
    return a.toString().compareTo(b.toString());
  }

  /** Compares by Unicode code point, which is the order of the UTF-8 bytes keys are stored in. */
  public static int compareStrings(String a, String b) {
    int n = Math.min(a.length(), b.length());
    for (int i = 0; i < n; i++) {
      char x = a.charAt(i);
      char y = b.charAt(i);
      if (x != y) {
        if (Character.isSurrogate(x) || Character.isSurrogate(y)) {
          return Integer.compare(a.codePointAt(i), b.codePointAt(i));
        }
        return x - y;
      }
    }
    return a.length() - b.length();
  }

  private static int compareNumbers(Number a, Number b) {
    if (isIntegral(a) && isIntegral(b)) {
      return Long.compare(a.longValue(), b.longValue());
    }
    if (a instanceof Double || a instanceof Float || b instanceof Double || b instanceof Float) {
      double x = a.doubleValue();
      double y = b.doubleValue();
      return x == y ? 0 : Double.compare(x, y); // -0.0 equals 0.0 in SQL
    }
    return toBigDecimal(a).compareTo(toBigDecimal(b));
  }

  /** True for Byte, Short, Integer, Long. */
  public static boolean isIntegral(Object n) {
    return n instanceof Integer || n instanceof Long || n instanceof Short || n instanceof Byte;
  }

  /** Any number as BigDecimal. */
  public static BigDecimal toBigDecimal(Number n) {
    if (n instanceof BigDecimal) {
      return (BigDecimal) n;
    }
    if (isIntegral(n)) {
      return BigDecimal.valueOf(n.longValue());
    }
    if (n instanceof BigInteger) {
      return new BigDecimal((BigInteger) n);
    }
    return new BigDecimal(Double.toString(n.doubleValue()));
  }

  /** SQL equality of non-null values (numbers by value). */
  public static boolean equal(Object a, Object b) {
    return compare(a, b) == 0;
  }

  /** A key for hash tables such that SQL-equal values map to equal keys. */
  public static Object hashKey(Object v) {
    if (v == null) {
      return null;
    }
    if (isIntegral(v)) {
      return ((Number) v).longValue();
    }
    if (v instanceof Float) {
      double d = ((Float) v).doubleValue();
      return d == Math.rint(d) && Math.abs(d) < 9e18 ? (Object) (long) d : (Object) d;
    }
    if (v instanceof Double) {
      double d = (Double) v;
      return d == Math.rint(d) && Math.abs(d) < 9e18 ? (Object) (long) d : (Object) d;
    }
    if (v instanceof byte[]) {
      return java.nio.ByteBuffer.wrap((byte[]) v); // equality by content
    }
    if (v instanceof BigDecimal) {
      BigDecimal bd = ((BigDecimal) v).stripTrailingZeros();
      if (bd.scale() <= 0 && bd.precision() - bd.scale() < 19) {
        return bd.longValue();
      }
      return bd.doubleValue();
    }
    return v;
  }

  /** Narrows an exact long result to {@code type}'s class, failing with 22003 on overflow. */
  public static Object fromLong(BeamType type, long v) throws SQLException {
    switch (type) {
      case TINYINT:
        if (v < Byte.MIN_VALUE || v > Byte.MAX_VALUE) {
          throw SqlErrors.outOfRange(v + " for TINYINT");
        }
        return (byte) v;
      case SMALLINT:
        if (v < Short.MIN_VALUE || v > Short.MAX_VALUE) {
          throw SqlErrors.outOfRange(v + " for SMALLINT");
        }
        return (short) v;
      case INTEGER:
        if (v < Integer.MIN_VALUE || v > Integer.MAX_VALUE) {
          throw SqlErrors.outOfRange(v + " for INTEGER");
        }
        return (int) v;
      case BIGINT:
        return v;
      case DECIMAL:
        return BigDecimal.valueOf(v);
      case REAL:
        return (float) v;
      case DOUBLE:
        return (double) v;
      default:
        return v;
    }
  }

  /** Converts a numeric result to {@code type}'s internal class. */
  public static Object toType(BeamType type, Object v) throws SQLException {
    if (v == null) {
      return null;
    }
    switch (type) {
      case TINYINT: case SMALLINT: case INTEGER: case BIGINT:
        if (isIntegral(v)) {
          return fromLong(type, ((Number) v).longValue());
        }
        return io.beamdb.sql.type.ColumnType.of(type).coerce(v);
      case DECIMAL:
        return v instanceof Number ? toBigDecimal((Number) v) : v;
      case DOUBLE:
        return v instanceof Number ? ((Number) v).doubleValue() : v;
      case REAL:
        return v instanceof Number ? ((Number) v).floatValue() : v;
      default:
        return v;
    }
  }
}
