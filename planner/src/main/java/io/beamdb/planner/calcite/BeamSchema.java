package io.beamdb.planner.calcite;

import io.beamdb.sql.catalog.Catalog;
import io.beamdb.sql.catalog.TableDef;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;

import java.util.HashMap;
import java.util.Map;

/** One schema of a {@link Catalog} snapshot, exposed to Calcite, plus the one-row {@code DUAL}. Immutable. */
public final class BeamSchema extends AbstractSchema {
  private final Map<String, Table> tables;

  public BeamSchema(Catalog catalog, String schema) {
    this(catalog, schema, io.beamdb.planner.stats.StatsSource.NONE);
  }

  /** A schema whose tables report statistics from {@code stats} to Calcite. */
  public BeamSchema(Catalog catalog, String schema, io.beamdb.planner.stats.StatsSource stats) {
    Map<String, Table> map = new HashMap<>();
    for (TableDef t : catalog.tables(schema)) {
      map.put(t.name(), new BeamCalciteTable(t, stats));
    }
    for (io.beamdb.sql.catalog.ViewDef v : catalog.views()) {
      if (v.schema().equals(schema)) {
        map.put(v.name(), new BeamViewTable(v));
      }
    }
    for (io.beamdb.sql.catalog.SequenceDef s : catalog.sequences()) {
      if (s.schema().equals(schema) && !map.containsKey(s.name())) {
        map.put(s.name(), new SequenceTable());
      }
    }
    // H2's (and Oracle's) one-row DUAL, unless the schema has its own object of that name
    map.putIfAbsent(SystemTables.DUAL, new SystemTables.SystemTable(SystemTables.DUAL));
    this.tables = map;
  }

  /** A sequence as Calcite's validator needs it for {@code NEXT VALUE FOR}: a table of type SEQUENCE. */
  private static final class SequenceTable extends org.apache.calcite.schema.impl.AbstractTable {
    @Override
    public org.apache.calcite.rel.type.RelDataType getRowType(org.apache.calcite.rel.type.RelDataTypeFactory f) {
      return f.builder().add("VALUE", org.apache.calcite.sql.type.SqlTypeName.BIGINT).build();
    }

    @Override
    public org.apache.calcite.schema.Schema.TableType getJdbcTableType() {
      return org.apache.calcite.schema.Schema.TableType.SEQUENCE;
    }
  }

  @Override
  protected Map<String, Table> getTableMap() {
    return tables;
  }
}
