package io.beamdb.txn;

import io.beamdb.storage.KvIterator;
import io.beamdb.storage.Snapshot;
import io.beamdb.storage.StorageException;
import io.beamdb.storage.WriteBatch;

import java.sql.SQLException;
import java.sql.SQLTransientException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;

/**
 * A transaction: reads from a storage snapshot overlaid with its own buffered writes; writes are
 * buffered and applied as one atomic {@link WriteBatch} at commit (one WAL record, synced per
 * the store's sync mode). An undo log of the buffer supports statement-level rollback
 * ({@link #mark()} / {@link #rollbackTo(int)}), so a failed statement leaves no trace while the
 * transaction continues. Used by one thread at a time.
 *
 * <p>Errors: HY000 when the write lock cannot be had within the lock timeout; 58030 when the
 * commit cannot be persisted (the transaction is then rolled back); XX001 on corruption.
 */
public final class Transaction implements AutoCloseable {
  private static final byte[] TOMBSTONE = new byte[0];
  private static final Object ABSENT = new Object();

  private final TransactionManager manager;
  private final NavigableMap<byte[], byte[]> writes = new ConcurrentSkipListMap<>(Arrays::compareUnsigned);
  private final List<Object[]> undo = new ArrayList<>();
  private Snapshot snapshot;
  private boolean holdsWriteLock;
  private boolean finished;

  Transaction(TransactionManager manager) {
    this.manager = manager;
    this.snapshot = manager.store().snapshot();
  }

  /** Takes a fresh snapshot so the next statement sees everything committed so far (READ COMMITTED). */
  public void refreshSnapshot() {
    Snapshot old = snapshot;
    snapshot = manager.store().snapshot();
    old.close();
  }

  /** True when this transaction has buffered writes. */
  public boolean hasWrites() {
    return !writes.isEmpty() || holdsWriteLock;
  }

  /** The value of {@code key} as this transaction sees it, or null. */
  public byte[] get(byte[] key) throws SQLException {
    byte[] own = writes.get(key);
    if (own != null) {
      return own == TOMBSTONE ? null : own;
    }
    try {
      return manager.store().get(key, snapshot);
    } catch (StorageException e) {
      throw TxnErrors.storage(e);
    }
  }

  /** Buffers a put. Takes the write lock on the first write. */
  public void put(byte[] key, byte[] value) throws SQLException {
    acquireWriteLock();
    record(key);
    writes.put(key, value);
  }

  /** Buffers a delete. */
  public void delete(byte[] key) throws SQLException {
    acquireWriteLock();
    record(key);
    writes.put(key, TOMBSTONE);
  }

  private void record(byte[] key) {
    byte[] prev = writes.get(key);
    undo.add(new Object[] {key, prev == null ? ABSENT : prev});
  }

  /** A position in the undo log, taken before a statement runs. */
  public int mark() {
    return undo.size();
  }

  /** Undoes every write made after {@code mark}. */
  public void rollbackTo(int mark) {
    for (int i = undo.size() - 1; i >= mark; i--) {
      Object[] u = undo.remove(i);
      if (u[1] == ABSENT) {
        writes.remove((byte[]) u[0]);
      } else {
        writes.put((byte[]) u[0], (byte[]) u[1]);
      }
    }
  }

  /**
   * Takes the database write lock now (if not held) and refreshes the snapshot, so that a
   * statement that reads rows and then writes them (UPDATE, DELETE, INSERT ... SELECT) reads the
   * latest committed state while no other writer can commit: no lost updates.
   *
   * @throws SQLException HY000 when the lock is not granted within the lock timeout
   */
  public void lockForWrite() throws SQLException {
    acquireWriteLock();
  }

  private void acquireWriteLock() throws SQLException {
    if (finished) {
      throw new SQLException("Transaction already finished", "25000");
    }
    if (holdsWriteLock) {
      return;
    }
    try {
      if (!manager.writeLock().tryAcquire(manager.lockTimeoutMillis(), TimeUnit.MILLISECONDS)) {
        throw new SQLTransientException("Timeout after " + manager.lockTimeoutMillis()
            + " ms waiting for the database write lock held by another transaction; commit or roll back"
            + " the other transaction", "HY000");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("Interrupted while waiting for the write lock", "HY000", e);
    }
    holdsWriteLock = true;
    // the writer reads the latest committed state from here on
    refreshSnapshot();
  }

  /**
   * Cursor over keys in {@code [from, to)} ({@code to} null = unbounded) merging committed data
   * at the snapshot with this transaction's writes.
   */
  public KvCursor scan(byte[] from, byte[] to) throws SQLException {
    KvIterator it;
    try {
      it = manager.store().iterator(snapshot);
      it.seek(from);
    } catch (StorageException e) {
      throw TxnErrors.storage(e);
    }
    NavigableMap<byte[], byte[]> own = to == null ? writes.tailMap(from, true) : writes.subMap(from, true, to, false);
    return new MergeCursor(it, own.entrySet().iterator(), to);
  }

  /** Applies the buffered writes atomically and ends the transaction. */
  public void commit() throws SQLException {
    commit(null);
  }

  /**
   * Applies the buffered writes atomically, runs {@code afterApply} (if any) while the write
   * lock is still held, and ends the transaction. DDL uses the hook to install the new catalog
   * before any other writer can run.
   */
  public void commit(Runnable afterApply) throws SQLException {
    if (finished) {
      return;
    }
    try {
      if (!writes.isEmpty()) {
        WriteBatch batch = new WriteBatch();
        for (Map.Entry<byte[], byte[]> e : writes.entrySet()) {
          if (e.getValue() == TOMBSTONE) {
            batch.delete(e.getKey());
          } else {
            batch.put(e.getKey(), e.getValue());
          }
        }
        manager.store().write(batch);
      }
      if (afterApply != null) {
        afterApply.run();
      }
    } catch (StorageException e) {
      throw TxnErrors.storage(e);
    } finally {
      finish();
    }
  }

  /** Discards the buffered writes and ends the transaction. */
  public void rollback() {
    finish();
  }

  private void finish() {
    if (finished) {
      return;
    }
    finished = true;
    writes.clear();
    undo.clear();
    snapshot.close();
    if (holdsWriteLock) {
      holdsWriteLock = false;
      manager.writeLock().release();
    }
  }

  /** True after commit or rollback. */
  public boolean isFinished() {
    return finished;
  }

  @Override
  public void close() {
    rollback();
  }

  /** Merges a storage iterator with the transaction's own writes; own writes win. */
  private static final class MergeCursor implements KvCursor {
    private final KvIterator store;
    private final Iterator<Map.Entry<byte[], byte[]>> own;
    private final byte[] to;
    private Map.Entry<byte[], byte[]> ownHead;
    private byte[] key;
    private byte[] value;

    MergeCursor(KvIterator store, Iterator<Map.Entry<byte[], byte[]>> own, byte[] to) {
      this.store = store;
      this.own = own;
      this.to = to;
      this.ownHead = own.hasNext() ? own.next() : null;
    }

    @Override
    public boolean next() {
      while (true) {
        boolean storeValid = store.valid() && (to == null || Arrays.compareUnsigned(store.key(), to) < 0);
        if (!storeValid && ownHead == null) {
          key = null;
          return false;
        }
        int c;
        if (!storeValid) {
          c = 1;
        } else if (ownHead == null) {
          c = -1;
        } else {
          c = Arrays.compareUnsigned(store.key(), ownHead.getKey());
        }
        if (c < 0) {
          key = store.key();
          value = store.value();
          store.next();
          return true;
        }
        Map.Entry<byte[], byte[]> e = ownHead;
        ownHead = own.hasNext() ? own.next() : null;
        if (c == 0) {
          store.next();
        }
        if (e.getValue() == TOMBSTONE) {
          continue;
        }
        key = e.getKey();
        value = e.getValue();
        return true;
      }
    }

    @Override
    public byte[] key() {
      return key;
    }

    @Override
    public byte[] value() {
      return value;
    }

    @Override
    public void close() {
      store.close();
    }
  }
}
