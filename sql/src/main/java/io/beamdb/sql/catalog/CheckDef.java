package io.beamdb.sql.catalog;

/**
 * A CHECK constraint: a boolean SQL expression over the table's columns that no row may make
 * FALSE (NULL passes, as in SQL:2016 4.23.3.4). Violations are SQLState 23514.
 *
 * @param name constraint name, unique within the schema
 * @param sql  the expression as written, e.g. {@code price > 0 AND qty >= 0}
 */
public record CheckDef(String name, String sql) {
}
