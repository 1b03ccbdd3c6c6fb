package io.beamdb.planner.calcite;

import io.beamdb.sql.catalog.Catalog;
import io.beamdb.sql.catalog.TableDef;
import org.apache.calcite.schema.Table;
import org.apache.calcite.schema.impl.AbstractSchema;

import java.util.HashMap;
import java.util.Map;

/** One schema of a {@link Catalog} snapshot, exposed to Calcite. Immutable. */
public final class BeamSchema extends AbstractSchema {
  private final Map<String, Table> tables;

  public BeamSchema(Catalog catalog, String schema) {
    Map<String, Table> map = new HashMap<>();
    for (TableDef t : catalog.tables(schema)) {
      map.put(t.name(), new BeamCalciteTable(t));
    }
    this.tables = map;
  }

  @Override
  protected Map<String, Table> getTableMap() {
    return tables;
  }
}
