package io.beamdb.engine;

import io.beamdb.sql.SqlErrors;
import io.beamdb.sql.catalog.Catalog;
import io.beamdb.sql.catalog.CatalogCodec;
import io.beamdb.sql.catalog.ColumnDef;
import io.beamdb.sql.catalog.IndexDef;
import io.beamdb.sql.catalog.TableDef;
import io.beamdb.sql.ddl.DdlCommand;
import io.beamdb.sql.encoding.KeyEncoder;
import io.beamdb.sql.encoding.RowCodec;
import io.beamdb.sql.encoding.TableKeys;
import io.beamdb.txn.KvCursor;
import io.beamdb.txn.Transaction;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Applies DDL inside the session's transaction: writes table, sequence and view definitions to
 * the MVCC catalog key space and builds or removes data, so the change is invisible to other
 * sessions until the transaction commits and is undone by rollback (transactional DDL, as in
 * PostgreSQL). The session installs the resulting {@link Catalog} changes at commit. DDL takes
 * the affected table's schema lock exclusively (waiting for open transactions that wrote that
 * table; other tables are not blocked) and exclusive locks on the names it creates.
 */
final class DdlExecutor {
  private final EngineDatabase db;

  DdlExecutor(EngineDatabase db) {
    this.db = db;
  }

  /**
   * Takes the locks {@code cmd} needs for transaction {@code txn}, held until it ends: the
   * affected table's schema lock exclusively (waiting for open transactions that wrote it), and
   * an exclusive lock on every name the command creates, so two transactions cannot create the
   * same name.
   *
   * @throws SQLException HY000 when a lock is not granted within LOCK_TIMEOUT
   */
  void lock(DdlCommand cmd, Catalog cat, Transaction txn) throws SQLException {
    TableDef target = affectedTable(cmd, cat);
    if (target != null) {
      db.schemaLocks().lockExclusive(target.id(), txn, db.lockTimeoutMillis(), target.name());
    }
    for (String name : createdNames(cmd)) {
      db.schemaLocks().lockExclusive(nameLockId(name), txn, db.lockTimeoutMillis(), name);
    }
  }

  /** A lock id for a schema-qualified name, disjoint from table ids (which are positive). */
  private static int nameLockId(String qualifiedName) {
    return -1 - (qualifiedName.hashCode() & 0x7fffffff);
  }

  private static List<String> createdNames(DdlCommand cmd) {
    List<String> names = new ArrayList<>();
    if (cmd instanceof DdlCommand.CreateTable) {
      DdlCommand.CreateTable c = (DdlCommand.CreateTable) cmd;
      names.add(c.schema() + "." + c.name());
    } else if (cmd instanceof DdlCommand.CreateView) {
      DdlCommand.CreateView c = (DdlCommand.CreateView) cmd;
      names.add(c.schema() + "." + c.name());
    } else if (cmd instanceof DdlCommand.CreateSequence) {
      DdlCommand.CreateSequence c = (DdlCommand.CreateSequence) cmd;
      names.add(c.schema() + "." + c.name());
    } else if (cmd instanceof DdlCommand.CreateIndex) {
      DdlCommand.CreateIndex c = (DdlCommand.CreateIndex) cmd;
      names.add(c.schema() + "." + c.name());
    } else if (cmd instanceof DdlCommand.AlterTable) {
      DdlCommand.AlterTable a = (DdlCommand.AlterTable) cmd;
      for (DdlCommand.AlterAction action : a.actions()) {
        if (action instanceof DdlCommand.RenameTable) {
          names.add(a.schema() + "." + ((DdlCommand.RenameTable) action).newName());
        }
      }
    }
    return names;
  }

  /**
   * For a DROP of a missing object: nothing to do (null, no catalog change) with IF EXISTS,
   * otherwise the not-found error.
   */
  private static Catalog skipMissing(boolean ifExists, SQLException notFound) throws SQLException {
    if (ifExists) {
      return null;
    }
    throw notFound;
  }

  /** The existing table whose rows or indexes {@code cmd} changes, or null. */
  private static TableDef affectedTable(DdlCommand cmd, Catalog cat) {
    if (cmd instanceof DdlCommand.DropTable) {
      DdlCommand.DropTable d = (DdlCommand.DropTable) cmd;
      return cat.table(d.schema(), d.name());
    }
    if (cmd instanceof DdlCommand.CreateIndex) {
      DdlCommand.CreateIndex c = (DdlCommand.CreateIndex) cmd;
      return cat.table(c.schema(), c.table());
    }
    if (cmd instanceof DdlCommand.DropIndex) {
      DdlCommand.DropIndex d = (DdlCommand.DropIndex) cmd;
      return cat.tableOfIndex(d.schema(), d.name());
    }
    if (cmd instanceof DdlCommand.AlterTable) {
      DdlCommand.AlterTable a = (DdlCommand.AlterTable) cmd;
      return cat.table(a.schema(), a.table());
    }
    return null;
  }

  /**
   * Applies {@code cmd} to {@code cat}: writes catalog entries and data changes into
   * {@code txn} (visible to others only when it commits) and returns the catalog as the
   * transaction now sees it, or null when nothing changed (IF [NOT] EXISTS). The caller holds
   * the locks from {@link #lock}.
   */
  Catalog apply(DdlCommand cmd, Catalog cat, Transaction txn) throws SQLException {
    if (cmd instanceof DdlCommand.CreateTable) {
      return createTable((DdlCommand.CreateTable) cmd, cat, txn);
    }
    if (cmd instanceof DdlCommand.DropTable) {
      DdlCommand.DropTable d = (DdlCommand.DropTable) cmd;
      TableDef t = cat.table(d.schema(), d.name());
      if (t == null) {
        return skipMissing(d.ifExists(), SqlErrors.unknownTable(d.name()));
      }
      deleteRange(txn, new byte[] {TableKeys.KEYSPACE, (byte) (t.id() >>> 24), (byte) (t.id() >>> 16), (byte) (t.id() >>> 8), (byte) t.id()});
      txn.delete(CatalogCodec.tableKey(t.id()));
      db.forgetRowIds(t.id());
      Catalog next = cat.without(t.id());
      for (ColumnDef c : t.columns()) {
        io.beamdb.sql.catalog.SequenceDef s = c.isIdentity() ? next.sequence(t.schema(), c.identitySequence()) : null;
        if (s != null) {
          next = dropSequence(s, next, txn);
        }
      }
      return next;
    }
    if (cmd instanceof DdlCommand.CreateIndex) {
      return createIndex((DdlCommand.CreateIndex) cmd, cat, txn);
    }
    if (cmd instanceof DdlCommand.AlterTable) {
      return alterTable((DdlCommand.AlterTable) cmd, cat, txn);
    }
    if (cmd instanceof DdlCommand.CreateView) {
      return createView((DdlCommand.CreateView) cmd, cat, txn);
    }
    if (cmd instanceof DdlCommand.DropView) {
      DdlCommand.DropView d = (DdlCommand.DropView) cmd;
      io.beamdb.sql.catalog.ViewDef v = cat.view(d.schema(), d.name());
      if (v == null) {
        return skipMissing(d.ifExists(), SqlErrors.undefinedObject("View", d.name()));
      }
      txn.delete(CatalogCodec.viewKey(v.id()));
      return cat.withoutView(v.id());
    }
    if (cmd instanceof DdlCommand.CreateSequence) {
      DdlCommand.CreateSequence c = (DdlCommand.CreateSequence) cmd;
      if (cat.sequence(c.schema(), c.name()) != null || cat.table(c.schema(), c.name()) != null) {
        if (c.ifNotExists() && cat.sequence(c.schema(), c.name()) != null) {
          return null;
        }
        throw SqlErrors.duplicateObject("Sequence", c.name());
      }
      io.beamdb.sql.catalog.SequenceDef s = new io.beamdb.sql.catalog.SequenceDef(db.allocateSequenceId(), c.schema(),
          c.name(), c.start(), c.increment(), c.cache());
      txn.put(CatalogCodec.sequenceKey(s.id()), CatalogCodec.encode(s));
      return cat.withSequence(s);
    }
    if (cmd instanceof DdlCommand.DropSequence) {
      DdlCommand.DropSequence d = (DdlCommand.DropSequence) cmd;
      io.beamdb.sql.catalog.SequenceDef s = cat.sequence(d.schema(), d.name());
      if (s == null) {
        return skipMissing(d.ifExists(), SqlErrors.undefinedObject("Sequence", d.name()));
      }
      for (TableDef t : cat.tables()) {
        for (ColumnDef c : t.columns()) {
          if (d.name().equals(c.identitySequence()) && t.schema().equals(d.schema())) {
            throw new SQLException("Sequence \"" + d.name() + "\" belongs to identity column " + t.name() + "." + c.name()
                + "; drop the table instead", "2BP01");
          }
        }
      }
      return dropSequence(s, cat, txn);
    }
    if (cmd instanceof DdlCommand.DropIndex) {
      DdlCommand.DropIndex d = (DdlCommand.DropIndex) cmd;
      TableDef t = cat.tableOfIndex(d.schema(), d.name());
      if (t == null) {
        return skipMissing(d.ifExists(), SqlErrors.undefinedObject("Index", d.name()));
      }
      IndexDef ix = t.index(d.name());
      deleteRange(txn, TableKeys.prefix(t.id(), ix.id()));
      TableDef nt = t.withoutIndex(d.name());
      txn.put(CatalogCodec.tableKey(nt.id()), CatalogCodec.encode(nt));
      return cat.with(nt);
    }
    throw SqlErrors.unsupported(cmd.getClass().getSimpleName());
  }

  private Catalog alterTable(DdlCommand.AlterTable a, Catalog cat, Transaction txn) throws SQLException {
    TableDef t = cat.table(a.schema(), a.table());
    if (t == null) {
      return skipMissing(a.ifExists(), SqlErrors.unknownTable(a.table()));
    }
    Catalog next = cat;
    for (DdlCommand.AlterAction action : a.actions()) {
      int id = t.id();
      t = next.tables().stream().filter(x -> x.id() == id).findFirst().orElse(t);
      next = alter(t, action, next, txn);
    }
    return next == cat ? null : next;
  }

  private Catalog alter(TableDef t, DdlCommand.AlterAction action, Catalog cat, Transaction txn) throws SQLException {
    List<ColumnDef> cols = new ArrayList<>(t.columns());
    if (action instanceof DdlCommand.AddColumn) {
      DdlCommand.AddColumn add = (DdlCommand.AddColumn) action;
      ColumnDef c = add.column();
      if (t.columnIndex(c.name()) >= 0) {
        if (add.ifNotExists()) {
          return cat;
        }
        throw SqlErrors.duplicateObject("Column", c.name());
      }
      cols.add(c);
      TableDef nt = new TableDef(t.id(), t.schema(), t.name(), cols, t.primaryKey(), t.indexes());
      Catalog next = save(nt, cat, txn);
      // existing rows decode the new column as NULL; give them the default, or check NOT NULL
      if (c.defaultSql() != null) {
        runDml("UPDATE " + quote(t.schema()) + "." + quote(t.name()) + " SET " + quote(c.name()) + " = " + c.defaultSql(),
            next, t.schema(), txn);
      } else if (!c.nullable() && hasRows(t, txn)) {
        throw new java.sql.SQLIntegrityConstraintViolationException("Cannot add NOT NULL column \"" + c.name()
            + "\" without a DEFAULT to table \"" + t.name() + "\", which has rows; give it a DEFAULT", "23502");
      }
      return next;
    }
    if (action instanceof DdlCommand.DropColumn) {
      DdlCommand.DropColumn d = (DdlCommand.DropColumn) action;
      int pos = t.columnIndex(d.name());
      if (pos < 0) {
        if (d.ifExists()) {
          return cat;
        }
        throw SqlErrors.unknownColumn(d.name(), t.name());
      }
      for (int p : t.primaryKey()) {
        if (p == pos) {
          throw new SQLException("Cannot drop column " + d.name() + ": it is part of the primary key of " + t.name(), "42P16");
        }
      }
      if (cols.size() == 1) {
        throw new SQLException("Cannot drop the only column of table " + t.name() + "; drop the table instead", "42P16");
      }
      if (cols.get(pos).isIdentity()) {
        io.beamdb.sql.catalog.SequenceDef s = cat.sequence(t.schema(), cols.get(pos).identitySequence());
        if (s != null) {
          cat = dropSequence(s, cat, txn);
        }
      }
      cols.remove(pos);
      List<IndexDef> indexes = new ArrayList<>();
      for (IndexDef ix : t.indexes()) {
        boolean uses = false;
        for (int c : ix.columns()) {
          uses |= c == pos;
        }
        if (uses) {
          deleteRange(txn, TableKeys.prefix(t.id(), ix.id())); // indexes on the column go with it
        } else {
          indexes.add(new IndexDef(ix.id(), ix.name(), ix.unique(), shift(ix.columns(), pos)));
        }
      }
      TableDef nt = new TableDef(t.id(), t.schema(), t.name(), cols, shift(t.primaryKey(), pos), indexes);
      rewriteRows(t, nt, pos, txn);
      return save(nt, cat, txn);
    }
    if (action instanceof DdlCommand.RenameColumn) {
      DdlCommand.RenameColumn r = (DdlCommand.RenameColumn) action;
      int pos = t.columnIndex(r.oldName());
      if (pos < 0) {
        throw SqlErrors.unknownColumn(r.oldName(), t.name());
      }
      if (t.columnIndex(r.newName()) >= 0) {
        throw SqlErrors.duplicateObject("Column", r.newName());
      }
      ColumnDef c = cols.get(pos);
      cols.set(pos, new ColumnDef(r.newName(), c.type(), c.nullable(), c.defaultSql(), c.identitySequence()));
      return save(new TableDef(t.id(), t.schema(), t.name(), cols, t.primaryKey(), t.indexes()), cat, txn);
    }
    if (action instanceof DdlCommand.RenameTable) {
      String newName = ((DdlCommand.RenameTable) action).newName();
      if (cat.table(t.schema(), newName) != null || cat.view(t.schema(), newName) != null) {
        throw SqlErrors.duplicateObject("Table", newName);
      }
      return save(new TableDef(t.id(), t.schema(), newName, cols, t.primaryKey(), t.indexes()), cat, txn);
    }
    if (action instanceof DdlCommand.SetDefault) {
      DdlCommand.SetDefault d = (DdlCommand.SetDefault) action;
      int pos = indexOf(cols, d.column(), t.name());
      ColumnDef c = cols.get(pos);
      cols.set(pos, new ColumnDef(c.name(), c.type(), c.nullable(), d.defaultSql(), c.identitySequence()));
      return save(new TableDef(t.id(), t.schema(), t.name(), cols, t.primaryKey(), t.indexes()), cat, txn);
    }
    if (action instanceof DdlCommand.SetNotNull) {
      DdlCommand.SetNotNull d = (DdlCommand.SetNotNull) action;
      int pos = indexOf(cols, d.column(), t.name());
      ColumnDef c = cols.get(pos);
      if (!d.notNull()) {
        for (int p : t.primaryKey()) {
          if (p == pos) {
            throw new SQLException("Column " + c.name() + " is in the primary key of " + t.name() + " and stays NOT NULL", "42P16");
          }
        }
      } else if (hasNull(t, pos, txn)) {
        throw new java.sql.SQLIntegrityConstraintViolationException("Cannot make column \"" + c.name() + "\" of table \""
            + t.name() + "\" NOT NULL: some rows hold NULL there; update them first", "23502");
      }
      cols.set(pos, new ColumnDef(c.name(), c.type(), !d.notNull(), c.defaultSql(), c.identitySequence()));
      return save(new TableDef(t.id(), t.schema(), t.name(), cols, t.primaryKey(), t.indexes()), cat, txn);
    }
    if (action instanceof DdlCommand.AddUnique) {
      DdlCommand.AddUnique u = (DdlCommand.AddUnique) action;
      String name = u.name() != null ? u.name() : "UK_" + t.name() + "_" + t.nextIndexId();
      return createIndex(new DdlCommand.CreateIndex(t.schema(), name, t.name(), true, u.columns(), false), cat, txn);
    }
    if (action instanceof DdlCommand.DropConstraint) {
      DdlCommand.DropConstraint d = (DdlCommand.DropConstraint) action;
      IndexDef ix = t.index(d.name());
      if (ix == null || !ix.unique()) {
        if (d.ifExists()) {
          return cat;
        }
        throw SqlErrors.undefinedObject("Constraint", d.name());
      }
      deleteRange(txn, TableKeys.prefix(t.id(), ix.id()));
      return save(t.withoutIndex(d.name()), cat, txn);
    }
    throw SqlErrors.unsupported("ALTER TABLE action " + action);
  }

  private static Catalog save(TableDef t, Catalog cat, Transaction txn) throws SQLException {
    txn.put(CatalogCodec.tableKey(t.id()), CatalogCodec.encode(t));
    return cat.with(t);
  }

  /** Positions after removing position {@code removed}. */
  private static int[] shift(int[] positions, int removed) {
    int[] out = positions.clone();
    for (int i = 0; i < out.length; i++) {
      if (out[i] > removed) {
        out[i]--;
      }
    }
    return out;
  }

  /** Re-encodes every row of {@code old} without column {@code dropped}. */
  private static void rewriteRows(TableDef old, TableDef now, int dropped, Transaction txn) throws SQLException {
    byte[] prefix = TableKeys.prefix(old.id(), 0);
    List<byte[][]> rewritten = new ArrayList<>();
    try (KvCursor c = txn.scan(prefix, KeyEncoder.prefixEnd(prefix))) {
      while (c.next()) {
        Object[] row = RowCodec.decode(old.types(), c.value());
        Object[] out = new Object[row.length - 1];
        for (int i = 0, j = 0; i < row.length; i++) {
          if (i != dropped) {
            out[j++] = row[i];
          }
        }
        rewritten.add(new byte[][] {c.key(), RowCodec.encode(now.types(), out)});
      }
    }
    for (byte[][] kv : rewritten) {
      txn.put(kv[0], kv[1]);
    }
  }

  private static boolean hasRows(TableDef t, Transaction txn) throws SQLException {
    byte[] prefix = TableKeys.prefix(t.id(), 0);
    try (KvCursor c = txn.scan(prefix, KeyEncoder.prefixEnd(prefix))) {
      return c.next();
    }
  }

  private static boolean hasNull(TableDef t, int pos, Transaction txn) throws SQLException {
    byte[] prefix = TableKeys.prefix(t.id(), 0);
    try (KvCursor c = txn.scan(prefix, KeyEncoder.prefixEnd(prefix))) {
      while (c.next()) {
        if (RowCodec.decode(t.types(), c.value())[pos] == null) {
          return true;
        }
      }
    }
    return false;
  }

  private static String quote(String ident) {
    return "\"" + ident.replace("\"", "\"\"") + "\"";
  }

  /** Plans {@code sql} against {@code cat} and runs it in the DDL's transaction. */
  private void runDml(String sql, Catalog cat, String schema, Transaction txn) throws SQLException {
    io.beamdb.planner.calcite.CalcitePlanning.LogicalPlan lp = io.beamdb.planner.calcite.CalcitePlanning.plan(sql, cat, schema);
    io.beamdb.planner.physical.PhysicalPlan pp =
        new io.beamdb.planner.physical.PhysicalPlanner(lp.rel().getCluster().getRexBuilder()).plan(lp.rel());
    io.beamdb.planner.exec.ExecContext ctx = new io.beamdb.planner.exec.ExecContext(txn, new Object[0],
        pp.correlationCount(), db);
    try (io.beamdb.planner.exec.Operator op = pp.root().open(ctx)) {
      op.next();
    }
  }

  private Catalog createView(DdlCommand.CreateView c, Catalog cat, Transaction txn) throws SQLException {
    io.beamdb.sql.catalog.ViewDef existing = cat.view(c.schema(), c.name());
    if (cat.table(c.schema(), c.name()) != null || (existing != null && !c.orReplace())) {
      if (existing != null && c.ifNotExists()) {
        return null;
      }
      throw SqlErrors.duplicateObject(existing != null ? "View" : "Table", c.name());
    }
    // plan the query now: it must be valid, and its columns become the view's
    io.beamdb.planner.calcite.CalcitePlanning.LogicalPlan lp =
        io.beamdb.planner.calcite.CalcitePlanning.plan(c.query(), cat, c.schema());
    if (lp.kind() != org.apache.calcite.sql.SqlKind.SELECT && lp.kind() != org.apache.calcite.sql.SqlKind.UNION
        && lp.kind() != org.apache.calcite.sql.SqlKind.INTERSECT && lp.kind() != org.apache.calcite.sql.SqlKind.EXCEPT
        && lp.kind() != org.apache.calcite.sql.SqlKind.ORDER_BY && lp.kind() != org.apache.calcite.sql.SqlKind.VALUES
        && lp.kind() != org.apache.calcite.sql.SqlKind.WITH) {
      throw SqlErrors.syntax("A view must be defined by a query, not " + lp.kind());
    }
    if (lp.parameterType().getFieldCount() > 0) {
      throw SqlErrors.syntax("A view's query cannot have ? parameters");
    }
    List<org.apache.calcite.rel.type.RelDataTypeField> fields = lp.rowType().getFieldList();
    if (!c.columns().isEmpty() && c.columns().size() != fields.size()) {
      throw SqlErrors.syntax("View " + c.name() + " names " + c.columns().size() + " columns but its query returns "
          + fields.size());
    }
    List<String> names = new ArrayList<>();
    List<io.beamdb.sql.type.ColumnType> types = new ArrayList<>();
    Set<String> seen = new HashSet<>();
    for (int i = 0; i < fields.size(); i++) {
      String n = c.columns().isEmpty() ? fields.get(i).getName() : c.columns().get(i);
      if (!seen.add(n)) {
        throw SqlErrors.syntax("View " + c.name() + " has two columns named " + n + "; give them aliases");
      }
      names.add(n);
      types.add(io.beamdb.planner.calcite.TypeMapping.fromRelType(fields.get(i).getType()));
    }
    int id = existing != null ? existing.id() : db.allocateViewId();
    io.beamdb.sql.catalog.ViewDef v = new io.beamdb.sql.catalog.ViewDef(id, c.schema(), c.name(), c.query(), names, types);
    txn.put(CatalogCodec.viewKey(id), CatalogCodec.encode(v));
    return cat.withView(v);
  }

  private Catalog dropSequence(io.beamdb.sql.catalog.SequenceDef s, Catalog cat, Transaction txn) throws SQLException {
    txn.delete(CatalogCodec.sequenceKey(s.id()));
    txn.delete(CatalogCodec.sequenceValueKey(s.id()));
    db.forgetSequence(s.id());
    return cat.withoutSequence(s.id());
  }

  private Catalog createTable(DdlCommand.CreateTable c, Catalog cat, Transaction txn) throws SQLException {
    if (cat.table(c.schema(), c.name()) != null || cat.view(c.schema(), c.name()) != null) {
      if (c.ifNotExists()) {
        return null;
      }
      throw SqlErrors.duplicateObject(cat.view(c.schema(), c.name()) != null ? "View" : "Table", c.name());
    }
    if (!c.schema().equals(Catalog.DEFAULT_SCHEMA)) {
      throw SqlErrors.undefinedObject("Schema", c.schema());
    }
    List<ColumnDef> cols = new ArrayList<>(c.columns());
    int id0 = db.allocateTableId();
    List<io.beamdb.sql.catalog.SequenceDef> identitySeqs = new ArrayList<>();
    for (DdlCommand.Identity ident : c.identities()) {
      int pos = indexOf(cols, ident.column(), c.name());
      ColumnDef col = cols.get(pos);
      if (!col.type().type().isInteger() && col.type().type() != io.beamdb.sql.type.BeamType.DECIMAL) {
        throw SqlErrors.syntax("Identity column " + col.name() + " must have an integer type, not " + col.type());
      }
      String seqName = "SYSTEM_SEQUENCE_" + id0 + "_" + col.name();
      identitySeqs.add(new io.beamdb.sql.catalog.SequenceDef(db.allocateSequenceId(), c.schema(), seqName,
          ident.start(), ident.increment(), 32));
      cols.set(pos, new ColumnDef(col.name(), col.type(), false, col.defaultSql(), seqName));
    }
    int[] pk = new int[c.primaryKey().size()];
    for (int i = 0; i < pk.length; i++) {
      pk[i] = indexOf(cols, c.primaryKey().get(i), c.name());
    }
    int id = id0;
    txn.put(CatalogCodec.nextTableIdKey(), java.nio.ByteBuffer.allocate(4).putInt(id + 1).array());
    TableDef t = new TableDef(id, c.schema(), c.name(), cols, pk, List.of());
    Set<String> usedNames = new HashSet<>();
    int n = 1;
    for (DdlCommand.UniqueConstraint u : c.uniques()) {
      int[] ixCols = new int[u.columns().size()];
      for (int i = 0; i < ixCols.length; i++) {
        ixCols[i] = indexOf(cols, u.columns().get(i), c.name());
      }
      if (Arrays.equals(ixCols, pk)) {
        continue; // the primary key is already unique
      }
      String name = u.name() != null ? u.name() : "UK_" + c.name() + "_" + n++;
      if (!usedNames.add(name) || cat.tableOfIndex(c.schema(), name) != null) {
        throw SqlErrors.duplicateObject("Index", name);
      }
      t = t.withIndex(new IndexDef(t.nextIndexId(), name, true, ixCols));
    }
    txn.put(CatalogCodec.tableKey(id), CatalogCodec.encode(t));
    Catalog next = cat.with(t);
    for (io.beamdb.sql.catalog.SequenceDef s : identitySeqs) {
      txn.put(CatalogCodec.sequenceKey(s.id()), CatalogCodec.encode(s));
      next = next.withSequence(s);
    }
    return next;
  }

  private Catalog createIndex(DdlCommand.CreateIndex c, Catalog cat, Transaction txn) throws SQLException {
    TableDef t = cat.table(c.schema(), c.table());
    if (t == null) {
      throw SqlErrors.unknownTable(c.table());
    }
    if (cat.tableOfIndex(c.schema(), c.name()) != null) {
      if (c.ifNotExists()) {
        return null;
      }
      throw SqlErrors.duplicateObject("Index", c.name());
    }
    int[] cols = new int[c.columns().size()];
    for (int i = 0; i < cols.length; i++) {
      cols[i] = indexOf(t.columns(), c.columns().get(i), t.name());
    }
    IndexDef ix = new IndexDef(t.nextIndexId(), c.name(), c.unique(), cols);
    TableDef nt = t.withIndex(ix);
    // build the index from the existing rows
    byte[] prefix = TableKeys.prefix(t.id(), 0);
    List<byte[][]> entries = new ArrayList<>();
    Set<List<Object>> seen = new HashSet<>();
    try (KvCursor cur = txn.scan(prefix, KeyEncoder.prefixEnd(prefix))) {
      while (cur.next()) {
        Object[] row = RowCodec.decode(t.types(), cur.value());
        if (ix.unique()) {
          Object[] vals = new Object[cols.length];
          boolean hasNull = false;
          for (int i = 0; i < cols.length; i++) {
            vals[i] = io.beamdb.planner.expr.Values.hashKey(row[cols[i]]);
            hasNull |= vals[i] == null;
          }
          if (!hasNull && !seen.add(Arrays.asList(vals))) {
            throw SqlErrors.duplicateKey("UNIQUE index " + ix.name(), t.name(), Arrays.toString(vals)
                + " (existing rows are not unique; remove duplicates first)");
          }
        }
        entries.add(new byte[][] {TableKeys.indexKey(nt, ix, row, cur.key()), TableKeys.indexValue(cur.key())});
      }
    }
    for (byte[][] e : entries) {
      txn.put(e[0], e[1]);
    }
    txn.put(CatalogCodec.tableKey(nt.id()), CatalogCodec.encode(nt));
    return cat.with(nt);
  }

  private static int indexOf(List<ColumnDef> cols, String name, String table) throws SQLException {
    for (int i = 0; i < cols.size(); i++) {
      if (cols.get(i).name().equals(name)) {
        return i;
      }
    }
    throw SqlErrors.unknownColumn(name, table);
  }

  private static void deleteRange(Transaction txn, byte[] prefix) throws SQLException {
    List<byte[]> keys = new ArrayList<>();
    try (KvCursor c = txn.scan(prefix, KeyEncoder.prefixEnd(prefix))) {
      while (c.next()) {
        keys.add(c.key());
      }
    }
    for (byte[] k : keys) {
      txn.delete(k);
    }
  }
}
