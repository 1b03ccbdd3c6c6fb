package io.beamdb.engine;

import io.beamdb.storage.KvStore;
import io.beamdb.storage.LsmStore;
import java.sql.SQLException;
import java.util.Map;

/**
 * Opens a {@link Database} over an LSM store that someone else owns, with commits routed through
 * another {@link KvStore}: the cluster's replicated store, whose {@code write} goes through the
 * Raft log and returns once every replica's state machine (this node's included) can apply the
 * batch to its own copy of {@code local}. Reads go to {@code writes} too, which normally reads
 * {@code local}. The catalog, table ids and the commit clock are read from {@code local} now, so
 * open a new database after the store changed under it (e.g. when a node becomes leader).
 *
 * <p>The database is not registered with {@link DatabaseRegistry}; closing it (explicitly or when
 * its last session closes) leaves {@code local} open. Thread-safe.
 */
public final class ExternalStore {
  private ExternalStore() {
  }

  /**
   * @param name     the name the database reports
   * @param settings engine settings as for a URL ({@code LOCK_TIMEOUT}; storage settings are the
   *                 owner's business and ignored)
   * @throws SQLException 08001 for an unknown setting; storage errors with their SQLStates
   */
  public static Database open(String name, LsmStore local, KvStore writes, Map<String, String> settings)
      throws SQLException {
    return EngineDatabase.openOver(DatabaseConfig.memory(name, settings), local, writes);
  }

  /**
   * The oldest commit timestamp an open transaction of {@code db} may read (feed it to an
   * {@link io.beamdb.txn.MvccCompactionFilter} on the store's owner side).
   *
   * @throws IllegalArgumentException when {@code db} was not opened here
   */
  public static long gcWatermark(Database db) {
    if (db instanceof EngineDatabase e) {
      return e.gcWatermark();
    }
    throw new IllegalArgumentException("not an engine database: " + db);
  }
}
