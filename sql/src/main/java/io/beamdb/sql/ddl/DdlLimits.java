package io.beamdb.sql.ddl;

import io.beamdb.sql.catalog.ColumnDef;
import java.sql.SQLException;

/**
 * Limits checked on every parsed DDL statement (see the README's Limits section):
 * identifiers of at most {@link #MAX_IDENTIFIER_LENGTH} characters (Calcite's parser rejects longer
 * ones in queries, so a longer name could be created but never used; SQLState 42622), and at most
 * {@link #MAX_COLUMNS} columns in a {@code CREATE TABLE} (54011). Stateless.
 */
public final class DdlLimits {
  /** Longest table, column, index, sequence, view or constraint name, in characters. */
  public static final int MAX_IDENTIFIER_LENGTH = 128;
  /** Most columns a CREATE TABLE may declare. */
  public static final int MAX_COLUMNS = 2000;

  private DdlLimits() {
  }

  /** Throws 42622 or 54011 when {@code c} exceeds a limit. */
  public static void check(DdlCommand c) throws SQLException {
    if (c instanceof DdlCommand.CreateTable t) {
      name(t.name());
      if (t.columns().size() > MAX_COLUMNS) {
        throw new SQLException("Table " + t.name() + " has " + t.columns().size() + " columns; the maximum is "
            + MAX_COLUMNS, "54011");
      }
      for (ColumnDef col : t.columns()) {
        name(col.name());
      }
      for (DdlCommand.UniqueConstraint u : t.uniques()) {
        name(u.name());
      }
    } else if (c instanceof DdlCommand.CreateIndex i) {
      name(i.name());
    } else if (c instanceof DdlCommand.CreateSequence s) {
      name(s.name());
    } else if (c instanceof DdlCommand.CreateView v) {
      name(v.name());
      for (String col : v.columns()) {
        name(col);
      }
    } else if (c instanceof DdlCommand.AlterTable a) {
      for (DdlCommand.AlterAction action : a.actions()) {
        if (action instanceof DdlCommand.AddColumn add) {
          name(add.column().name());
        } else if (action instanceof DdlCommand.RenameColumn r) {
          name(r.newName());
        } else if (action instanceof DdlCommand.RenameTable r) {
          name(r.newName());
        } else if (action instanceof DdlCommand.AddUnique u) {
          name(u.name());
        }
      }
    }
  }

  private static void name(String id) throws SQLException {
    if (id != null && id.length() > MAX_IDENTIFIER_LENGTH) {
      throw new SQLException("Identifier '" + id.substring(0, 20) + "...' is " + id.length()
          + " characters long; the maximum is " + MAX_IDENTIFIER_LENGTH, "42622");
    }
  }
}
