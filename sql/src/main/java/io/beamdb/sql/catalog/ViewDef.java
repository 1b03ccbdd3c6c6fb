package io.beamdb.sql.catalog;

import io.beamdb.sql.type.ColumnType;

import java.util.List;

/**
 * A view: its defining query (SQL text, expanded by the planner at every use) and the columns
 * the query had when the view was created. Immutable.
 *
 * @param id          view id, unique among views
 * @param schema      schema name
 * @param name        view name (shares the table namespace)
 * @param sql         the defining query
 * @param columnNames result column names
 * @param columnTypes result column types
 */
public record ViewDef(int id, String schema, String name, String sql, List<String> columnNames,
                      List<ColumnType> columnTypes) {
  public ViewDef {
    columnNames = List.copyOf(columnNames);
    columnTypes = List.copyOf(columnTypes);
  }
}
