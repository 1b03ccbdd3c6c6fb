package io.beamdb.planner.exec;

import io.beamdb.sql.catalog.IndexDef;
import io.beamdb.sql.catalog.TableDef;
import io.beamdb.sql.encoding.KeyEncoder;
import io.beamdb.sql.encoding.RowCodec;
import io.beamdb.sql.encoding.TableKeys;
import io.beamdb.txn.KvCursor;

import java.sql.SQLException;
import java.util.List;

/**
 * Reads table rows through the transaction: a full scan of the primary key range, a
 * primary-key range or point read, or a secondary-index range scan that fetches each row by its
 * primary key. Rows are decoded from {@link RowCodec} as they are pulled.
 */
public final class TableScanNode implements PlanNode {
  private final TableDef table;
  private final IndexDef index;
  private final KeyRange range;
  private final boolean point;

  /**
   * @param table the table
   * @param index the secondary index to scan, or null for the primary key
   * @param range the key range, or null for a full scan
   * @param point true when {@code range} pins every primary-key column (a point get)
   */
  public TableScanNode(TableDef table, IndexDef index, KeyRange range, boolean point) {
    this.table = table;
    this.index = index;
    this.range = range;
    this.point = point;
  }

  @Override
  public Operator open(ExecContext ctx) throws SQLException {
    byte[] prefix = TableKeys.prefix(table.id(), index == null ? 0 : index.id());
    byte[] from = prefix;
    byte[] to = KeyEncoder.prefixEnd(prefix);
    if (range != null) {
      KeyRange.Bounds b = range.evaluate(prefix, ctx);
      if (b.empty()) {
        return EmptyOperator.INSTANCE;
      }
      if (point && index == null) {
        if (ctx.lockRows()) {
          ctx.txn().lockForUpdate(b.from());
        }
        byte[] value = ctx.txn().get(b.from());
        return new Operator() {
          boolean done;

          @Override
          public Object[] next() {
            if (done || value == null) {
              return null;
            }
            done = true;
            return RowCodec.decode(table.types(), value);
          }

          @Override
          public void close() {
          }
        };
      }
      from = b.from();
      to = b.to();
    }
    KvCursor cursor = ctx.txn().scan(from, to);
    return new Operator() {
      @Override
      public Object[] next() throws SQLException {
        while (cursor.next()) {
          ctx.checkInterrupted();
          if (index == null) {
            if (ctx.lockRows()) {
              ctx.txn().lockForUpdate(cursor.key());
            }
            return RowCodec.decode(table.types(), cursor.value());
          }
          byte[] rowKey = TableKeys.rowKeyFromIndexValue(table.id(), cursor.value());
          if (ctx.lockRows()) {
            ctx.txn().lockForUpdate(rowKey);
          }
          byte[] row = ctx.txn().get(rowKey);
          if (row != null) {
            return RowCodec.decode(table.types(), row);
          }
        }
        return null;
      }

      @Override
      public void close() {
        cursor.close();
      }
    };
  }

  @Override
  public String describe() {
    if (range == null) {
      return "TableScan(" + table.qualifiedName() + ")";
    }
    if (index == null) {
      return (point ? "PrimaryKeyGet(" : "PrimaryKeyRangeScan(") + table.qualifiedName() + ", " + range.text() + ")";
    }
    return "IndexScan(" + table.qualifiedName() + ", " + index.name() + ", " + range.text() + ")";
  }

  @Override
  public List<PlanNode> inputs() {
    return List.of();
  }

  /** An operator that returns no rows. */
  public static final class EmptyOperator implements Operator {
    static final EmptyOperator INSTANCE = new EmptyOperator();

    @Override
    public Object[] next() {
      return null;
    }

    @Override
    public void close() {
    }
  }
}
