package io.beamdb.planner.stats;

import io.beamdb.sql.catalog.TableDef;

/**
 * Where the planner gets table statistics from (the database's statistics store; {@link #NONE}
 * when there are none, e.g. when planning CHECK constraints). Implementations are thread-safe.
 */
public interface StatsSource {
  /** No statistics: the planner falls back to rules and Calcite's default estimates. */
  StatsSource NONE = table -> null;

  /**
   * Current statistics of {@code table}, with the row count adjusted by writes since the last
   * analysis; null when the table was never analyzed or its columns changed since.
   */
  TableStats stats(TableDef table);
}
