package io.beamdb.engine;

/**
 * Describes one column of a result set, as {@code ResultSetMetaData} reports it.
 *
 * @param label       the column label (alias or name), upper case unless quoted
 * @param columnName  the underlying column name, or the label for computed columns
 * @param tableName   the base table, or {@code ""} for computed columns
 * @param schemaName  the base table's schema, or {@code ""}
 * @param jdbcType    a {@link java.sql.Types} constant
 * @param typeName    the SQL type name, e.g. {@code "INTEGER"}, {@code "VARCHAR"}
 * @param precision   declared precision or length (0 when not applicable)
 * @param scale       declared scale (0 when not applicable)
 * @param nullable    whether the column may hold NULL
 * @param javaClass   the fully qualified class of values {@link RowCursor#get} returns
 */
public record ColumnInfo(String label, String columnName, String tableName, String schemaName,
                         int jdbcType, String typeName, int precision, int scale, boolean nullable,
                         String javaClass) {
}
