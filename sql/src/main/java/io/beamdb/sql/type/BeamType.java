package io.beamdb.sql.type;

import java.sql.Types;

/**
 * The SQL types a column can have, with their JDBC type codes and the Java class of the
 * engine's internal value: integers as {@code Byte/Short/Integer/Long}, DECIMAL as
 * {@code BigDecimal}, REAL {@code Float}, DOUBLE {@code Double}, BOOLEAN {@code Boolean},
 * CHAR/VARCHAR {@code String}, DATE {@code Integer} days since 1970-01-01, TIME {@code Integer}
 * milliseconds of the day, TIMESTAMP {@code Long} milliseconds since 1970-01-01 00:00 (local
 * time, no zone), BINARY/VARBINARY {@code byte[]}, UUID {@code java.util.UUID}. This is
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
  UUID(Types.OTHER, java.util.UUID.class);

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

  /** True for CHAR and VARCHAR. */
  public boolean isString() {
    return this == CHAR || this == VARCHAR;
  }
}
