package io.beamdb.cluster;

import io.beamdb.engine.Session;
import java.sql.SQLException;

/**
 * Where a {@link WireServer} gets engine sessions: a plain database, or the engine of a Raft
 * node that serves SQL only while it is the leader. Implementations are thread-safe.
 */
public interface SessionSource {
  /**
   * The client address ({@code host:port}) of the node clients should use instead of this one,
   * or null when this node serves sessions now. An empty string means "not this node, but no
   * leader is known yet".
   */
  String redirect();

  /**
   * A new session in autocommit mode.
   *
   * @throws SQLException 08006 when this node stopped serving (leadership lost) meanwhile
   */
  Session open() throws SQLException;

  /**
   * Called before a statement that takes a new read snapshot (the first statement of a
   * transaction, or any statement under READ COMMITTED): returns once every commit acknowledged
   * anywhere before this call is visible to sessions from {@link #open}. The default (a single
   * database) returns at once.
   *
   * @throws SQLException 08006 when this node is not (or no longer) the leader
   */
  default void readBarrier() throws SQLException {
  }
}
