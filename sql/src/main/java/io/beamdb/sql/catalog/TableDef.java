package io.beamdb.sql.catalog;

import io.beamdb.sql.type.BeamType;

import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;

/**
 * A table definition: id, name, columns, primary key and secondary indexes. Immutable; DDL
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

  /**
   * @param id         table id, unique in the database, never reused
   * @param schema     schema name
   * @param name       table name
   * @param columns    columns in declared order
   * @param primaryKey positions of the primary-key columns in key order; empty for a hidden row id
   * @param indexes    secondary indexes
   */
  public TableDef(int id, String schema, String name, List<ColumnDef> columns, int[] primaryKey,
                  List<IndexDef> indexes) {
    this.id = id;
    this.schema = schema;
    this.name = name;
    this.columns = List.copyOf(columns);
    this.primaryKey = primaryKey.clone();
    this.indexes = List.copyOf(indexes);
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
    return new TableDef(id, schema, name, columns, primaryKey, list);
  }

  /** A copy without the index named {@code indexName}. */
  public TableDef withoutIndex(String indexName) {
    List<IndexDef> list = new ArrayList<>(indexes);
    list.removeIf(ix -> ix.name().equals(indexName));
    return new TableDef(id, schema, name, columns, primaryKey, list);
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
