package io.beamdb.sql.catalog;

import io.beamdb.sql.type.ColumnType;

/**
 * A table column as declared.
 *
 * @param name             column name (upper case unless it was quoted)
 * @param type             declared type
 * @param nullable         false for NOT NULL and primary-key columns
 * @param defaultSql       the DEFAULT expression as SQL text, or null for no default (NULL)
 * @param identitySequence for an identity column ({@code GENERATED ... AS IDENTITY},
 *                         {@code AUTO_INCREMENT}), the name of the sequence that supplies its
 *                         default values; null otherwise
 */
public record ColumnDef(String name, ColumnType type, boolean nullable, String defaultSql, String identitySequence) {
  /** A column that is not an identity column. */
  public ColumnDef(String name, ColumnType type, boolean nullable, String defaultSql) {
    this(name, type, nullable, defaultSql, null);
  }

  /** True for identity columns. */
  public boolean isIdentity() {
    return identitySequence != null;
  }
}
