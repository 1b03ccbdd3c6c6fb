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
                     List<String> primaryKey, List<UniqueConstraint> uniques) implements DdlCommand {
  }

  /** A UNIQUE constraint declared with a table; {@code name} may be null. */
  record UniqueConstraint(String name, List<String> columns) {
  }

  /** {@code DROP TABLE [IF EXISTS]}. */
  record DropTable(String schema, String name, boolean ifExists) implements DdlCommand {
  }

  /** {@code CREATE [UNIQUE] INDEX [IF NOT EXISTS] name ON table (cols)}. */
  record CreateIndex(String schema, String name, String table, boolean unique, List<String> columns,
                     boolean ifNotExists) implements DdlCommand {
  }

  /** {@code DROP INDEX [IF EXISTS] name}. */
  record DropIndex(String schema, String name, boolean ifExists) implements DdlCommand {
  }
}
