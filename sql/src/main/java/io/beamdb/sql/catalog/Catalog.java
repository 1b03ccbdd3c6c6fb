package io.beamdb.sql.catalog;

import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * An immutable snapshot of every table definition, with a version number that increases with
 * every DDL change (prepared commands re-plan when it moved). Thread-safe; DDL installs a new snapshot.
 */
public final class Catalog {
  /** The default schema. */
  public static final String DEFAULT_SCHEMA = "PUBLIC";

  private final long version;
  private final Map<String, TableDef> byQualifiedName;
  private final int maxTableId;

  /** A catalog holding {@code tables} at {@code version}. */
  public Catalog(long version, Collection<TableDef> tables) {
    this.version = version;
    Map<String, TableDef> map = new TreeMap<>();
    int max = 0;
    for (TableDef t : tables) {
      map.put(key(t.schema(), t.name()), t);
      max = Math.max(max, t.id());
    }
    this.byQualifiedName = Collections.unmodifiableMap(map);
    this.maxTableId = max;
  }

  private static String key(String schema, String name) {
    return schema + "\u0000" + name;
  }

  /** Version of this snapshot; bumped by every DDL. */
  public long version() {
    return version;
  }

  /** The table {@code schema.name}, or null. */
  public TableDef table(String schema, String name) {
    return byQualifiedName.get(key(schema, name));
  }

  /** Every table, sorted by schema then name. */
  public List<TableDef> tables() {
    return new ArrayList<>(byQualifiedName.values());
  }

  /** Tables of one schema. */
  public List<TableDef> tables(String schema) {
    List<TableDef> out = new ArrayList<>();
    for (TableDef t : byQualifiedName.values()) {
      if (t.schema().equals(schema)) {
        out.add(t);
      }
    }
    return out;
  }

  /** The table owning index {@code indexName} in {@code schema}, or null. */
  public TableDef tableOfIndex(String schema, String indexName) {
    for (TableDef t : byQualifiedName.values()) {
      if (t.schema().equals(schema) && t.index(indexName) != null) {
        return t;
      }
    }
    return null;
  }

  /** Largest table id in use (0 when empty). */
  public int maxTableId() {
    return maxTableId;
  }

  /** A new snapshot with {@code table} added or replaced. */
  public Catalog with(TableDef table) {
    List<TableDef> list = new ArrayList<>(byQualifiedName.values());
    list.removeIf(t -> t.id() == table.id());
    list.add(table);
    return new Catalog(version + 1, list);
  }

  /** A new snapshot without the table with id {@code tableId}. */
  public Catalog without(int tableId) {
    List<TableDef> list = new ArrayList<>(byQualifiedName.values());
    list.removeIf(t -> t.id() == tableId);
    return new Catalog(version + 1, list);
  }
}
