package io.beamdb.engine;

import java.util.List;

/** Catalog information for {@code DatabaseMetaData}: tables, their columns and indexes. */
public interface CatalogView {
  /** Every table and view, ordered by schema then name. */
  List<TableInfo> tables();

  /** Every schema (at least PUBLIC; empty where the implementation does not know them). */
  default java.util.Set<String> schemas() {
    return java.util.Set.of();
  }

  /** Every FOREIGN KEY constraint (empty where the implementation does not know them). */
  default List<ForeignKeyInfo> foreignKeys() {
    return List.of();
  }

  /**
   * A FOREIGN KEY constraint, as {@code DatabaseMetaData.getImportedKeys} reports it.
   *
   * @param name         constraint name
   * @param pkSchema     schema of the referenced (parent) table
   * @param pkTable      referenced table
   * @param pkColumns    referenced columns, pairwise with {@code fkColumns}
   * @param pkName       name of the parent's unique constraint used (null for the primary key)
   * @param fkSchema     schema of the referencing (child) table
   * @param fkTable      referencing table
   * @param fkColumns    referencing columns
   * @param updateRule   {@link java.sql.DatabaseMetaData#importedKeyCascade} etc.
   * @param deleteRule   as {@code updateRule}
   */
  record ForeignKeyInfo(String name, String pkSchema, String pkTable, List<String> pkColumns, String pkName,
                        String fkSchema, String fkTable, List<String> fkColumns, int updateRule, int deleteRule) {
  }

  /**
   * A table.
   *
   * @param schema     schema name, e.g. {@code "PUBLIC"}
   * @param name       table name as stored (upper case unless quoted)
   * @param columns    columns in declared order
   * @param primaryKey names of primary-key columns in key order (empty when none declared)
   * @param indexes    secondary indexes
   * @param type       {@code "TABLE"} or {@code "VIEW"}
   * @param remarks    the COMMENT ON text, or null
   */
  record TableInfo(String schema, String name, List<ColumnMeta> columns, List<String> primaryKey,
                   List<IndexInfo> indexes, String type, String remarks) {
    /** A table or view without a comment. */
    public TableInfo(String schema, String name, List<ColumnMeta> columns, List<String> primaryKey,
                     List<IndexInfo> indexes, String type) {
      this(schema, name, columns, primaryKey, indexes, type, null);
    }

    /** An ordinary table. */
    public TableInfo(String schema, String name, List<ColumnMeta> columns, List<String> primaryKey,
                     List<IndexInfo> indexes) {
      this(schema, name, columns, primaryKey, indexes, "TABLE");
    }
  }

  /**
   * A table column.
   *
   * @param name         column name
   * @param jdbcType     {@link java.sql.Types} constant
   * @param typeName     SQL type name
   * @param precision    precision or length, 0 when not applicable
   * @param scale        scale, 0 when not applicable
   * @param nullable     whether NULL is allowed
   * @param defaultSql   the DEFAULT expression as SQL text, or null
   * @param remarks      the COMMENT ON text, or null
   */
  record ColumnMeta(String name, int jdbcType, String typeName, int precision, int scale,
                    boolean nullable, String defaultSql, String remarks) {
    /** A column without a comment. */
    public ColumnMeta(String name, int jdbcType, String typeName, int precision, int scale,
                      boolean nullable, String defaultSql) {
      this(name, jdbcType, typeName, precision, scale, nullable, defaultSql, null);
    }
  }

  /**
   * A secondary index.
   *
   * @param name    index name
   * @param unique  whether the index enforces uniqueness
   * @param columns indexed column names in key order
   */
  record IndexInfo(String name, boolean unique, List<String> columns) {
  }
}
