package io.beamdb.jdbc;

import io.beamdb.engine.ColumnInfo;
import io.beamdb.engine.RowCursor;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;

/**
 * An in-memory {@link RowCursor} over a list of rows, used for DatabaseMetaData results and
 * generated keys. Not thread-safe.
 */
final class ListCursor implements RowCursor {
  private final List<ColumnInfo> columns;
  private final List<Object[]> rows;
  private int position = -1;

  ListCursor(List<ColumnInfo> columns, List<Object[]> rows) {
    this.columns = List.copyOf(columns);
    this.rows = rows;
  }

  /**
   * Builds column descriptions from {@code "NAME:TYPE"} specs, TYPE one of VARCHAR, INTEGER,
   * SMALLINT, BIGINT, BOOLEAN.
   */
  static List<ColumnInfo> columns(String... specs) {
    List<ColumnInfo> out = new ArrayList<>(specs.length);
    for (String spec : specs) {
      int colon = spec.indexOf(':');
      String name = colon < 0 ? spec : spec.substring(0, colon);
      String type = colon < 0 ? "VARCHAR" : spec.substring(colon + 1);
      switch (type) {
        case "VARCHAR" -> out.add(col(name, Types.VARCHAR, type, Integer.MAX_VALUE, String.class));
        case "INTEGER" -> out.add(col(name, Types.INTEGER, type, 10, Integer.class));
        case "SMALLINT" -> out.add(col(name, Types.SMALLINT, type, 5, Short.class));
        case "BIGINT" -> out.add(col(name, Types.BIGINT, type, 19, Long.class));
        case "BOOLEAN" -> out.add(col(name, Types.BOOLEAN, type, 1, Boolean.class));
        default -> throw new IllegalArgumentException("unknown metadata column type " + type);
      }
    }
    return out;
  }

  private static ColumnInfo col(String name, int jdbcType, String typeName, int precision, Class<?> cls) {
    return new ColumnInfo(name, name, "", "", jdbcType, typeName, precision, 0, true, cls.getName());
  }

  @Override
  public List<ColumnInfo> columns() {
    return columns;
  }

  @Override
  public boolean next() {
    if (position < rows.size()) {
      position++;
    }
    return position < rows.size();
  }

  @Override
  public Object get(int index) {
    return rows.get(position)[index];
  }

  @Override
  public void close() {
    position = rows.size();
  }
}
