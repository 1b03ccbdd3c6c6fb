package io.beamdb.engine;

import java.util.List;

/** A cursor over rows already in memory (EXPLAIN output). */
final class ListCursor implements RowCursor {
  private final List<ColumnInfo> columns;
  private final List<Object[]> rows;
  private int pos = -1;

  ListCursor(List<ColumnInfo> columns, List<Object[]> rows) {
    this.columns = columns;
    this.rows = rows;
  }

  @Override
  public List<ColumnInfo> columns() {
    return columns;
  }

  @Override
  public boolean next() {
    return ++pos < rows.size();
  }

  @Override
  public Object get(int index) {
    return rows.get(pos)[index];
  }

  @Override
  public void close() {
    pos = rows.size();
  }
}
