package io.beamdb.engine;

import io.beamdb.planner.expr.Values;
import io.beamdb.sql.type.BeamType;
import io.beamdb.sql.type.ColumnType;

import java.sql.SQLException;
import java.util.List;

/**
 * A plain statement served by a shared parameterized plan: the template planned from the
 * normalized text plus this statement's literal values. Presents itself to JDBC as a command
 * with no parameters. Immutable.
 */
final class BoundCommand implements PreparedCommand {
  final String sql;
  final EnginePreparedCommand template;
  final List<Object> literals;

  BoundCommand(String sql, EnginePreparedCommand template, List<Object> literals) {
    this.sql = sql;
    this.template = template;
    this.literals = literals;
  }

  /** True when every literal's kind fits the parameter type the template inferred for it. */
  static boolean compatible(EnginePreparedCommand template, List<Object> literals) {
    if (template.paramTypes.length != literals.size()) {
      return false;
    }
    for (int i = 0; i < literals.size(); i++) {
      BeamType t = template.paramTypes[i].type();
      Object v = literals.get(i);
      boolean numericType = t.isInteger() || t == BeamType.DECIMAL || t == BeamType.DOUBLE || t == BeamType.REAL;
      if (v instanceof String ? t != BeamType.VARCHAR : !numericType) {
        return false;
      }
    }
    return true;
  }

  /**
   * The literals converted to the template's parameter types, or null when a value would change
   * (rounding, overflow), in which case the statement must be planned from its own text.
   */
  Object[] bindExactly() {
    Object[] out = new Object[literals.size()];
    for (int i = 0; i < out.length; i++) {
      Object v = literals.get(i);
      ColumnType t = template.paramTypes[i];
      try {
        Object c = ColumnType.of(t.type()).coerce(v);
        if (v instanceof Number ? Values.compare(c, v) != 0 : !v.equals(c)) {
          return null;
        }
        out[i] = c;
      } catch (SQLException e) {
        return null;
      }
    }
    return out;
  }

  @Override
  public String sql() {
    return sql;
  }

  @Override
  public int parameterCount() {
    return 0;
  }

  @Override
  public int parameterType(int index) {
    throw new IndexOutOfBoundsException("no parameters");
  }

  @Override
  public List<ColumnInfo> resultColumns() {
    return template.resultColumns();
  }

  @Override
  public boolean returnsRows() {
    return template.returnsRows();
  }
}
