package io.beamdb.engine;

import java.util.List;

/**
 * A statement parsed and planned once, executable many times with different parameters by the
 * session that prepared it. Immutable; valid until the catalog changes shape under it, in which
 * case {@link Session#execute} re-plans transparently.
 */
public interface PreparedCommand {
  /** The SQL text as given. */
  String sql();

  /** Number of {@code ?} parameters. */
  int parameterCount();

  /** {@link java.sql.Types} constant of parameter {@code index} (0-based) as inferred. */
  int parameterType(int index);

  /** Columns of the rows this command returns; empty when it returns an update count. */
  List<ColumnInfo> resultColumns();

  /** True when executing returns rows (SELECT, VALUES, EXPLAIN). */
  boolean returnsRows();
}
