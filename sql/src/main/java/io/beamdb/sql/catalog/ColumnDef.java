package io.beamdb.sql.catalog;

import io.beamdb.sql.type.ColumnType;

/**
 * A table column as declared.
 *
 * @param name       column name (upper case unless it was quoted)
 * @param type       declared type
 * @param nullable   false for NOT NULL and primary-key columns
 * @param defaultSql the DEFAULT expression as SQL text, or null for no default (NULL)
 */
public record ColumnDef(String name, ColumnType type, boolean nullable, String defaultSql) {
}
