package io.beamdb.planner.exec;

import io.beamdb.sql.SqlErrors;
import io.beamdb.sql.catalog.TableDef;
import io.beamdb.sql.catalog.TriggerDef;
import io.beamdb.sql.encoding.KeyEncoder;
import io.beamdb.sql.encoding.RowCodec;
import io.beamdb.sql.encoding.TableKeys;
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
 * the transaction through a {@link RowWriter}, which enforces NOT NULL (23502), primary-key and
 * unique-index uniqueness (23505), column types (22xxx), CHECK (23514) and FOREIGN KEY (23503)
 * constraints. Produces one row holding the number of rows affected.
 *
 * <p>Input shapes (as Calcite's TableModify defines them): INSERT: the new row; DELETE: the old
 * row; UPDATE: the old row followed by the new values of {@code updateColumns}; MERGE (from
 * {@code CalcitePlanning}, which repairs Calcite's layout): the row to insert (when the statement
 * has WHEN NOT MATCHED), then the target row of the outer join, null when no target row matched,
 * and the new values of {@code updateColumns} (when it has WHEN MATCHED). A target row matched
 * by two source rows is an error (21000), as SQL:2016 14.12 requires.
 */
public final class ModifyNode implements PlanNode {
  /** The kind of modification. */
  public enum Op { INSERT, UPDATE, DELETE, MERGE }

  private final TableDef table;
  private final Op op;
  private final PlanNode input;
  private final int[] updateColumns;
  private final io.beamdb.sql.catalog.Catalog catalog;
  private final Map<Integer, List<RowWriter.CompiledCheck>> checks;
  /** Triggers on the table (from the planning catalog), in creation order. */
  private final List<TriggerDef> triggers;

  /** A modification of a table without constraints beyond keys and NOT NULL. */
  public ModifyNode(TableDef table, Op op, PlanNode input, int[] updateColumns) {
    this(table, op, input, updateColumns, new io.beamdb.sql.catalog.Catalog(0, List.of(table)), Map.of());
  }

  /**
   * @param catalog the catalog the statement was planned against (FOREIGN KEY lookups)
   * @param checks  compiled CHECK constraints by table id, for this table and every table a
   *                referential action may update
   */
  public ModifyNode(TableDef table, Op op, PlanNode input, int[] updateColumns, io.beamdb.sql.catalog.Catalog catalog,
                    Map<Integer, List<RowWriter.CompiledCheck>> checks) {
    this.table = table;
    this.op = op;
    this.input = input;
    this.updateColumns = updateColumns;
    this.catalog = catalog;
    this.checks = checks;
    this.triggers = catalog.triggersOn(table.id());
  }

  @Override
  public Operator open(ExecContext ctx) throws SQLException {
    List<Object[]> rows = Rows.drain(input.open(ctx));
    Transaction txn = ctx.txn();
    RowWriter writer = new RowWriter(catalog, checks, ctx);
    int n = table.columns().size();
    long count = 0;
    List<byte[]> hiddenKeys = null;
    java.util.Set<java.nio.ByteBuffer> mergedKeys = op == Op.MERGE ? new java.util.HashSet<>() : null;
    if (op == Op.MERGE && !table.hasPrimaryKey()) {
      throw SqlErrors.unsupported("MERGE into table " + table.name() + ", which has no primary key");
    }
    if (op != Op.INSERT && op != Op.MERGE && !table.hasPrimaryKey()) {
      hiddenKeys = locateHiddenKeys(txn, rows);
    }
    for (int r = 0; r < rows.size(); r++) {
      Object[] in = rows.get(r);
      switch (op) {
        case INSERT: {
          Object[] row = RowWriter.coerce(table, Arrays.copyOf(in, n));
          long rowId = table.hasPrimaryKey() ? 0 : ctx.rowIds().next(table, txn);
          byte[] key = TableKeys.primaryKey(table, row, rowId);
          fire(TriggerDef.Timing.BEFORE, TriggerDef.Event.INSERT, null, row, ctx);
          if (table.hasPrimaryKey() && txn.get(key) != null) {
            throw SqlErrors.duplicateKey("PRIMARY KEY", table.name(), RowWriter.describe(table, row, table.primaryKey()));
          }
          writer.insert(table, key, row);
          if (ctx.insertedRows() != null) {
            ctx.insertedRows().add(row.clone());
          }
          fire(TriggerDef.Timing.AFTER, TriggerDef.Event.INSERT, null, row, ctx);
          break;
        }
        case DELETE: {
          Object[] old = Arrays.copyOf(in, n);
          byte[] key = hiddenKeys != null ? hiddenKeys.get(r) : TableKeys.primaryKey(table, old, 0);
          if (key == null) {
            continue;
          }
          if (fire(TriggerDef.Timing.BEFORE, TriggerDef.Event.DELETE, old, null, ctx)) {
            old = stored(txn, key); // the trigger may have changed or deleted the row
            if (old == null) {
              continue;
            }
          }
          writer.delete(table, key, old);
          if (ctx.insertedRows() != null) {
            ctx.insertedRows().add(old.clone()); // RETURNING reports the deleted row
          }
          fire(TriggerDef.Timing.AFTER, TriggerDef.Event.DELETE, old, null, ctx);
          break;
        }
        case UPDATE: {
          Object[] old = Arrays.copyOf(in, n);
          Object[] row = old.clone();
          for (int i = 0; i < updateColumns.length; i++) {
            row[updateColumns[i]] = in[n + i];
          }
          row = RowWriter.coerce(table, row);
          byte[] oldKey = hiddenKeys != null ? hiddenKeys.get(r) : TableKeys.primaryKey(table, old, 0);
          if (oldKey == null) {
            continue;
          }
          byte[] newKey = hiddenKeys != null ? oldKey : TableKeys.primaryKey(table, row, 0);
          if (fire(TriggerDef.Timing.BEFORE, TriggerDef.Event.UPDATE, old, row, ctx)) {
            Object[] now = stored(txn, oldKey); // the trigger may have changed or deleted the row
            if (now == null) {
              continue;
            }
            if (!Rows.key(now).equals(Rows.key(old))) {
              old = now;
              row = now.clone();
              for (int i = 0; i < updateColumns.length; i++) {
                row[updateColumns[i]] = in[n + i];
              }
              row = RowWriter.coerce(table, row);
              newKey = hiddenKeys != null ? oldKey : TableKeys.primaryKey(table, row, 0);
            }
          }
          writer.update(table, oldKey, old, newKey, row);
          if (ctx.insertedRows() != null) {
            ctx.insertedRows().add(row.clone()); // RETURNING reports the new row
          }
          fire(TriggerDef.Timing.AFTER, TriggerDef.Event.UPDATE, old, row, ctx);
          break;
        }
        case MERGE: {
          if (!merge(in, n, writer, ctx, mergedKeys)) {
            continue;
          }
          break;
        }
        default:
          throw SqlErrors.unsupported(op.toString());
      }
      count++;
    }
    writer.finish();
    return Rows.of(List.<Object[]>of(new Object[] {count}));
  }

  /**
   * One MERGE input row: updates the matched target row, or inserts the new row when no target
   * row matched and the statement has WHEN NOT MATCHED. Returns whether a row was written.
   */
  private boolean merge(Object[] in, int n, RowWriter writer, ExecContext ctx, java.util.Set<java.nio.ByteBuffer> merged)
      throws SQLException {
    int k = updateColumns.length;
    boolean hasInsert = in.length == 2 * n + k;
    int targetAt = hasInsert ? n : 0;
    boolean matched = true;
    for (int p : table.primaryKey()) {
      matched &= in[targetAt + p] != null;
    }
    if (matched && k == 0) {
      return false; // WHEN NOT MATCHED only
    }
    Transaction txn = ctx.txn();
    if (matched) {
      Object[] old = Arrays.copyOfRange(in, targetAt, targetAt + n);
      Object[] row = old.clone();
      for (int i = 0; i < k; i++) {
        row[updateColumns[i]] = in[targetAt + n + i];
      }
      row = RowWriter.coerce(table, row);
      byte[] oldKey = TableKeys.primaryKey(table, old, 0);
      if (!merged.add(java.nio.ByteBuffer.wrap(oldKey))) {
        throw new SQLException("MERGE into " + table.name() + " matched the target row "
            + RowWriter.describe(table, old, table.primaryKey()) + " more than once; make the ON condition "
            + "match at most one source row per target row", "21000");
      }
      if (fire(TriggerDef.Timing.BEFORE, TriggerDef.Event.UPDATE, old, row, ctx)) {
        Object[] now = stored(txn, oldKey); // the trigger may have changed or deleted the row
        if (now == null) {
          return false;
        }
        if (!Rows.key(now).equals(Rows.key(old))) {
          old = now;
          row = now.clone();
          for (int i = 0; i < k; i++) {
            row[updateColumns[i]] = in[targetAt + n + i];
          }
          row = RowWriter.coerce(table, row);
        }
      }
      writer.update(table, oldKey, old, TableKeys.primaryKey(table, row, 0), row);
      if (ctx.insertedRows() != null) {
        ctx.insertedRows().add(row.clone());
      }
      fire(TriggerDef.Timing.AFTER, TriggerDef.Event.UPDATE, old, row, ctx);
      return true;
    }
    if (!hasInsert) {
      return false;
    }
    Object[] row = RowWriter.coerce(table, Arrays.copyOf(in, n));
    byte[] key = TableKeys.primaryKey(table, row, 0);
    fire(TriggerDef.Timing.BEFORE, TriggerDef.Event.INSERT, null, row, ctx);
    if (txn.get(key) != null) {
      throw SqlErrors.duplicateKey("PRIMARY KEY", table.name(), RowWriter.describe(table, row, table.primaryKey()));
    }
    writer.insert(table, key, row);
    merged.add(java.nio.ByteBuffer.wrap(key));
    if (ctx.insertedRows() != null) {
      ctx.insertedRows().add(row.clone());
    }
    fire(TriggerDef.Timing.AFTER, TriggerDef.Event.INSERT, null, row, ctx);
    return true;
  }

  /**
   * Runs the table's {@code timing}/{@code event} triggers for one row, in creation order; an
   * {@code UPDATE OF} trigger only when this statement sets one of its columns. Cascaded
   * changes made by FOREIGN KEY actions do not fire triggers. Returns whether any trigger ran:
   * after BEFORE UPDATE/DELETE triggers the caller re-reads the row, which a trigger may have
   * changed or deleted (SQLite leaves that case undefined; here the statement then works on
   * the row as stored, so indexes stay consistent, and skips a row that is gone).
   */
  private boolean fire(TriggerDef.Timing timing, TriggerDef.Event event, Object[] old, Object[] row, ExecContext ctx)
      throws SQLException {
    if (triggers.isEmpty()) {
      return false;
    }
    boolean fired = false;
    for (TriggerDef t : triggers) {
      if (t.timing() != timing || t.event() != event || !setsWatchedColumn(t)) {
        continue;
      }
      ExecContext.TriggerRunner runner = ctx.triggers();
      if (runner == null) {
        throw SqlErrors.unsupported("running trigger " + t.name() + " on " + table.name() + " in this context");
      }
      runner.fire(t, table, old == null ? null : old.clone(), row == null ? null : row.clone(), ctx);
      fired = true;
    }
    return fired;
  }

  /** The row stored under {@code key} now (a BEFORE trigger may have changed it), or null. */
  private Object[] stored(Transaction txn, byte[] key) throws SQLException {
    byte[] value = txn.get(key);
    return value == null ? null : RowCodec.decode(table.types(), value);
  }

  private boolean setsWatchedColumn(TriggerDef t) {
    if (t.event() != TriggerDef.Event.UPDATE || t.updateColumns().isEmpty()) {
      return true;
    }
    for (int c : updateColumns) {
      if (t.updateColumns().contains(table.columns().get(c).name())) {
        return true;
      }
    }
    return false;
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
  /** What this node does: INSERT, UPDATE, DELETE or MERGE. */
  public Op op() {
    return op;
  }

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
