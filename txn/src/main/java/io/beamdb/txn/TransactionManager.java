package io.beamdb.txn;

import io.beamdb.storage.KvIterator;
import io.beamdb.storage.KvStore;
import io.beamdb.storage.StorageException;
import io.beamdb.storage.WriteBatch;

import java.sql.SQLException;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.Set;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.ReentrantLock;

/**
 * Multi-version concurrency control over a {@link KvStore}: creates {@link Transaction}s, hands
 * out read and commit timestamps, commits write sets atomically and keeps the lock table.
 *
 * <h2>Timestamps and visibility</h2>
 * Every commit that writes gets a commit timestamp from a logical clock ({@code last + 1}) and
 * writes all its versions (layout in {@link MvccKeys}) plus the clock key in <b>one</b>
 * {@link WriteBatch}, i.e. one WAL record. The <em>visible timestamp</em> (watermark) is advanced
 * to the commit timestamp only after the batch is applied, and commits run one at a time under a
 * commit lock, so it advances in commit order: a transaction reads at {@code readTs = } the
 * watermark when its snapshot is taken and sees every version with {@code commitTs <= readTs},
 * never half a commit, never an uncommitted write. Readers never block. Group commit (several
 * transactions per WAL append) is not built: the commit lock serializes commits the same way
 * {@link KvStore#write} already did.
 *
 * <p>On construction the clock is recovered from the raw clock key {@code [0x00]['C']} that every
 * commit batch rewrites, so it costs one point read (no scan) and is exact because the key is in
 * the same atomic batch as the versions it covers.
 *
 * <h2>Writers: two modes</h2>
 * <ul>
 *   <li><b>Single writer</b> (default, {@link #TransactionManager(KvStore, long)}): as before MVCC,
 *       a transaction takes one database-wide write lock at its first write or at
 *       {@link Transaction#lockForWrite()} and holds it to commit/rollback; at READ COMMITTED it
 *       then refreshes its read timestamp. Waiting longer than the lock timeout fails with HY000.
 *       No row locks are taken.</li>
 *   <li><b>Row locking</b> ({@link Options#rowLocking(boolean) Options.defaults().rowLocking(true)}):
 *       {@code put}/{@code delete}/{@code lockForUpdate} take an exclusive lock on the logical key,
 *       held to commit/rollback; a second writer waits up to the lock timeout (HY000
 *       "lock timeout on key ..."; the transaction stays usable), deadlocks are detected
 *       immediately through the wait-for graph (the requester is the victim: it is rolled back and
 *       gets 40P01). {@link Transaction#lockForWrite()} is a no-op.</li>
 * </ul>
 * In both modes a write to a key whose newest committed version is newer than the writer's read
 * timestamp is a write-write conflict, first-updater-wins ({@link WriteConflictException}, 40001).
 *
 * <h2>Garbage collection</h2>
 * {@link #gcWatermark()} is the oldest read timestamp of any open transaction (the visible
 * timestamp when none is open); {@link MvccCompactionFilter} uses it to drop shadowed versions.
 * A transaction that is never closed pins it.
 *
 * <p>Use one manager per store and process. Thread-safe.
 */
public final class TransactionManager {
  private static final System.Logger LOG = System.getLogger(TransactionManager.class.getName());
  /** Default lock timeout (the LOCK_TIMEOUT default). */
  public static final long DEFAULT_LOCK_TIMEOUT_MILLIS = 10_000;

  /**
   * Construction options; immutable, each setter returns a copy. Thread-safe.
   */
  public static final class Options {
    private final boolean rowLocking;
    private final long lockTimeoutMillis;
    private final RowCache.Mode rowCache;
    private final long rowCacheEntries;
    private final int rowCacheMaxValueBytes;

    private Options(boolean rowLocking, long lockTimeoutMillis, RowCache.Mode rowCache, long rowCacheEntries,
        int rowCacheMaxValueBytes) {
      this.rowLocking = rowLocking;
      this.lockTimeoutMillis = lockTimeoutMillis;
      this.rowCache = rowCache;
      this.rowCacheEntries = rowCacheEntries;
      this.rowCacheMaxValueBytes = rowCacheMaxValueBytes;
    }

    /**
     * Single writer, {@link #DEFAULT_LOCK_TIMEOUT_MILLIS}; the row cache as the system properties
     * {@code beamdb.rowcache} ({@code auto} by default: on, off-heap where the JVM allows it), {@code beamdb.rowcache.entries} (1,000,000) and
     * {@code beamdb.rowcache.maxValueBytes} (4,096) say (see {@link RowCache}).
     */
    public static Options defaults() {
      return new Options(false, DEFAULT_LOCK_TIMEOUT_MILLIS, RowCache.modeFromProperty(),
          RowCache.longProperty("beamdb.rowcache.entries", 1_000_000),
          (int) RowCache.longProperty("beamdb.rowcache.maxValueBytes", 4096));
    }

    /** Row locks (true) instead of the single database-wide writer lock (false, the default). */
    public Options rowLocking(boolean on) {
      return new Options(on, lockTimeoutMillis, rowCache, rowCacheEntries, rowCacheMaxValueBytes);
    }

    /** How long a writer waits for a lock (row or global) before failing with HY000. */
    public Options lockTimeoutMillis(long millis) {
      if (millis < 0) {
        throw new IllegalArgumentException("lock timeout must be >= 0: " + millis);
      }
      return new Options(rowLocking, millis, rowCache, rowCacheEntries, rowCacheMaxValueBytes);
    }

    /**
     * The latest-version row cache for point reads ({@link RowCache}): its mode, capacity in
     * entries and the largest value it keeps. Only for stores written through transaction managers.
     */
    public Options rowCache(RowCache.Mode mode, long entries, int maxValueBytes) {
      if (entries < 1 || maxValueBytes < 0) {
        throw new IllegalArgumentException("row cache entries must be >= 1 and max value bytes >= 0");
      }
      return new Options(rowLocking, lockTimeoutMillis, mode, entries, maxValueBytes);
    }

    /** The row cache mode only (capacity as before); {@code null} keeps the current mode. */
    public Options rowCacheMode(RowCache.Mode mode) {
      return mode == null ? this : new Options(rowLocking, lockTimeoutMillis, mode, rowCacheEntries, rowCacheMaxValueBytes);
    }

    public boolean isRowLocking() {
      return rowLocking;
    }

    public long lockTimeout() {
      return lockTimeoutMillis;
    }

    /** The row cache mode. */
    public RowCache.Mode rowCacheMode() {
      return rowCache;
    }

    @Override
    public String toString() {
      return "Options[rowLocking=" + rowLocking + ", lockTimeoutMillis=" + lockTimeoutMillis + ", rowCache=" + rowCache
          + "]";
    }
  }

  /** The keys a committed transaction wrote, kept for SERIALIZABLE validation. */
  record CommitRecord(long commitTs, byte[][] keys) {
  }

  /** Validation run under the commit lock with the commits newer than the transaction's snapshot. */
  interface Validator {
    void validate(List<CommitRecord> newerCommits) throws SQLException;
  }

  private final KvStore store;
  private final Options options;
  private final Semaphore writeLock = new Semaphore(1, true);
  private final LockTable locks = new LockTable();
  private final AtomicLong ids = new AtomicLong();
  /** Serializes commits; guards {@link #clock}. */
  private final ReentrantLock commitLock = new ReentrantLock();
  private long clock;
  /** Guards {@link #active}, {@link #serializableActive}, {@link #commitLog}, writes of {@link #visibleTs}. */
  private final Object activeLock = new Object();
  private final Set<Transaction> active = new HashSet<>();
  private int serializableActive;
  private final ArrayDeque<CommitRecord> commitLog = new ArrayDeque<>();
  private volatile long visibleTs;
  /** Null when off; shared with other managers over the same store. */
  private final RowCache rowCache;

  /**
   * Single-writer mode (see the class comment). Creates no row cache (the engine opens such
   * managers briefly to read the catalog), but uses the store's cache if another manager created
   * one.
   *
   * @param store             the storage engine
   * @param lockTimeoutMillis how long a writer waits for the write lock before failing with
   *                          SQLState HY000
   */
  public TransactionManager(KvStore store, long lockTimeoutMillis) {
    this(store, Options.defaults().lockTimeoutMillis(lockTimeoutMillis).rowCache(RowCache.Mode.OFF, 1, 0));
  }

  /**
   * @param store   the storage engine; its clock key is read now
   * @param options locking mode and lock timeout
   * @throws StorageException if the clock cannot be read
   */
  public TransactionManager(KvStore store, Options options) {
    this.store = store;
    this.options = options;
    this.clock = recoverClock(store);
    this.visibleTs = clock;
    this.rowCache = RowCache.forStore(store, options.rowCache, options.rowCacheEntries, options.rowCacheMaxValueBytes);
  }

  private static long recoverClock(KvStore store) {
    byte[] c = store.get(MvccKeys.CLOCK_KEY);
    if (c != null && c.length == 8) {
      long ts = MvccKeys.getLong(c, 0);
      LOG.log(System.Logger.Level.DEBUG, "recovered commit clock at {0}", ts);
      return ts;
    }
    if (c != null) {
      throw new StorageException(StorageException.Kind.CORRUPTION,
          "commit clock key has " + c.length + " bytes, expected 8", null);
    }
    try (KvIterator it = store.iterator(null)) {
      it.seekToFirst();
      if (it.valid()) {
        LOG.log(System.Logger.Level.WARNING, "store has data but no commit clock key: it was written before"
            + " MVCC (versioned keys); such data is not readable through transactions");
      }
    }
    return 0;
  }

  /** Starts a READ COMMITTED transaction. */
  public Transaction begin() {
    return begin(IsolationLevel.READ_COMMITTED);
  }

  /** Starts a transaction reading at the current visible timestamp. */
  public Transaction begin(IsolationLevel level) {
    return new Transaction(this, ids.incrementAndGet(), level);
  }

  /** The options this manager was created with. */
  public Options options() {
    return options;
  }

  /** True in row-locking mode. */
  public boolean rowLocking() {
    return options.rowLocking;
  }

  /** The newest commit timestamp whose writes are fully visible (the read timestamp of a new snapshot). */
  public long visibleTimestamp() {
    return visibleTs;
  }

  /**
   * The oldest read timestamp of any open transaction, or the visible timestamp when none is open.
   * Versions shadowed by a newer version at or below it are never read again. Non-decreasing.
   */
  public long gcWatermark() {
    synchronized (activeLock) {
      long min = visibleTs;
      for (Transaction t : active) {
        min = Math.min(min, t.readTs);
      }
      return min;
    }
  }

  /** Number of open transactions. */
  public int activeTransactions() {
    synchronized (activeLock) {
      return active.size();
    }
  }

  KvStore store() {
    return store;
  }

  /** The latest-version row cache, or null when it is off. */
  public RowCache rowCache() {
    return rowCache;
  }

  Semaphore writeLock() {
    return writeLock;
  }

  LockTable locks() {
    return locks;
  }

  long lockTimeoutMillis() {
    return options.lockTimeoutMillis;
  }

  /** Registers a new transaction and sets its first read timestamp (atomically for the GC watermark). */
  void register(Transaction t) {
    synchronized (activeLock) {
      t.readTs = visibleTs;
      active.add(t);
      if (t.isolationLevel() == IsolationLevel.SERIALIZABLE) {
        serializableActive++;
      }
    }
  }

  /** Moves {@code t}'s read timestamp to the visible timestamp (atomically for the GC watermark). */
  void refresh(Transaction t) {
    synchronized (activeLock) {
      t.readTs = Math.max(t.readTs, visibleTs);
    }
  }

  void unregister(Transaction t) {
    synchronized (activeLock) {
      if (active.remove(t) && t.isolationLevel() == IsolationLevel.SERIALIZABLE) {
        serializableActive--;
      }
      pruneCommitLog();
    }
  }

  /** Drops commit records no open SERIALIZABLE transaction can need. Caller holds activeLock. */
  private void pruneCommitLog() {
    if (commitLog.isEmpty()) {
      return;
    }
    long min = Long.MAX_VALUE;
    if (serializableActive > 0) {
      for (Transaction t : active) {
        if (t.isolationLevel() == IsolationLevel.SERIALIZABLE) {
          min = Math.min(min, t.readTs);
        }
      }
    }
    while (!commitLog.isEmpty() && commitLog.peekFirst().commitTs() <= min) {
      commitLog.pollFirst();
    }
  }

  private List<CommitRecord> commitsAfter(long readTs) {
    synchronized (activeLock) {
      List<CommitRecord> out = new ArrayList<>();
      for (CommitRecord r : commitLog) {
        if (r.commitTs() > readTs) {
          out.add(r);
        }
      }
      return out;
    }
  }

  /**
   * Commits {@code writes} (logical key -> value, {@code tombstone} identity = delete): validates,
   * takes the next commit timestamp, writes one batch, advances the visible timestamp, runs
   * {@code afterApply}; all under the commit lock. Returns the commit timestamp (0 when nothing
   * was written). {@code newKeys} (may be null) are keys that had no committed version when the
   * transaction locked them: they cannot be in the row cache, so the cache is not touched for them.
   */
  long commit(Transaction t, NavigableMap<byte[], byte[]> writes, byte[] tombstone, Validator validator,
      Runnable afterApply, java.util.Set<java.nio.ByteBuffer> newKeys) throws SQLException {
    commitLock.lock();
    try {
      long ts = 0;
      if (!writes.isEmpty()) {
        if (validator != null) {
          validator.validate(commitsAfter(t.readTimestamp()));
        }
        ts = clock + 1;
        WriteBatch batch = new WriteBatch();
        byte[][] keys = new byte[writes.size()][];
        int i = 0;
        for (Map.Entry<byte[], byte[]> e : writes.entrySet()) {
          byte[] v = e.getValue();
          batch.put(MvccKeys.encode(e.getKey(), ts), v == tombstone ? MvccKeys.tombstoneValue() : MvccKeys.putValue(v));
          keys[i++] = e.getKey();
        }
        batch.put(MvccKeys.CLOCK_KEY, MvccKeys.longBytes(ts));
        try {
          store.write(batch);
        } catch (RuntimeException e) {
          if (rowCache != null) {
            for (byte[] k : keys) {
              rowCache.invalidate(k); // the batch may be partly applied: forget what we knew
            }
          }
          throw e;
        }
        clock = ts;
        if (rowCache != null) {
          // before the visible timestamp reaches ts: no snapshot that can see ts finds an older entry
          for (Map.Entry<byte[], byte[]> e : writes.entrySet()) {
            if (newKeys != null && newKeys.contains(java.nio.ByteBuffer.wrap(e.getKey()))) {
              continue;
            }
            byte[] v = e.getValue();
            rowCache.committed(e.getKey(), ts, v == tombstone ? null : v);
          }
        }
        synchronized (activeLock) {
          visibleTs = ts;
          if (serializableActive > 0) {
            commitLog.addLast(new CommitRecord(ts, keys));
          }
        }
      }
      if (afterApply != null) {
        afterApply.run();
      }
      return ts;
    } finally {
      commitLock.unlock();
    }
  }
}
