package io.beamdb.engine;

import io.beamdb.sql.SqlErrors;
import io.beamdb.sql.catalog.Catalog;
import io.beamdb.sql.catalog.CatalogCodec;
import io.beamdb.sql.catalog.ColumnDef;
import io.beamdb.sql.catalog.IndexDef;
import io.beamdb.sql.catalog.TableDef;
import io.beamdb.sql.catalog.TriggerDef;
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
    } else if (cmd instanceof DdlCommand.CreateTrigger) {
      DdlCommand.CreateTrigger c = (DdlCommand.CreateTrigger) cmd;
      names.add(c.schema() + ".TRIGGER." + c.name());
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
    if (cmd instanceof DdlCommand.Truncate) {
      DdlCommand.Truncate t = (DdlCommand.Truncate) cmd;
      return cat.table(t.schema(), t.name());
    }
    if (cmd instanceof DdlCommand.Comment) {
      DdlCommand.Comment c = (DdlCommand.Comment) cmd;
      return cat.table(c.schema(), c.table());
    }
    if (cmd instanceof DdlCommand.CreateTrigger) {
      DdlCommand.CreateTrigger c = (DdlCommand.CreateTrigger) cmd;
      return cat.table(c.schema(), c.table());
    }
    if (cmd instanceof DdlCommand.DropTrigger) {
      DdlCommand.DropTrigger d = (DdlCommand.DropTrigger) cmd;
      TriggerDef tr = cat.trigger(d.schema(), d.name());
      return tr == null ? null : cat.table(tr.tableId());
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
      Catalog afterRefs = cat;
      for (Catalog.Reference r : cat.referencing(t.id())) {
        if (r.child().id() == t.id()) {
          continue;
        }
        if (!d.cascade()) {
          throw new SQLException("Cannot drop table " + t.name() + ": FOREIGN KEY " + r.foreignKey().name()
              + " of table " + r.child().name() + " references it; drop that constraint first or use DROP TABLE "
              + t.name() + " CASCADE", "2BP01");
        }
        db.schemaLocks().lockExclusive(r.child().id(), txn, db.lockTimeoutMillis(), r.child().name());
        TableDef child = afterRefs.table(r.child().id());
        List<io.beamdb.sql.catalog.ForeignKeyDef> fks = new ArrayList<>(child.foreignKeys());
        fks.removeIf(fk -> fk.refTableId() == t.id());
        afterRefs = save(child.withConstraints(fks, child.checks()), afterRefs, txn);
      }
      cat = afterRefs;
      deleteRange(txn, new byte[] {TableKeys.KEYSPACE, (byte) (t.id() >>> 24), (byte) (t.id() >>> 16), (byte) (t.id() >>> 8), (byte) t.id()});
      txn.delete(CatalogCodec.tableKey(t.id()));
      db.forgetRowIds(t.id());
      Catalog next = cat.without(t.id());
      for (TriggerDef tr : cat.triggersOn(t.id())) {
        txn.delete(CatalogCodec.triggerKey(tr.id()));
        next = next.withoutTrigger(tr.id());
      }
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
      requireSchema(cat, c.schema());
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
    if (cmd instanceof DdlCommand.CreateSchema) {
      DdlCommand.CreateSchema c = (DdlCommand.CreateSchema) cmd;
      if (cat.hasSchema(c.name()) || c.name().equals(io.beamdb.planner.calcite.SystemTables.SCHEMA)) {
        if (c.ifNotExists()) {
          return null;
        }
        throw new SQLException("Schema \"" + c.name() + "\" already exists; use IF NOT EXISTS or another name", "42P06");
      }
      txn.put(CatalogCodec.schemaKey(c.name()), new byte[] {1});
      return cat.withSchema(c.name());
    }
    if (cmd instanceof DdlCommand.DropSchema) {
      return dropSchema((DdlCommand.DropSchema) cmd, cat, txn);
    }
    if (cmd instanceof DdlCommand.Truncate) {
      return truncate((DdlCommand.Truncate) cmd, cat, txn);
    }
    if (cmd instanceof DdlCommand.AlterSequence) {
      return alterSequence((DdlCommand.AlterSequence) cmd, cat, txn);
    }
    if (cmd instanceof DdlCommand.CreateTrigger) {
      return createTrigger((DdlCommand.CreateTrigger) cmd, cat, txn);
    }
    if (cmd instanceof DdlCommand.Reindex) {
      return reindex((DdlCommand.Reindex) cmd, cat, txn);
    }
    if (cmd instanceof DdlCommand.Comment) {
      DdlCommand.Comment c = (DdlCommand.Comment) cmd;
      TableDef t = cat.table(c.schema(), c.table());
      if (t == null) {
        if (cat.view(c.schema(), c.table()) != null) {
          throw SqlErrors.unsupported("COMMENT ON a view (" + c.table() + "); comment the tables it reads");
        }
        throw SqlErrors.unknownTable(c.table());
      }
      if (c.column() != null && t.columnIndex(c.column()) < 0) {
        throw SqlErrors.unknownColumn(c.column(), t.name());
      }
      return save(t.withComment(c.column(), c.text()), cat, txn);
    }
    if (cmd instanceof DdlCommand.DropTrigger) {
      DdlCommand.DropTrigger d = (DdlCommand.DropTrigger) cmd;
      TriggerDef tr = cat.trigger(d.schema(), d.name());
      if (tr == null) {
        return skipMissing(d.ifExists(), new SQLException("Trigger \"" + d.name() + "\" not found in schema "
            + d.schema() + "; check the name in INFORMATION_SCHEMA.TRIGGERS, or use DROP TRIGGER IF EXISTS", "42704"));
      }
      txn.delete(CatalogCodec.triggerKey(tr.id()));
      return cat.withoutTrigger(tr.id());
    }
    throw SqlErrors.unsupported(cmd.getClass().getSimpleName());
  }

  /**
   * TRUNCATE TABLE: deletes every row and index entry in the transaction. Tables whose FOREIGN
   * KEYs reference it must be empty (23503) unless CASCADE truncates them too.
   */
  private Catalog truncate(DdlCommand.Truncate c, Catalog cat, Transaction txn) throws SQLException {
    TableDef t = cat.table(c.schema(), c.name());
    if (t == null) {
      throw SqlErrors.unknownTable(c.name());
    }
    java.util.ArrayDeque<TableDef> todo = new java.util.ArrayDeque<>(List.of(t));
    Set<Integer> done = new HashSet<>();
    Catalog next = cat;
    while (!todo.isEmpty()) {
      TableDef table = todo.poll();
      if (!done.add(table.id())) {
        continue;
      }
      for (Catalog.Reference r : cat.referencing(table.id())) {
        if (done.contains(r.child().id())) {
          continue;
        }
        if (c.cascade()) {
          db.schemaLocks().lockExclusive(r.child().id(), txn, db.lockTimeoutMillis(), r.child().name());
          todo.add(r.child());
        } else if (hasRows(r.child(), txn)) {
          throw new java.sql.SQLIntegrityConstraintViolationException("Cannot truncate table " + t.name()
              + ": FOREIGN KEY " + r.foreignKey().name() + " of table " + r.child().name()
              + " references it and that table has rows; truncate it first or use TRUNCATE TABLE " + t.name()
              + " CASCADE", "23503");
        }
      }
      deleteRange(txn, new byte[] {TableKeys.KEYSPACE, (byte) (table.id() >>> 24), (byte) (table.id() >>> 16),
          (byte) (table.id() >>> 8), (byte) table.id()});
      if (c.restartIdentity()) {
        for (ColumnDef col : table.columns()) {
          if (col.isIdentity()) {
            io.beamdb.sql.catalog.SequenceDef s = next.sequence(table.schema(), col.identitySequence());
            if (s != null) {
              next = alterSequence(new DdlCommand.AlterSequence(s.schema(), s.name(), false, true, null, null, null),
                  next, txn);
            }
          }
        }
      }
    }
    // no catalog change apart from restarted sequences, but cached plans stay valid either way
    return next == cat ? null : next;
  }

  /**
   * DROP SCHEMA: PUBLIC cannot be dropped (42501); a schema holding tables, views or sequences
   * needs CASCADE (2BP01), which drops them (tables as DROP TABLE ... CASCADE).
   */
  private Catalog dropSchema(DdlCommand.DropSchema d, Catalog cat, Transaction txn) throws SQLException {
    if (d.name().equals(Catalog.DEFAULT_SCHEMA) || d.name().equals(io.beamdb.planner.calcite.SystemTables.SCHEMA)) {
      throw new SQLException("Schema " + d.name() + " cannot be dropped", "42501");
    }
    if (!cat.hasSchema(d.name())) {
      return skipMissing(d.ifExists(), new SQLException("Schema \"" + d.name() + "\" does not exist", "3F000"));
    }
    boolean empty = cat.tables(d.name()).isEmpty() && cat.views().stream().noneMatch(v -> v.schema().equals(d.name()))
        && cat.sequences().stream().noneMatch(s -> s.schema().equals(d.name()));
    if (!empty && !d.cascade()) {
      throw new SQLException("Schema " + d.name() + " is not empty; drop its objects first or use DROP SCHEMA "
          + d.name() + " CASCADE", "2BP01");
    }
    Catalog next = cat;
    for (io.beamdb.sql.catalog.ViewDef v : cat.views()) {
      if (v.schema().equals(d.name())) {
        txn.delete(CatalogCodec.viewKey(v.id()));
        next = next.withoutView(v.id());
      }
    }
    for (TableDef t : cat.tables(d.name())) {
      if (next.table(t.id()) != null) {
        db.schemaLocks().lockExclusive(t.id(), txn, db.lockTimeoutMillis(), t.name());
        Catalog after = apply(new DdlCommand.DropTable(t.schema(), t.name(), true, true), next, txn);
        next = after == null ? next : after;
      }
    }
    for (io.beamdb.sql.catalog.SequenceDef s : next.sequences()) {
      if (s.schema().equals(d.name())) {
        next = dropSequence(s, next, txn);
      }
    }
    txn.delete(CatalogCodec.schemaKey(d.name()));
    return next.withoutSchema(d.name());
  }

  /** ALTER SEQUENCE: a new definition; RESTART also drops the allocated block so numbering starts over. */
  private Catalog alterSequence(DdlCommand.AlterSequence a, Catalog cat, Transaction txn) throws SQLException {
    io.beamdb.sql.catalog.SequenceDef s = cat.sequence(a.schema(), a.name());
    if (s == null) {
      return skipMissing(a.ifExists(), SqlErrors.undefinedObject("Sequence", a.name()));
    }
    long start = a.restart() && a.restartWith() != null ? a.restartWith() : s.start();
    io.beamdb.sql.catalog.SequenceDef n = new io.beamdb.sql.catalog.SequenceDef(s.id(), s.schema(), s.name(), start,
        a.increment() != null ? a.increment() : s.increment(), a.cache() != null ? a.cache() : s.cache());
    txn.put(CatalogCodec.sequenceKey(n.id()), CatalogCodec.encode(n));
    if (a.restart()) {
      txn.delete(CatalogCodec.sequenceValueKey(n.id()));
    }
    db.forgetSequence(n.id());
    return cat.withoutSequence(s.id()).withSequence(n);
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
      TableDef nt = t.withColumns(cols);
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
      // the table's own constraints on the column go with it; other tables' references block the drop
      List<io.beamdb.sql.catalog.ForeignKeyDef> fks = new ArrayList<>();
      for (io.beamdb.sql.catalog.ForeignKeyDef fk : t.foreignKeys()) {
        if (!fk.usesColumn(pos) && !(fk.refTableId() == t.id() && fk.usesRefColumn(pos))) {
          fks.add(fk.refTableId() == t.id() ? shiftFk(fk, pos, true, true) : shiftFk(fk, pos, true, false));
        }
      }
      for (Catalog.Reference r : cat.referencing(t.id())) {
        if (r.child().id() != t.id() && r.foreignKey().usesRefColumn(pos)) {
          throw new SQLException("Cannot drop column " + d.name() + " of " + t.name() + ": FOREIGN KEY "
              + r.foreignKey().name() + " of table " + r.child().name() + " references it; drop that constraint first",
              "2BP01");
        }
      }
      List<io.beamdb.sql.catalog.CheckDef> checks = new ArrayList<>();
      for (io.beamdb.sql.catalog.CheckDef ck : t.checks()) {
        if (!mentions(ck.sql(), d.name())) {
          checks.add(ck);
        }
      }
      TableDef nt = t.withShape(cols, shift(t.primaryKey(), pos), indexes).withConstraints(fks, checks);
      rewriteRows(t, nt, pos, txn);
      Catalog next = save(nt, cat, txn);
      for (Catalog.Reference r : next.referencing(t.id())) {
        if (r.child().id() != t.id()) {
          TableDef child = r.child();
          List<io.beamdb.sql.catalog.ForeignKeyDef> childFks = new ArrayList<>();
          for (io.beamdb.sql.catalog.ForeignKeyDef fk : child.foreignKeys()) {
            childFks.add(fk.refTableId() == t.id() ? shiftFk(fk, pos, false, true) : fk);
          }
          next = save(child.withConstraints(childFks, child.checks()), next, txn);
        }
      }
      return next;
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
      for (io.beamdb.sql.catalog.CheckDef ck : t.checks()) {
        if (mentions(ck.sql(), r.oldName())) {
          throw new SQLException("Cannot rename column " + r.oldName() + " of " + t.name() + ": CHECK constraint "
              + ck.name() + " uses it; drop the constraint, rename, and add it again", "2BP01");
        }
      }
      ColumnDef c = cols.get(pos);
      cols.set(pos, new ColumnDef(r.newName(), c.type(), c.nullable(), c.defaultSql(), c.identitySequence()));
      return save(t.withColumns(cols).withComment(r.newName(), t.comment(r.oldName())), cat, txn);
    }
    if (action instanceof DdlCommand.RenameTable) {
      String newName = ((DdlCommand.RenameTable) action).newName();
      if (cat.table(t.schema(), newName) != null || cat.view(t.schema(), newName) != null) {
        throw SqlErrors.duplicateObject("Table", newName);
      }
      return save(t.withName(newName), cat, txn);
    }
    if (action instanceof DdlCommand.SetDefault) {
      DdlCommand.SetDefault d = (DdlCommand.SetDefault) action;
      int pos = indexOf(cols, d.column(), t.name());
      ColumnDef c = cols.get(pos);
      cols.set(pos, new ColumnDef(c.name(), c.type(), c.nullable(), d.defaultSql(), c.identitySequence()));
      return save(t.withColumns(cols), cat, txn);
    }
    if (action instanceof DdlCommand.IfConstraintMissing) {
      DdlCommand.IfConstraintMissing m = (DdlCommand.IfConstraintMissing) action;
      if (t.foreignKey(m.name()) != null || t.check(m.name()) != null || t.index(m.name()) != null) {
        return cat;
      }
      return alter(t, m.action(), cat, txn);
    }
    if (action instanceof DdlCommand.AlterColumnType) {
      return alterColumnType((DdlCommand.AlterColumnType) action, t, cols, cat, txn);
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
      return save(t.withColumns(cols), cat, txn);
    }
    if (action instanceof DdlCommand.AddUnique) {
      DdlCommand.AddUnique u = (DdlCommand.AddUnique) action;
      String name = u.name() != null ? u.name() : "UK_" + t.name() + "_" + t.nextIndexId();
      return createIndex(new DdlCommand.CreateIndex(t.schema(), name, t.name(), true, u.columns(), false), cat, txn);
    }
    if (action instanceof DdlCommand.DropConstraint) {
      DdlCommand.DropConstraint d = (DdlCommand.DropConstraint) action;
      if (t.foreignKey(d.name()) != null || t.check(d.name()) != null) {
        List<io.beamdb.sql.catalog.ForeignKeyDef> fks = new ArrayList<>(t.foreignKeys());
        fks.removeIf(fk -> fk.name().equals(d.name()));
        List<io.beamdb.sql.catalog.CheckDef> checks = new ArrayList<>(t.checks());
        checks.removeIf(ck -> ck.name().equals(d.name()));
        return save(t.withConstraints(fks, checks), cat, txn);
      }
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
    if (action instanceof DdlCommand.AddForeignKey) {
      DdlCommand.ForeignKey f = ((DdlCommand.AddForeignKey) action).foreignKey();
      Catalog next = addForeignKey(t, f, cat, txn);
      TableDef nt = next.table(t.id());
      io.beamdb.sql.catalog.ForeignKeyDef fk = nt.foreignKeys().get(nt.foreignKeys().size() - 1);
      TableDef parent = next.table(fk.refTableId());
      db.schemaLocks().lockExclusive(parent.id(), txn, db.lockTimeoutMillis(), parent.name());
      // existing rows must already satisfy it
      StringBuilder q = new StringBuilder("SELECT COUNT(*) FROM " + qualified(nt) + " c WHERE ");
      StringBuilder match = new StringBuilder();
      for (int i = 0; i < fk.columns().length; i++) {
        String cc = quote(nt.columns().get(fk.columns()[i]).name());
        q.append("c.").append(cc).append(" IS NOT NULL AND ");
        match.append(i > 0 ? " AND " : "").append("p.").append(quote(parent.columns().get(fk.refColumns()[i]).name()))
            .append(" = c.").append(cc);
      }
      q.append("NOT EXISTS (SELECT 1 FROM ").append(qualified(parent)).append(" p WHERE ").append(match).append(')');
      long orphans = ((Number) runQuery(q.toString(), next, t.schema(), txn)).longValue();
      if (orphans > 0) {
        throw new java.sql.SQLIntegrityConstraintViolationException("Cannot add FOREIGN KEY " + fk.name() + " to "
            + nt.name() + ": " + orphans + " existing row(s) reference no row of " + parent.name()
            + "; fix or delete them first", "23503");
      }
      return next;
    }
    if (action instanceof DdlCommand.AddCheck) {
      DdlCommand.Check c = ((DdlCommand.AddCheck) action).check();
      Catalog next = addCheck(t, c, cat, txn);
      TableDef nt = next.table(t.id());
      io.beamdb.sql.catalog.CheckDef ck = nt.checks().get(nt.checks().size() - 1);
      long bad = ((Number) runQuery("SELECT COUNT(*) FROM " + qualified(nt) + " WHERE NOT (" + ck.sql() + ")", next,
          t.schema(), txn)).longValue();
      if (bad > 0) {
        throw new java.sql.SQLIntegrityConstraintViolationException("Cannot add CHECK constraint " + ck.name()
            + " to " + nt.name() + ": " + bad + " existing row(s) violate it; fix them first", "23514");
      }
      return next;
    }
    throw SqlErrors.unsupported("ALTER TABLE action " + action);
  }

  /** A FOREIGN KEY with positions after removing column {@code removed} of the child and/or the parent. */
  private static io.beamdb.sql.catalog.ForeignKeyDef shiftFk(io.beamdb.sql.catalog.ForeignKeyDef fk, int removed,
                                                            boolean child, boolean parent) {
    return new io.beamdb.sql.catalog.ForeignKeyDef(fk.name(), child ? shift(fk.columns(), removed) : fk.columns(),
        fk.refTableId(), parent ? shift(fk.refColumns(), removed) : fk.refColumns(), fk.onDelete(), fk.onUpdate());
  }

  /** True when SQL text {@code sql} mentions column {@code column} as an identifier (quoted or not). */
  private static boolean mentions(String sql, String column) {
    String q = java.util.regex.Pattern.quote(column);
    return java.util.regex.Pattern.compile("(?i)(?<![\\w$\"])" + q + "(?![\\w$\"])").matcher(sql).find()
        || sql.contains("\"" + column + "\"");
  }

  private static String qualified(TableDef t) {
    return quote(t.schema()) + "." + quote(t.name());
  }

  /** A constraint name not used by any index or constraint of the schema. */
  private static String freshConstraintName(Catalog cat, String schema, String base, Set<String> taken) {
    String name = base;
    for (int i = 2; cat.tableOfConstraint(schema, name) != null || cat.tableOfIndex(schema, name) != null
        || taken.contains(name); i++) {
      name = base + "_" + i;
    }
    return name;
  }

  private static void checkNewConstraintName(Catalog cat, String schema, String name) throws SQLException {
    if (cat.tableOfConstraint(schema, name) != null || cat.tableOfIndex(schema, name) != null) {
      throw SqlErrors.duplicateObject("Constraint", name);
    }
  }

  /**
   * Adds FOREIGN KEY {@code f} to table {@code t} (in {@code cat}): resolves the parent and its
   * referenced columns (the primary key when none are named; they must be the primary key or a
   * unique constraint, else 42830) and creates an index on the referencing columns unless one
   * already leads with them. Does not check existing rows.
   */
  private Catalog addForeignKey(TableDef t, DdlCommand.ForeignKey f, Catalog cat, Transaction txn) throws SQLException {
    TableDef parent = f.refSchema().equals(t.schema()) && f.refTable().equals(t.name()) ? t
        : cat.table(f.refSchema(), f.refTable());
    if (parent == null) {
      throw SqlErrors.unknownTable(f.refTable());
    }
    int[] cols = new int[f.columns().size()];
    for (int i = 0; i < cols.length; i++) {
      cols[i] = indexOf(t.columns(), f.columns().get(i), t.name());
    }
    int[] refCols;
    if (f.refColumns().isEmpty()) {
      if (!parent.hasPrimaryKey()) {
        throw new SQLException("FOREIGN KEY on " + t.name() + " references " + parent.name()
            + ", which has no primary key; name the referenced unique columns", "42830");
      }
      refCols = parent.primaryKey();
    } else {
      refCols = new int[f.refColumns().size()];
      for (int i = 0; i < refCols.length; i++) {
        refCols[i] = indexOf(parent.columns(), f.refColumns().get(i), parent.name());
      }
    }
    if (refCols.length != cols.length) {
      throw new SQLException("FOREIGN KEY on " + t.name() + " has " + cols.length + " column(s) but references "
          + refCols.length + " of " + parent.name(), "42830");
    }
    boolean unique = io.beamdb.planner.exec.RowWriter.sameColumns(parent.primaryKey(), refCols);
    for (IndexDef ix : parent.indexes()) {
      unique |= ix.unique() && io.beamdb.planner.exec.RowWriter.sameColumns(ix.columns(), refCols);
    }
    if (!unique) {
      throw new SQLException("FOREIGN KEY on " + t.name() + " references columns " + f.refColumns() + " of "
          + parent.name() + ", which are neither its primary key nor a unique constraint; add a UNIQUE constraint", "42830");
    }
    for (io.beamdb.sql.catalog.ForeignKeyDef.Action a : List.of(f.onDelete(), f.onUpdate())) {
      if (a == io.beamdb.sql.catalog.ForeignKeyDef.Action.SET_DEFAULT) {
        throw SqlErrors.unsupported("ON DELETE/UPDATE SET DEFAULT (FOREIGN KEY on " + t.name()
            + "); use SET NULL, CASCADE, RESTRICT or NO ACTION");
      }
    }
    String name = f.name();
    if (name == null) {
      name = freshConstraintName(cat, t.schema(), "FK_" + t.name() + "_" + parent.name(), Set.of());
    } else {
      checkNewConstraintName(cat, t.schema(), name);
    }
    io.beamdb.sql.catalog.ForeignKeyDef fk = new io.beamdb.sql.catalog.ForeignKeyDef(name, cols, parent.id(), refCols,
        f.onDelete(), f.onUpdate());
    List<io.beamdb.sql.catalog.ForeignKeyDef> fks = new ArrayList<>(t.foreignKeys());
    fks.add(fk);
    Catalog next = save(t.withConstraints(fks, t.checks()), cat, txn);
    // children are found by the referencing columns: make sure an index leads with them
    boolean indexed = io.beamdb.planner.exec.RowWriter.leadingColumns(t.primaryKey(), cols);
    for (IndexDef ix : t.indexes()) {
      indexed |= io.beamdb.planner.exec.RowWriter.leadingColumns(ix.columns(), cols);
    }
    if (!indexed) {
      List<String> names = new ArrayList<>();
      for (int c : cols) {
        names.add(t.columns().get(c).name());
      }
      String ixName = freshConstraintName(next, t.schema(), name + "_INDEX", Set.of());
      Catalog withIndex = createIndex(new DdlCommand.CreateIndex(t.schema(), ixName, t.name(), false, names, false),
          next, txn);
      next = withIndex == null ? next : withIndex;
    }
    return next;
  }

  private Catalog addCheck(TableDef t, DdlCommand.Check c, Catalog cat, Transaction txn) throws SQLException {
    String name = c.name();
    if (name == null) {
      name = freshConstraintName(cat, t.schema(), "CK_" + t.name(), Set.of());
    } else {
      checkNewConstraintName(cat, t.schema(), name);
    }
    io.beamdb.sql.catalog.CheckDef ck = new io.beamdb.sql.catalog.CheckDef(name, c.sql());
    List<io.beamdb.sql.catalog.CheckDef> checks = new ArrayList<>(t.checks());
    checks.add(ck);
    TableDef nt = t.withConstraints(t.foreignKeys(), checks);
    Catalog next = cat.with(nt);
    io.beamdb.planner.physical.PhysicalPlanner.compileCheck(nt, ck, next); // validates it
    return save(nt, cat, txn);
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
  /**
   * {@code ALTER COLUMN c TYPE t}: converts every stored value with CAST's rules (a value that
   * does not fit fails the statement: 22001, 22003, 22018, 22007), re-keys the rows when the
   * column is in the primary key (23505 if two keys become equal) and rebuilds every index.
   * Columns in a FOREIGN KEY cannot change type (2BP01: drop the constraint, change both sides,
   * add it again); identity columns stay integers (42804).
   */
  private Catalog alterColumnType(DdlCommand.AlterColumnType a, TableDef t, List<ColumnDef> cols, Catalog cat,
                                  Transaction txn) throws SQLException {
    int pos = indexOf(cols, a.column(), t.name());
    ColumnDef c = cols.get(pos);
    io.beamdb.sql.type.ColumnType from = c.type();
    io.beamdb.sql.type.ColumnType to = a.type();
    if (from.equals(to)) {
      return cat;
    }
    if (c.isIdentity() && !to.type().isInteger()) {
      throw new SQLException("Identity column " + c.name() + " of " + t.name() + " must stay an integer type, not "
          + to.sqlName(), "42804");
    }
    for (io.beamdb.sql.catalog.ForeignKeyDef fk : t.foreignKeys()) {
      if (fk.usesColumn(pos) || (fk.refTableId() == t.id() && fk.usesRefColumn(pos))) {
        throw new SQLException("Cannot change the type of column " + c.name() + " of " + t.name() + ": FOREIGN KEY "
            + fk.name() + " uses it; drop that constraint, change both columns, and add it again", "2BP01");
      }
    }
    for (Catalog.Reference r : cat.referencing(t.id())) {
      if (r.foreignKey().usesRefColumn(pos)) {
        throw new SQLException("Cannot change the type of column " + c.name() + " of " + t.name() + ": FOREIGN KEY "
            + r.foreignKey().name() + " of table " + r.child().name() + " references it; drop that constraint,"
            + " change both columns, and add it again", "2BP01");
      }
    }
    cols.set(pos, new ColumnDef(c.name(), to, c.nullable(), c.defaultSql(), c.identitySequence()));
    TableDef nt = t.withColumns(cols);
    boolean inKey = false;
    for (int p : t.primaryKey()) {
      inKey |= p == pos;
    }
    for (IndexDef ix : t.indexes()) {
      deleteRange(txn, TableKeys.prefix(t.id(), ix.id()));
    }
    byte[] prefix = TableKeys.prefix(t.id(), 0);
    List<byte[][]> rewritten = new ArrayList<>();
    try (KvCursor cur = txn.scan(prefix, KeyEncoder.prefixEnd(prefix))) {
      while (cur.next()) {
        Object[] row = RowCodec.decode(t.types(), cur.value());
        Object v = row[pos];
        if (v != null) {
          Object ext = io.beamdb.sql.type.ColumnType.toExternal(from.type(), v);
          if ((ext instanceof Double || ext instanceof Float) && to.type().isString()) {
            ext = io.beamdb.planner.expr.ExprCompiler.formatDouble(((Number) ext).doubleValue());
          } else if (ext instanceof Boolean && to.type().isString()) {
            ext = ((Boolean) ext) ? "TRUE" : "FALSE";
          }
          row[pos] = to.coerce(ext);
        }
        byte[] key = inKey ? TableKeys.primaryKey(nt, row, 0) : cur.key();
        rewritten.add(new byte[][] {cur.key(), key, RowCodec.encode(nt.types(), row)});
      }
    }
    if (inKey) {
      Set<java.nio.ByteBuffer> keys = new HashSet<>();
      for (byte[][] kv : rewritten) {
        if (!keys.add(java.nio.ByteBuffer.wrap(kv[1]))) {
          throw SqlErrors.duplicateKey("PRIMARY KEY", t.name(), "after converting " + c.name() + " to " + to.sqlName()
              + " two rows have the same key; make the values distinct first");
        }
        txn.delete(kv[0]);
      }
    }
    for (byte[][] kv : rewritten) {
      txn.put(kv[1], kv[2]);
    }
    for (IndexDef ix : nt.indexes()) {
      buildIndex(nt, ix, txn);
    }
    return save(nt, cat, txn);
  }

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

  /** Plans query {@code sql} against {@code cat}, runs it in the DDL's transaction and returns the first column of its first row. */
  private Object runQuery(String sql, Catalog cat, String schema, Transaction txn) throws SQLException {
    io.beamdb.planner.calcite.CalcitePlanning.LogicalPlan lp = io.beamdb.planner.calcite.CalcitePlanning.plan(sql, cat, schema);
    io.beamdb.planner.physical.PhysicalPlan pp =
        new io.beamdb.planner.physical.PhysicalPlanner(lp.rel().getCluster().getRexBuilder(), cat).plan(lp.rel());
    io.beamdb.planner.exec.ExecContext ctx = new io.beamdb.planner.exec.ExecContext(txn, new Object[0],
        pp.correlationCount(), db);
    try (io.beamdb.planner.exec.Operator op = pp.root().open(ctx)) {
      Object[] row = op.next();
      return row == null ? null : row[0];
    }
  }

  /** Plans {@code sql} against {@code cat} and runs it in the DDL's transaction. */
  private void runDml(String sql, Catalog cat, String schema, Transaction txn) throws SQLException {
    io.beamdb.planner.calcite.CalcitePlanning.LogicalPlan lp = io.beamdb.planner.calcite.CalcitePlanning.plan(sql, cat, schema);
    io.beamdb.planner.physical.PhysicalPlan pp =
        new io.beamdb.planner.physical.PhysicalPlanner(lp.rel().getCluster().getRexBuilder(), cat).plan(lp.rel());
    io.beamdb.planner.exec.ExecContext ctx = new io.beamdb.planner.exec.ExecContext(txn, new Object[0],
        pp.correlationCount(), db);
    try (io.beamdb.planner.exec.Operator op = pp.root().open(ctx)) {
      op.next();
    }
  }

  private static void requireSchema(Catalog cat, String schema) throws SQLException {
    if (!cat.hasSchema(schema)) {
      throw new SQLException("Schema \"" + schema + "\" does not exist; create it with CREATE SCHEMA", "3F000");
    }
  }

  private Catalog createView(DdlCommand.CreateView c, Catalog cat, Transaction txn) throws SQLException {
    requireSchema(cat, c.schema());
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

  /**
   * CREATE TRIGGER: the table must exist (42P01; a view: 0A000), the name be free in the schema
   * (42P07 unless IF NOT EXISTS), UPDATE OF columns exist (42703), and the WHEN condition and
   * body statements plan against the catalog now (their planning error otherwise).
   */
  private Catalog createTrigger(DdlCommand.CreateTrigger c, Catalog cat, Transaction txn) throws SQLException {
    TableDef t = cat.table(c.schema(), c.table());
    if (t == null) {
      if (cat.view(c.schema(), c.table()) != null) {
        throw SqlErrors.unsupported("triggers on views (trigger " + c.name() + " on view " + c.table()
            + "); create the trigger on a table");
      }
      throw SqlErrors.unknownTable(c.table());
    }
    if (cat.trigger(c.schema(), c.name()) != null) {
      if (c.ifNotExists()) {
        return null;
      }
      throw SqlErrors.duplicateObject("Trigger", c.name());
    }
    for (String col : c.updateColumns()) {
      if (t.columnIndex(col) < 0) {
        throw SqlErrors.unknownColumn(col, t.name());
      }
    }
    TriggerDef tr = new TriggerDef(db.allocateTriggerId(), c.schema(), c.name(), t.id(), c.timing(), c.event(),
        c.updateColumns(), c.when(), c.statements(), c.sql());
    Catalog next = cat.withTrigger(tr);
    TriggerExecutor.compile(tr, t, next); // errors in the body now rather than at the first write
    txn.put(CatalogCodec.triggerKey(tr.id()), CatalogCodec.encode(tr));
    return next;
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
    if (!cat.hasSchema(c.schema())) {
      throw new SQLException("Schema \"" + c.schema() + "\" does not exist; create it with CREATE SCHEMA", "3F000");
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
    for (DdlCommand.Check ck : c.checks()) {
      next = addCheck(next.table(id), ck, next, txn);
    }
    for (DdlCommand.ForeignKey fk : c.foreignKeys()) {
      next = addForeignKey(next.table(id), fk, next, txn);
      TableDef parent = next.table(next.table(id).foreignKeys().get(next.table(id).foreignKeys().size() - 1).refTableId());
      if (parent.id() != id) {
        db.schemaLocks().lockExclusive(parent.id(), txn, db.lockTimeoutMillis(), parent.name());
      }
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
    buildIndex(nt, ix, txn);
    txn.put(CatalogCodec.tableKey(nt.id()), CatalogCodec.encode(nt));
    return cat.with(nt);
  }

  /**
   * REINDEX: rebuilds the named index, every index of the named table or schema, or every index
   * (no name, DATABASE, or a collation name in SQLite's form) from the table rows, verifying
   * that unique indexes hold unique values (23505). No catalog change (returns null).
   *
   * @throws SQLException 42704 when no index, table or schema has the name
   */
  private Catalog reindex(DdlCommand.Reindex r, Catalog cat, Transaction txn) throws SQLException {
    List<TableDef> tables = new ArrayList<>();
    String only = null;
    String kind = r.kind();
    if (r.name() == null || "DATABASE".equals(kind)
        || kind == null && List.of("BINARY", "NOCASE", "RTRIM").contains(r.name())) {
      tables.addAll(cat.tables());
    } else if ("SCHEMA".equals(kind)) {
      if (!cat.hasSchema(r.name())) {
        throw new SQLException("Schema \"" + r.name() + "\" does not exist", "3F000");
      }
      tables.addAll(cat.tables(r.name()));
    } else {
      TableDef byIndex = "TABLE".equals(kind) ? null : cat.tableOfIndex(r.schema(), r.name());
      TableDef byTable = "INDEX".equals(kind) ? null : cat.table(r.schema(), r.name());
      if (byIndex != null) {
        tables.add(byIndex);
        only = r.name();
      } else if (byTable != null) {
        tables.add(byTable);
      } else {
        throw new SQLException((kind == null ? "Index or table" : kind.charAt(0) + kind.substring(1).toLowerCase())
            + " \"" + r.name() + "\" not found in schema " + r.schema() + "; REINDEX takes an index, table or schema name",
            "42704");
      }
    }
    for (TableDef t : tables) {
      db.schemaLocks().lockExclusive(t.id(), txn, db.lockTimeoutMillis(), t.name());
      for (IndexDef ix : t.indexes()) {
        if (only == null || ix.name().equals(only)) {
          deleteRange(txn, TableKeys.prefix(t.id(), ix.id()));
          buildIndex(t, ix, txn);
        }
      }
    }
    return null;
  }

  /** Writes the entries of index {@code ix} of {@code t} for every row (23505 when a unique index meets duplicates). */
  private static void buildIndex(TableDef t, IndexDef ix, Transaction txn) throws SQLException {
    int[] cols = ix.columns();
    TableDef nt = t;
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
