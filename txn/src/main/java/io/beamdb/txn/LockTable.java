package io.beamdb.txn;

import java.sql.SQLException;
import java.sql.SQLTransactionRollbackException;
import java.sql.SQLTransientException;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Exclusive locks on logical keys, held by transactions until they end, with waits bounded by a
 * timeout and deadlock detection at the moment a transaction starts to wait.
 *
 * <p>Locks are exclusive only, so every waiting transaction waits for exactly one owner and the
 * wait-for graph has out-degree at most one: a cycle through a new waiter is found by following
 * {@code waiter -> key it waits for -> that key's owner -> key the owner waits for -> ...}. The
 * graph is evaluated live (owners are read from the table, not copied into edges), so ownership
 * hand-offs never leave stale edges. A cycle can only be closed by a transaction that starts
 * waiting (a waiter's edge changes only towards the transaction that just took the lock, which is
 * running), so checking the requester suffices; the requester is the victim (SQLState 40P01).
 *
 * <p>Thread-safety: all state is guarded by one {@link ReentrantLock}; waiters park on a condition
 * per key. Grant order among waiters is not FIFO.
 */
final class LockTable {
  private static final System.Logger LOG = System.getLogger(LockTable.class.getName());

  private final ReentrantLock mutex = new ReentrantLock();
  private final Map<LockKey, Entry> locks = new HashMap<>();
  /** Transaction -> the lock it is waiting for. Guarded by mutex. */
  private final Map<Transaction, Entry> waiting = new HashMap<>();

  /** A logical key usable as a hash key. */
  static final class LockKey {
    final byte[] bytes;
    private final int hash;

    LockKey(byte[] bytes) {
      this.bytes = bytes;
      this.hash = Arrays.hashCode(bytes);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof LockKey && Arrays.equals(bytes, ((LockKey) o).bytes);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }

  private final class Entry {
    final LockKey key;
    final Condition released = mutex.newCondition();
    Transaction owner;
    int waiters;

    Entry(LockKey key) {
      this.key = key;
    }
  }

  /**
   * Takes the exclusive lock on {@code key} for {@code txn}, waiting up to {@code timeoutMillis}.
   *
   * @return true if newly acquired, false if {@code txn} already held it
   * @throws SQLTransactionRollbackException 40P01 when waiting would close a cycle in the
   *     wait-for graph (nothing was acquired)
   * @throws SQLTransientException HY000 "lock timeout on key ..." after {@code timeoutMillis}
   * @throws SQLException HY008 when the thread is interrupted while waiting
   */
  boolean acquire(Transaction txn, LockKey key, long timeoutMillis) throws SQLException {
    mutex.lock();
    try {
      Entry e = locks.computeIfAbsent(key, Entry::new);
      if (e.owner == txn) {
        return false;
      }
      if (e.owner == null) {
        e.owner = txn;
        return true;
      }
      long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(Math.max(0, timeoutMillis));
      waiting.put(txn, e);
      e.waiters++;
      try {
        while (true) {
          if (e.owner == null) {
            e.owner = txn;
            return true;
          }
          Transaction cycleTo = findCycle(txn, e);
          if (cycleTo != null) {
            LOG.log(System.Logger.Level.DEBUG, "deadlock: transaction {0} waits for {1} on key {2}",
                txn.id(), e.owner.id(), MvccKeys.hex(key.bytes));
            throw new SQLTransactionRollbackException("deadlock detected: transaction " + txn.id()
                + " waits for key " + MvccKeys.hex(key.bytes) + " held by transaction " + e.owner.id()
                + ", which (through the wait-for graph) waits for transaction " + txn.id()
                + "; this transaction was chosen as the victim and rolled back, retry it", "40P01");
          }
          long remaining = deadline - System.nanoTime();
          if (remaining <= 0) {
            throw new SQLTransientException("lock timeout on key " + MvccKeys.hex(key.bytes) + " after "
                + timeoutMillis + " ms: held by transaction " + e.owner.id()
                + "; commit or roll back that transaction, or raise the lock timeout", "HY000");
          }
          try {
            e.released.awaitNanos(remaining);
          } catch (InterruptedException ie) {
            Thread.currentThread().interrupt();
            throw new SQLException("interrupted while waiting for the lock on key " + MvccKeys.hex(key.bytes),
                "HY008", ie);
          }
        }
      } finally {
        waiting.remove(txn);
        e.waiters--;
        if (e.owner == null && e.waiters == 0) {
          locks.remove(key);
        }
      }
    } finally {
      mutex.unlock();
    }
  }

  /**
   * Follows the wait-for chain from the owner of {@code wanted}; returns the owner if the chain
   * leads back to {@code txn}. Caller holds mutex.
   */
  private Transaction findCycle(Transaction txn, Entry wanted) {
    Transaction cur = wanted.owner;
    int guard = waiting.size() + 1;
    while (cur != null && guard-- >= 0) {
      if (cur == txn) {
        return wanted.owner;
      }
      Entry next = waiting.get(cur);
      if (next == null) {
        return null;
      }
      cur = next.owner;
    }
    return null;
  }

  /** Releases {@code key} if {@code txn} owns it and wakes its waiters. */
  void release(Transaction txn, LockKey key) {
    mutex.lock();
    try {
      Entry e = locks.get(key);
      if (e == null || e.owner != txn) {
        return;
      }
      e.owner = null;
      if (e.waiters == 0) {
        locks.remove(key);
      } else {
        e.released.signalAll();
      }
    } finally {
      mutex.unlock();
    }
  }

  /** Releases every key in {@code keys} that {@code txn} owns. */
  void releaseAll(Transaction txn, Iterable<LockKey> keys) {
    mutex.lock();
    try {
      for (LockKey k : keys) {
        release(txn, k);
      }
    } finally {
      mutex.unlock();
    }
  }

  /** The transaction holding {@code key}, or null (for tests and diagnostics). */
  Transaction owner(byte[] key) {
    mutex.lock();
    try {
      Entry e = locks.get(new LockKey(key));
      return e == null ? null : e.owner;
    } finally {
      mutex.unlock();
    }
  }

  /** True while {@code txn} waits for a lock (for tests and diagnostics). */
  boolean isWaiting(Transaction txn) {
    mutex.lock();
    try {
      return waiting.containsKey(txn);
    } finally {
      mutex.unlock();
    }
  }

  /** Number of keys currently locked or waited for. */
  int size() {
    mutex.lock();
    try {
      return locks.size();
    } finally {
      mutex.unlock();
    }
  }
}
