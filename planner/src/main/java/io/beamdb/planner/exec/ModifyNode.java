package io.beamdb.planner.exec;

import io.beamdb.sql.SqlErrors;
import io.beamdb.sql.catalog.ColumnDef;
import io.beamdb.sql.catalog.IndexDef;
import io.beamdb.sql.catalog.TableDef;
import io.beamdb.sql.encoding.KeyEncoder;
import io.beamdb.sql.encoding.RowCodec;
import io.beamdb.sql.encoding.TableKeys;
import io.beamdb.sql.type.ColumnType;
import io.beamdb.txn.KvCursor;
import io.beamdb.txn.Transaction;

import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * INSERT, UPDATE and DELETE: reads its whole input first (so a statement never sees its own
 * changes, the "Halloween problem"), then writes rows and maintains every secondary index through
 * the transaction. Enforces NOT NULL (23502), primary-key and unique-index uniqueness (23505) and
 * column types (22xxx). Produces one row holding the number of rows affected.
 *
 * <p>Input shapes (as Calcite's TableModify defines them): INSERT: the new row; DELETE: the old
 * row; UPDATE: the old row followed by the new values of {@code updateColumns}.
 */
public final class ModifyNode implements PlanNode {
  /** The kind of modification. */
  public enum Op { INSERT, UPDATE, DELETE }

  private final TableDef table;
  private final Op op;
  private final PlanNode input;
  private final int[] updateColumns;

  public ModifyNode(TableDef table, Op op, PlanNode input, int[] updateColumns) {
    this.table = table;
    this.op = op;
    this.input = input;
    this.updateColumns = updateColumns;
  }

  @Override
  public Operator open(ExecContext ctx) throws SQLException {
    List<Object[]> rows = Rows.drain(input.open(ctx));
    Transaction txn = ctx.txn();
    int n = table.columns().size();
    long count = 0;
    List<byte[]> hiddenKeys = null;
    if (op != Op.INSERT && !table.hasPrimaryKey()) {
      hiddenKeys = locateHiddenKeys(txn, rows);
    }
    for (int r = 0; r < rows.size(); r++) {
      Object[] in = rows.get(r);
      switch (op) {
        case INSERT: {
          Object[] row = check(Arrays.copyOf(in, n));
          long rowId = table.hasPrimaryKey() ? 0 : ctx.rowIds().next(table, txn);
          byte[] key = TableKeys.primaryKey(table, row, rowId);
          if (table.hasPrimaryKey() && txn.get(key) != null) {
            throw SqlErrors.duplicateKey("PRIMARY KEY", table.name(), describeKey(row, table.primaryKey()));
          }
          insert(txn, key, row);
          if (ctx.insertedRows() != null) {
            ctx.insertedRows().add(row.clone());
          }
          break;
        }
        case DELETE: {
          Object[] old = Arrays.copyOf(in, n);
          byte[] key = hiddenKeys != null ? hiddenKeys.get(r) : TableKeys.primaryKey(table, old, 0);
          if (key == null) {
            continue;
          }
          delete(txn, key, old);
          break;
        }
        case UPDATE: {
          Object[] old = Arrays.copyOf(in, n);
          Object[] row = old.clone();
          for (int i = 0; i < updateColumns.length; i++) {
            row[updateColumns[i]] = in[n + i];
          }
          row = check(row);
          byte[] oldKey = hiddenKeys != null ? hiddenKeys.get(r) : TableKeys.primaryKey(table, old, 0);
          if (oldKey == null) {
            continue;
          }
          byte[] newKey = hiddenKeys != null ? oldKey : TableKeys.primaryKey(table, row, 0);
          delete(txn, oldKey, old);
          if (!Arrays.equals(oldKey, newKey) && txn.get(newKey) != null) {
            throw SqlErrors.duplicateKey("PRIMARY KEY", table.name(), describeKey(row, table.primaryKey()));
          }
          insert(txn, newKey, row);
          break;
        }
        default:
          throw SqlErrors.unsupported(op.toString());
      }
      count++;
    }
    return Rows.of(List.<Object[]>of(new Object[] {count}));
  }

  /** Coerces values to column types and enforces NOT NULL. */
  private Object[] check(Object[] row) throws SQLException {
    List<ColumnDef> cols = table.columns();
    for (int i = 0; i < row.length; i++) {
      ColumnDef c = cols.get(i);
      ColumnType t = c.type();
      row[i] = t.coerce(row[i]);
      if (row[i] == null && !c.nullable()) {
        throw SqlErrors.notNull(table.name(), c.name());
      }
    }
    return row;
  }

  private void insert(Transaction txn, byte[] key, Object[] row) throws SQLException {
    byte[] pkValue = TableKeys.indexValue(key);
    for (IndexDef ix : table.indexes()) {
      if (ix.unique() && !hasNull(row, ix.columns())) {
        byte[] prefix = TableKeys.indexValuePrefix(table, ix, row);
        try (KvCursor c = txn.scan(prefix, KeyEncoder.prefixEnd(prefix))) {
          while (c.next()) {
            if (!Arrays.equals(c.value(), pkValue)) {
              throw SqlErrors.duplicateKey("UNIQUE index " + ix.name(), table.name(), describeKey(row, ix.columns()));
            }
          }
        }
      }
      txn.put(TableKeys.indexKey(table, ix, row, key), pkValue);
    }
    txn.put(key, RowCodec.encode(table.types(), row));
  }

  private void delete(Transaction txn, byte[] key, Object[] old) throws SQLException {
    for (IndexDef ix : table.indexes()) {
      txn.delete(TableKeys.indexKey(table, ix, old, key));
    }
    txn.delete(key);
  }

  private static boolean hasNull(Object[] row, int[] cols) {
    for (int c : cols) {
      if (row[c] == null) {
        return true;
      }
    }
    return false;
  }

  private String describeKey(Object[] row, int[] cols) {
    StringBuilder b = new StringBuilder("(");
    for (int i = 0; i < cols.length; i++) {
      if (i > 0) {
        b.append(", ");
      }
      b.append(table.columns().get(cols[i]).name()).append('=')
          .append(ColumnType.toExternal(table.types()[cols[i]], row[cols[i]]));
    }
    return b.append(')').toString();
  }

  /**
   * For a table keyed by a hidden row id, finds the storage key of each old row by matching row
   * contents against a scan of the table (equal rows are interchangeable, so any matching key of
   * an equal row is correct). Null for rows no longer present.
   */
  private List<byte[]> locateHiddenKeys(Transaction txn, List<Object[]> rows) throws SQLException {
    int n = table.columns().size();
    Map<List<Object>, Deque<Integer>> wanted = new HashMap<>();
    for (int i = 0; i < rows.size(); i++) {
      wanted.computeIfAbsent(Rows.key(Arrays.copyOf(rows.get(i), n)), k -> new ArrayDeque<>()).add(i);
    }
    List<byte[]> keys = new ArrayList<>(java.util.Collections.nCopies(rows.size(), (byte[]) null));
    byte[] prefix = TableKeys.prefix(table.id(), 0);
    try (KvCursor c = txn.scan(prefix, KeyEncoder.prefixEnd(prefix))) {
      while (c.next() && !wanted.isEmpty()) {
        List<Object> k = Rows.key(RowCodec.decode(table.types(), c.value()));
        Deque<Integer> q = wanted.get(k);
        if (q != null) {
          keys.set(q.poll(), c.key());
          if (q.isEmpty()) {
            wanted.remove(k);
          }
        }
      }
    }
    return keys;
  }

  /** The table this node writes. */
  public TableDef table() {
    return table;
  }

  @Override
  public String describe() {
    return op + "(" + table.qualifiedName() + ")";
  }

  @Override
  public List<PlanNode> inputs() {
    return List.of(input);
  }
}
