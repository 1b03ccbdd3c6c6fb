package io.beamdb.planner.exec;

import java.sql.SQLException;

/**
 * A running physical operator (Volcano-style iterator): {@link #next()} returns the next row
 * (internal values, one slot per output field) or null at the end. A returned array may be
 * reused by the operator after the next call, so consumers that keep rows copy them. Not
 * thread-safe.
 */
public interface Operator extends AutoCloseable {
  /** The next row, or null when exhausted. SQLStates as the engine defines them. */
  Object[] next() throws SQLException;

  /** Releases iterators and buffers; idempotent. */
  @Override
  void close();
}
