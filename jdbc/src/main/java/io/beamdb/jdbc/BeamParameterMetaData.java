package io.beamdb.jdbc;

import io.beamdb.engine.PreparedCommand;
import java.math.BigDecimal;
import java.sql.ParameterMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;

/**
 * Parameter descriptions of a prepared statement, from the engine's inferred parameter types.
 * Precision and scale are not inferred yet (0); nullability is unknown. Immutable and
 * thread-safe. SQLState {@code 07009} for an index out of range.
 */
public final class BeamParameterMetaData implements ParameterMetaData {
  private final PreparedCommand command;

  BeamParameterMetaData(PreparedCommand command) {
    this.command = command;
  }

  private int type(int param) throws SQLException {
    if (param < 1 || param > command.parameterCount()) {
      throw Errors.badIndex("Parameter", param, command.parameterCount());
    }
    return command.parameterType(param - 1);
  }

  @Override
  public int getParameterCount() {
    return command.parameterCount();
  }

  @Override
  public int isNullable(int param) throws SQLException {
    type(param);
    return parameterNullableUnknown;
  }

  @Override
  public boolean isSigned(int param) throws SQLException {
    return BeamResultSetMetaData.isNumeric(type(param));
  }

  @Override
  public int getPrecision(int param) throws SQLException {
    type(param);
    return 0;
  }

  @Override
  public int getScale(int param) throws SQLException {
    type(param);
    return 0;
  }

  @Override
  public int getParameterType(int param) throws SQLException {
    return type(param);
  }

  @Override
  public String getParameterTypeName(int param) throws SQLException {
    int t = type(param);
    return t == Types.DOUBLE ? "DOUBLE" : Values.typeName(t);
  }

  @Override
  public String getParameterClassName(int param) throws SQLException {
    return switch (type(param)) {
      case Types.INTEGER -> Integer.class.getName();
      case Types.BIGINT -> Long.class.getName();
      case Types.SMALLINT -> Short.class.getName();
      case Types.TINYINT -> Byte.class.getName();
      case Types.DECIMAL, Types.NUMERIC -> BigDecimal.class.getName();
      case Types.DOUBLE, Types.FLOAT -> Double.class.getName();
      case Types.REAL -> Float.class.getName();
      case Types.CHAR, Types.VARCHAR -> String.class.getName();
      case Types.BOOLEAN -> Boolean.class.getName();
      case Types.DATE -> LocalDate.class.getName();
      case Types.TIME -> LocalTime.class.getName();
      case Types.TIMESTAMP -> LocalDateTime.class.getName();
      case Types.TIMESTAMP_WITH_TIMEZONE -> java.time.OffsetDateTime.class.getName();
      default -> Object.class.getName();
    };
  }

  @Override
  public int getParameterMode(int param) throws SQLException {
    type(param);
    return parameterModeIn;
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    if (iface != null && iface.isInstance(this)) {
      return iface.cast(this);
    }
    throw new SQLException("BeamParameterMetaData does not wrap " + iface, "HY000");
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) {
    return iface != null && iface.isInstance(this);
  }
}
