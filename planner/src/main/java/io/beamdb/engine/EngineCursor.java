package io.beamdb.engine;

import io.beamdb.planner.exec.Operator;
import io.beamdb.planner.expr.Values;
import io.beamdb.sql.SqlErrors;
import io.beamdb.sql.type.BeamType;
import io.beamdb.sql.type.ColumnType;
import io.beamdb.txn.Transaction;

import java.sql.SQLException;
import java.util.List;

/**
 * Streams rows from a running operator tree, converting internal values to the external Java
 * values JDBC hands out. When it owns a read-only autocommit transaction, closing the cursor
 * ends it.
 */
final class EngineCursor implements RowCursor {
  private final List<ColumnInfo> columns;
  private final BeamType[] types;
  private final Operator op;
  private final Transaction ownTxn;
  private final Runnable onClose;
  private Object[] row;
  private boolean closed;

  EngineCursor(List<ColumnInfo> columns, ColumnType[] types, Operator op, Transaction ownTxn, Runnable onClose) {
    this.onClose = onClose;
    this.columns = columns;
    this.types = new BeamType[types.length];
    for (int i = 0; i < types.length; i++) {
      this.types[i] = types[i].type();
    }
    this.op = op;
    this.ownTxn = ownTxn;
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
    Object[] r;
    try {
      r = op.next();
    } catch (SqlErrors.SqlRuntimeException e) {
      close();
      throw e.sqlException();
    } catch (SQLException e) {
      close();
      throw e;
    } catch (io.beamdb.storage.StorageException e) {
      close();
      throw io.beamdb.txn.TxnErrors.storage(e);
    } catch (RuntimeException e) {
      close();
      throw SqlErrors.internal("query execution failed: " + e, e);
    } catch (StackOverflowError e) {
      close();
      throw new SQLException("Query is too deeply nested to execute", "54001", e);
    }
    if (r == null) {
      close();
      row = null;
      return false;
    }
    Object[] out = new Object[types.length];
    for (int i = 0; i < types.length; i++) {
      Object v = r[i];
      if (v != null && types[i] != BeamType.DATE && types[i] != BeamType.TIME && !types[i].isTimestamp()
          && !types[i].isInterval()) {
        v = Values.toType(types[i], v);
      }
      out[i] = ColumnType.toExternal(types[i], v);
    }
    row = out;
    return true;
  }

  @Override
  public Object get(int index) {
    return row[index];
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    onClose.run();
    op.close();
    if (ownTxn != null) {
      ownTxn.rollback();
    }
  }
}
