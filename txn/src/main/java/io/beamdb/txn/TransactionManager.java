package io.beamdb.txn;

import io.beamdb.storage.KvStore;

import java.util.concurrent.Semaphore;

/**
 * Creates transactions over a {@link KvStore} and serializes writers: at this stage one
 * transaction at a time may write (it takes the write lock at its first write and holds it to
 * commit or rollback); readers never block and see only committed data through storage
 * snapshots. Full MVCC with row locks replaces the single write lock in a later issue. Thread-safe.
 */
public final class TransactionManager {
  private final KvStore store;
  private final Semaphore writeLock = new Semaphore(1, true);
  private final long lockTimeoutMillis;

  /**
   * @param store             the storage engine
   * @param lockTimeoutMillis how long a writer waits for the write lock before failing with
   *                          SQLState HY000
   */
  public TransactionManager(KvStore store, long lockTimeoutMillis) {
    this.store = store;
    this.lockTimeoutMillis = lockTimeoutMillis;
  }

  /** Starts a transaction; it reads a snapshot taken now (refresh with {@link Transaction#refreshSnapshot()}). */
  public Transaction begin() {
    return new Transaction(this);
  }

  KvStore store() {
    return store;
  }

  Semaphore writeLock() {
    return writeLock;
  }

  long lockTimeoutMillis() {
    return lockTimeoutMillis;
  }
}
