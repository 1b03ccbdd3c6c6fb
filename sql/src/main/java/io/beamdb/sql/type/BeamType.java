package io.beamdb.sql.type;

import java.sql.Types;

/**
 * The SQL types a column can have, with their JDBC type codes and the Java class of the
 * engine's internal value: integers as {@code Byte/Short/Integer/Long}, DECIMAL as
 * {@code BigDecimal}, REAL {@code Float}, DOUBLE {@code Double}, BOOLEAN {@code Boolean},
 * CHAR/VARCHAR {@code String}, DATE {@code Integer} days since 1970-01-01, TIME {@code Integer}
 * milliseconds of the day, TIMESTAMP {@code Long} milliseconds since 1970-01-01 00:00 (local
 * time, no zone), TIMESTAMP_TZ {@code Long} milliseconds since 1970-01-01 00:00 UTC,
 * INTERVAL_YM {@code Long} months, INTERVAL_DS {@code Long} milliseconds, BINARY/VARBINARY
 * {@code byte[]}, UUID {@code java.util.UUID}. This is
 * Calcite's internal representation (except UUID, which Calcite also carries as an object), so values flow between the
 * planner's literals and storage unchanged.
 */
public enum BeamType {
  TINYINT(Types.TINYINT, Byte.class),
  SMALLINT(Types.SMALLINT, Short.class),
  INTEGER(Types.INTEGER, Integer.class),
  BIGINT(Types.BIGINT, Long.class),
  DECIMAL(Types.DECIMAL, java.math.BigDecimal.class),
  REAL(Types.REAL, Float.class),
  DOUBLE(Types.DOUBLE, Double.class),
  BOOLEAN(Types.BOOLEAN, Boolean.class),
  CHAR(Types.CHAR, String.class),
  VARCHAR(Types.VARCHAR, String.class),
  DATE(Types.DATE, Integer.class),
  TIME(Types.TIME, Integer.class),
  TIMESTAMP(Types.TIMESTAMP, Long.class),
  // appended: the ordinal is stored in the catalog, so new types only ever go at the end
  BINARY(Types.BINARY, byte[].class),
  VARBINARY(Types.VARBINARY, byte[].class),
  UUID(Types.OTHER, java.util.UUID.class),
  /**
   * TIMESTAMP WITH TIME ZONE: {@code Long} milliseconds since 1970-01-01 00:00 UTC, an instant.
   * As in PostgreSQL the offset a value was written with is not kept: values are normalized to
   * UTC and shown in the session time zone (the JVM's default zone).
   */
  TIMESTAMP_TZ(Types.TIMESTAMP_WITH_TIMEZONE, Long.class),
  /** INTERVAL YEAR TO MONTH (and YEAR, MONTH): {@code Long} months. JDBC: {@code java.time.Period}. */
  INTERVAL_YM(Types.OTHER, Long.class),
  /** INTERVAL DAY TO SECOND (and its sub-ranges): {@code Long} milliseconds. JDBC: {@code java.time.Duration}. */
  INTERVAL_DS(Types.OTHER, Long.class);

  private final int jdbcType;
  private final Class<?> internalClass;

  BeamType(int jdbcType, Class<?> internalClass) {
    this.jdbcType = jdbcType;
    this.internalClass = internalClass;
  }

  /** The {@link java.sql.Types} constant. */
  public int jdbcType() {
    return jdbcType;
  }

  /** Class of internal values of this type. */
  public Class<?> internalClass() {
    return internalClass;
  }

  /** True for TINYINT, SMALLINT, INTEGER, BIGINT. */
  public boolean isInteger() {
    return this == TINYINT || this == SMALLINT || this == INTEGER || this == BIGINT;
  }

  /** True for BINARY and VARBINARY. */
  public boolean isBinary() {
    return this == BINARY || this == VARBINARY;
  }

  /** The SQL name: the constant's name, except {@code TIMESTAMP WITH TIME ZONE} and the INTERVAL types. */
  public String sqlName() {
    switch (this) {
      case TIMESTAMP_TZ: return "TIMESTAMP WITH TIME ZONE";
      case INTERVAL_YM: return "INTERVAL YEAR TO MONTH";
      case INTERVAL_DS: return "INTERVAL DAY TO SECOND";
      default: return name();
    }
  }

  /** True for TIMESTAMP and TIMESTAMP_TZ. */
  public boolean isTimestamp() {
    return this == TIMESTAMP || this == TIMESTAMP_TZ;
  }

  /** True for INTERVAL_YM and INTERVAL_DS. */
  public boolean isInterval() {
    return this == INTERVAL_YM || this == INTERVAL_DS;
  }

  /** True for CHAR and VARCHAR. */
  public boolean isString() {
    return this == CHAR || this == VARCHAR;
  }
}
