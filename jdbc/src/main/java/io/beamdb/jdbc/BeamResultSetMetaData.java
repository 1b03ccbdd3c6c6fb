package io.beamdb.jdbc;

import io.beamdb.engine.ColumnInfo;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.List;

/**
 * Column descriptions of a result set, built from the engine's {@link ColumnInfo}. Immutable and
 * thread-safe. {@link #getColumnClassName} reports the class {@code ResultSet.getObject} returns
 * ({@code java.sql.Date/Time/Timestamp} for date-time columns). SQLState {@code 07009} for a
 * column index out of range.
 */
public final class BeamResultSetMetaData implements ResultSetMetaData {
  private final List<ColumnInfo> columns;

  BeamResultSetMetaData(List<ColumnInfo> columns) {
    this.columns = List.copyOf(columns);
  }

  private ColumnInfo col(int column) throws SQLException {
    if (column < 1 || column > columns.size()) {
      throw Errors.badIndex("Column", column, columns.size());
    }
    return columns.get(column - 1);
  }

  @Override
  public int getColumnCount() {
    return columns.size();
  }

  @Override
  public boolean isAutoIncrement(int column) throws SQLException {
    col(column);
    return false;
  }

  @Override
  public boolean isCaseSensitive(int column) throws SQLException {
    return isCharacter(col(column).jdbcType());
  }

  @Override
  public boolean isSearchable(int column) throws SQLException {
    col(column);
    return true;
  }

  @Override
  public boolean isCurrency(int column) throws SQLException {
    col(column);
    return false;
  }

  @Override
  public int isNullable(int column) throws SQLException {
    return col(column).nullable() ? columnNullable : columnNoNulls;
  }

  @Override
  public boolean isSigned(int column) throws SQLException {
    return isNumeric(col(column).jdbcType());
  }

  @Override
  public int getColumnDisplaySize(int column) throws SQLException {
    ColumnInfo c = col(column);
    return displaySize(c.jdbcType(), c.precision(), c.scale());
  }

  @Override
  public String getColumnLabel(int column) throws SQLException {
    return col(column).label();
  }

  @Override
  public String getColumnName(int column) throws SQLException {
    ColumnInfo c = col(column);
    return c.columnName() == null || c.columnName().isEmpty() ? c.label() : c.columnName();
  }

  @Override
  public String getSchemaName(int column) throws SQLException {
    String s = col(column).schemaName();
    return s == null ? "" : s;
  }

  @Override
  public int getPrecision(int column) throws SQLException {
    ColumnInfo c = col(column);
    return c.precision() > 0 ? c.precision() : defaultPrecision(c.jdbcType());
  }

  @Override
  public int getScale(int column) throws SQLException {
    return col(column).scale();
  }

  @Override
  public String getTableName(int column) throws SQLException {
    String t = col(column).tableName();
    return t == null ? "" : t;
  }

  @Override
  public String getCatalogName(int column) throws SQLException {
    String t = col(column).tableName();
    return t == null || t.isEmpty() ? "" : BeamConnection.CATALOG;
  }

  @Override
  public int getColumnType(int column) throws SQLException {
    return col(column).jdbcType();
  }

  @Override
  public String getColumnTypeName(int column) throws SQLException {
    return col(column).typeName();
  }

  @Override
  public boolean isReadOnly(int column) throws SQLException {
    String t = col(column).tableName();
    return t == null || t.isEmpty();
  }

  @Override
  public boolean isWritable(int column) throws SQLException {
    return !isReadOnly(column);
  }

  @Override
  public boolean isDefinitelyWritable(int column) throws SQLException {
    col(column);
    return false;
  }

  @Override
  public String getColumnClassName(int column) throws SQLException {
    ColumnInfo c = col(column);
    return switch (c.jdbcType()) {
      case Types.DATE -> java.sql.Date.class.getName();
      case Types.TIME -> java.sql.Time.class.getName();
      case Types.TIMESTAMP -> java.sql.Timestamp.class.getName();
      case Types.TIMESTAMP_WITH_TIMEZONE -> java.time.OffsetDateTime.class.getName();
      default -> c.javaClass() != null ? c.javaClass() : Object.class.getName();
    };
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    if (iface != null && iface.isInstance(this)) {
      return iface.cast(this);
    }
    throw new SQLException("BeamResultSetMetaData does not wrap " + iface, "HY000");
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) {
    return iface != null && iface.isInstance(this);
  }

  // ---- shared type facts (also used by DatabaseMetaData and ParameterMetaData)

  static boolean isCharacter(int jdbcType) {
    return jdbcType == Types.CHAR || jdbcType == Types.VARCHAR || jdbcType == Types.LONGVARCHAR
        || jdbcType == Types.NCHAR || jdbcType == Types.NVARCHAR || jdbcType == Types.CLOB;
  }

  static boolean isNumeric(int jdbcType) {
    return switch (jdbcType) {
      case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT, Types.DECIMAL,
          Types.NUMERIC, Types.REAL, Types.FLOAT, Types.DOUBLE -> true;
      default -> false;
    };
  }

  /** Precision for types whose declaration carries none. */
  static int defaultPrecision(int jdbcType) {
    return switch (jdbcType) {
      case Types.TINYINT -> 3;
      case Types.SMALLINT -> 5;
      case Types.INTEGER -> 10;
      case Types.BIGINT -> 19;
      case Types.REAL -> 7;
      case Types.FLOAT, Types.DOUBLE -> 17;
      case Types.DECIMAL, Types.NUMERIC -> 38;
      case Types.BOOLEAN, Types.BIT -> 1;
      case Types.DATE -> 10;
      case Types.TIME -> 8;
      case Types.TIMESTAMP -> 26;
      case Types.TIMESTAMP_WITH_TIMEZONE -> 32;
      case Types.CHAR -> 1;
      case Types.VARCHAR -> Integer.MAX_VALUE;
      default -> 0;
    };
  }

  static int displaySize(int jdbcType, int precision, int scale) {
    int p = precision > 0 ? precision : defaultPrecision(jdbcType);
    return switch (jdbcType) {
      case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT -> p + 1;
      case Types.DECIMAL, Types.NUMERIC -> p + 2;
      case Types.REAL -> 15;
      case Types.FLOAT, Types.DOUBLE -> 24;
      case Types.BOOLEAN, Types.BIT -> 5;
      default -> p;
    };
  }
}
