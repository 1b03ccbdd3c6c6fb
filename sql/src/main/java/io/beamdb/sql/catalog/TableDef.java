package io.beamdb.sql.catalog;

import io.beamdb.sql.type.BeamType;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * A table definition: id, name, columns, primary key, secondary indexes, FOREIGN KEY and CHECK
 * constraints. Immutable; DDL
 * builds a new instance. A table without a declared primary key is keyed by a hidden 64-bit
 * row id (like H2's {@code _ROWID_}).
 *
 * <p>Rows live under {@code [0x02][table id u32][index id 0 u32][primary key]}; see
 * {@code docs/04-catalog-and-encoding.md}.
 */
public final class TableDef {
  private final int id;
  private final String schema;
  private final String name;
  private final List<ColumnDef> columns;
  private final int[] primaryKey;
  private final List<IndexDef> indexes;
  private final BeamType[] types;
  private final List<ForeignKeyDef> foreignKeys;
  private final List<CheckDef> checks;
  /** COMMENT ON texts: key "" for the table, else the column name. */
  private final java.util.Map<String, String> comments;

  /** A table without FOREIGN KEY or CHECK constraints; see the full constructor. */
  public TableDef(int id, String schema, String name, List<ColumnDef> columns, int[] primaryKey,
                  List<IndexDef> indexes) {
    this(id, schema, name, columns, primaryKey, indexes, List.of(), List.of());
  }

  /**
   * @param id         table id, unique in the database, never reused
   * @param schema     schema name
   * @param name       table name
   * @param columns    columns in declared order
   * @param primaryKey positions of the primary-key columns in key order; empty for a hidden row id
   * @param indexes    secondary indexes
   * @param foreignKeys FOREIGN KEY constraints of this table (as the referencing table)
   * @param checks     CHECK constraints
   */
  public TableDef(int id, String schema, String name, List<ColumnDef> columns, int[] primaryKey,
                  List<IndexDef> indexes, List<ForeignKeyDef> foreignKeys, List<CheckDef> checks) {
    this(id, schema, name, columns, primaryKey, indexes, foreignKeys, checks, java.util.Map.of());
  }

  /**
   * As the constructor above, with the texts given by {@code COMMENT ON}.
   *
   * @param comments key {@code ""} for the table's comment, a column name for that column's
   */
  public TableDef(int id, String schema, String name, List<ColumnDef> columns, int[] primaryKey,
                  List<IndexDef> indexes, List<ForeignKeyDef> foreignKeys, List<CheckDef> checks,
                  java.util.Map<String, String> comments) {
    this.comments = java.util.Collections.unmodifiableMap(new java.util.TreeMap<>(comments));
    this.id = id;
    this.schema = schema;
    this.name = name;
    this.columns = List.copyOf(columns);
    this.primaryKey = primaryKey.clone();
    this.indexes = List.copyOf(indexes);
    this.foreignKeys = List.copyOf(foreignKeys);
    this.checks = List.copyOf(checks);
    this.types = new BeamType[columns.size()];
    for (int i = 0; i < types.length; i++) {
      types[i] = columns.get(i).type().type();
    }
  }

  public int id() {
    return id;
  }

  public String schema() {
    return schema;
  }

  public String name() {
    return name;
  }

  public List<ColumnDef> columns() {
    return columns;
  }

  /** Base types of the columns, in order; do not modify. */
  public BeamType[] types() {
    return types;
  }

  /** Primary-key column positions; empty when the table uses a hidden row id. */
  public int[] primaryKey() {
    return primaryKey.clone();
  }

  /** True when the table has a declared primary key. */
  public boolean hasPrimaryKey() {
    return primaryKey.length > 0;
  }

  public List<IndexDef> indexes() {
    return indexes;
  }

  /** Position of column {@code columnName} (exact match), or -1. */
  public int columnIndex(String columnName) {
    for (int i = 0; i < columns.size(); i++) {
      if (columns.get(i).name().equals(columnName)) {
        return i;
      }
    }
    return -1;
  }

  /** The index named {@code indexName}, or null. */
  public IndexDef index(String indexName) {
    for (IndexDef ix : indexes) {
      if (ix.name().equals(indexName)) {
        return ix;
      }
    }
    return null;
  }

  /** A copy with {@code index} added. */
  public TableDef withIndex(IndexDef index) {
    List<IndexDef> list = new ArrayList<>(indexes);
    list.add(index);
    return new TableDef(id, schema, name, columns, primaryKey, list, foreignKeys, checks, comments);
  }

  /** A copy without the index named {@code indexName}. */
  public TableDef withoutIndex(String indexName) {
    List<IndexDef> list = new ArrayList<>(indexes);
    list.removeIf(ix -> ix.name().equals(indexName));
    return new TableDef(id, schema, name, columns, primaryKey, list, foreignKeys, checks, comments);
  }

  /** FOREIGN KEY constraints in which this table is the referencing (child) table. */
  public List<ForeignKeyDef> foreignKeys() {
    return foreignKeys;
  }

  /** CHECK constraints. */
  public List<CheckDef> checks() {
    return checks;
  }

  /** A copy with other columns, primary key and indexes; constraints are kept as they are. */
  public TableDef withShape(List<ColumnDef> newColumns, int[] newPrimaryKey, List<IndexDef> newIndexes) {
    java.util.Map<String, String> kept = new java.util.TreeMap<>();
    for (java.util.Map.Entry<String, String> e : comments.entrySet()) {
      if (e.getKey().isEmpty() || newColumns.stream().anyMatch(c -> c.name().equals(e.getKey()))) {
        kept.put(e.getKey(), e.getValue()); // comments of dropped columns go with them
      }
    }
    return new TableDef(id, schema, name, newColumns, newPrimaryKey, newIndexes, foreignKeys, checks, kept);
  }

  /** A copy with other columns (same count and order of positions). */
  public TableDef withColumns(List<ColumnDef> newColumns) {
    return withShape(newColumns, primaryKey, indexes);
  }

  /** A copy named {@code newName}. */
  public TableDef withName(String newName) {
    return new TableDef(id, schema, newName, columns, primaryKey, indexes, foreignKeys, checks, comments);
  }

  /** The COMMENT ON text of the table ({@code column} null) or of a column, or null. */
  public String comment(String column) {
    return comments.get(column == null ? "" : column);
  }

  /** All comments: key {@code ""} for the table, else the column name. */
  public java.util.Map<String, String> comments() {
    return comments;
  }

  /** A copy whose table ({@code column} null) or column comment is {@code text} (null removes it). */
  public TableDef withComment(String column, String text) {
    java.util.Map<String, String> m = new java.util.TreeMap<>(comments);
    if (text == null) {
      m.remove(column == null ? "" : column);
    } else {
      m.put(column == null ? "" : column, text);
    }
    return new TableDef(id, schema, name, columns, primaryKey, indexes, foreignKeys, checks, m);
  }

  /** A copy with other constraints. */
  public TableDef withConstraints(List<ForeignKeyDef> newForeignKeys, List<CheckDef> newChecks) {
    return new TableDef(id, schema, name, columns, primaryKey, indexes, newForeignKeys, newChecks, comments);
  }

  /** The FOREIGN KEY constraint named {@code constraintName}, or null. */
  public ForeignKeyDef foreignKey(String constraintName) {
    for (ForeignKeyDef fk : foreignKeys) {
      if (fk.name().equals(constraintName)) {
        return fk;
      }
    }
    return null;
  }

  /** The CHECK constraint named {@code constraintName}, or null. */
  public CheckDef check(String constraintName) {
    for (CheckDef c : checks) {
      if (c.name().equals(constraintName)) {
        return c;
      }
    }
    return null;
  }

  /** Next free index id. */
  public int nextIndexId() {
    int max = 0;
    for (IndexDef ix : indexes) {
      max = Math.max(max, ix.id());
    }
    return max + 1;
  }

  /** Qualified name for messages, e.g. {@code PUBLIC.T1}. */
  public String qualifiedName() {
    return schema + "." + name;
  }

  /** Primary key column names, in key order. */
  public List<String> primaryKeyNames() {
    List<String> out = new ArrayList<>();
    for (int p : primaryKey) {
      out.add(columns.get(p).name());
    }
    return Collections.unmodifiableList(out);
  }

  @Override
  public String toString() {
    return "TableDef(" + qualifiedName().toUpperCase(Locale.ROOT) + ", id=" + id + ")";
  }
}
