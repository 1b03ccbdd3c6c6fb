package io.beamdb.planner.calcite;

import io.beamdb.sql.type.BeamType;
import io.beamdb.sql.type.ColumnType;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.type.SqlTypeName;

import java.sql.SQLException;

/**
 * Maps BeamDB column types to Calcite's {@link RelDataType}s and back. Stateless. TIMESTAMP WITH
 * TIME ZONE is Calcite's TIMESTAMP WITH LOCAL TIME ZONE (an instant, as in PostgreSQL); intervals
 * map to YEAR TO MONTH or DAY TO SECOND.
 */
public final class TypeMapping {
  private TypeMapping() {
  }

  /** The Calcite type of a column. */
  public static RelDataType toRelType(RelDataTypeFactory f, ColumnType t, boolean nullable) {
    RelDataType rt;
    switch (t.type()) {
      case TINYINT: rt = f.createSqlType(SqlTypeName.TINYINT); break;
      case SMALLINT: rt = f.createSqlType(SqlTypeName.SMALLINT); break;
      case INTEGER: rt = f.createSqlType(SqlTypeName.INTEGER); break;
      case BIGINT: rt = f.createSqlType(SqlTypeName.BIGINT); break;
      case DECIMAL:
        rt = t.precision() < 0 ? f.createSqlType(SqlTypeName.DECIMAL, 1000, 500)
            : f.createSqlType(SqlTypeName.DECIMAL, t.precision(), t.scale());
        break;
      case REAL: rt = f.createSqlType(SqlTypeName.REAL); break;
      case DOUBLE: rt = f.createSqlType(SqlTypeName.DOUBLE); break;
      case BOOLEAN: rt = f.createSqlType(SqlTypeName.BOOLEAN); break;
      case CHAR: rt = f.createSqlType(SqlTypeName.CHAR, Math.max(1, t.precision())); break;
      case VARCHAR:
        rt = t.precision() < 0 ? f.createSqlType(SqlTypeName.VARCHAR)
            : f.createSqlType(SqlTypeName.VARCHAR, t.precision());
        break;
      case DATE: rt = f.createSqlType(SqlTypeName.DATE); break;
      case TIME: rt = f.createSqlType(SqlTypeName.TIME); break;
      case TIMESTAMP: rt = f.createSqlType(SqlTypeName.TIMESTAMP, 3); break;
      case TIMESTAMP_TZ: rt = f.createSqlType(SqlTypeName.TIMESTAMP_WITH_LOCAL_TIME_ZONE, 3); break;
      case INTERVAL_YM:
        rt = f.createSqlIntervalType(new org.apache.calcite.sql.SqlIntervalQualifier(
            org.apache.calcite.avatica.util.TimeUnit.YEAR, org.apache.calcite.avatica.util.TimeUnit.MONTH,
            org.apache.calcite.sql.parser.SqlParserPos.ZERO));
        break;
      case INTERVAL_DS:
        rt = f.createSqlIntervalType(new org.apache.calcite.sql.SqlIntervalQualifier(
            org.apache.calcite.avatica.util.TimeUnit.DAY, org.apache.calcite.avatica.util.TimeUnit.SECOND,
            org.apache.calcite.sql.parser.SqlParserPos.ZERO));
        break;
      case BINARY: rt = f.createSqlType(SqlTypeName.BINARY, Math.max(1, t.precision())); break;
      case VARBINARY:
        rt = t.precision() < 0 ? f.createSqlType(SqlTypeName.VARBINARY)
            : f.createSqlType(SqlTypeName.VARBINARY, t.precision());
        break;
      case UUID: rt = f.createSqlType(SqlTypeName.UUID); break;
      default: throw new IllegalArgumentException(t.toString());
    }
    return f.createTypeWithNullability(rt, nullable);
  }

  /**
   * The BeamDB type of a Calcite type (for results and parameters).
   *
   * @throws SQLException 0A000 for types BeamDB cannot carry yet
   */
  public static ColumnType fromRelType(RelDataType t) throws SQLException {
    SqlTypeName n = t.getSqlTypeName();
    switch (n) {
      case TINYINT: return ColumnType.of(BeamType.TINYINT);
      case SMALLINT: return ColumnType.of(BeamType.SMALLINT);
      case INTEGER: return ColumnType.of(BeamType.INTEGER);
      case BIGINT: return ColumnType.of(BeamType.BIGINT);
      case DECIMAL: return new ColumnType(BeamType.DECIMAL, t.getPrecision(), Math.max(0, t.getScale()));
      case REAL: return ColumnType.of(BeamType.REAL);
      case FLOAT:
      case DOUBLE: return ColumnType.of(BeamType.DOUBLE);
      case BOOLEAN: return ColumnType.of(BeamType.BOOLEAN);
      case CHAR: return new ColumnType(BeamType.CHAR, t.getPrecision(), 0);
      case VARCHAR: return new ColumnType(BeamType.VARCHAR, t.getPrecision() == RelDataType.PRECISION_NOT_SPECIFIED ? -1 : t.getPrecision(), 0);
      case DATE: return ColumnType.of(BeamType.DATE);
      case TIME: return ColumnType.of(BeamType.TIME);
      case TIMESTAMP: return ColumnType.of(BeamType.TIMESTAMP);
      case TIMESTAMP_WITH_LOCAL_TIME_ZONE:
      case TIMESTAMP_TZ: return ColumnType.of(BeamType.TIMESTAMP_TZ);
      case INTERVAL_YEAR: case INTERVAL_YEAR_MONTH: case INTERVAL_MONTH:
        return ColumnType.of(BeamType.INTERVAL_YM);
      case INTERVAL_DAY: case INTERVAL_DAY_HOUR: case INTERVAL_DAY_MINUTE: case INTERVAL_DAY_SECOND:
      case INTERVAL_HOUR: case INTERVAL_HOUR_MINUTE: case INTERVAL_HOUR_SECOND: case INTERVAL_MINUTE:
      case INTERVAL_MINUTE_SECOND: case INTERVAL_SECOND:
        return ColumnType.of(BeamType.INTERVAL_DS);
      case BINARY: return new ColumnType(BeamType.BINARY, t.getPrecision(), 0);
      case VARBINARY: return new ColumnType(BeamType.VARBINARY,
          t.getPrecision() == RelDataType.PRECISION_NOT_SPECIFIED ? -1 : t.getPrecision(), 0);
      case UUID: return ColumnType.of(BeamType.UUID);
      case NULL: return ColumnType.of(BeamType.VARCHAR);
      case ANY: return ColumnType.of(BeamType.VARCHAR);
      default:
        throw io.beamdb.sql.SqlErrors.unsupported("SQL type " + n);
    }
  }
}
