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
 *   <li>{@code STORAGE_STATS (NAME VARCHAR, VALUE DOUBLE)}: storage engine counters (bytes
 *       written and read, WAL syncs, write amplification, cache hits and misses, flushes,
 *       compactions, stall time, memtable bytes);</li>
 *   <li>{@code STORAGE_LEVELS (LEVEL INTEGER, FILES INTEGER, BYTES BIGINT)}: SSTables per LSM level.</li>
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
      if (name.equals("STORAGE_STATS")) {
        return f.builder().add("NAME", SqlTypeName.VARCHAR).add("VALUE", SqlTypeName.DOUBLE).build();
      }
      return f.builder().add("LEVEL", SqlTypeName.INTEGER).add("FILES", SqlTypeName.INTEGER)
          .add("BYTES", SqlTypeName.BIGINT).build();
    }
  }

  @Override
  protected Map<String, Table> getTableMap() {
    return Map.of("STORAGE_STATS", new SystemTable("STORAGE_STATS"),
        "STORAGE_LEVELS", new SystemTable("STORAGE_LEVELS"));
  }
}
