package io.beamdb.jdbc;

import io.beamdb.engine.ColumnInfo;
import io.beamdb.engine.RowCursor;
import java.sql.SQLException;
import java.util.List;

/**
 * Rows of a server-side cursor, fetched in batches of the statement's fetch size: the first
 * batch arrives with the execute response, later ones with FETCH requests. Closing it before the
 * end tells the server to close its cursor. Not thread-safe.
 */
final class RemoteCursor implements RowCursor {
  private final RemoteSession session;
  private final int id;
  private final List<ColumnInfo> columns;
  private List<Object[]> rows;
  private boolean done;
  private int index = -1;
  private Object[] current;
  private boolean closed;

  RemoteCursor(RemoteSession session, int id, List<ColumnInfo> columns, List<Object[]> rows, boolean done) {
    this.session = session;
    this.id = id;
    this.columns = columns;
    this.rows = rows;
    this.done = done;
  }

  @Override
  public List<ColumnInfo> columns() {
    return columns;
  }

  @Override
  public boolean next() throws SQLException {
    if (closed) {
      return false;
    }
    while (++index >= rows.size()) {
      if (done) {
        current = null;
        return false;
      }
      RemoteSession.Batch b = session.fetch(id, columns.size());
      rows = b.rows();
      done = b.done();
      index = -1;
    }
    current = rows.get(index);
    return true;
  }

  @Override
  public Object get(int i) {
    return current[i];
  }

  @Override
  public void close() {
    if (!closed) {
      closed = true;
      if (!done) {
        session.closeCursor(id);
      }
    }
  }
}
