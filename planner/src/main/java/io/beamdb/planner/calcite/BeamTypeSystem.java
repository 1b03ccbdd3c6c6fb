package io.beamdb.planner.calcite;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rel.type.RelDataTypeSystemImpl;
import org.apache.calcite.sql.type.SqlTypeName;

/**
 * BeamDB's Calcite type system: AVG of an integer column is DOUBLE (as in H2, SQLite and
 * PostgreSQL's float result, not Calcite's default of truncating to the argument type); SUM of
 * integers is BIGINT;
 * DECIMAL precision up to 1000 digits. Stateless singleton.
 */
public final class BeamTypeSystem extends RelDataTypeSystemImpl {
  /** The singleton. */
  public static final BeamTypeSystem INSTANCE = new BeamTypeSystem();

  private BeamTypeSystem() {
  }

  @Override
  public RelDataType deriveAvgAggType(RelDataTypeFactory typeFactory, RelDataType argumentType) {
    if (SqlTypeName.INT_TYPES.contains(argumentType.getSqlTypeName())) {
      return typeFactory.createTypeWithNullability(
          typeFactory.createSqlType(SqlTypeName.DOUBLE), argumentType.isNullable());
    }
    return super.deriveAvgAggType(typeFactory, argumentType);
  }

  /** SUM of an integer column is BIGINT, as in H2 and PostgreSQL, so it does not overflow early. */
  @Override
  public RelDataType deriveSumType(RelDataTypeFactory typeFactory, RelDataType argumentType) {
    if (SqlTypeName.INT_TYPES.contains(argumentType.getSqlTypeName())) {
      return typeFactory.createTypeWithNullability(
          typeFactory.createSqlType(SqlTypeName.BIGINT), argumentType.isNullable());
    }
    return super.deriveSumType(typeFactory, argumentType);
  }

  /**
   * CHAR values of different lengths meeting in CASE, COALESCE or a set operation give VARCHAR,
   * as in H2 and PostgreSQL: {@code CASE WHEN c THEN 'a' ELSE 'zz' END} is {@code 'a'}, not
   * the blank-padded {@code 'a '} of Calcite's default CHAR(2).
   */
  @Override
  public boolean shouldConvertRaggedUnionTypesToVarying() {
    return true;
  }

  @Override
  public int getMaxPrecision(SqlTypeName typeName) {
    if (typeName == SqlTypeName.DECIMAL) {
      return 1000;
    }
    return super.getMaxPrecision(typeName);
  }

  @Override
  public int getMaxScale(SqlTypeName typeName) {
    if (typeName == SqlTypeName.DECIMAL) {
      return 1000;
    }
    return super.getMaxScale(typeName);
  }
}
