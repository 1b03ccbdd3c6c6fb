package io.beamdb.engine;

import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;

/**
 * Per-table schema locks that keep DDL and writers of the same table apart, without a global
 * lock: a transaction that writes a table holds a shared lock on it until it ends; DDL on the
 * table (DROP TABLE, CREATE/DROP INDEX) takes it exclusively, so an index is never built while
 * an open transaction could still commit rows without index entries, and no row lands in a
 * dropped table. Readers never take schema locks (they read snapshots). Owners are transactions,
 * not threads, because a pooled connection may commit on another thread than it wrote.
 * Thread-safe (one monitor).
 */
final class SchemaLocks {
  private final Map<Integer, Set<Object>> shared = new HashMap<>();
  private final Map<Integer, Object> exclusive = new HashMap<>();
  private final Map<Object, Set<Integer>> held = new HashMap<>();

  /**
   * Takes table {@code tableId} shared for {@code owner}; waits while another owner holds it
   * exclusively.
   *
   * @throws SQLException HY000 after {@code timeoutMillis}
   */
  synchronized void lockShared(int tableId, Object owner, long timeoutMillis, String table) throws SQLException {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    while (exclusive.containsKey(tableId) && exclusive.get(tableId) != owner) {
      waitUntil(deadline, "Timeout after " + timeoutMillis + " ms waiting for DDL on table \"" + table + "\" to finish");
    }
    shared.computeIfAbsent(tableId, k -> new HashSet<>()).add(owner);
    held.computeIfAbsent(owner, k -> new HashSet<>()).add(tableId);
  }

  /**
   * Takes table {@code tableId} exclusively for {@code owner}; waits until no other owner holds
   * it in any mode.
   *
   * @throws SQLException HY000 after {@code timeoutMillis}, naming the table
   */
  synchronized void lockExclusive(int tableId, Object owner, long timeoutMillis, String table) throws SQLException {
    long deadline = System.currentTimeMillis() + timeoutMillis;
    while ((exclusive.containsKey(tableId) && exclusive.get(tableId) != owner) || hasOtherShared(tableId, owner)) {
      waitUntil(deadline, "Timeout after " + timeoutMillis + " ms waiting for open transactions that wrote table \""
          + table + "\" to commit or roll back before changing its schema");
    }
    exclusive.put(tableId, owner);
    held.computeIfAbsent(owner, k -> new HashSet<>()).add(tableId);
  }

  private boolean hasOtherShared(int tableId, Object owner) {
    Set<Object> s = shared.get(tableId);
    if (s == null) {
      return false;
    }
    return s.size() > (s.contains(owner) ? 1 : 0);
  }

  private void waitUntil(long deadline, String message) throws SQLException {
    long left = deadline - System.currentTimeMillis();
    if (left <= 0) {
      throw new SQLTransientException(message, "HY000");
    }
    try {
      wait(left);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("Interrupted while waiting for a schema lock", "HY000", e);
    }
  }

  /** Releases every schema lock {@code owner} holds (at commit or rollback). */
  synchronized void releaseAll(Object owner) {
    Set<Integer> tables = held.remove(owner);
    if (tables == null) {
      return;
    }
    for (int t : tables) {
      Set<Object> s = shared.get(t);
      if (s != null) {
        s.remove(owner);
        if (s.isEmpty()) {
          shared.remove(t);
        }
      }
      if (exclusive.get(t) == owner) {
        exclusive.remove(t);
      }
    }
    notifyAll();
  }
}
