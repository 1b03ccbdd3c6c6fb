package io.beamdb.sql.type;

import io.beamdb.sql.SqlErrors;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.sql.SQLException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.Duration;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/**
 * A column's declared type: a {@link BeamType} with precision (DECIMAL digits, CHAR/VARCHAR
 * length, fractional seconds) and scale. Immutable and thread-safe.
 *
 * @param type      the base type
 * @param precision DECIMAL precision or CHAR/VARCHAR length; -1 when unspecified
 * @param scale     DECIMAL scale; 0 otherwise
 */
public record ColumnType(BeamType type, int precision, int scale) {
  /** Default VARCHAR length when none is given (as H2: effectively unbounded). */
  public static final int MAX_VARCHAR = 1_000_000_000;
  private static final long MILLIS_PER_DAY = 86_400_000L;

  /**
   * Precision marking a VARCHAR or VARBINARY declared as CLOB or BLOB: unbounded like -1, stored
   * the same way, but reported to JDBC metadata as {@link java.sql.Types#CLOB} / {@code BLOB},
   * so tools that compare declared types (Hibernate's schema validation) see what they created.
   */
  public static final int LARGE_OBJECT = -2;

  /** A CLOB (VARCHAR) or BLOB (VARBINARY) of unbounded length. */
  public static ColumnType largeObject(BeamType type) {
    return new ColumnType(type, LARGE_OBJECT, 0);
  }

  /** True for a column declared as CLOB or BLOB. */
  public boolean isLargeObject() {
    return precision == LARGE_OBJECT && (type == BeamType.VARCHAR || type == BeamType.VARBINARY);
  }

  /** The type name as declared, for metadata: {@code CLOB}, {@code BLOB}, else {@link #sqlName()}. */
  public String declaredName() {
    if (isLargeObject()) {
      return type == BeamType.VARCHAR ? "CLOB" : "BLOB";
    }
    return sqlName();
  }

  /** The {@link java.sql.Types} code metadata reports: CLOB/BLOB for large objects, else the base type's. */
  public int jdbcType() {
    if (isLargeObject()) {
      return type == BeamType.VARCHAR ? java.sql.Types.CLOB : java.sql.Types.BLOB;
    }
    return type.jdbcType();
  }

  /** A type without precision or scale. */
  public static ColumnType of(BeamType type) {
    return new ColumnType(type, -1, 0);
  }

  /** SQL text such as {@code DECIMAL(10,2)} or {@code VARCHAR(20)}. */
  public String sqlName() {
    switch (type) {
      case DECIMAL:
        return precision < 0 ? "DECIMAL" : "DECIMAL(" + precision + "," + scale + ")";
      case CHAR:
      case VARCHAR:
      case BINARY:
      case VARBINARY:
        return precision < 0 ? type.name() : type.name() + "(" + precision + ")";
      default:
        return type.sqlName();
    }
  }

  /** Precision as JDBC metadata reports it (display digits or length). */
  public int displayPrecision() {
    switch (type) {
      case TINYINT: return 3;
      case SMALLINT: return 5;
      case INTEGER: return 10;
      case BIGINT: return 19;
      case DECIMAL: return precision < 0 ? 38 : precision;
      case REAL: return 7;
      case DOUBLE: return 15;
      case BOOLEAN: return 1;
      case CHAR: return precision < 0 ? 1 : precision;
      case VARCHAR: return precision < 0 ? MAX_VARCHAR : precision;
      case DATE: return 10;
      case TIME: return 8;
      case TIMESTAMP: return 26;
      case TIMESTAMP_TZ: return 32;
      case INTERVAL_YM: return 12;
      case INTERVAL_DS: return 28;
      case BINARY: return precision < 0 ? 1 : precision;
      case VARBINARY: return precision < 0 ? MAX_VARCHAR : precision;
      case UUID: return 16;
      default: return 0;
    }
  }

  @Override
  public String toString() {
    return sqlName();
  }

  /**
   * Converts {@code value} (an internal value of any type, or an external Java value such as
   * {@code LocalDate}, {@code java.sql.Timestamp}, {@code String}) to this type's internal
   * representation, applying the assignment rules: numbers are rounded half-up to the scale
   * and range-checked, strings are length-checked (CHAR padded), strings parse into numbers,
   * booleans and date/time values.
   *
   * @return the internal value, or null for null
   * @throws SQLException 22003 out of range, 22001 string too long, 22018 bad conversion,
   *     22007 bad date/time text
   */
  public Object coerce(Object value) throws SQLException {
    if (value == null) {
      return null;
    }
    switch (type) {
      case TINYINT:
        return (byte) integral(value, Byte.MIN_VALUE, Byte.MAX_VALUE);
      case SMALLINT:
        return (short) integral(value, Short.MIN_VALUE, Short.MAX_VALUE);
      case INTEGER:
        return (int) integral(value, Integer.MIN_VALUE, Integer.MAX_VALUE);
      case BIGINT:
        return integral(value, Long.MIN_VALUE, Long.MAX_VALUE);
      case DECIMAL:
        return decimal(value);
      case REAL: {
        double d = approx(value);
        if (!Double.isNaN(d) && !Double.isInfinite(d) && Math.abs(d) > Float.MAX_VALUE) {
          throw SqlErrors.outOfRange(value + " for REAL");
        }
        return (float) d;
      }
      case DOUBLE:
        return approx(value);
      case BOOLEAN:
        return bool(value);
      case CHAR:
      case VARCHAR:
        return string(value);
      case DATE:
        return date(value);
      case TIME:
        return time(value);
      case TIMESTAMP:
        return timestamp(value);
      case TIMESTAMP_TZ:
        return timestampTz(value);
      case INTERVAL_YM:
      case INTERVAL_DS:
        return interval(value);
      case BINARY:
      case VARBINARY:
        return binary(value);
      case UUID:
        return uuid(value);
      default:
        throw SqlErrors.unsupported("type " + type);
    }
  }

  private long integral(Object value, long min, long max) throws SQLException {
    long v;
    if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
      v = ((Number) value).longValue();
    } else if (value instanceof BigDecimal || value instanceof BigInteger) {
      BigDecimal bd = value instanceof BigInteger ? new BigDecimal((BigInteger) value) : (BigDecimal) value;
      bd = bd.setScale(0, RoundingMode.HALF_UP);
      if (bd.compareTo(BigDecimal.valueOf(min)) < 0 || bd.compareTo(BigDecimal.valueOf(max)) > 0) {
        throw SqlErrors.outOfRange(value + " for " + sqlName());
      }
      return bd.longValue();
    } else if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        throw SqlErrors.outOfRange(value + " for " + sqlName());
      }
      double r = Math.round(d);
      if (r < min || r > max || Math.abs(d) >= 9.3e18) {
        throw SqlErrors.outOfRange(value + " for " + sqlName());
      }
      return (long) r;
    } else if (value instanceof Boolean) {
      v = ((Boolean) value) ? 1 : 0;
    } else if (value instanceof String) {
      String s = ((String) value).trim();
      try {
        return integral(new BigDecimal(s), min, max);
      } catch (NumberFormatException e) {
        throw SqlErrors.invalidCast(value, sqlName());
      }
    } else {
      throw SqlErrors.invalidCast(value, sqlName());
    }
    if (v < min || v > max) {
      throw SqlErrors.outOfRange(value + " for " + sqlName());
    }
    return v;
  }

  private BigDecimal decimal(Object value) throws SQLException {
    BigDecimal bd;
    if (value instanceof BigDecimal) {
      bd = (BigDecimal) value;
    } else if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
      bd = BigDecimal.valueOf(((Number) value).longValue());
    } else if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      if (Double.isNaN(d) || Double.isInfinite(d)) {
        throw SqlErrors.outOfRange(value + " for " + sqlName());
      }
      bd = new BigDecimal(Double.toString(d));
    } else if (value instanceof BigInteger) {
      bd = new BigDecimal((BigInteger) value);
    } else if (value instanceof String) {
      try {
        bd = new BigDecimal(((String) value).trim());
      } catch (NumberFormatException e) {
        throw SqlErrors.invalidCast(value, sqlName());
      }
    } else if (value instanceof Boolean) {
      bd = ((Boolean) value) ? BigDecimal.ONE : BigDecimal.ZERO;
    } else {
      throw SqlErrors.invalidCast(value, sqlName());
    }
    if (precision >= 0) {
      bd = bd.setScale(scale, RoundingMode.HALF_UP);
      if (bd.precision() - bd.scale() > precision - scale) {
        throw SqlErrors.outOfRange(value + " for " + sqlName());
      }
    }
    return bd;
  }

  private double approx(Object value) throws SQLException {
    if (value instanceof Number) {
      return ((Number) value).doubleValue();
    }
    if (value instanceof String) {
      try {
        return Double.parseDouble(((String) value).trim());
      } catch (NumberFormatException e) {
        throw SqlErrors.invalidCast(value, sqlName());
      }
    }
    if (value instanceof Boolean) {
      return ((Boolean) value) ? 1 : 0;
    }
    throw SqlErrors.invalidCast(value, sqlName());
  }

  private Boolean bool(Object value) throws SQLException {
    if (value instanceof Boolean) {
      return (Boolean) value;
    }
    if (value instanceof Number) {
      return ((Number) value).doubleValue() != 0;
    }
    if (value instanceof String) {
      String s = ((String) value).trim().toUpperCase(Locale.ROOT);
      switch (s) {
        case "TRUE": case "T": case "YES": case "Y": case "1": case "ON":
          return true;
        case "FALSE": case "F": case "NO": case "N": case "0": case "OFF":
          return false;
        default:
          throw SqlErrors.invalidCast(value, "BOOLEAN");
      }
    }
    throw SqlErrors.invalidCast(value, "BOOLEAN");
  }

  private String string(Object value) throws SQLException {
    String s;
    if (value instanceof String) {
      s = (String) value;
    } else if (value instanceof BigDecimal) {
      s = ((BigDecimal) value).toPlainString();
    } else if (value instanceof Double || value instanceof Float) {
      s = value.toString();
    } else if (value instanceof LocalDateTime) {
      // SQL's text form, as H2 and PostgreSQL write it: 2024-05-01 10:00:00[.fff]
      LocalDateTime t = (LocalDateTime) value;
      s = t.toLocalDate() + " " + formatTime(t.toLocalTime());
    } else if (value instanceof LocalTime) {
      s = formatTime((LocalTime) value);
    } else if (value instanceof LocalDate) {
      s = value.toString();
    } else if (value instanceof OffsetDateTime) {
      s = formatTimestampTz((OffsetDateTime) value);
    } else if (value instanceof java.time.Instant || value instanceof ZonedDateTime) {
      s = formatTimestampTz(toOffsetDateTime(timestampTz(value)));
    } else if (value instanceof Duration || value instanceof Period) {
      s = formatInterval(value);
    } else if (value instanceof java.util.Date) {
      s = value.toString();
    } else if (value instanceof byte[]) {
      s = java.util.HexFormat.of().formatHex((byte[]) value);
    } else {
      s = String.valueOf(value);
    }
    if (precision >= 0 && s.length() > precision) {
      String trimmed = stripTrailingSpaces(s);
      if (trimmed.length() > precision) {
        throw SqlErrors.stringTooLong(s, precision);
      }
      s = trimmed;
    }
    if (type == BeamType.CHAR && precision > 0 && s.length() < precision) {
      StringBuilder b = new StringBuilder(precision).append(s);
      while (b.length() < precision) {
        b.append(' ');
      }
      s = b.toString();
    }
    return s;
  }

  private static String stripTrailingSpaces(String s) {
    int end = s.length();
    while (end > 0 && s.charAt(end - 1) == ' ') {
      end--;
    }
    return s.substring(0, end);
  }

  private byte[] binary(Object value) throws SQLException {
    byte[] b;
    if (value instanceof byte[]) {
      b = (byte[]) value;
    } else if (value instanceof java.util.UUID) {
      java.util.UUID u = (java.util.UUID) value;
      b = java.nio.ByteBuffer.allocate(16).putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits()).array();
    } else if (value instanceof String) {
      String s = ((String) value).trim();
      try {
        b = java.util.HexFormat.of().parseHex(s.startsWith("0x") || s.startsWith("0X") ? s.substring(2) : s);
      } catch (IllegalArgumentException e) {
        throw SqlErrors.invalidCast(value, sqlName() + " (give hexadecimal digits)");
      }
    } else {
      throw SqlErrors.invalidCast(value, sqlName());
    }
    if (precision >= 0 && b.length > precision) {
      throw new java.sql.SQLDataException("Value of " + b.length + " bytes too long for " + sqlName(), "22001");
    }
    if (type == BeamType.BINARY && precision > 0 && b.length < precision) {
      b = java.util.Arrays.copyOf(b, precision); // BINARY(n) pads with zero bytes
    }
    return b;
  }

  private java.util.UUID uuid(Object value) throws SQLException {
    if (value instanceof java.util.UUID) {
      return (java.util.UUID) value;
    }
    if (value instanceof String) {
      try {
        return java.util.UUID.fromString(((String) value).trim());
      } catch (IllegalArgumentException e) {
        throw SqlErrors.invalidCast(value, "UUID");
      }
    }
    if (value instanceof byte[] && ((byte[]) value).length == 16) {
      java.nio.ByteBuffer bb = java.nio.ByteBuffer.wrap((byte[]) value);
      return new java.util.UUID(bb.getLong(), bb.getLong());
    }
    throw SqlErrors.invalidCast(value, "UUID");
  }

  private Integer date(Object value) throws SQLException {
    if (value instanceof Integer) {
      return (Integer) value;
    }
    if (value instanceof LocalDate) {
      return (int) ((LocalDate) value).toEpochDay();
    }
    if (value instanceof java.sql.Date) {
      return (int) ((java.sql.Date) value).toLocalDate().toEpochDay();
    }
    if (value instanceof java.sql.Timestamp) {
      return (int) ((java.sql.Timestamp) value).toLocalDateTime().toLocalDate().toEpochDay();
    }
    if (value instanceof LocalDateTime) {
      return (int) ((LocalDateTime) value).toLocalDate().toEpochDay();
    }
    if (value instanceof OffsetDateTime || value instanceof ZonedDateTime || value instanceof java.time.Instant) {
      return (int) Math.floorDiv(timestamp(value), MILLIS_PER_DAY);
    }
    if (value instanceof Long) {
      return (int) Math.floorDiv((Long) value, MILLIS_PER_DAY);
    }
    if (value instanceof String) {
      String s = ((String) value).trim();
      try {
        if (s.length() > 10) {
          return (int) parseTimestamp(s).toLocalDate().toEpochDay();
        }
        return (int) LocalDate.parse(s).toEpochDay();
      } catch (DateTimeParseException e) {
        throw SqlErrors.invalidDatetime(value, "DATE");
      }
    }
    throw SqlErrors.invalidCast(value, "DATE");
  }

  private Integer time(Object value) throws SQLException {
    if (value instanceof Integer) {
      return (Integer) value;
    }
    if (value instanceof LocalTime) {
      return (int) (((LocalTime) value).toNanoOfDay() / 1_000_000L);
    }
    if (value instanceof java.sql.Time) {
      return (int) (((java.sql.Time) value).toLocalTime().toNanoOfDay() / 1_000_000L);
    }
    if (value instanceof java.sql.Timestamp) {
      return (int) (((java.sql.Timestamp) value).toLocalDateTime().toLocalTime().toNanoOfDay() / 1_000_000L);
    }
    if (value instanceof LocalDateTime) {
      return (int) (((LocalDateTime) value).toLocalTime().toNanoOfDay() / 1_000_000L);
    }
    if (value instanceof Long) {
      return (int) Math.floorMod((Long) value, MILLIS_PER_DAY);
    }
    if (value instanceof String) {
      String s = ((String) value).trim();
      try {
        return (int) (LocalTime.parse(s).toNanoOfDay() / 1_000_000L);
      } catch (DateTimeParseException e) {
        throw SqlErrors.invalidDatetime(value, "TIME");
      }
    }
    throw SqlErrors.invalidCast(value, "TIME");
  }

  private Long timestamp(Object value) throws SQLException {
    if (value instanceof Long) {
      return (Long) value;
    }
    if (value instanceof OffsetDateTime || value instanceof ZonedDateTime || value instanceof java.time.Instant) {
      return toMillis(LocalDateTime.ofInstant(java.time.Instant.ofEpochMilli(timestampTz(value)), sessionZone()));
    }
    if (value instanceof LocalDateTime) {
      return toMillis((LocalDateTime) value);
    }
    if (value instanceof java.sql.Timestamp) {
      return toMillis(((java.sql.Timestamp) value).toLocalDateTime());
    }
    if (value instanceof java.sql.Date) {
      return ((java.sql.Date) value).toLocalDate().toEpochDay() * MILLIS_PER_DAY;
    }
    if (value instanceof LocalDate) {
      return ((LocalDate) value).toEpochDay() * MILLIS_PER_DAY;
    }
    if (value instanceof Integer) {
      return ((Integer) value).longValue() * MILLIS_PER_DAY;
    }
    if (value instanceof String) {
      try {
        return toMillis(parseTimestamp(((String) value).trim()));
      } catch (DateTimeParseException e) {
        throw SqlErrors.invalidDatetime(value, "TIMESTAMP");
      }
    }
    throw SqlErrors.invalidCast(value, "TIMESTAMP");
  }

  /**
   * A TIMESTAMP WITH TIME ZONE value: zoned and offset values and instants keep their instant;
   * local date-times (LocalDateTime, java.sql.Timestamp's wall-clock, dates, text without an
   * offset) are taken in the session time zone, as PostgreSQL does.
   */
  private Long timestampTz(Object value) throws SQLException {
    if (value instanceof Long) {
      return (Long) value;
    }
    if (value instanceof OffsetDateTime) {
      return ((OffsetDateTime) value).toInstant().toEpochMilli();
    }
    if (value instanceof ZonedDateTime) {
      return ((ZonedDateTime) value).toInstant().toEpochMilli();
    }
    if (value instanceof java.time.Instant) {
      return ((java.time.Instant) value).toEpochMilli();
    }
    if (value instanceof java.sql.Timestamp) {
      return ((java.sql.Timestamp) value).getTime();
    }
    if (value instanceof java.util.Date && !(value instanceof java.sql.Date) && !(value instanceof java.sql.Time)) {
      return ((java.util.Date) value).getTime();
    }
    if (value instanceof String) {
      String t = ((String) value).trim();
      try {
        java.time.temporal.TemporalAccessor p = TSTZ_PARSE.parseBest(t, OffsetDateTime::from, LocalDateTime::from);
        if (p instanceof OffsetDateTime) {
          return ((OffsetDateTime) p).toInstant().toEpochMilli();
        }
        return ((LocalDateTime) p).atZone(sessionZone()).toInstant().toEpochMilli();
      } catch (DateTimeParseException e) {
        throw SqlErrors.invalidDatetime(value, "TIMESTAMP WITH TIME ZONE");
      }
    }
    // local values: a LocalDateTime, LocalDate, DATE days, java.sql.Date
    long local = timestamp(value);
    LocalDateTime t = (LocalDateTime) toExternal(BeamType.TIMESTAMP, local);
    return t.atZone(sessionZone()).toInstant().toEpochMilli();
  }

  /** Parses date, date-time and optional offset: {@code 2024-05-01 10:00[:00[.fff]][+02[:00]|Z]}. */
  private static final java.time.format.DateTimeFormatter TSTZ_PARSE = new java.time.format.DateTimeFormatterBuilder()
      .append(java.time.format.DateTimeFormatter.ISO_LOCAL_DATE)
      .optionalStart().appendLiteral(' ').optionalEnd()
      .optionalStart().appendLiteral('T').optionalEnd()
      .optionalStart().append(java.time.format.DateTimeFormatter.ISO_LOCAL_TIME).optionalEnd()
      .optionalStart().appendLiteral(' ').optionalEnd()
      .optionalStart().appendOffset("+HH:mm", "Z").optionalEnd()
      .optionalStart().appendOffset("+HHmm", "Z").optionalEnd()
      .optionalStart().appendOffset("+HH", "Z").optionalEnd()
      .parseDefaulting(java.time.temporal.ChronoField.HOUR_OF_DAY, 0)
      .toFormatter(java.util.Locale.ROOT);

  /** Renders a TIMESTAMP WITH TIME ZONE as {@code 2024-05-01 10:00:00[.fff]+02[:30]} (PostgreSQL's and H2's text form). */
  public static String formatTimestampTz(OffsetDateTime t) {
    StringBuilder b = new StringBuilder(32);
    b.append(t.toLocalDate()).append(' ').append(formatTime(t.toLocalTime()));
    int secs = t.getOffset().getTotalSeconds();
    b.append(secs < 0 ? '-' : '+');
    secs = Math.abs(secs);
    b.append(String.format(java.util.Locale.ROOT, "%02d", secs / 3600));
    if (secs % 3600 != 0) {
      b.append(String.format(java.util.Locale.ROOT, ":%02d", (secs % 3600) / 60));
    }
    return b.toString();
  }

  /** {@code HH:mm:ss} with the fraction of a second, trailing zeros dropped. */
  private static String formatTime(LocalTime lt) {
    String s = String.format(java.util.Locale.ROOT, "%02d:%02d:%02d", lt.getHour(), lt.getMinute(), lt.getSecond());
    if (lt.getNano() != 0) {
      s += String.format(java.util.Locale.ROOT, ".%09d", lt.getNano()).replaceAll("0+$", "");
    }
    return s;
  }

  /** The session time zone TIMESTAMP WITH TIME ZONE values are shown in: the JVM's default zone. */
  public static ZoneId sessionZone() {
    return ZoneId.systemDefault();
  }

  /** The instant {@code millis} (UTC) as an OffsetDateTime at the session zone's offset. */
  public static OffsetDateTime toOffsetDateTime(long millis) {
    java.time.Instant i = java.time.Instant.ofEpochMilli(millis);
    return OffsetDateTime.ofInstant(i, sessionZone());
  }

  /**
   * An interval value: months for INTERVAL_YM, milliseconds for INTERVAL_DS; accepts the internal
   * long, {@code java.time.Period} (YM) and {@code java.time.Duration} (DS).
   */
  private Long interval(Object value) throws SQLException {
    if (value instanceof Long || value instanceof Integer) {
      return ((Number) value).longValue();
    }
    if (type == BeamType.INTERVAL_YM && value instanceof Period) {
      return ((Period) value).toTotalMonths();
    }
    if (type == BeamType.INTERVAL_DS && value instanceof Duration) {
      return ((Duration) value).toMillis();
    }
    throw SqlErrors.invalidCast(value, sqlName());
  }

  /**
   * Renders an interval as SQL standard literal text, as H2 does: {@code INTERVAL '1-2' YEAR TO
   * MONTH}, {@code INTERVAL '3 04:05:06.5' DAY TO SECOND}.
   */
  public static String formatInterval(Object v) {
    if (v instanceof Period) {
      long m = ((Period) v).toTotalMonths();
      String sign = m < 0 ? "-" : "";
      m = Math.abs(m);
      return "INTERVAL '" + sign + (m / 12) + "-" + (m % 12) + "' YEAR TO MONTH";
    }
    long ms = ((Duration) v).toMillis();
    String sign = ms < 0 ? "-" : "";
    ms = Math.abs(ms);
    long days = ms / MILLIS_PER_DAY;
    long rest = ms % MILLIS_PER_DAY;
    String text = String.format(java.util.Locale.ROOT, "%d %02d:%02d:%02d", days, rest / 3_600_000,
        (rest / 60_000) % 60, (rest / 1000) % 60);
    if (rest % 1000 != 0) {
      text += String.format(java.util.Locale.ROOT, ".%03d", rest % 1000).replaceAll("0+$", "");
    }
    return "INTERVAL '" + sign + text + "' DAY TO SECOND";
  }

  private static LocalDateTime parseTimestamp(String s) {
    if (s.length() == 10) {
      return LocalDate.parse(s).atStartOfDay();
    }
    return LocalDateTime.parse(s.replace(' ', 'T'));
  }

  private static long toMillis(LocalDateTime t) {
    return t.toInstant(ZoneOffset.UTC).toEpochMilli();
  }

  /**
   * Converts an internal value of base type {@code type} to the external Java value handed to
   * JDBC (dates become {@code LocalDate}, {@code LocalTime}, {@code LocalDateTime}; TIMESTAMP WITH TIME
   * ZONE an {@code OffsetDateTime} at the session zone's offset; intervals {@code Period} or {@code Duration}).
   */
  public static Object toExternal(BeamType type, Object internal) {
    if (internal == null) {
      return null;
    }
    switch (type) {
      case DATE:
        return LocalDate.ofEpochDay(((Number) internal).longValue());
      case TIME:
        return LocalTime.ofNanoOfDay(Math.floorMod(((Number) internal).longValue(), MILLIS_PER_DAY) * 1_000_000L);
      case TIMESTAMP: {
        long ms = ((Number) internal).longValue();
        return LocalDateTime.ofEpochSecond(Math.floorDiv(ms, 1000L), (int) Math.floorMod(ms, 1000L) * 1_000_000, ZoneOffset.UTC);
      }
      case TIMESTAMP_TZ:
        return toOffsetDateTime(((Number) internal).longValue());
      case INTERVAL_YM: {
        long m = ((Number) internal).longValue();
        return Period.of(0, Math.toIntExact(m), 0).normalized();
      }
      case INTERVAL_DS:
        return Duration.ofMillis(((Number) internal).longValue());
      default:
        return internal;
    }
  }
}
