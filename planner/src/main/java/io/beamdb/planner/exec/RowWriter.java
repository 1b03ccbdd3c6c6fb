package io.beamdb.planner.exec;

import io.beamdb.planner.expr.Expr;
import io.beamdb.sql.SqlErrors;
import io.beamdb.sql.catalog.Catalog;
import io.beamdb.sql.catalog.ColumnDef;
import io.beamdb.sql.catalog.ForeignKeyDef;
import io.beamdb.sql.catalog.IndexDef;
import io.beamdb.sql.catalog.TableDef;
import io.beamdb.sql.encoding.KeyEncoder;
import io.beamdb.sql.encoding.RowCodec;
import io.beamdb.sql.encoding.TableKeys;
import io.beamdb.sql.type.BeamType;
import io.beamdb.sql.type.ColumnType;
import io.beamdb.txn.KvCursor;
import io.beamdb.txn.Transaction;

import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Writes rows of one statement through its transaction and enforces the table constraints:
 * NOT NULL (23502), primary-key and unique-index uniqueness (23505) immediately; CHECK (23514)
 * on every written row; FOREIGN KEY constraints (23503) and their referential actions (CASCADE,
 * SET NULL, RESTRICT, NO ACTION) at {@link #finish()}, the end of the statement, as PostgreSQL
 * runs its referential-integrity triggers, so rows of one statement may reference each other in
 * any order.
 *
 * <p>A child row's parent is locked ({@link Transaction#lockForUpdate}) when it is checked, so a
 * concurrent transaction cannot delete it before this one commits. Child rows are found through
 * an index whose leading columns are the FOREIGN KEY columns (DDL creates one when none exists)
 * or, failing that, a scan. One instance per statement execution; not thread-safe.
 */
public final class RowWriter {
  /** Compiled CHECK constraints of a table, in declaration order. */
  public record CompiledCheck(String name, Expr condition) {
  }

  private final Catalog catalog;
  private final Map<Integer, List<CompiledCheck>> checks;
  private final Transaction txn;
  private final ExecContext ctx;
  /** Rows whose FOREIGN KEY columns must match a parent at the end: row key (which starts with the table id) -> {table, key}. */
  private final Map<java.nio.ByteBuffer, Object[]> childChecks = new LinkedHashMap<>();
  /** Parent rows deleted or re-keyed: their children need the referential action. */
  private final Deque<Object[]> parentChanges = new ArrayDeque<>();
  /** Per table id: whether any FOREIGN KEY references it (looked up once per statement). */
  private final Map<Integer, Boolean> referenced = new java.util.HashMap<>();

  /**
   * @param catalog the catalog the statement was planned against (for FOREIGN KEY lookups)
   * @param checks  compiled CHECK constraints by table id (tables without checks may be absent)
   * @param ctx     the statement's execution context
   */
  public RowWriter(Catalog catalog, Map<Integer, List<CompiledCheck>> checks, ExecContext ctx) {
    this.catalog = catalog;
    this.checks = checks;
    this.txn = ctx.txn();
    this.ctx = ctx;
  }

  /** Coerces values to the column types and enforces NOT NULL; returns {@code row}. */
  public static Object[] coerce(TableDef table, Object[] row) throws SQLException {
    List<ColumnDef> cols = table.columns();
    for (int i = 0; i < row.length; i++) {
      ColumnDef c = cols.get(i);
      row[i] = c.type().coerce(row[i]);
      if (row[i] == null && !c.nullable()) {
        throw SqlErrors.notNull(table.name(), c.name());
      }
    }
    return row;
  }

  /** Inserts a new row (already coerced) under {@code key}; the caller checked the primary key. */
  public void insert(TableDef table, byte[] key, Object[] row) throws SQLException {
    check(table, row);
    writeEntries(table, key, row);
    if (!table.foreignKeys().isEmpty()) {
      childChecks.put(java.nio.ByteBuffer.wrap(key), new Object[] {table, key});
    }
  }

  /** Deletes the row {@code old} stored under {@code key}. */
  public void delete(TableDef table, byte[] key, Object[] old) throws SQLException {
    removeEntries(table, key, old);
    if (isReferenced(table)) {
      parentChanges.add(new Object[] {table, old, null});
    }
  }

  /**
   * Replaces row {@code old} under {@code oldKey} by {@code row} (coerced) under {@code newKey}.
   *
   * @throws SQLException 23505 when the new primary key is taken by another row
   */
  public void update(TableDef table, byte[] oldKey, Object[] old, byte[] newKey, Object[] row) throws SQLException {
    check(table, row);
    removeEntries(table, oldKey, old);
    if (!Arrays.equals(oldKey, newKey) && txn.get(newKey) != null) {
      throw SqlErrors.duplicateKey("PRIMARY KEY", table.name(), describe(table, row, table.primaryKey()));
    }
    writeEntries(table, newKey, row);
    for (ForeignKeyDef fk : table.foreignKeys()) {
      if (changed(old, row, fk.columns())) {
        childChecks.put(java.nio.ByteBuffer.wrap(newKey), new Object[] {table, newKey});
        break;
      }
    }
    if (isReferenced(table)) {
      parentChanges.add(new Object[] {table, old, row});
    }
  }

  /**
   * Runs the deferred FOREIGN KEY work: referential actions for deleted or re-keyed parent rows
   * (which may cascade further), then the parent check of every written child row.
   *
   * @throws SQLException 23503 for a violated FOREIGN KEY, 23502 when SET NULL meets NOT NULL
   */
  public void finish() throws SQLException {
    while (!parentChanges.isEmpty()) {
      Object[] change = parentChanges.poll();
      applyReferentialActions((TableDef) change[0], (Object[]) change[1], (Object[]) change[2]);
    }
    for (Object[] pending : childChecks.values()) {
      TableDef table = (TableDef) pending[0];
      byte[] key = (byte[]) pending[1];
      byte[] value = txn.get(key);
      if (value != null) {
        checkParents(table, RowCodec.decode(table.types(), value));
      }
    }
    childChecks.clear();
  }

  private boolean isReferenced(TableDef table) {
    return referenced.computeIfAbsent(table.id(), id -> !catalog.referencing(id).isEmpty());
  }

  private void check(TableDef table, Object[] row) throws SQLException {
    List<CompiledCheck> list = checks.get(table.id());
    if (list == null) {
      return;
    }
    for (CompiledCheck c : list) {
      if (Boolean.FALSE.equals(c.condition().eval(row, ctx))) {
        throw new SQLIntegrityConstraintViolationException("CHECK constraint " + c.name() + " on table "
            + table.name() + " is violated by row " + describeRow(table, row), "23514");
      }
    }
  }

  private void writeEntries(TableDef table, byte[] key, Object[] row) throws SQLException {
    byte[] pkValue = TableKeys.indexValue(key);
    for (IndexDef ix : table.indexes()) {
      if (ix.unique() && !hasNull(row, ix.columns())) {
        byte[] prefix = TableKeys.indexValuePrefix(table, ix, row);
        try (KvCursor c = txn.scan(prefix, KeyEncoder.prefixEnd(prefix))) {
          while (c.next()) {
            if (!Arrays.equals(c.value(), pkValue)) {
              throw SqlErrors.duplicateKey("UNIQUE index " + ix.name(), table.name(), describe(table, row, ix.columns()));
            }
          }
        }
      }
      txn.put(TableKeys.indexKey(table, ix, row, key), pkValue);
    }
    txn.put(key, RowCodec.encode(table.types(), row));
  }

  private void removeEntries(TableDef table, byte[] key, Object[] old) throws SQLException {
    for (IndexDef ix : table.indexes()) {
      txn.delete(TableKeys.indexKey(table, ix, old, key));
    }
    txn.delete(key);
  }

  /** Verifies (and locks) the parent row of every FOREIGN KEY of {@code row} whose columns are all non-null. */
  private void checkParents(TableDef child, Object[] row) throws SQLException {
    for (ForeignKeyDef fk : child.foreignKeys()) {
      if (hasNull(row, fk.columns())) {
        continue; // MATCH SIMPLE: a row with a NULL in the key references nothing
      }
      TableDef parent = catalog.table(fk.refTableId());
      if (parent == null) {
        throw SqlErrors.internal("FOREIGN KEY " + fk.name() + " references a missing table", null);
      }
      Object[] probe = new Object[parent.columns().size()];
      for (int i = 0; i < fk.columns().length; i++) {
        probe[fk.refColumns()[i]] = coerceTo(parent.columns().get(fk.refColumns()[i]).type(), row[fk.columns()[i]]);
      }
      byte[] parentKey = findParent(parent, fk.refColumns(), probe);
      if (parentKey == null) {
        throw new SQLIntegrityConstraintViolationException("FOREIGN KEY constraint " + fk.name() + " on table "
            + child.name() + " is violated: " + describe(child, row, fk.columns()) + " has no matching row in "
            + parent.name() + "; insert the " + parent.name() + " row first", "23503");
      }
      txn.lockForUpdate(parentKey);
    }
  }

  /** The row key of the parent row whose {@code cols} equal {@code probe}'s, or null. */
  private byte[] findParent(TableDef parent, int[] cols, Object[] probe) throws SQLException {
    if (sameColumns(parent.primaryKey(), cols)) {
      byte[] key = TableKeys.primaryKey(parent, probe, 0);
      return txn.get(key) != null ? key : null;
    }
    for (IndexDef ix : parent.indexes()) {
      if (ix.unique() && sameColumns(ix.columns(), cols)) {
        byte[] prefix = TableKeys.indexValuePrefix(parent, ix, probe);
        try (KvCursor c = txn.scan(prefix, KeyEncoder.prefixEnd(prefix))) {
          return c.next() ? TableKeys.rowKeyFromIndexValue(parent.id(), c.value()) : null;
        }
      }
    }
    // the unique constraint was dropped after the FOREIGN KEY was declared: scan
    byte[] prefix = TableKeys.prefix(parent.id(), 0);
    try (KvCursor c = txn.scan(prefix, KeyEncoder.prefixEnd(prefix))) {
      while (c.next()) {
        if (matches(RowCodec.decode(parent.types(), c.value()), cols, probe, cols)) {
          return c.key();
        }
      }
    }
    return null;
  }

  /** Applies each referencing FOREIGN KEY's action to the children of a deleted ({@code now} null) or updated parent row. */
  private void applyReferentialActions(TableDef parent, Object[] old, Object[] now) throws SQLException {
    for (Catalog.Reference ref : catalog.referencing(parent.id())) {
      ForeignKeyDef fk = ref.foreignKey();
      if (now != null && !changed(old, now, fk.refColumns())) {
        continue;
      }
      if (hasNull(old, fk.refColumns())) {
        continue;
      }
      Object[] probe = new Object[parent.columns().size()];
      for (int c : fk.refColumns()) {
        probe[c] = old[c];
      }
      if (findParent(parent, fk.refColumns(), probe) != null) {
        continue; // another row (or the updated row itself) still has the referenced key
      }
      TableDef child = catalog.table(ref.child().id());
      ForeignKeyDef.Action action = now == null ? fk.onDelete() : fk.onUpdate();
      for (byte[] childKey : findChildren(child, fk, old)) {
        byte[] value = txn.get(childKey);
        if (value == null) {
          continue;
        }
        Object[] childRow = RowCodec.decode(child.types(), value);
        switch (action) {
          case CASCADE:
            if (now == null) {
              delete(child, childKey, childRow);
            } else {
              Object[] updated = childRow.clone();
              for (int i = 0; i < fk.columns().length; i++) {
                updated[fk.columns()[i]] = now[fk.refColumns()[i]];
              }
              updateChild(child, childKey, childRow, coerce(child, updated));
            }
            break;
          case SET_NULL: {
            Object[] updated = childRow.clone();
            for (int c : fk.columns()) {
              updated[c] = null;
            }
            updateChild(child, childKey, childRow, coerce(child, updated));
            break;
          }
          default:
            throw new SQLIntegrityConstraintViolationException("FOREIGN KEY constraint " + fk.name() + " on table "
                + child.name() + " is violated: " + (now == null ? "deleting" : "changing") + " the row "
                + describe(parent, old, fk.refColumns()) + " of " + parent.name() + " would orphan rows of "
                + child.name() + "; delete or change those rows first (or declare ON "
                + (now == null ? "DELETE" : "UPDATE") + " CASCADE)", "23503");
        }
      }
    }
  }

  private void updateChild(TableDef child, byte[] key, Object[] old, Object[] row) throws SQLException {
    byte[] newKey = child.hasPrimaryKey() ? TableKeys.primaryKey(child, row, 0) : key;
    update(child, key, old, newKey, row);
  }

  /** Row keys of the rows of {@code child} whose FOREIGN KEY columns equal the parent's {@code old} key. */
  private List<byte[]> findChildren(TableDef child, ForeignKeyDef fk, Object[] parentRow) throws SQLException {
    Object[] probe = new Object[child.columns().size()];
    for (int i = 0; i < fk.columns().length; i++) {
      probe[fk.columns()[i]] = coerceTo(child.columns().get(fk.columns()[i]).type(), parentRow[fk.refColumns()[i]]);
    }
    List<byte[]> keys = new ArrayList<>();
    int[] pk = child.primaryKey();
    if (leadingColumns(pk, fk.columns())) {
      byte[] prefix = prefix(child, 0, pk, fk.columns().length, probe);
      try (KvCursor c = txn.scan(prefix, KeyEncoder.prefixEnd(prefix))) {
        while (c.next()) {
          keys.add(c.key());
        }
      }
      return keys;
    }
    for (IndexDef ix : child.indexes()) {
      if (leadingColumns(ix.columns(), fk.columns())) {
        byte[] prefix = prefix(child, ix.id(), ix.columns(), fk.columns().length, probe);
        try (KvCursor c = txn.scan(prefix, KeyEncoder.prefixEnd(prefix))) {
          while (c.next()) {
            keys.add(TableKeys.rowKeyFromIndexValue(child.id(), c.value()));
          }
        }
        return keys;
      }
    }
    byte[] prefix = TableKeys.prefix(child.id(), 0);
    try (KvCursor c = txn.scan(prefix, KeyEncoder.prefixEnd(prefix))) {
      while (c.next()) {
        ctx.checkInterrupted();
        if (matches(RowCodec.decode(child.types(), c.value()), fk.columns(), probe, fk.columns())) {
          keys.add(c.key());
        }
      }
    }
    return keys;
  }

  private static byte[] prefix(TableDef t, int indexId, int[] keyCols, int n, Object[] probe) {
    KeyEncoder e = new KeyEncoder(TableKeys.prefix(t.id(), indexId));
    BeamType[] types = t.types();
    for (int i = 0; i < n; i++) {
      e.add(types[keyCols[i]], probe[keyCols[i]]);
    }
    return e.toBytes();
  }

  /** True when the first {@code cols.length} entries of {@code keyCols} are {@code cols} in any order. */
  public static boolean leadingColumns(int[] keyCols, int[] cols) {
    if (keyCols.length < cols.length) {
      return false;
    }
    int[] a = Arrays.copyOf(keyCols, cols.length);
    int[] b = cols.clone();
    Arrays.sort(a);
    Arrays.sort(b);
    return Arrays.equals(a, b);
  }

  /** True when {@code a} and {@code b} hold the same column positions, in any order. */
  public static boolean sameColumns(int[] a, int[] b) {
    return a.length == b.length && leadingColumns(a, b);
  }

  private static boolean matches(Object[] row, int[] cols, Object[] probe, int[] probeCols) {
    for (int i = 0; i < cols.length; i++) {
      Object v = row[cols[i]];
      Object p = probe[probeCols[i]];
      if (v == null || p == null || io.beamdb.planner.expr.Values.compare(v, p) != 0) {
        return false;
      }
    }
    return true;
  }

  private static Object coerceTo(ColumnType type, Object v) throws SQLException {
    return type.coerce(v);
  }

  private static boolean changed(Object[] old, Object[] now, int[] cols) {
    for (int c : cols) {
      Object a = old[c];
      Object b = now[c];
      if (a == null ? b != null : b == null || io.beamdb.planner.expr.Values.compare(a, b) != 0) {
        return true;
      }
    }
    return false;
  }

  private static boolean hasNull(Object[] row, int[] cols) {
    for (int c : cols) {
      if (row[c] == null) {
        return true;
      }
    }
    return false;
  }

  /** {@code (A=1, B='x')} for the given columns of a row, for error messages. */
  public static String describe(TableDef table, Object[] row, int[] cols) {
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

  private static String describeRow(TableDef table, Object[] row) {
    int[] all = new int[row.length];
    for (int i = 0; i < all.length; i++) {
      all[i] = i;
    }
    return describe(table, row, all);
  }
}
