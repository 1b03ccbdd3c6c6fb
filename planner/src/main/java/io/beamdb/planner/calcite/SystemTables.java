package io.beamdb.planner.calcite;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.type.SqlTypeName;

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
 *       SQL standard's information schema that H2 and Hibernate read.</li>
 * </ul>
 * Immutable.
 */
public final class SystemTables extends AbstractSchema {
  /** Schema name. */
  public static final String SCHEMA = "INFORMATION_SCHEMA";

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
              .add("TABLE_NAME", SqlTypeName.VARCHAR).add("TABLE_TYPE", SqlTypeName.VARCHAR).build();
        default: // COLUMNS
          return b.add("TABLE_CATALOG", SqlTypeName.VARCHAR).add("TABLE_SCHEMA", SqlTypeName.VARCHAR)
              .add("TABLE_NAME", SqlTypeName.VARCHAR).add("COLUMN_NAME", SqlTypeName.VARCHAR)
              .add("ORDINAL_POSITION", SqlTypeName.INTEGER)
              .add("COLUMN_DEFAULT", f.createTypeWithNullability(f.createSqlType(SqlTypeName.VARCHAR), true))
              .add("IS_NULLABLE", SqlTypeName.VARCHAR).add("DATA_TYPE", SqlTypeName.VARCHAR)
              .add("CHARACTER_MAXIMUM_LENGTH", f.createTypeWithNullability(f.createSqlType(SqlTypeName.INTEGER), true))
              .add("NUMERIC_PRECISION", f.createTypeWithNullability(f.createSqlType(SqlTypeName.INTEGER), true))
              .add("NUMERIC_SCALE", f.createTypeWithNullability(f.createSqlType(SqlTypeName.INTEGER), true))
              .add("IS_IDENTITY", SqlTypeName.VARCHAR).build();
      }
    }
  }

  @Override
  protected Map<String, Table> getTableMap() {
    return Map.of("STORAGE_STATS", new SystemTable("STORAGE_STATS"),
        "STORAGE_LEVELS", new SystemTable("STORAGE_LEVELS"),
        "SEQUENCES", new SystemTable("SEQUENCES"),
        "TABLES", new SystemTable("TABLES"),
        "COLUMNS", new SystemTable("COLUMNS"));
  }
}
