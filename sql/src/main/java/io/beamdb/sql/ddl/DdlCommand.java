package io.beamdb.sql.ddl;

import io.beamdb.sql.catalog.ColumnDef;

import java.util.List;

/** A parsed DDL statement, ready to be applied to the catalog. */
public sealed interface DdlCommand {
  /**
   * {@code CREATE TABLE}.
   *
   * @param uniques UNIQUE constraints: each an optional name (null) and its column names
   */
  record CreateTable(String schema, String name, boolean ifNotExists, List<ColumnDef> columns,
                     List<String> primaryKey, List<UniqueConstraint> uniques, List<Identity> identities,
                     List<ForeignKey> foreignKeys, List<Check> checks)
      implements DdlCommand {
    /** A table without FOREIGN KEY or CHECK constraints. */
    public CreateTable(String schema, String name, boolean ifNotExists, List<ColumnDef> columns,
                       List<String> primaryKey, List<UniqueConstraint> uniques, List<Identity> identities) {
      this(schema, name, ifNotExists, columns, primaryKey, uniques, identities, List.of(), List.of());
    }
  }

  /**
   * A FOREIGN KEY clause. {@code refColumns} empty means the referenced table's primary key.
   * {@code name} null means a generated name.
   */
  record ForeignKey(String name, List<String> columns, String refSchema, String refTable, List<String> refColumns,
                    io.beamdb.sql.catalog.ForeignKeyDef.Action onDelete,
                    io.beamdb.sql.catalog.ForeignKeyDef.Action onUpdate) {
  }

  /** A CHECK clause; {@code name} null means a generated name. */
  record Check(String name, String sql) {
  }

  /** ALTER TABLE ADD [CONSTRAINT name] FOREIGN KEY ... */
  record AddForeignKey(ForeignKey foreignKey) implements AlterAction {
  }

  /** ALTER TABLE ADD [CONSTRAINT name] CHECK (...) */
  record AddCheck(Check check) implements AlterAction {
  }

  record Identity(String column, long start, long increment) {
  }

  /** A UNIQUE constraint declared with a table; {@code name} may be null. */
  record UniqueConstraint(String name, List<String> columns) {
  }

  /** {@code DROP TABLE [IF EXISTS]}. */
  /** DROP TABLE; with {@code cascade} the FOREIGN KEY constraints of other tables that reference it are dropped too. */
  record DropTable(String schema, String name, boolean ifExists, boolean cascade) implements DdlCommand {
    /** DROP TABLE without CASCADE. */
    public DropTable(String schema, String name, boolean ifExists) {
      this(schema, name, ifExists, false);
    }
  }

  /** {@code CREATE [UNIQUE] INDEX [IF NOT EXISTS] name ON table (cols)}. */
  record CreateIndex(String schema, String name, String table, boolean unique, List<String> columns,
                     boolean ifNotExists) implements DdlCommand {
  }

  /** {@code CREATE SEQUENCE [IF NOT EXISTS] name [START WITH n] [INCREMENT BY n] [CACHE n]}. */
  record CreateSequence(String schema, String name, boolean ifNotExists, long start, long increment, long cache)
      implements DdlCommand {
  }

  /** {@code DROP SEQUENCE [IF EXISTS] name}. */
  record DropSequence(String schema, String name, boolean ifExists) implements DdlCommand {
  }

  /** CREATE SCHEMA [IF NOT EXISTS] name. */
  record CreateSchema(String name, boolean ifNotExists) implements DdlCommand {
  }

  /** DROP SCHEMA [IF EXISTS] name [CASCADE | RESTRICT]; CASCADE drops the schema's tables, views and sequences. */
  record DropSchema(String name, boolean ifExists, boolean cascade) implements DdlCommand {
  }

  /**
   * ALTER SEQUENCE; null fields keep their value. {@code restart} set means RESTART [WITH n]
   * ({@code restartWith} null: the sequence's START value).
   */
  record AlterSequence(String schema, String name, boolean ifExists, boolean restart, Long restartWith, Long increment,
                       Long cache) implements DdlCommand {
  }

  /**
   * TRUNCATE TABLE: deletes every row. {@code cascade} also truncates tables whose FOREIGN KEYs
   * reference it; {@code restartIdentity} restarts its identity columns.
   */
  record Truncate(String schema, String name, boolean cascade, boolean restartIdentity) implements DdlCommand {
  }

  /**
   * {@code COMMENT ON TABLE t IS 'text'} / {@code COMMENT ON COLUMN t.c IS 'text'} (H2,
   * PostgreSQL); {@code IS NULL} or {@code IS ''} removes the comment.
   *
   * @param column the column, or null for the table's own comment
   * @param text   the comment, or null to remove it
   */
  record Comment(String schema, String table, String column, String text) implements DdlCommand {
  }

  /**
   * {@code CREATE [OR REPLACE] VIEW [IF NOT EXISTS] name [(columns)] AS query}.
   *
   * @param query   the defining query as written
   * @param columns column names given after the view name (empty: the query's own)
   */
  record CreateView(String schema, String name, boolean orReplace, boolean ifNotExists, List<String> columns,
                    String query) implements DdlCommand {
  }

  /** {@code DROP VIEW [IF EXISTS] name}. */
  record DropView(String schema, String name, boolean ifExists) implements DdlCommand {
  }

  /** {@code ALTER TABLE [IF EXISTS] table action, ...}: the actions are applied in order, atomically. */
  record AlterTable(String schema, String table, boolean ifExists, List<AlterAction> actions) implements DdlCommand {
  }

  /** One action of an ALTER TABLE. */
  sealed interface AlterAction {
  }

  /** {@code ADD [COLUMN] [IF NOT EXISTS] column}. */
  record AddColumn(ColumnDef column, boolean ifNotExists) implements AlterAction {
  }

  /** {@code DROP [COLUMN] [IF EXISTS] name}. */
  record DropColumn(String name, boolean ifExists) implements AlterAction {
  }

  /** {@code RENAME COLUMN old TO new}. */
  record RenameColumn(String oldName, String newName) implements AlterAction {
  }

  /** {@code RENAME TO new}. */
  record RenameTable(String newName) implements AlterAction {
  }

  /** {@code ALTER COLUMN c SET DEFAULT expr} (defaultSql) or {@code DROP DEFAULT} (null). */
  record SetDefault(String column, String defaultSql) implements AlterAction {
  }

  /**
   * {@code ALTER COLUMN c [SET DATA] TYPE t} (SQL standard, PostgreSQL), H2's {@code ALTER COLUMN c t}
   * and MySQL's {@code MODIFY [COLUMN] c t}: every value is converted with CAST's rules.
   */
  record AlterColumnType(String column, io.beamdb.sql.type.ColumnType type) implements AlterAction {
  }

  /** {@code ADD CONSTRAINT IF NOT EXISTS name ...}: {@code action} unless the table has a constraint {@code name}. */
  record IfConstraintMissing(String name, AlterAction action) implements AlterAction {
  }

  /** {@code ALTER COLUMN c SET NOT NULL} (true) or {@code DROP NOT NULL} (false). */
  record SetNotNull(String column, boolean notNull) implements AlterAction {
  }

  /** {@code ADD [CONSTRAINT name] UNIQUE (columns)}. */
  record AddUnique(String name, List<String> columns) implements AlterAction {
  }

  /** {@code DROP CONSTRAINT [IF EXISTS] name}. */
  record DropConstraint(String name, boolean ifExists) implements AlterAction {
  }

  /** {@code DROP INDEX [IF EXISTS] name}. */
  record DropIndex(String schema, String name, boolean ifExists) implements DdlCommand {
  }

  /**
   * {@code CREATE TRIGGER [IF NOT EXISTS] name {BEFORE|AFTER} {INSERT|UPDATE [OF cols]|DELETE} ON
   * table [FOR EACH ROW] [WHEN cond] BEGIN stmt; ... END}; the trigger lives in its table's schema.
   */
  record CreateTrigger(String schema, String name, boolean ifNotExists, String table,
                       io.beamdb.sql.catalog.TriggerDef.Timing timing, io.beamdb.sql.catalog.TriggerDef.Event event,
                       List<String> updateColumns, String when, List<String> statements, String sql)
      implements DdlCommand {
  }

  /** {@code DROP TRIGGER [IF EXISTS] [schema.]name}. */
  record DropTrigger(String schema, String name, boolean ifExists) implements DdlCommand {
  }

  /**
   * {@code REINDEX [INDEX | TABLE | SCHEMA | DATABASE] [name]}: rebuilds indexes from their
   * table's rows. {@code kind} null means SQLite's form, where the name may be an index, a table
   * or a collation (BINARY, NOCASE, RTRIM: every index); {@code name} null means every index.
   */
  record Reindex(String kind, String schema, String name) implements DdlCommand {
  }
}
