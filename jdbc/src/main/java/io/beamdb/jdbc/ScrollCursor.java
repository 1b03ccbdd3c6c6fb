package io.beamdb.jdbc;

import io.beamdb.engine.ColumnInfo;
import io.beamdb.engine.RowCursor;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The rows of a {@code TYPE_SCROLL_INSENSITIVE} result set: the engine cursor is read to the end
 * when the statement executes (so later changes by anyone are not seen, as "insensitive"
 * requires) and kept in memory, bounded by {@code Statement.setMaxRows} when set. Position 0 is
 * before the first row, {@code size() + 1} after the last. Not thread-safe.
 */
final class ScrollCursor implements RowCursor {
  private final List<ColumnInfo> columns;
  private final List<Object[]> rows;
  private int position;

  private ScrollCursor(List<ColumnInfo> columns, List<Object[]> rows) {
    this.columns = columns;
    this.rows = rows;
  }

  /** Reads {@code cursor} to its end and closes it. */
  static ScrollCursor materialize(RowCursor cursor) throws SQLException {
    try (cursor) {
      List<Object[]> rows = new ArrayList<>();
      int n = cursor.columns().size();
      while (cursor.next()) {
        Object[] r = new Object[n];
        for (int i = 0; i < n; i++) {
          r[i] = cursor.get(i);
        }
        rows.add(r);
      }
      return new ScrollCursor(cursor.columns(), rows);
    }
  }

  int size() {
    return rows.size();
  }

  int position() {
    return position;
  }

  /** Moves to {@code p}, clamped to [0, size + 1]; returns whether it is on a row. */
  boolean moveTo(long p) {
    position = (int) Math.max(0, Math.min(rows.size() + 1L, p));
    return position >= 1 && position <= rows.size();
  }

  @Override
  public List<ColumnInfo> columns() {
    return columns;
  }

  @Override
  public boolean next() {
    return moveTo(position + 1L);
  }

  @Override
  public Object get(int index) {
    return rows.get(position - 1)[index];
  }

  @Override
  public void close() {
    // rows stay readable until the result set is closed; nothing to release
  }
}
