package io.beamdb.jdbc;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.sql.SQLException;
import java.sql.Types;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.util.Calendar;
import java.util.Locale;
import java.util.TimeZone;

/**
 * Conversions between the engine's external Java values and what JDBC methods take and return.
 * Failures are SQLException 22018 (cannot convert) or 22003 (out of range). Stateless.
 */
final class Values {
  private Values() {
  }

  private static final DateTimeFormatter TIME = new DateTimeFormatterBuilder()
      .appendPattern("HH:mm:ss").optionalStart()
      .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd().toFormatter(Locale.ROOT);
  private static final DateTimeFormatter TIMESTAMP = new DateTimeFormatterBuilder()
      .append(DateTimeFormatter.ISO_LOCAL_DATE).appendLiteral(' ').append(TIME)
      .toFormatter(Locale.ROOT);
  private static final DateTimeFormatter TIMESTAMP_PARSE = new DateTimeFormatterBuilder()
      .append(DateTimeFormatter.ISO_LOCAL_DATE).optionalStart().appendLiteral(' ').optionalEnd()
      .optionalStart().appendLiteral('T').optionalEnd()
      .appendPattern("HH:mm").optionalStart().appendPattern(":ss").optionalEnd().optionalStart()
      .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true).optionalEnd().toFormatter(Locale.ROOT);

  // ---- parameters (JDBC -> engine)

  /**
   * Normalizes a {@code setObject} argument to an external value the engine takes: numbers,
   * strings, booleans, {@code java.time} local types (java.sql.Date/Time/Timestamp and
   * java.util.Date are converted in the JVM time zone).
   */
  static Object param(Object x) throws SQLException {
    if (x == null || x instanceof Integer || x instanceof Long || x instanceof String
        || x instanceof BigDecimal || x instanceof Double || x instanceof Boolean
        || x instanceof Short || x instanceof Byte || x instanceof Float || x instanceof LocalDate
        || x instanceof LocalTime || x instanceof LocalDateTime || x instanceof java.util.UUID
        || x instanceof OffsetDateTime || x instanceof java.time.Duration || x instanceof java.time.Period) {
      return x;
    }
    if (x instanceof byte[] b) {
      return b.clone();
    }
    if (x instanceof java.sql.Date d) {
      return d.toLocalDate();
    }
    if (x instanceof java.sql.Time t) {
      return localTime(t, null);
    }
    if (x instanceof java.sql.Timestamp ts) {
      return ts.toLocalDateTime();
    }
    if (x instanceof java.util.Date d) {
      return LocalDateTime.ofInstant(d.toInstant(), ZoneId.systemDefault());
    }
    if (x instanceof BigInteger bi) {
      return new BigDecimal(bi);
    }
    if (x instanceof Number n) { // AtomicInteger, AtomicLong, LongAdder, ...
      return n.longValue();
    }
    if (x instanceof Character c) {
      return c.toString();
    }
    // zoned values keep their instant: a TIMESTAMP WITH TIME ZONE stores it, a TIMESTAMP takes
    // the wall-clock time in the JVM zone (io.beamdb.sql.type.ColumnType#coerce)
    if (x instanceof ZonedDateTime zdt) {
      return zdt.toOffsetDateTime();
    }
    if (x instanceof Instant i) {
      return i.atOffset(java.time.ZoneOffset.UTC);
    }
    if (x instanceof Calendar cal) {
      return LocalDateTime.ofInstant(cal.toInstant(), cal.getTimeZone().toZoneId());
    }
    if (x instanceof java.io.Reader || x instanceof java.io.InputStream || x instanceof java.sql.Array) {
      throw Errors.unsupported("Parameters of type " + x.getClass().getSimpleName() + " (use setString or setBytes)");
    }
    throw Errors.conversion(x, "a SQL value");
  }

  /** {@code setObject(i, x, targetSqlType)}: converts {@code x} to the target type's value. */
  static Object param(Object x, int sqlType, int scale) throws SQLException {
    Object v = param(x);
    if (v == null) {
      return null;
    }
    return switch (sqlType) {
      case Types.INTEGER -> toInt(v);
      case Types.BIGINT -> toLong(v);
      case Types.SMALLINT -> toShort(v);
      case Types.TINYINT -> toByte(v);
      case Types.DECIMAL, Types.NUMERIC -> scale >= 0
          ? toBigDecimal(v).setScale(scale, RoundingMode.HALF_UP) : toBigDecimal(v);
      case Types.DOUBLE, Types.FLOAT -> toDouble(v);
      case Types.REAL -> toFloat(v);
      case Types.CHAR, Types.VARCHAR, Types.LONGVARCHAR, Types.NCHAR, Types.NVARCHAR,
          Types.LONGNVARCHAR, Types.CLOB, Types.NCLOB -> toStringValue(v);
      case Types.BOOLEAN, Types.BIT -> toBoolean(v);
      case Types.DATE -> toLocalDate(v);
      case Types.TIME -> toLocalTime(v);
      case Types.TIMESTAMP -> toLocalDateTime(v);
      case Types.TIMESTAMP_WITH_TIMEZONE -> v instanceof OffsetDateTime ? v
          : toLocalDateTime(v).atZone(ZoneId.systemDefault()).toOffsetDateTime();
      case Types.OTHER, Types.JAVA_OBJECT, Types.NULL -> v;
      default -> throw Errors.unsupported("Target SQL type " + typeName(sqlType));
    };
  }

  static String typeName(int sqlType) {
    try {
      return java.sql.JDBCType.valueOf(sqlType).getName();
    } catch (IllegalArgumentException e) {
      return String.valueOf(sqlType);
    }
  }

  /** A java.sql.Time's wall-clock time in {@code zone} (null = JVM zone), keeping millis. */
  static LocalTime localTime(java.util.Date t, TimeZone zone) {
    ZoneId z = zone == null ? ZoneId.systemDefault() : zone.toZoneId();
    return Instant.ofEpochMilli(t.getTime()).atZone(z).toLocalTime();
  }

  // ---- results (engine -> JDBC)

  static String toStringValue(Object v) {
    if (v == null || v instanceof String) {
      return (String) v;
    }
    if (v instanceof byte[] b) {
      return java.util.HexFormat.of().formatHex(b);
    }
    if (v instanceof BigDecimal bd) {
      return bd.toPlainString();
    }
    if (v instanceof Boolean b) {
      return b ? "TRUE" : "FALSE";
    }
    if (v instanceof LocalTime t) {
      return TIME.format(t);
    }
    if (v instanceof LocalDateTime t) {
      return TIMESTAMP.format(t);
    }
    if (v instanceof OffsetDateTime t) {
      return io.beamdb.sql.type.ColumnType.formatTimestampTz(t);
    }
    if (v instanceof java.time.Duration || v instanceof java.time.Period) {
      return io.beamdb.sql.type.ColumnType.formatInterval(v);
    }
    return v.toString();
  }

  static long toLong(Object v) throws SQLException {
    return toLong(v, Long.MIN_VALUE, Long.MAX_VALUE, "BIGINT");
  }

  static int toInt(Object v) throws SQLException {
    return (int) toLong(v, Integer.MIN_VALUE, Integer.MAX_VALUE, "INTEGER");
  }

  static short toShort(Object v) throws SQLException {
    return (short) toLong(v, Short.MIN_VALUE, Short.MAX_VALUE, "SMALLINT");
  }

  static byte toByte(Object v) throws SQLException {
    return (byte) toLong(v, Byte.MIN_VALUE, Byte.MAX_VALUE, "TINYINT");
  }

  /** Integral conversion; fractions truncate toward zero; out of range is 22003. */
  private static long toLong(Object v, long min, long max, String target) throws SQLException {
    long result;
    if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
      result = ((Number) v).longValue();
    } else if (v instanceof BigDecimal bd) {
      result = bigToLong(bd, target);
    } else if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      if (Double.isNaN(d) || d >= 9.223372036854775807E18 || d < -9.223372036854775808E18) {
        throw Errors.outOfRange(v, target);
      }
      result = (long) d;
    } else if (v instanceof Boolean b) {
      result = b ? 1 : 0;
    } else if (v instanceof String s) {
      String t = s.trim();
      try {
        result = Long.parseLong(t);
      } catch (NumberFormatException e) {
        try {
          result = bigToLong(new BigDecimal(t), target);
        } catch (NumberFormatException e2) {
          throw Errors.conversion(v, target);
        }
      }
    } else if (v instanceof Number n) {
      result = n.longValue();
    } else {
      throw Errors.conversion(v, target);
    }
    if (result < min || result > max) {
      throw Errors.outOfRange(v, target);
    }
    return result;
  }

  private static long bigToLong(BigDecimal bd, String target) throws SQLException {
    try {
      return bd.setScale(0, RoundingMode.DOWN).longValueExact();
    } catch (ArithmeticException e) {
      throw Errors.outOfRange(bd.toPlainString(), target);
    }
  }

  static double toDouble(Object v) throws SQLException {
    if (v instanceof Boolean b) {
      return b ? 1 : 0;
    }
    if (v instanceof Number n) {
      return n.doubleValue();
    }
    if (v instanceof String s) {
      try {
        return Double.parseDouble(s.trim());
      } catch (NumberFormatException e) {
        throw Errors.conversion(v, "DOUBLE");
      }
    }
    throw Errors.conversion(v, "DOUBLE");
  }

  static float toFloat(Object v) throws SQLException {
    double d = toDouble(v);
    if (!Double.isInfinite(d) && !Double.isNaN(d) && Math.abs(d) > Float.MAX_VALUE) {
      throw Errors.outOfRange(v, "REAL");
    }
    return v instanceof Float f ? f : (float) d;
  }

  static BigDecimal toBigDecimal(Object v) throws SQLException {
    if (v == null || v instanceof BigDecimal) {
      return (BigDecimal) v;
    }
    if (v instanceof Integer || v instanceof Long || v instanceof Short || v instanceof Byte) {
      return BigDecimal.valueOf(((Number) v).longValue());
    }
    if (v instanceof Double || v instanceof Float) {
      double d = ((Number) v).doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        throw Errors.conversion(v, "DECIMAL");
      }
      return v instanceof Float ? new BigDecimal(v.toString()) : BigDecimal.valueOf(d);
    }
    if (v instanceof BigInteger bi) {
      return new BigDecimal(bi);
    }
    if (v instanceof Boolean b) {
      return b ? BigDecimal.ONE : BigDecimal.ZERO;
    }
    if (v instanceof String s) {
      try {
        return new BigDecimal(s.trim());
      } catch (NumberFormatException e) {
        throw Errors.conversion(v, "DECIMAL");
      }
    }
    throw Errors.conversion(v, "DECIMAL");
  }

  static boolean toBoolean(Object v) throws SQLException {
    if (v instanceof Boolean b) {
      return b;
    }
    if (v instanceof BigDecimal bd) {
      return bd.signum() != 0;
    }
    if (v instanceof Number n) {
      return n.doubleValue() != 0;
    }
    if (v instanceof String s) {
      switch (s.trim().toUpperCase(Locale.ROOT)) {
        case "TRUE", "T", "YES", "Y", "1", "ON":
          return true;
        case "FALSE", "F", "NO", "N", "0", "OFF":
          return false;
        default:
          break;
      }
    }
    throw Errors.conversion(v, "BOOLEAN");
  }

  static LocalDate toLocalDate(Object v) throws SQLException {
    if (v == null || v instanceof LocalDate) {
      return (LocalDate) v;
    }
    if (v instanceof OffsetDateTime t) {
      return toLocalDateTime(t).toLocalDate();
    }
    if (v instanceof LocalDateTime t) {
      return t.toLocalDate();
    }
    if (v instanceof String s) {
      String t = s.trim();
      try {
        return LocalDate.parse(t);
      } catch (DateTimeParseException e) {
        try {
          return LocalDateTime.parse(t, TIMESTAMP_PARSE).toLocalDate();
        } catch (DateTimeParseException e2) {
          throw Errors.conversion(v, "DATE");
        }
      }
    }
    throw Errors.conversion(v, "DATE");
  }

  static LocalTime toLocalTime(Object v) throws SQLException {
    if (v == null || v instanceof LocalTime) {
      return (LocalTime) v;
    }
    if (v instanceof OffsetDateTime t) {
      return toLocalDateTime(t).toLocalTime();
    }
    if (v instanceof LocalDateTime t) {
      return t.toLocalTime();
    }
    if (v instanceof String s) {
      try {
        return LocalTime.parse(s.trim());
      } catch (DateTimeParseException e) {
        throw Errors.conversion(v, "TIME");
      }
    }
    throw Errors.conversion(v, "TIME");
  }

  static LocalDateTime toLocalDateTime(Object v) throws SQLException {
    if (v == null || v instanceof LocalDateTime) {
      return (LocalDateTime) v;
    }
    if (v instanceof OffsetDateTime t) {
      return t.atZoneSameInstant(ZoneId.systemDefault()).toLocalDateTime();
    }
    if (v instanceof LocalDate d) {
      return d.atStartOfDay();
    }
    if (v instanceof String s) {
      String t = s.trim();
      try {
        return LocalDateTime.parse(t, TIMESTAMP_PARSE);
      } catch (DateTimeParseException e) {
        try {
          return LocalDate.parse(t).atStartOfDay();
        } catch (DateTimeParseException e2) {
          throw Errors.conversion(v, "TIMESTAMP");
        }
      }
    }
    throw Errors.conversion(v, "TIMESTAMP");
  }

  // ---- java.sql date/time with an optional Calendar (its time zone)

  static java.sql.Date sqlDate(LocalDate d, Calendar cal) {
    if (d == null) {
      return null;
    }
    if (cal == null) {
      return java.sql.Date.valueOf(d);
    }
    return new java.sql.Date(d.atStartOfDay(cal.getTimeZone().toZoneId()).toInstant().toEpochMilli());
  }

  static java.sql.Time sqlTime(LocalTime t, Calendar cal) {
    if (t == null) {
      return null;
    }
    ZoneId zone = cal == null ? ZoneId.systemDefault() : cal.getTimeZone().toZoneId();
    return new java.sql.Time(t.atDate(LocalDate.of(1970, 1, 1)).atZone(zone).toInstant().toEpochMilli());
  }

  static java.sql.Timestamp sqlTimestamp(LocalDateTime t, Calendar cal) {
    if (t == null) {
      return null;
    }
    if (cal == null) {
      return java.sql.Timestamp.valueOf(t);
    }
    java.sql.Timestamp ts = java.sql.Timestamp.from(t.atZone(cal.getTimeZone().toZoneId()).toInstant());
    ts.setNanos(t.getNano());
    return ts;
  }

  /** A java.sql.Date given for a Calendar's zone, as a local date. */
  static LocalDate localDate(java.util.Date d, Calendar cal) {
    if (cal == null) {
      return d instanceof java.sql.Date sd ? sd.toLocalDate()
          : Instant.ofEpochMilli(d.getTime()).atZone(ZoneId.systemDefault()).toLocalDate();
    }
    return Instant.ofEpochMilli(d.getTime()).atZone(cal.getTimeZone().toZoneId()).toLocalDate();
  }

  static LocalDateTime localDateTime(java.sql.Timestamp ts, Calendar cal) {
    if (cal == null) {
      return ts.toLocalDateTime();
    }
    return LocalDateTime.ofInstant(ts.toInstant(), cal.getTimeZone().toZoneId());
  }
}
