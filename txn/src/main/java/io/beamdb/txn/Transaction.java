package io.beamdb.txn;

import io.beamdb.storage.KvEntry;
import io.beamdb.storage.KvIterator;
import io.beamdb.storage.StorageException;

import java.sql.SQLException;
import java.sql.SQLTransactionRollbackException;
import java.sql.SQLTransientException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Iterator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.NavigableMap;
import java.util.NavigableSet;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.TimeUnit;

/**
 * A transaction over the multi-version store: reads see the versions committed at or before its
 * read timestamp, overlaid with its own buffered writes; writes are buffered and committed as one
 * atomic batch with a new commit timestamp ({@link TransactionManager}). Callers use logical keys
 * only; the versioned layout is in {@link MvccKeys} (logical keys must be prefix-free and must not
 * start with {@code 0x00}).
 *
 * <h2>Isolation</h2>
 * <ul>
 *   <li>{@link IsolationLevel#READ_COMMITTED}: {@link #refreshSnapshot()} (called by the engine
 *       before each statement) moves the read timestamp to the newest commit.</li>
 *   <li>{@link IsolationLevel#REPEATABLE_READ}: one read timestamp for the whole transaction
 *       (snapshot isolation); {@link #refreshSnapshot()} is a no-op.</li>
 *   <li>{@link IsolationLevel#SERIALIZABLE}: snapshot isolation, plus every key read through
 *       {@link #get} and every range scanned through {@link #scan} (up to where the cursor got) is
 *       recorded; a transaction that wrote something aborts at commit with 40001 if a transaction
 *       that committed after its read timestamp wrote one of those keys or into one of those
 *       ranges. A read-only transaction never aborts: it is serialized at its read timestamp.</li>
 * </ul>
 *
 * <h2>Writes, locks, conflicts</h2>
 * In row-locking mode {@link #put}, {@link #delete} and {@link #lockForUpdate} take the exclusive
 * lock on the key (held until commit or rollback), then apply first-updater-wins: if the newest
 * committed version of the key is newer than the read timestamp, a {@link WriteConflictException}
 * (40001) is thrown; at READ COMMITTED the transaction stays open and keeps its locks (use
 * {@link #restartStatement(int)}), at REPEATABLE READ and SERIALIZABLE it is rolled back first.
 * In the default single-writer mode the first write (or {@link #lockForWrite()}) takes the
 * database-wide write lock instead; at READ COMMITTED it refreshes the read timestamp then, so no
 * conflict can arise.
 *
 * <h2>Statement rollback and savepoints</h2>
 * An undo log of the write buffer supports {@link #mark()} / {@link #rollbackTo(int)} and named
 * savepoints. Rolling back to a mark or savepoint undoes writes but <b>keeps every lock taken
 * since</b> (as InnoDB does; PostgreSQL instead releases locks taken after a savepoint when it is
 * rolled back to): keeping them is always safe and lets a restarted statement keep what it won.
 *
 * <h2>Errors (SQLStates)</h2>
 * 40001 write conflict ({@link WriteConflictException}) or serialization failure at commit
 * ({@link SQLTransactionRollbackException}, transaction rolled back); 40P01 deadlock victim
 * (rolled back); HY000 lock timeout (the statement fails, the transaction stays usable); HY008
 * interrupted while waiting; 25000 use after commit/rollback; 3B001 unknown savepoint; 58030 the
 * commit could not be persisted (rolled back); XX001 corruption.
 *
 * <p>Thread-safety: a transaction is used by one thread at a time; other threads only see it
 * through the manager's lock table and GC watermark.
 */
public final class Transaction implements AutoCloseable {
  /** Identity sentinel for a buffered delete. */
  private static final byte[] TOMBSTONE = new byte[0];
  private static final Object ABSENT = new Object();
  /** {@code next()} steps tried before a seek when skipping versions. */
  private static final int SKIP_STEPS = 4;

  private final TransactionManager manager;
  private final long id;
  private final IsolationLevel level;
  private final NavigableMap<byte[], byte[]> writes = new ConcurrentSkipListMap<>(Arrays::compareUnsigned);
  private final List<Object[]> undo = new ArrayList<>();
  private final Set<LockTable.LockKey> heldLocks = new LinkedHashSet<>();
  private final List<Object[]> savepoints = new ArrayList<>();
  /** SERIALIZABLE only: keys read. */
  private final NavigableSet<byte[]> pointReads;
  /** SERIALIZABLE only: ranges scanned. */
  private final List<RangeRead> rangeReads;
  /** Read timestamp; written under the manager's active lock (see TransactionManager). */
  volatile long readTs;
  private long lockTimeoutMillis;
  private boolean holdsWriteLock;
  /** Visible timestamp when the global write lock was granted. */
  private long lockedAtTs;
  private boolean finished;
  /**
   * The last key whose newest committed version was looked up by {@link #get}, that version's
   * commit timestamp (0: none) and the visible timestamp read just before the lookup. Lets the
   * first-updater-wins check after an INSERT's duplicate check or an UPDATE's read skip a second
   * lookup of the same key (see {@link #newestCommittedTs}).
   */
  private byte[] memoKey;
  private long memoNewestTs;
  private long memoVisibleTs;
  /**
   * With a row cache: keys this transaction locked while the store held no version of them at
   * all (new rows). Such a key cannot be in the cache (only existing versions are cached), and
   * nobody else can commit it while we hold its lock, so the commit need not touch the cache
   * for it. Null until the first such key.
   */
  private java.util.Set<java.nio.ByteBuffer> newKeys;

  Transaction(TransactionManager manager, long id, IsolationLevel level) {
    this.manager = manager;
    this.id = id;
    this.level = level;
    this.lockTimeoutMillis = manager.lockTimeoutMillis();
    boolean ser = level == IsolationLevel.SERIALIZABLE;
    this.pointReads = ser ? new TreeSet<>(Arrays::compareUnsigned) : null;
    this.rangeReads = ser ? new ArrayList<>() : null;
    manager.register(this);
  }

  /** A number identifying this transaction in lock messages. */
  public long id() {
    return id;
  }

  /** The isolation level this transaction was begun with. */
  public IsolationLevel isolationLevel() {
    return level;
  }

  /** The timestamp reads are made at: versions with {@code commitTs <= readTimestamp()} are visible. */
  public long readTimestamp() {
    return readTs;
  }

  /** Sets how long this transaction waits for a lock (default: the manager's lock timeout). */
  public void setLockTimeout(long millis) {
    if (millis < 0) {
      throw new IllegalArgumentException("lock timeout must be >= 0: " + millis);
    }
    this.lockTimeoutMillis = millis;
  }

  /**
   * READ COMMITTED: takes a new read timestamp so the next statement sees everything committed
   * so far. REPEATABLE READ and SERIALIZABLE: no-op (one snapshot per transaction).
   */
  public void refreshSnapshot() {
    if (level == IsolationLevel.READ_COMMITTED && !finished) {
      manager.refresh(this);
    }
  }

  /**
   * READ COMMITTED statement restart after a {@link WriteConflictException}: undoes the writes
   * made after {@code mark}, takes a fresh read timestamp and keeps every lock already held, so
   * the re-run statement reads the newest committed rows and cannot lose the rows it locked.
   *
   * @throws IllegalStateException at REPEATABLE READ or SERIALIZABLE (a fresh snapshot would break
   *     the level; the transaction was rolled back there anyway) or after the transaction ended
   */
  public void restartStatement(int mark) {
    if (level != IsolationLevel.READ_COMMITTED) {
      throw new IllegalStateException("restartStatement is only allowed at READ COMMITTED, not " + level);
    }
    if (finished) {
      throw new IllegalStateException("transaction " + id + " already finished");
    }
    rollbackTo(mark);
    manager.refresh(this);
  }

  /** True when this transaction has buffered writes or holds locks. */
  public boolean hasWrites() {
    return !writes.isEmpty() || holdsWriteLock || !heldLocks.isEmpty();
  }

  /** The value of {@code key} as this transaction sees it, or null. */
  public byte[] get(byte[] key) throws SQLException {
    byte[] own = writes.get(key);
    if (own != null) {
      return own == TOMBSTONE ? null : own;
    }
    if (pointReads != null) {
      pointReads.add(key.clone());
    }
    RowCache cache = manager.rowCache();
    if (cache != null) {
      return getCached(cache, key);
    }
    long ts = readTs;
    long visible = manager.visibleTimestamp();
    KvEntry newest = version(key, Long.MAX_VALUE);
    remember(key, newest, visible);
    if (newest == null) {
      return null;
    }
    if (MvccKeys.commitTs(newest.key()) <= ts) {
      return dataOf(newest);
    }
    KvEntry visibleVersion = version(key, ts); // a newer commit than our snapshot: read at readTs
    return visibleVersion == null ? null : dataOf(visibleVersion);
  }

  /** Records the newest committed version of {@code key} found by a lookup that began at {@code visible}. */
  private void remember(byte[] key, KvEntry newest, long visible) {
    memoKey = key.clone();
    memoNewestTs = newest == null ? 0 : MvccKeys.commitTs(newest.key());
    memoVisibleTs = visible;
  }

  /**
   * The newest committed version of {@code key} with {@code commitTs <= ts} (storage key and
   * value), or null: one {@link io.beamdb.storage.KvStore#firstVersion} lookup, which searches the
   * memtables and levels without a merging iterator.
   */
  private KvEntry version(byte[] key, long ts) throws SQLException {
    try {
      return manager.store().firstVersion(MvccKeys.encode(key, ts), null);
    } catch (StorageException e) {
      throw TxnErrors.storage(e);
    }
  }

  private static byte[] dataOf(KvEntry e) {
    byte[] v = e.value();
    return MvccKeys.isTombstone(v) ? null : MvccKeys.data(v);
  }

  /**
   * {@link #get} through the row cache: a cached newest version is used when this snapshot can
   * see it; otherwise the newest version in the store is read, returned if visible (and cached),
   * else the store is read at the read timestamp as without the cache.
   */
  private byte[] getCached(RowCache cache, byte[] key) throws SQLException {
    long ts = readTs;
    byte[] entry = cache.lookup(key);
    if (entry != null && RowCache.entryTs(entry) <= ts) {
      cache.hit();
      return RowCache.entryValue(entry);
    }
    cache.miss();
    long stamp = cache.stamp(key);
    long visible = manager.visibleTimestamp();
    KvEntry newest = version(key, Long.MAX_VALUE);
    remember(key, newest, visible);
    if (newest == null) {
      return null; // "no row" is not cached: inserts would fill the cache with keys about to change
    }
    long newestTs = MvccKeys.commitTs(newest.key());
    if (newestTs <= ts) {
      byte[] data = dataOf(newest);
      cache.populate(key, stamp, newestTs, data);
      return data;
    }
    KvEntry visibleVersion = version(key, ts);
    return visibleVersion == null ? null : dataOf(visibleVersion);
  }

  /**
   * Commit timestamp of the newest committed version of {@code key} (any timestamp), 0 if none.
   * Called after the key's lock (or the write lock) was granted.
   *
   * <p>When the last {@link #get} looked up the same key and the visible timestamp has not moved
   * since before that lookup, its answer is reused: a commit that wrote the key either had
   * written the store before the lookup began (then the lookup saw it) or still held the key's
   * lock (or the write lock), which it releases only after making its commit visible, so the
   * visible timestamp would have moved by the time we got the lock.
   */
  private long newestCommittedTs(byte[] key) throws SQLException {
    if (memoKey != null && manager.visibleTimestamp() == memoVisibleTs && Arrays.equals(memoKey, key)) {
      return memoNewestTs;
    }
    RowCache cache = manager.rowCache();
    long stamp = 0;
    if (cache != null) {
      byte[] entry = cache.lookup(key);
      if (entry != null) {
        return RowCache.entryTs(entry); // the entry is always the newest committed version
      }
      stamp = cache.stamp(key);
    }
    KvEntry newest = version(key, Long.MAX_VALUE);
    if (newest == null) {
      return 0;
    }
    long ts = MvccKeys.commitTs(newest.key());
    if (cache != null) {
      cache.populate(key, stamp, ts, dataOf(newest));
    }
    return ts;
  }

  /** Notes a locked key without any committed version (see {@link #newKeys}). */
  private void noteNewKey(byte[] key) {
    if (manager.rowCache() == null) {
      return;
    }
    if (newKeys == null) {
      newKeys = new java.util.HashSet<>();
    }
    newKeys.add(java.nio.ByteBuffer.wrap(key.clone()));
  }

  /** Largest logical key a write may have, in bytes (an encoded primary or index key). */
  public static final int MAX_KEY_BYTES = 64 * 1024;
  /** Largest value a write may have, in bytes (an encoded row with its LOBs inline). */
  public static final int MAX_VALUE_BYTES = 256 * 1024 * 1024;

  /**
   * Buffers a put; takes the key's lock (or the write lock) first.
   *
   * @throws SQLException 54000 when the key is longer than {@link #MAX_KEY_BYTES} or the value
   *     longer than {@link #MAX_VALUE_BYTES}
   */
  public void put(byte[] key, byte[] value) throws SQLException {
    checkKey(key);
    if (key.length > MAX_KEY_BYTES) {
      throw new SQLException("Key of " + key.length + " bytes exceeds the maximum of " + MAX_KEY_BYTES
          + " bytes: a primary key or indexed value is too long", "54000");
    }
    if (value != null && value.length > MAX_VALUE_BYTES) {
      throw new SQLException("Row of " + value.length + " bytes exceeds the maximum of " + MAX_VALUE_BYTES
          + " bytes", "54000");
    }
    lockKey(key);
    record(key);
    writes.put(key, value);
  }

  /** Buffers a delete; takes the key's lock (or the write lock) first. */
  public void delete(byte[] key) throws SQLException {
    checkKey(key);
    lockKey(key);
    record(key);
    writes.put(key, TOMBSTONE);
  }

  /**
   * Takes the lock a write of {@code key} would take, without writing ({@code SELECT ... FOR
   * UPDATE}), with the same first-updater-wins check. In single-writer mode this takes the
   * database write lock.
   */
  public void lockForUpdate(byte[] key) throws SQLException {
    checkKey(key);
    lockKey(key);
  }

  private static void checkKey(byte[] key) {
    if (key.length == 0 || key[0] == 0) {
      throw new IllegalArgumentException("logical keys must be non-empty and must not start with 0x00"
          + " (reserved for transaction metadata): " + MvccKeys.hex(key));
    }
  }

  private void lockKey(byte[] key) throws SQLException {
    checkOpen();
    if (manager.rowLocking()) {
      LockTable.LockKey lk = new LockTable.LockKey(key.clone());
      if (heldLocks.contains(lk)) {
        return; // no commit of this key since we locked it, and readTs only grew
      }
      try {
        manager.locks().acquire(this, lk, lockTimeoutMillis);
      } catch (SQLTransactionRollbackException deadlock) {
        rollback();
        throw deadlock;
      }
      heldLocks.add(lk);
      checkNoNewerVersion(key);
    } else {
      acquireWriteLock();
      // while we hold the lock nobody commits, so only commits before it was granted can conflict
      if (readTs < lockedAtTs && !writes.containsKey(key)) {
        checkNoNewerVersion(key);
      }
    }
  }

  private void checkNoNewerVersion(byte[] key) throws SQLException {
    long newest = newestCommittedTs(key);
    if (newest == 0) {
      noteNewKey(key);
    }
    if (newest > readTs) {
      boolean rollBack = level != IsolationLevel.READ_COMMITTED;
      long ts = readTs;
      if (rollBack) {
        rollback();
      }
      throw new WriteConflictException(key, newest, ts, rollBack);
    }
  }

  private void record(byte[] key) {
    byte[] prev = writes.get(key);
    undo.add(new Object[] {key, prev == null ? ABSENT : prev});
  }

  /** A position in the undo log, taken before a statement runs. */
  public int mark() {
    return undo.size();
  }

  /** Undoes every write made after {@code mark}; locks taken since are kept. */
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
   * Defines a savepoint named {@code name} at the current position. A name may be reused; the
   * newest savepoint of a name shadows older ones (SQL / PostgreSQL semantics).
   */
  public void setSavepoint(String name) throws SQLException {
    checkOpen();
    savepoints.add(new Object[] {name, mark()});
  }

  /**
   * Undoes the writes made after the newest savepoint named {@code name}, which stays defined;
   * savepoints defined after it are destroyed. Locks taken since are kept.
   *
   * @throws SQLException 3B001 when no such savepoint exists
   */
  public void rollbackToSavepoint(String name) throws SQLException {
    checkOpen();
    int i = findSavepoint(name);
    int mark = (Integer) savepoints.get(i)[1];
    savepoints.subList(i + 1, savepoints.size()).clear();
    rollbackTo(mark);
  }

  /**
   * Destroys the newest savepoint named {@code name} and every savepoint defined after it; the
   * writes stay.
   *
   * @throws SQLException 3B001 when no such savepoint exists
   */
  public void releaseSavepoint(String name) throws SQLException {
    checkOpen();
    int i = findSavepoint(name);
    savepoints.subList(i, savepoints.size()).clear();
  }

  private int findSavepoint(String name) throws SQLException {
    for (int i = savepoints.size() - 1; i >= 0; i--) {
      if (savepoints.get(i)[0].equals(name)) {
        return i;
      }
    }
    throw new SQLException("savepoint " + name + " does not exist", "3B001");
  }

  /**
   * Single-writer mode: takes the database write lock now (if not held) and, at READ COMMITTED,
   * refreshes the read timestamp, so that a statement that reads rows and then writes them reads
   * the latest committed state while no other writer can commit: no lost updates. Row-locking
   * mode: a no-op (row locks are taken per key by {@link #put}/{@link #delete}).
   *
   * @throws SQLException HY000 when the lock is not granted within the lock timeout
   */
  public void lockForWrite() throws SQLException {
    checkOpen();
    if (!manager.rowLocking()) {
      acquireWriteLock();
    }
  }

  private void checkOpen() throws SQLException {
    if (finished) {
      throw new SQLException("Transaction already finished", "25000");
    }
  }

  private void acquireWriteLock() throws SQLException {
    checkOpen();
    if (holdsWriteLock) {
      return;
    }
    try {
      if (!manager.writeLock().tryAcquire(lockTimeoutMillis, TimeUnit.MILLISECONDS)) {
        throw new SQLTransientException("Timeout after " + lockTimeoutMillis
            + " ms waiting for the database write lock held by another transaction; commit or roll back"
            + " the other transaction", "HY000");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new SQLException("Interrupted while waiting for the write lock", "HY000", e);
    }
    holdsWriteLock = true;
    lockedAtTs = manager.visibleTimestamp();
    // the writer reads the latest committed state from here on (READ COMMITTED only)
    refreshSnapshot();
  }

  /**
   * Cursor over logical keys in {@code [from, to)} ({@code to} null = unbounded), in key order,
   * merging the versions visible at the read timestamp (taken now; a later refresh does not affect
   * an open cursor) with this transaction's writes (own writes win, deletes hide). At
   * SERIALIZABLE the part of the range the cursor covered is recorded for commit validation.
   */
  public KvCursor scan(byte[] from, byte[] to) throws SQLException {
    KvIterator it;
    try {
      it = manager.store().iterator(null);
      it.seek(Arrays.compareUnsigned(from, MvccKeys.FIRST_DATA_KEY) < 0 ? MvccKeys.FIRST_DATA_KEY : from);
    } catch (StorageException e) {
      throw TxnErrors.storage(e);
    }
    RangeRead range = null;
    if (rangeReads != null) {
      range = new RangeRead(from.clone(), to == null ? null : to.clone());
      rangeReads.add(range);
    }
    try {
      NavigableMap<byte[], byte[]> own = to == null ? writes.tailMap(from, true) : writes.subMap(from, true, to, false);
      return new MergeCursor(new VersionCursor(it, readTs, to), own.entrySet().iterator(), range);
    } catch (StorageException e) {
      it.close();
      throw TxnErrors.storage(e);
    } catch (RuntimeException e) {
      it.close();
      throw e;
    }
  }

  /** Applies the buffered writes atomically and ends the transaction. */
  public void commit() throws SQLException {
    commit(null);
  }

  /**
   * Commits: at SERIALIZABLE validates the read set, takes a commit timestamp, writes all versions
   * in one batch, makes them visible, runs {@code afterApply} (if any) while no other transaction
   * can commit (and, in single-writer mode, while the write lock is still held), then releases the
   * locks and ends the transaction. DDL uses the hook to install the new catalog.
   *
   * @throws SQLTransactionRollbackException 40001 when SERIALIZABLE validation fails (rolled back)
   */
  public void commit(Runnable afterApply) throws SQLException {
    if (finished) {
      return;
    }
    try {
      manager.commit(this, writes, TOMBSTONE, level == IsolationLevel.SERIALIZABLE ? this::validate : null,
          afterApply, newKeys);
    } catch (StorageException e) {
      throw TxnErrors.storage(e);
    } finally {
      finish();
    }
  }

  /** SERIALIZABLE backward validation against the commits after our read timestamp. */
  private void validate(List<TransactionManager.CommitRecord> newer) throws SQLException {
    if (newer.isEmpty()) {
      return;
    }
    NavigableMap<byte[], byte[]> ranges = mergedRanges();
    for (TransactionManager.CommitRecord r : newer) {
      for (byte[] k : r.keys()) {
        boolean hit = pointReads.contains(k);
        if (!hit) {
          Map.Entry<byte[], byte[]> e = ranges.floorEntry(k);
          hit = e != null && (e.getValue() == null || Arrays.compareUnsigned(k, e.getValue()) < 0);
        }
        if (hit) {
          throw new SQLTransactionRollbackException("could not serialize access due to read/write dependencies"
              + " among transactions: key " + MvccKeys.hex(k) + " read by this transaction (snapshot at "
              + readTs + ") was written by a transaction that committed at " + r.commitTs()
              + "; the transaction was rolled back, retry it", "40001");
        }
      }
    }
  }

  /** The recorded ranges as disjoint {@code from -> to} (exclusive, null = unbounded) intervals. */
  private NavigableMap<byte[], byte[]> mergedRanges() {
    List<RangeRead> sorted = new ArrayList<>();
    for (RangeRead r : rangeReads) {
      if (r.to == null || Arrays.compareUnsigned(r.from, r.to) < 0) {
        sorted.add(r);
      }
    }
    sorted.sort((a, b) -> Arrays.compareUnsigned(a.from, b.from));
    NavigableMap<byte[], byte[]> out = new TreeMap<>(Arrays::compareUnsigned);
    byte[] curFrom = null;
    byte[] curTo = null;
    boolean open = false;
    for (RangeRead r : sorted) {
      if (open && (curTo == null || Arrays.compareUnsigned(r.from, curTo) <= 0)) {
        if (curTo != null && (r.to == null || Arrays.compareUnsigned(r.to, curTo) > 0)) {
          curTo = r.to;
        }
        continue;
      }
      if (open) {
        out.put(curFrom, curTo);
      }
      curFrom = r.from;
      curTo = r.to;
      open = true;
    }
    if (open) {
      out.put(curFrom, curTo);
    }
    return out;
  }

  /** Discards the buffered writes, releases locks and ends the transaction. Idempotent. */
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
    newKeys = null;
    memoKey = null;
    savepoints.clear();
    if (!heldLocks.isEmpty()) {
      manager.locks().releaseAll(this, heldLocks);
      heldLocks.clear();
    }
    if (holdsWriteLock) {
      holdsWriteLock = false;
      manager.writeLock().release();
    }
    manager.unregister(this);
  }

  /** True after commit or rollback. */
  public boolean isFinished() {
    return finished;
  }

  @Override
  public void close() {
    rollback();
  }

  @Override
  public String toString() {
    return "Transaction[" + id + ", " + level + ", readTs=" + readTs + (finished ? ", finished" : "") + "]";
  }

  /** A scanned range, {@code [from, to)}; narrowed when the cursor is closed early. */
  private static final class RangeRead {
    final byte[] from;
    byte[] to;

    RangeRead(byte[] from, byte[] to) {
      this.from = from;
      this.to = to;
    }
  }

  /**
   * The committed side of a scan: logical keys with their newest version at or below the read
   * timestamp, tombstones hidden, up to {@code to}.
   */
  private static final class VersionCursor {
    private final KvIterator it;
    private final long readTs;
    private final byte[] to;
    byte[] key;
    byte[] value;

    VersionCursor(KvIterator it, long readTs, byte[] to) {
      this.it = it;
      this.readTs = readTs;
      this.to = to;
    }

    /** Moves to the next visible logical key; false at the end of the range. */
    boolean advance() {
      while (it.valid()) {
        byte[] sk = it.key();
        if (!MvccKeys.isVersioned(sk)) {
          it.next();
          continue;
        }
        if (to != null && MvccKeys.compareLogical(sk, to) >= 0) {
          break;
        }
        if (MvccKeys.commitTs(sk) > readTs) {
          byte[] logical = MvccKeys.logicalKey(sk);
          skipTo(MvccKeys.encode(logical, readTs)); // newest version we may see, or the next key
          continue;
        }
        byte[] logical = MvccKeys.logicalKey(sk);
        byte[] v = it.value();
        boolean tombstone = MvccKeys.isTombstone(v);
        byte[] data = tombstone ? null : MvccKeys.data(v);
        skipTo(MvccKeys.afterAllVersions(logical));
        if (!tombstone) {
          key = logical;
          value = data;
          return true;
        }
      }
      key = null;
      value = null;
      return false;
    }

    /** Advances to the first key {@code >= target} (> current): a few steps, then a seek. */
    private void skipTo(byte[] target) {
      for (int i = 0; i < SKIP_STEPS; i++) {
        it.next();
        if (!it.valid() || Arrays.compareUnsigned(it.key(), target) >= 0) {
          return;
        }
      }
      it.seek(target);
    }

    void close() {
      it.close();
    }
  }

  /** Merges the committed versions with the transaction's own writes; own writes win. */
  private static final class MergeCursor implements KvCursor {
    private final VersionCursor store;
    private final Iterator<Map.Entry<byte[], byte[]>> own;
    private final RangeRead range;
    private boolean storeValid;
    private Map.Entry<byte[], byte[]> ownHead;
    private byte[] key;
    private byte[] value;
    private byte[] lastKey;
    private boolean exhausted;
    private boolean closed;

    MergeCursor(VersionCursor store, Iterator<Map.Entry<byte[], byte[]>> own, RangeRead range) {
      this.store = store;
      this.own = own;
      this.range = range;
      this.storeValid = store.advance();
      this.ownHead = own.hasNext() ? own.next() : null;
    }

    @Override
    public boolean next() {
      while (true) {
        if (!storeValid && ownHead == null) {
          key = null;
          value = null;
          exhausted = true;
          return false;
        }
        int c;
        if (!storeValid) {
          c = 1;
        } else if (ownHead == null) {
          c = -1;
        } else {
          c = Arrays.compareUnsigned(store.key, ownHead.getKey());
        }
        if (c < 0) {
          key = store.key;
          value = store.value;
          storeValid = store.advance();
          lastKey = key;
          return true;
        }
        Map.Entry<byte[], byte[]> e = ownHead;
        ownHead = own.hasNext() ? own.next() : null;
        if (c == 0) {
          storeValid = store.advance();
        }
        if (e.getValue() == TOMBSTONE) {
          continue;
        }
        key = e.getKey();
        value = e.getValue();
        lastKey = key;
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
      if (closed) {
        return;
      }
      closed = true;
      store.close();
      if (range != null && !exhausted) {
        // only [from, lastKey] was observed: keys past it cannot invalidate this read
        range.to = lastKey == null ? range.from : Arrays.copyOf(lastKey, lastKey.length + 1);
      }
    }
  }
}
