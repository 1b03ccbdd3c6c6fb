package io.beamdb.engine;

import io.beamdb.planner.calcite.SystemTables;
import io.beamdb.sql.catalog.Catalog;
import io.beamdb.sql.catalog.CheckDef;
import io.beamdb.sql.catalog.ForeignKeyDef;
import io.beamdb.sql.catalog.IndexDef;
import io.beamdb.sql.catalog.TableDef;
import io.beamdb.sql.catalog.ViewDef;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.StringJoiner;
import java.util.TreeSet;

/**
 * Rows of the {@code INFORMATION_SCHEMA} catalog views declared by {@link SystemTables} (INDEXES,
 * INDEX_COLUMNS, TABLE_CONSTRAINTS, CONSTRAINTS, KEY_COLUMN_USAGE, REFERENTIAL_CONSTRAINTS,
 * CHECK_CONSTRAINTS, VIEWS, SCHEMATA) and of {@code DUAL}, computed from a {@link Catalog}
 * snapshot. Values are in internal representation, in the column order SystemTables declares.
 * The primary key is reported as index and constraint {@code PRIMARY_KEY_<table>} (the name
 * DatabaseMetaData uses); every unique index doubles as a UNIQUE constraint. Stateless.
 */
final class CatalogViews {
  private static final String CATALOG = "BEAM";

  private CatalogViews() {
  }

  /** The rows of view {@code table}, or null when it is not one of these views. */
  static List<Object[]> rows(Catalog cat, String table) {
    switch (table) {
      case SystemTables.DUAL: return List.<Object[]>of(new Object[] {1});
      case "INDEXES": return indexes(cat, false);
      case "INDEX_COLUMNS": return indexes(cat, true);
      case "TABLE_CONSTRAINTS": return constraints(cat, false);
      case "CONSTRAINTS": return constraints(cat, true);
      case "KEY_COLUMN_USAGE": return keyColumnUsage(cat);
      case "REFERENTIAL_CONSTRAINTS": return referentialConstraints(cat);
      case "CHECK_CONSTRAINTS": return checkConstraints(cat);
      case "VIEWS": return views(cat);
      case "SCHEMATA": return schemata(cat);
      case "TRIGGERS": return triggers(cat);
      default: return null;
    }
  }

  /** Name of the primary key constraint and index of {@code t}. */
  static String primaryKeyName(TableDef t) {
    return "PRIMARY_KEY_" + t.name();
  }

  private static List<Object[]> indexes(Catalog cat, boolean columnsView) {
    List<Object[]> out = new ArrayList<>();
    for (TableDef t : cat.tables()) {
      if (t.hasPrimaryKey()) {
        addIndex(out, t, primaryKeyName(t), "PRIMARY KEY", true, true, t.primaryKey(), columnsView);
      }
      for (IndexDef ix : t.indexes()) {
        addIndex(out, t, ix.name(), ix.unique() ? "UNIQUE INDEX" : "INDEX", ix.unique(), false, ix.columns(), columnsView);
      }
    }
    return out;
  }

  private static void addIndex(List<Object[]> out, TableDef t, String name, String type, boolean unique, boolean primary,
                               int[] columns, boolean columnsView) {
    for (int i = 0; i < columns.length; i++) {
      String column = t.columns().get(columns[i]).name();
      if (columnsView) {
        out.add(new Object[] {CATALOG, t.schema(), name, CATALOG, t.schema(), t.name(), column, i + 1, "ASC",
            "FIRST", unique});
      } else {
        out.add(new Object[] {CATALOG, t.schema(), name, CATALOG, t.schema(), t.name(), type, unique ? "YES" : null,
            primary, null, null, column, i + 1, !unique, unique, primary});
      }
    }
  }

  private static String columnList(TableDef t, int[] columns) {
    StringJoiner j = new StringJoiner(",");
    for (int c : columns) {
      j.add(t.columns().get(c).name());
    }
    return j.toString();
  }

  private static List<Object[]> constraints(Catalog cat, boolean h2v1) {
    List<Object[]> out = new ArrayList<>();
    for (TableDef t : cat.tables()) {
      if (t.hasPrimaryKey()) {
        out.add(constraint(t, primaryKeyName(t), "PRIMARY KEY", primaryKeyName(t), null, t.primaryKey(), h2v1));
      }
      for (IndexDef ix : t.indexes()) {
        if (ix.unique()) {
          out.add(constraint(t, ix.name(), "UNIQUE", ix.name(), null, ix.columns(), h2v1));
        }
      }
      for (ForeignKeyDef fk : t.foreignKeys()) {
        out.add(constraint(t, fk.name(), h2v1 ? "REFERENTIAL" : "FOREIGN KEY", null, null, fk.columns(), h2v1));
      }
      for (CheckDef c : t.checks()) {
        out.add(constraint(t, c.name(), "CHECK", null, c.sql(), new int[0], h2v1));
      }
    }
    return out;
  }

  private static Object[] constraint(TableDef t, String name, String type, String index, String check, int[] columns,
                                     boolean h2v1) {
    if (h2v1) {
      return new Object[] {CATALOG, t.schema(), name, type, CATALOG, t.schema(), t.name(), index, check,
          columns.length == 0 ? null : columnList(t, columns), null};
    }
    return new Object[] {CATALOG, t.schema(), name, type, CATALOG, t.schema(), t.name(), "NO", "NO", "YES",
        type.equals("UNIQUE") ? "YES" : null, index == null ? null : CATALOG, index == null ? null : t.schema(), index,
        null};
  }

  /** Name of the primary key or unique constraint of {@code parent} on exactly {@code columns}, or null. */
  private static String referencedConstraint(TableDef parent, int[] columns) {
    if (sameColumns(parent.primaryKey(), columns)) {
      return primaryKeyName(parent);
    }
    for (IndexDef ix : parent.indexes()) {
      if (ix.unique() && sameColumns(ix.columns(), columns)) {
        return ix.name();
      }
    }
    return null;
  }

  /** The columns of the constraint {@code name} of {@code parent} (primary key or unique index). */
  private static int[] constraintColumns(TableDef parent, String name) {
    if (name.equals(primaryKeyName(parent))) {
      return parent.primaryKey();
    }
    return parent.index(name).columns();
  }

  private static boolean sameColumns(int[] a, int[] b) {
    int[] x = a.clone();
    int[] y = b.clone();
    Arrays.sort(x);
    Arrays.sort(y);
    return x.length > 0 && Arrays.equals(x, y);
  }

  private static List<Object[]> keyColumnUsage(Catalog cat) {
    List<Object[]> out = new ArrayList<>();
    for (TableDef t : cat.tables()) {
      if (t.hasPrimaryKey()) {
        addKeyColumns(out, t, primaryKeyName(t), t.primaryKey(), null);
      }
      for (IndexDef ix : t.indexes()) {
        if (ix.unique()) {
          addKeyColumns(out, t, ix.name(), ix.columns(), null);
        }
      }
      for (ForeignKeyDef fk : t.foreignKeys()) {
        TableDef parent = cat.table(fk.refTableId());
        String ref = parent == null ? null : referencedConstraint(parent, fk.refColumns());
        Integer[] positions = new Integer[fk.columns().length];
        if (ref != null) {
          int[] refCols = constraintColumns(parent, ref);
          for (int i = 0; i < positions.length; i++) {
            for (int j = 0; j < refCols.length; j++) {
              if (refCols[j] == fk.refColumns()[i]) {
                positions[i] = j + 1;
              }
            }
          }
        }
        addKeyColumns(out, t, fk.name(), fk.columns(), positions);
      }
    }
    return out;
  }

  private static void addKeyColumns(List<Object[]> out, TableDef t, String name, int[] columns, Integer[] positions) {
    for (int i = 0; i < columns.length; i++) {
      out.add(new Object[] {CATALOG, t.schema(), name, CATALOG, t.schema(), t.name(), t.columns().get(columns[i]).name(),
          i + 1, positions == null ? null : positions[i]});
    }
  }

  private static List<Object[]> referentialConstraints(Catalog cat) {
    List<Object[]> out = new ArrayList<>();
    for (TableDef t : cat.tables()) {
      for (ForeignKeyDef fk : t.foreignKeys()) {
        TableDef parent = cat.table(fk.refTableId());
        String ref = parent == null ? null : referencedConstraint(parent, fk.refColumns());
        out.add(new Object[] {CATALOG, t.schema(), fk.name(), ref == null ? null : CATALOG,
            ref == null ? null : parent.schema(), ref, "NONE", fk.onUpdate().sql(), fk.onDelete().sql()});
      }
    }
    return out;
  }

  private static List<Object[]> checkConstraints(Catalog cat) {
    List<Object[]> out = new ArrayList<>();
    for (TableDef t : cat.tables()) {
      for (CheckDef c : t.checks()) {
        out.add(new Object[] {CATALOG, t.schema(), c.name(), c.sql()});
      }
    }
    return out;
  }

  private static List<Object[]> views(Catalog cat) {
    List<Object[]> out = new ArrayList<>();
    for (ViewDef v : cat.views()) {
      out.add(new Object[] {CATALOG, v.schema(), v.name(), v.sql(), "NONE", "NO", "NO", "NO", "NO", "NO", "VALID", null});
    }
    return out;
  }

  /**
   * One row per trigger (SQL standard columns): ACTION_ORDER numbers the triggers of one table,
   * event and timing in firing order; ACTION_STATEMENT is the body as written.
   */
  private static List<Object[]> triggers(Catalog cat) {
    List<Object[]> out = new ArrayList<>();
    for (TableDef t : cat.tables()) {
      java.util.Map<String, Integer> order = new java.util.HashMap<>();
      for (io.beamdb.sql.catalog.TriggerDef tr : cat.triggersOn(t.id())) {
        int n = order.merge(tr.timing() + " " + tr.event(), 1, Integer::sum);
        StringBuilder body = new StringBuilder("BEGIN ");
        tr.statements().forEach(st -> body.append(st).append("; "));
        out.add(new Object[] {CATALOG, tr.schema(), tr.name(), tr.event().name(), CATALOG, t.schema(), t.name(), n,
            tr.when(), body.append("END").toString(), "ROW", tr.timing().name(), null});
      }
    }
    return out;
  }

  private static List<Object[]> schemata(Catalog cat) {
    TreeSet<String> names = new TreeSet<>(List.of(Catalog.DEFAULT_SCHEMA, SystemTables.SCHEMA));
    names.addAll(cat.schemas());
    cat.tables().forEach(t -> names.add(t.schema()));
    cat.views().forEach(v -> names.add(v.schema()));
    cat.sequences().forEach(s -> names.add(s.schema()));
    List<Object[]> out = new ArrayList<>();
    for (String s : names) {
      out.add(new Object[] {CATALOG, s, "SA", CATALOG, SystemTables.SCHEMA, "Unicode", null, "OFF", null});
    }
    return out;
  }
}
