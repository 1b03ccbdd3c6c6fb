package io.beamdb.planner.calcite;

import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.util.SqlOperatorTables;

import java.util.List;

/**
 * Functions BeamDB adds to Calcite's operator tables under PostgreSQL/H2 names:
 * {@code nextval('seq')} and {@code currval('seq')} (the sequence name is folded to upper case
 * unless double-quoted inside the string). Evaluated by {@code ExprCompiler}. Stateless.
 */
public final class BeamFunctions {
  /** {@code NEXTVAL('name')}: the sequence's next value, BIGINT. */
  public static final SqlFunction NEXTVAL = sequenceFunction("NEXTVAL");
  /** {@code CURRVAL('name')}: the value NEXTVAL last returned, BIGINT. */
  public static final SqlFunction CURRVAL = sequenceFunction("CURRVAL");

  private BeamFunctions() {
  }

  private static SqlFunction sequenceFunction(String name) {
    return new SqlFunction(name, SqlKind.OTHER_FUNCTION, ReturnTypes.BIGINT, null, OperandTypes.STRING,
        SqlFunctionCategory.SYSTEM) {
      @Override
      public boolean isDeterministic() {
        return false;
      }
    };
  }

  /** The table of these functions. */
  public static SqlOperatorTable table() {
    return SqlOperatorTables.of(List.of(NEXTVAL, CURRVAL));
  }
}
