package io.beamdb.planner.calcite;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.type.SqlTypeName;

import java.util.List;
import java.util.Map;

/**
 * The {@code INFORMATION_SCHEMA} system tables whose rows the engine computes when they are
 * scanned (see {@code ExecContext.SystemData}):
 * <ul>
 *   <li>{@code STORAGE_STATS (METRIC VARCHAR, AMOUNT DOUBLE)}: storage engine counters (bytes
 *       written and read, WAL syncs, write amplification, cache hits and misses, flushes,
 *       compactions, stall time, memtable bytes);</li>
 *   <li>{@code STORAGE_LEVELS (LEVEL INTEGER, FILES INTEGER, BYTES BIGINT)}: SSTables per LSM level;</li>
 *   <li>{@code SEQUENCES}, {@code TABLES}, {@code COLUMNS}: the catalog, with the columns of the
 *       SQL standard's information schema that H2 and Hibernate read;</li>
 *   <li>{@code INDEXES}, {@code INDEX_COLUMNS}, {@code TABLE_CONSTRAINTS}, {@code KEY_COLUMN_USAGE},
 *       {@code REFERENTIAL_CONSTRAINTS}, {@code CHECK_CONSTRAINTS}, {@code VIEWS}, {@code SCHEMATA}
 *       with H2 2.x's columns, and H2 1.x's {@code CONSTRAINTS}. {@code INDEXES} has one row per
 *       indexed column and also carries H2 1.x's {@code COLUMN_NAME}, {@code ORDINAL_POSITION},
 *       {@code NON_UNIQUE}, {@code PRIMARY_KEY} (plus {@code IS_UNIQUE}); the primary key appears
 *       as index and constraint {@code PRIMARY_KEY_<table>}, and each unique index as a UNIQUE
 *       constraint of the same name;</li>
 *   <li>{@code DUAL (X INTEGER)}: one row, for {@code SELECT ... FROM DUAL}.</li>
 * </ul>
 * Immutable.
 */
public final class SystemTables extends AbstractSchema {
  /** Schema name. */
  public static final String SCHEMA = "INFORMATION_SCHEMA";

  /** Name of H2's one-row table ({@code SELECT 1 FROM DUAL}); {@link BeamSchema} puts it in every schema. */
  public static final String DUAL = "DUAL";

  /** A system table, identified by name. */
  public static final class SystemTable extends AbstractTable {
    private final String name;

    SystemTable(String name) {
      this.name = name;
    }

    /** The table's name, e.g. {@code STORAGE_STATS}. */
    public String name() {
      return name;
    }

    @Override
    public RelDataType getRowType(RelDataTypeFactory f) {
      RelDataTypeFactory.Builder b = f.builder();
      switch (name) {
        case "STORAGE_STATS":
          return b.add("METRIC", SqlTypeName.VARCHAR).add("AMOUNT", SqlTypeName.DOUBLE).build();
        case "STORAGE_LEVELS":
          return b.add("LEVEL", SqlTypeName.INTEGER).add("FILES", SqlTypeName.INTEGER).add("BYTES", SqlTypeName.BIGINT).build();
        case "SEQUENCES":
          return b.add("SEQUENCE_CATALOG", SqlTypeName.VARCHAR).add("SEQUENCE_SCHEMA", SqlTypeName.VARCHAR)
              .add("SEQUENCE_NAME", SqlTypeName.VARCHAR).add("DATA_TYPE", SqlTypeName.VARCHAR)
              .add("START_VALUE", SqlTypeName.BIGINT).add("MINIMUM_VALUE", SqlTypeName.BIGINT)
              .add("MAXIMUM_VALUE", SqlTypeName.BIGINT).add("INCREMENT", SqlTypeName.BIGINT)
              .add("CYCLE_OPTION", SqlTypeName.VARCHAR).add("CACHE", SqlTypeName.BIGINT).build();
        case "TABLES":
          return b.add("TABLE_CATALOG", SqlTypeName.VARCHAR).add("TABLE_SCHEMA", SqlTypeName.VARCHAR)
              .add("TABLE_NAME", SqlTypeName.VARCHAR).add("TABLE_TYPE", SqlTypeName.VARCHAR)
              .add("REMARKS", f.createTypeWithNullability(f.createSqlType(SqlTypeName.VARCHAR), true)).build();
        case "COLUMNS":
          break;
        default:
          return spec(f, COLUMNS_OF.get(name));
      }
      return b.add("TABLE_CATALOG", SqlTypeName.VARCHAR).add("TABLE_SCHEMA", SqlTypeName.VARCHAR)
          .add("TABLE_NAME", SqlTypeName.VARCHAR).add("COLUMN_NAME", SqlTypeName.VARCHAR)
          .add("ORDINAL_POSITION", SqlTypeName.INTEGER)
          .add("COLUMN_DEFAULT", f.createTypeWithNullability(f.createSqlType(SqlTypeName.VARCHAR), true))
          .add("IS_NULLABLE", SqlTypeName.VARCHAR).add("DATA_TYPE", SqlTypeName.VARCHAR)
          .add("CHARACTER_MAXIMUM_LENGTH", f.createTypeWithNullability(f.createSqlType(SqlTypeName.INTEGER), true))
          .add("NUMERIC_PRECISION", f.createTypeWithNullability(f.createSqlType(SqlTypeName.INTEGER), true))
          .add("NUMERIC_SCALE", f.createTypeWithNullability(f.createSqlType(SqlTypeName.INTEGER), true))
          .add("IS_IDENTITY", SqlTypeName.VARCHAR)
          .add("REMARKS", f.createTypeWithNullability(f.createSqlType(SqlTypeName.VARCHAR), true)).build();
    }
  }

  /**
   * Column lists of the catalog views, as {@code NAME} (VARCHAR) or {@code NAME:TYPE} with TYPE
   * one of INTEGER, BOOLEAN; every column is nullable. Names and order follow H2 2.x, which
   * follows the SQL standard's information schema.
   */
  private static final Map<String, String> COLUMNS_OF = Map.ofEntries(
      Map.entry("INDEXES", "INDEX_CATALOG INDEX_SCHEMA INDEX_NAME TABLE_CATALOG TABLE_SCHEMA TABLE_NAME INDEX_TYPE_NAME"
          + " NULLS_DISTINCT IS_GENERATED:BOOLEAN REMARKS INDEX_CLASS"
          + " COLUMN_NAME ORDINAL_POSITION:INTEGER NON_UNIQUE:BOOLEAN IS_UNIQUE:BOOLEAN PRIMARY_KEY:BOOLEAN"),
      Map.entry("INDEX_COLUMNS", "INDEX_CATALOG INDEX_SCHEMA INDEX_NAME TABLE_CATALOG TABLE_SCHEMA TABLE_NAME"
          + " COLUMN_NAME ORDINAL_POSITION:INTEGER ORDERING_SPECIFICATION NULL_ORDERING IS_UNIQUE:BOOLEAN"),
      Map.entry("TABLE_CONSTRAINTS", "CONSTRAINT_CATALOG CONSTRAINT_SCHEMA CONSTRAINT_NAME CONSTRAINT_TYPE"
          + " TABLE_CATALOG TABLE_SCHEMA TABLE_NAME IS_DEFERRABLE INITIALLY_DEFERRED ENFORCED NULLS_DISTINCT"
          + " INDEX_CATALOG INDEX_SCHEMA INDEX_NAME REMARKS"),
      Map.entry("CONSTRAINTS", "CONSTRAINT_CATALOG CONSTRAINT_SCHEMA CONSTRAINT_NAME CONSTRAINT_TYPE"
          + " TABLE_CATALOG TABLE_SCHEMA TABLE_NAME UNIQUE_INDEX_NAME CHECK_EXPRESSION COLUMN_LIST REMARKS"),
      Map.entry("KEY_COLUMN_USAGE", "CONSTRAINT_CATALOG CONSTRAINT_SCHEMA CONSTRAINT_NAME TABLE_CATALOG TABLE_SCHEMA"
          + " TABLE_NAME COLUMN_NAME ORDINAL_POSITION:INTEGER POSITION_IN_UNIQUE_CONSTRAINT:INTEGER"),
      Map.entry("REFERENTIAL_CONSTRAINTS", "CONSTRAINT_CATALOG CONSTRAINT_SCHEMA CONSTRAINT_NAME"
          + " UNIQUE_CONSTRAINT_CATALOG UNIQUE_CONSTRAINT_SCHEMA UNIQUE_CONSTRAINT_NAME MATCH_OPTION UPDATE_RULE"
          + " DELETE_RULE"),
      Map.entry("CHECK_CONSTRAINTS", "CONSTRAINT_CATALOG CONSTRAINT_SCHEMA CONSTRAINT_NAME CHECK_CLAUSE"),
      Map.entry("VIEWS", "TABLE_CATALOG TABLE_SCHEMA TABLE_NAME VIEW_DEFINITION CHECK_OPTION IS_UPDATABLE"
          + " INSERTABLE_INTO IS_TRIGGER_UPDATABLE IS_TRIGGER_DELETABLE IS_TRIGGER_INSERTABLE_INTO STATUS REMARKS"),
      Map.entry("TRIGGERS", "TRIGGER_CATALOG TRIGGER_SCHEMA TRIGGER_NAME EVENT_MANIPULATION EVENT_OBJECT_CATALOG"
          + " EVENT_OBJECT_SCHEMA EVENT_OBJECT_TABLE ACTION_ORDER:INTEGER ACTION_CONDITION ACTION_STATEMENT"
          + " ACTION_ORIENTATION ACTION_TIMING REMARKS"),
      Map.entry("SCHEMATA", "CATALOG_NAME SCHEMA_NAME SCHEMA_OWNER DEFAULT_CHARACTER_SET_CATALOG"
          + " DEFAULT_CHARACTER_SET_SCHEMA DEFAULT_CHARACTER_SET_NAME SQL_PATH DEFAULT_COLLATION_NAME REMARKS"),
      Map.entry(DUAL, "X:INTEGER"));

  /** The catalog views this schema holds, with the row type of each. */
  public static java.util.Set<String> catalogViews() {
    java.util.Set<String> names = new java.util.TreeSet<>(COLUMNS_OF.keySet());
    names.remove(DUAL);
    return names;
  }

  private static RelDataType spec(RelDataTypeFactory f, String columns) {
    RelDataTypeFactory.Builder b = f.builder();
    for (String col : columns.split(" ")) {
      int colon = col.indexOf(':');
      String name = colon < 0 ? col : col.substring(0, colon);
      SqlTypeName type = colon < 0 ? SqlTypeName.VARCHAR : SqlTypeName.valueOf(col.substring(colon + 1));
      b.add(name, f.createTypeWithNullability(f.createSqlType(type), true));
    }
    return b.build();
  }

  @Override
  protected Map<String, Table> getTableMap() {
    Map<String, Table> map = new java.util.HashMap<>();
    for (String name : List.of("STORAGE_STATS", "STORAGE_LEVELS", "SEQUENCES", "TABLES", "COLUMNS")) {
      map.put(name, new SystemTable(name));
    }
    for (String name : catalogViews()) {
      map.put(name, new SystemTable(name));
    }
    return map;
  }
}
