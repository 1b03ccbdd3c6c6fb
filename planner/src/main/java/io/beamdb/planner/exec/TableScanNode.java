package io.beamdb.planner.exec;

import io.beamdb.planner.stats.CostModel;
import io.beamdb.planner.stats.TableStats;
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
 *
 * <p>An index scan planned with statistics but over bounds not known at planning time
 * ({@link Adaptive}) chooses at each {@link #open} between the index and a full scan, from the
 * bound values and the statistics ({@link CostModel}); the filter above the scan always applies
 * the whole condition, so either way returns the same rows. Immutable and thread-safe.
 */
public final class TableScanNode implements PlanNode {
  private final TableDef table;
  private final IndexDef index;
  private final KeyRange range;
  private final boolean point;
  private final Adaptive adaptive;

  /**
   * Statistics an index scan uses to decide at open time whether a full scan is cheaper.
   *
   * @param stats    the table's statistics when planned
   * @param keyCols  the index's key columns (table column positions)
   * @param planFull true when the plan's estimate (with unknown bounds) favoured the full scan
   */
  public record Adaptive(TableStats stats, int[] keyCols, boolean planFull) {
    /** True when, for the bound values of this execution, a full scan is estimated cheaper than {@code range}. */
    boolean fullScan(KeyRange range, ExecContext ctx) throws SQLException {
      Object[] eq = new Object[range.eq().length];
      for (int i = 0; i < eq.length; i++) {
        eq[i] = range.eq()[i].eval(null, ctx);
        if (eq[i] == null) {
          return false; // matches nothing: the range is empty
        }
      }
      Object lower = range.lower() == null ? null : range.lower().eval(null, ctx);
      Object upper = range.upper() == null ? null : range.upper().eval(null, ctx);
      if ((range.lower() != null && lower == null) || (range.upper() != null && upper == null)) {
        return false;
      }
      double f = CostModel.rangeSelectivity(stats, keyCols, eq, lower, range.lowerIncl(), upper, range.upperIncl());
      return CostModel.fullScanCheaper(f, Math.max(1, stats.rowCount()));
    }
  }

  /**
   * @param table the table
   * @param index the secondary index to scan, or null for the primary key
   * @param range the key range, or null for a full scan
   * @param point true when {@code range} pins every primary-key column (a point get)
   */
  public TableScanNode(TableDef table, IndexDef index, KeyRange range, boolean point) {
    this(table, index, range, point, null);
  }

  /**
   * @param adaptive for an index scan: statistics to choose between it and a full scan at each
   *                 open, or null to always use the index
   */
  public TableScanNode(TableDef table, IndexDef index, KeyRange range, boolean point, Adaptive adaptive) {
    this.table = table;
    this.index = index;
    this.range = range;
    this.point = point;
    this.adaptive = adaptive;
  }

  @Override
  public Operator open(ExecContext ctx) throws SQLException {
    IndexDef index = this.index;
    KeyRange range = this.range;
    if (adaptive != null && index != null && range != null && !ctx.lockRows() && adaptive.fullScan(range, ctx)) {
      index = null; // unselective values: read the whole table, the filter above does the rest
      range = null;
    }
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
    IndexDef ix = index;
    return new ScanOperator(index == null ? (range == null ? "TableScan" : "PrimaryKeyRangeScan") : "IndexScan " + index.name()) {
      @Override
      public Object[] next() throws SQLException {
        while (cursor.next()) {
          ctx.checkInterrupted();
          if (ix == null) {
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

  /**
   * The table columns this scan returns its rows in ascending order of (NULLs first, as keys are
   * encoded), and how many leading ones are pinned by equality, or null when the order is not
   * known in advance (an adaptive scan may switch to a full scan; a table without a primary key
   * is in hidden row-id order).
   *
   * @return {@code [pinned, col0, col1, ...]}, or null
   */
  public int[] order() {
    if (adaptive != null) {
      return null;
    }
    int[] pk = table.primaryKey();
    if (index == null) {
      if (!table.hasPrimaryKey()) {
        return null;
      }
      int[] out = new int[pk.length + 1];
      out[0] = range == null ? 0 : range.eq().length;
      System.arraycopy(pk, 0, out, 1, pk.length);
      return out;
    }
    int[] cols = index.columns();
    int[] out = new int[1 + cols.length + (table.hasPrimaryKey() ? pk.length : 0)];
    out[0] = range == null ? 0 : range.eq().length;
    System.arraycopy(cols, 0, out, 1, cols.length);
    if (table.hasPrimaryKey()) {
      System.arraycopy(pk, 0, out, 1 + cols.length, pk.length);
    }
    return out;
  }

  /** The table this node reads. */
  public TableDef table() {
    return table;
  }

  @Override
  public String describe() {
    if (range == null) {
      return "TableScan(" + table.qualifiedName() + ")";
    }
    if (adaptive != null && index != null) {
      String ix = "IndexScan(" + table.qualifiedName() + ", " + index.name() + ", " + range.text() + ")";
      String full = "TableScan(" + table.qualifiedName() + ")";
      return adaptive.planFull() ? full + " or " + ix + " when the values are selective"
          : ix + " or " + full + " when the values are not selective";
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

  /**
   * An operator of this node that says how it read (for EXPLAIN ANALYZE): {@code TableScan},
   * {@code PrimaryKeyRangeScan} or {@code IndexScan <name>}.
   */
  public abstract static class ScanOperator implements Operator {
    private final String access;

    ScanOperator(String access) {
      this.access = access;
    }

    /** How this execution read the table. */
    public String access() {
      return access;
    }
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
