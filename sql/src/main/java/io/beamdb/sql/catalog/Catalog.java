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
  private final Map<String, SequenceDef> sequences;
  private final Map<String, ViewDef> views;
  private final java.util.SortedSet<String> schemas;
  private final Map<String, TriggerDef> triggers;

  /** A catalog holding {@code tables} and no sequences at {@code version}. */
  public Catalog(long version, Collection<TableDef> tables) {
    this(version, tables, List.of());
  }

  /** A catalog holding {@code tables} and {@code sequences} at {@code version}. */
  public Catalog(long version, Collection<TableDef> tables, Collection<SequenceDef> sequences) {
    this(version, tables, sequences, List.of());
  }

  /** A catalog holding tables, sequences and views, and no schemas besides PUBLIC, at {@code version}. */
  public Catalog(long version, Collection<TableDef> tables, Collection<SequenceDef> sequences,
                 Collection<ViewDef> views) {
    this(version, tables, sequences, views, List.of());
  }

  /**
   * A catalog holding tables, sequences, views and the schemas created with CREATE SCHEMA
   * ({@code PUBLIC} always exists and need not be listed) at {@code version}.
   */
  public Catalog(long version, Collection<TableDef> tables, Collection<SequenceDef> sequences,
                 Collection<ViewDef> views, Collection<String> schemas) {
    this(version, tables, sequences, views, schemas, List.of());
  }

  /**
   * A catalog holding tables, sequences, views, schemas created with CREATE SCHEMA and triggers
   * at {@code version}.
   */
  public Catalog(long version, Collection<TableDef> tables, Collection<SequenceDef> sequences,
                 Collection<ViewDef> views, Collection<String> schemas, Collection<TriggerDef> triggers) {
    Map<String, TriggerDef> tr = new TreeMap<>();
    for (TriggerDef t : triggers) {
      tr.put(key(t.schema(), t.name()), t);
    }
    this.triggers = Collections.unmodifiableMap(tr);
    java.util.TreeSet<String> sc = new java.util.TreeSet<>(schemas);
    sc.add(DEFAULT_SCHEMA);
    this.schemas = Collections.unmodifiableSortedSet(sc);
    Map<String, ViewDef> vs = new TreeMap<>();
    for (ViewDef v : views) {
      vs.put(key(v.schema(), v.name()), v);
    }
    this.views = Collections.unmodifiableMap(vs);
    Map<String, SequenceDef> seqs = new TreeMap<>();
    for (SequenceDef s : sequences) {
      seqs.put(key(s.schema(), s.name()), s);
    }
    this.sequences = Collections.unmodifiableMap(seqs);
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

  /** The schemas: PUBLIC and every one created with CREATE SCHEMA, sorted. */
  public java.util.SortedSet<String> schemas() {
    return schemas;
  }

  /** True when schema {@code name} exists (INFORMATION_SCHEMA is not a catalog schema). */
  public boolean hasSchema(String name) {
    return schemas.contains(name);
  }

  /** A new snapshot with schema {@code name} added. */
  public Catalog withSchema(String name) {
    List<String> list = new ArrayList<>(schemas);
    list.add(name);
    return new Catalog(version + 1, byQualifiedName.values(), sequences.values(), views.values(), list, triggers.values());
  }

  /** A new snapshot without schema {@code name}. */
  public Catalog withoutSchema(String name) {
    List<String> list = new ArrayList<>(schemas);
    list.remove(name);
    return new Catalog(version + 1, byQualifiedName.values(), sequences.values(), views.values(), list, triggers.values());
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

  /** The table with id {@code tableId}, or null. */
  public TableDef table(int tableId) {
    for (TableDef t : byQualifiedName.values()) {
      if (t.id() == tableId) {
        return t;
      }
    }
    return null;
  }

  /** A FOREIGN KEY constraint together with the (child) table that declares it. */
  public record Reference(TableDef child, ForeignKeyDef foreignKey) {
  }

  /** Every FOREIGN KEY constraint that references table {@code tableId} (including its own). */
  public List<Reference> referencing(int tableId) {
    List<Reference> out = new ArrayList<>();
    for (TableDef t : byQualifiedName.values()) {
      for (ForeignKeyDef fk : t.foreignKeys()) {
        if (fk.refTableId() == tableId) {
          out.add(new Reference(t, fk));
        }
      }
    }
    return out;
  }

  /**
   * The table in {@code schema} owning a constraint (unique index, FOREIGN KEY or CHECK) named
   * {@code constraintName}, or null.
   */
  public TableDef tableOfConstraint(String schema, String constraintName) {
    for (TableDef t : byQualifiedName.values()) {
      if (t.schema().equals(schema) && (t.index(constraintName) != null || t.foreignKey(constraintName) != null
          || t.check(constraintName) != null)) {
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
    return new Catalog(version + 1, list, sequences.values(), views.values(), schemas, triggers.values());
  }

  /** A new snapshot without the table with id {@code tableId}. */
  public Catalog without(int tableId) {
    List<TableDef> list = new ArrayList<>(byQualifiedName.values());
    list.removeIf(t -> t.id() == tableId);
    return new Catalog(version + 1, list, sequences.values(), views.values(), schemas, triggers.values());
  }

  /** The sequence {@code schema.name}, or null. */
  public SequenceDef sequence(String schema, String name) {
    return sequences.get(key(schema, name));
  }

  /** Every sequence, sorted by schema then name. */
  public List<SequenceDef> sequences() {
    return new ArrayList<>(sequences.values());
  }

  /** The view {@code schema.name}, or null. */
  public ViewDef view(String schema, String name) {
    return views.get(key(schema, name));
  }

  /** Every view, sorted by schema then name. */
  public List<ViewDef> views() {
    return new ArrayList<>(views.values());
  }

  /** Largest view id in use (0 when none). */
  public int maxViewId() {
    int max = 0;
    for (ViewDef v : views.values()) {
      max = Math.max(max, v.id());
    }
    return max;
  }

  /** A new snapshot with {@code view} added or replaced. */
  public Catalog withView(ViewDef view) {
    List<ViewDef> list = new ArrayList<>(views.values());
    list.removeIf(v -> v.id() == view.id());
    list.add(view);
    return new Catalog(version + 1, byQualifiedName.values(), sequences.values(), list, schemas, triggers.values());
  }

  /** A new snapshot without the view with id {@code id}. */
  public Catalog withoutView(int id) {
    List<ViewDef> list = new ArrayList<>(views.values());
    list.removeIf(v -> v.id() == id);
    return new Catalog(version + 1, byQualifiedName.values(), sequences.values(), list, schemas, triggers.values());
  }

  /** Largest sequence id in use (0 when none). */
  public int maxSequenceId() {
    int max = 0;
    for (SequenceDef s : sequences.values()) {
      max = Math.max(max, s.id());
    }
    return max;
  }

  /** A new snapshot with {@code seq} added or replaced. */
  public Catalog withSequence(SequenceDef seq) {
    List<SequenceDef> list = new ArrayList<>(sequences.values());
    list.removeIf(s -> s.id() == seq.id());
    list.add(seq);
    return new Catalog(version + 1, byQualifiedName.values(), list, views.values(), schemas, triggers.values());
  }

  /** A new snapshot without the sequence with id {@code id}. */
  public Catalog withoutSequence(int id) {
    List<SequenceDef> list = new ArrayList<>(sequences.values());
    list.removeIf(s -> s.id() == id);
    return new Catalog(version + 1, byQualifiedName.values(), list, views.values(), schemas, triggers.values());
  }

  /** The trigger {@code schema.name}, or null. */
  public TriggerDef trigger(String schema, String name) {
    return triggers.get(key(schema, name));
  }

  /** Every trigger, sorted by schema then name. */
  public List<TriggerDef> triggers() {
    return new ArrayList<>(triggers.values());
  }

  /** The triggers on table {@code tableId} in creation (id) order; empty when none. */
  public List<TriggerDef> triggersOn(int tableId) {
    List<TriggerDef> out = new ArrayList<>();
    for (TriggerDef t : triggers.values()) {
      if (t.tableId() == tableId) {
        out.add(t);
      }
    }
    out.sort(java.util.Comparator.comparingInt(TriggerDef::id));
    return out;
  }

  /** Largest trigger id in use (0 when none). */
  public int maxTriggerId() {
    int max = 0;
    for (TriggerDef t : triggers.values()) {
      max = Math.max(max, t.id());
    }
    return max;
  }

  /** A new snapshot with {@code trigger} added or replaced. */
  public Catalog withTrigger(TriggerDef trigger) {
    List<TriggerDef> list = new ArrayList<>(triggers.values());
    list.removeIf(t -> t.id() == trigger.id());
    list.add(trigger);
    return new Catalog(version + 1, byQualifiedName.values(), sequences.values(), views.values(), schemas, list);
  }

  /** A new snapshot without the trigger with id {@code id}. */
  public Catalog withoutTrigger(int id) {
    List<TriggerDef> list = new ArrayList<>(triggers.values());
    list.removeIf(t -> t.id() == id);
    return new Catalog(version + 1, byQualifiedName.values(), sequences.values(), views.values(), schemas, list);
  }
}
