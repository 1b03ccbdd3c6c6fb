package io.beamdb.storage;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A log-structured merge store, LevelDB-shaped (LevelDB {@code doc/impl.md}).
 *
 * <pre>
 *   write(batch) --> writer queue --leader--> WAL (one append + one fsync per commit group)
 *                                              --> memtable (skip list)
 *                                                   | full (memtableBytes)
 *                                                   v
 *                  immutable memtable(s) --flush thread--> L0 SSTable (NNNNNN.sst)
 *                                                   |
 *             L0 (by file count) / Ln (by size, x10 per level) --compaction thread--> L(n+1)
 *                                                   |
 *                        MANIFEST-NNNNNN  <-- version edit (fsync); obsolete files deleted when unpinned
 *
 *   get(key)  : memtable -> immutable memtables (newest first) -> L0 tables (newest first, bloom
 *               filter first) -> L1.. (one table per level by key range)
 *   iterator  : merge of all of the above, newest visible version per key, deletes hidden,
 *               forward and backward
 * </pre>
 *
 * <p><b>Group commit</b> (LevelDB {@code DBImpl::Write}). Writers join a FIFO queue. The writer
 * at the head is the leader: it makes room in the memtable, takes the batches queued behind it
 * (up to 1 MiB, or its own size + 128 KiB for a small first batch), gives them consecutive
 * sequence numbers, appends them to the WAL with one write (one record per batch) and, with
 * {@link SyncMode#FULL}, one fsync, applies them to the memtable in order, publishes the new
 * {@link #lastSequence}, and wakes the followers, whose {@code write} then returns. The WAL append
 * and memtable inserts run without the lock; only the queue head ever rotates the memtable, so
 * nothing else changes the WAL or memtable meanwhile. {@code flush()} and {@code close()} queue
 * like writers.
 *
 * <p><b>Sequence numbers and snapshots.</b> Each record of a batch gets the next sequence number.
 * A group is inserted into the memtable first and only then is {@link #lastSequence} advanced,
 * so readers (which read at {@code lastSequence} or at a snapshot's sequence) see a batch
 * entirely or not at all. Reads without a snapshot pin the view first and read
 * {@code lastSequence} after, so a compaction installed in between cannot have dropped a version
 * they need.
 *
 * <p><b>Read views.</b> The triple (memtable, immutable memtables, {@link Version}) is swapped
 * atomically as one {@code View}; readers pin the view's version with a reference count so that
 * the SSTables they read are never deleted under them.
 *
 * <p><b>Background work.</b> One thread flushes immutable memtables; another runs one
 * {@link Compaction} at a time, optionally rate-limited; with {@link SyncMode#NORMAL} a third
 * syncs the WAL every second. Writers stall (never fail) when at most {@link #MAX_IMMUTABLE}
 * memtables wait for a flush, delay 1 ms per write at the level-0 slowdown trigger, and wait at
 * the level-0 stop trigger (see {@link StorageOptions}).
 *
 * <p><b>Thread-safety.</b> All public methods are thread-safe. {@link #writeLock} guards the
 * writer queue, memtable rotation and version installation; reads are lock-free apart from a tiny
 * critical section to pin the view.
 *
 * <p><b>Errors.</b> I/O failures surface as {@link StorageException}. A failed WAL write, sync,
 * flush or compaction puts the store into a failed state: subsequent writes rethrow it.
 */
public final class LsmStore implements KvStore {
    private static final System.Logger LOG = System.getLogger(LsmStore.class.getName());
    static final int MAX_IMMUTABLE = 2;
    static final long NORMAL_SYNC_INTERVAL_MS = 1000;

    /** Largest commit group in bytes (LevelDB: 1 MiB). */
    static final long MAX_GROUP_BYTES = 1L << 20;
    /** A group led by a batch smaller than this grows by at most this much (keeps small writes fast). */
    static final long SMALL_BATCH_BYTES = 128L << 10;

    /** What readers see: the active memtable, immutable memtables newest first, and the SSTables. */
    private record View(Memtable mem, List<Memtable> imms, Version version) {}

    /** A queued write ({@code batch == null}: a flush request from {@code flush()} or {@code close()}). */
    private static final class Writer {
        final WriteBatch batch;
        final boolean failIfClosed;
        final Condition turn;
        boolean done;
        long result;
        RuntimeException error;

        Writer(WriteBatch batch, boolean failIfClosed, Condition turn) {
            this.batch = batch;
            this.failIfClosed = failIfClosed;
            this.turn = turn;
        }
    }

    private final StorageOptions options;
    private final Path dir;
    private final io.beamdb.storage.fs.FileSystem fs;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final Condition backgroundWorkDone = writeLock.newCondition();
    private final Object viewLock = new Object();
    private final SnapshotList snapshots = new SnapshotList();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile View view;
    private volatile long lastSequence;
    private volatile StorageException backgroundError;
    private final ArrayDeque<Writer> writers = new ArrayDeque<>(); // guarded by writeLock
    private final EngineStats stats = new EngineStats();
    private boolean compactionScheduled; // guarded by writeLock
    private final byte[][] compactPointers = new byte[Version.NUM_LEVELS][]; // compaction thread only

    // on-disk state (null in memory)
    private final DbLock lock;
    private final TableCache tables;
    private final VersionSet versions;
    private final ExecutorService flusher;
    private final ExecutorService compactor;
    private final RateLimiter compactionLimiter;
    private final ScheduledExecutorService syncer;
    private volatile WalWriter wal;

    private LsmStore(StorageOptions options) {
        this.options = options;
        this.dir = null;
        this.fs = null;
        this.lock = null;
        this.tables = null;
        this.versions = null;
        this.flusher = null;
        this.compactor = null;
        this.compactionLimiter = null;
        this.syncer = null;
        Version empty = Version.empty(f -> {});
        empty.ref();
        this.view = new View(new Memtable(0), List.of(), empty);
    }

    private LsmStore(StorageOptions options, Path dir, DbLock lock) {
        this.options = options;
        this.dir = dir;
        this.fs = options.fileSystem();
        this.lock = lock;
        this.tables = new TableCache(fs, dir, stats);
        this.versions = VersionSet.recover(fs, dir, this::deleteObsoleteTable);
        for (FileNames.Parsed p : listFiles()) {
            versions.markFileNumberUsed(p.number());
        }
        long walNumber = recoverWals();
        deleteFilesNotNeededAfterOpen(walNumber);
        Version current = versions.current();
        current.ref();
        this.view = new View(new Memtable(walNumber), List.of(), current);
        String name = dir.getFileName() == null ? dir.toString() : dir.getFileName().toString();
        this.flusher = Executors.newSingleThreadExecutor(daemon("beamdb-flush-" + name));
        this.compactor = Executors.newSingleThreadExecutor(daemon("beamdb-compact-" + name));
        this.compactionLimiter = new RateLimiter(options.compactionRateLimit());
        if (options.sync() == SyncMode.NORMAL) {
            this.syncer = Executors.newSingleThreadScheduledExecutor(daemon("beamdb-wal-sync-" + name));
            syncer.scheduleWithFixedDelay(this::backgroundSync, NORMAL_SYNC_INTERVAL_MS, NORMAL_SYNC_INTERVAL_MS,
                    TimeUnit.MILLISECONDS);
        } else {
            this.syncer = null;
        }
        writeLock.lock();
        try {
            maybeScheduleCompaction();
        } finally {
            writeLock.unlock();
        }
        LOG.log(Level.DEBUG, "opened {0}: {1}, last sequence {2}", dir, current, lastSequence);
    }

    /**
     * Opens a store. On disk: creates the directory if needed, takes the directory lock, loads the
     * manifest, replays WALs newer than the manifest's log number (flushing them to a level-0
     * table) and starts a new WAL and manifest.
     *
     * @throws StorageException LOCKED if the directory is in use, CORRUPTION if files are damaged,
     *     IO on I/O errors
     */
    public static LsmStore open(StorageOptions options) {
        Objects.requireNonNull(options, "options");
        if (options.isInMemory()) {
            return new LsmStore(options);
        }
        Path dir = options.dir().toAbsolutePath();
        try {
            options.fileSystem().createDirectories(dir);
        } catch (IOException e) {
            throw StorageException.io("cannot create database directory", dir, e);
        }
        DbLock lock = DbLock.acquire(options.fileSystem(), dir);
        try {
            return new LsmStore(options, dir, lock);
        } catch (RuntimeException e) {
            try {
                lock.close();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    // ---------------------------------------------------------------- recovery

    /** Replays WALs into a level-0 table, starts a new WAL and manifest; returns the new WAL's number. */
    private long recoverWals() {
        long logNumber = versions.logNumber();
        List<Long> walNumbers = listFiles().stream()
                .filter(p -> p.type() == FileNames.Type.WAL && p.number() >= logNumber)
                .map(FileNames.Parsed::number).sorted().toList();
        Memtable recovered = new Memtable(0);
        long[] maxSeq = {versions.lastSequence()};
        for (int i = 0; i < walNumbers.size(); i++) {
            Path file = FileNames.wal(dir, walNumbers.get(i));
            WalReader.replay(fs, file, i == walNumbers.size() - 1, d -> {
                recovered.apply(d.batch(), d.firstSequence());
                maxSeq[0] = Math.max(maxSeq[0], d.firstSequence() + d.batch().count() - 1);
            });
        }
        VersionEdit edit = new VersionEdit();
        if (!recovered.isEmpty()) {
            FileMeta meta = SSTableWriter.write(fs, dir, versions.newFileNumber(), recovered.iterator(), options.compression());
            edit.addFile(0, meta);
            LOG.log(Level.INFO, "recovered {0} records from {1} WAL file(s) of {2} into table #{3}",
                    recovered.entryCount(), walNumbers.size(), dir, meta.number);
        }
        long walNumber = versions.newFileNumber();
        wal = new WalWriter(fs, dir, walNumber);
        edit.logNumber = walNumber;
        edit.lastSequence = maxSeq[0];
        versions.applyToCurrent(edit);
        versions.writeNewManifest(maxSeq[0]);
        lastSequence = maxSeq[0];
        return walNumber;
    }

    private List<FileNames.Parsed> listFiles() {
        try {
            return fs.list(dir).stream().map(FileNames::parse).filter(Objects::nonNull).toList();
        } catch (IOException e) {
            throw StorageException.io("cannot list", dir, e);
        }
    }

    /** Deletes replayed WALs, tables not in the current version (from interrupted flushes), old manifests, temp files. */
    private void deleteFilesNotNeededAfterOpen(long walNumber) {
        Set<Long> live = new HashSet<>();
        for (int level = 0; level < Version.NUM_LEVELS; level++) {
            versions.current().files(level).forEach(f -> live.add(f.number));
        }
        for (FileNames.Parsed p : listFiles()) {
            boolean delete = switch (p.type()) {
                case WAL -> p.number() < walNumber;
                case TABLE -> !live.contains(p.number());
                case MANIFEST -> p.number() != versions.manifestNumber();
                case TEMP -> true;
                default -> false;
            };
            if (delete) {
                Path file = switch (p.type()) {
                    case WAL -> FileNames.wal(dir, p.number());
                    case TABLE -> FileNames.table(dir, p.number());
                    case MANIFEST -> FileNames.manifest(dir, p.number());
                    default -> FileNames.temp(dir, p.number());
                };
                deleteFile(file);
            }
        }
    }

    private void deleteFile(Path file) {
        try {
            fs.delete(file);
        } catch (IOException e) {
            throw StorageException.io("cannot delete", file, e);
        }
    }

    /** Called when no version references {@code f} any more. */
    private void deleteObsoleteTable(FileMeta f) {
        if (closed.get()) {
            return; // a closing store keeps its files
        }
        tables.evict(f.number);
        Path file = FileNames.table(dir, f.number);
        try {
            if (fs.delete(file)) {
                stats.obsoleteFilesDeleted.increment();
                LOG.log(Level.TRACE, "deleted obsolete table {0}", file);
            }
        } catch (IOException e) {
            // Not fatal: the next open deletes tables that are not in the manifest.
            LOG.log(Level.WARNING, "cannot delete obsolete table " + file, e);
        }
    }

    // ---------------------------------------------------------------- writes

    @Override public long write(WriteBatch batch) {
        Objects.requireNonNull(batch, "batch");
        ensureOpen();
        if (batch.isEmpty()) {
            checkBackgroundError();
            return lastSequence;
        }
        return enqueue(batch, true);
    }

    /**
     * Queues a writer and waits until it is done or becomes the leader; a leader commits a group.
     * Returns the writer's last sequence number.
     */
    private long enqueue(WriteBatch batch, boolean failIfClosed) {
        writeLock.lock();
        try {
            Writer w = new Writer(batch, failIfClosed, writeLock.newCondition());
            writers.addLast(w);
            while (!w.done && writers.peekFirst() != w) {
                w.turn.awaitUninterruptibly(); // a queued writer may already be part of a group: cannot leave
            }
            if (!w.done) {
                lead(w);
            }
            if (w.error != null) {
                throw w.error;
            }
            return w.result;
        } finally {
            writeLock.unlock();
        }
    }

    /** Called with writeLock held by the writer at the head of the queue. */
    private void lead(Writer leader) {
        List<Writer> group = new ArrayList<>();
        group.add(leader);
        RuntimeException error = null;
        try {
            if (leader.failIfClosed) {
                ensureOpen();
            }
            checkBackgroundError();
            if (leader.batch == null) {
                if (dir != null) {
                    flushLocked(leader.failIfClosed);
                }
                leader.result = lastSequence;
            } else {
                if (dir != null) {
                    makeRoomForWrite(false, true);
                }
                commitGroup(group);
            }
        } catch (RuntimeException e) {
            error = e;
        }
        for (Writer g : group) {
            Writer head = writers.pollFirst();
            if (head != g) {
                throw new IllegalStateException("writer queue out of order");
            }
            g.done = true;
            g.error = error;
            if (g != leader) {
                g.turn.signal();
            }
        }
        Writer next = writers.peekFirst();
        if (next != null) {
            next.turn.signal();
        }
    }

    /** Extends {@code group} (holding the leader) with queued writers, writes WAL and memtable. */
    private void commitGroup(List<Writer> group) {
        Writer leader = group.get(0);
        long size = leader.batch.approximateBytes();
        long max = size <= SMALL_BATCH_BYTES ? size + SMALL_BATCH_BYTES : MAX_GROUP_BYTES;
        var it = writers.iterator();
        it.next(); // the leader
        while (it.hasNext()) {
            Writer w = it.next();
            if (w.batch == null || size + w.batch.approximateBytes() > max) {
                break;
            }
            size += w.batch.approximateBytes();
            group.add(w);
        }
        long first = lastSequence + 1;
        long next = first;
        List<byte[]> records = dir == null ? null : new ArrayList<>(group.size());
        long userBytes = 0;
        for (Writer w : group) {
            if (records != null) {
                records.add(w.batch.encode(next));
            }
            next += w.batch.count();
            w.result = next - 1;
            userBytes += w.batch.userBytes();
        }
        Memtable mem = view.mem();
        WalWriter log = wal;
        RuntimeException failure = null;
        writeLock.unlock();
        try {
            if (log != null) {
                try {
                    stats.walBytesWritten.add(log.addAll(records));
                    if (options.sync() == SyncMode.FULL) {
                        log.sync();
                        stats.walSyncs.increment();
                    }
                } catch (RuntimeException e) {
                    failure = e;
                }
            }
            if (failure == null) {
                long seq = first;
                for (Writer w : group) {
                    mem.apply(w.batch, seq);
                    seq += w.batch.count();
                }
            }
        } finally {
            writeLock.lock();
        }
        if (failure != null) {
            StorageException e = failure instanceof StorageException se ? se
                    : new StorageException(StorageException.Kind.IO, "WAL append failed in " + dir + ": " + failure, failure);
            if (backgroundError == null) {
                backgroundError = e; // the log's tail is now unknown: refuse further writes
            }
            throw e;
        }
        lastSequence = next - 1;
        stats.userBytesWritten.add(userBytes);
        stats.writeGroups.increment();
        stats.batchesWritten.add(group.size());
    }

    /**
     * Ensures the active memtable has room (or, with {@code force}, rotates a non-empty memtable),
     * following LevelDB's {@code MakeRoomForWrite}: at the level-0 slowdown trigger a write is
     * delayed once by 1 ms; while {@link #MAX_IMMUTABLE} memtables wait for a flush, or (for
     * normal writes) level 0 has reached the stop trigger, the writer waits. Caller holds writeLock
     * and is the head of the writer queue.
     */
    private void makeRoomForWrite(boolean force, boolean failIfClosed) {
        boolean allowDelay = !force;
        while (true) {
            if (failIfClosed) {
                ensureOpen();
            }
            checkBackgroundError();
            View v = view;
            int l0 = v.version().files(0).size();
            if (allowDelay && l0 >= options.level0SlowdownTrigger()) {
                allowDelay = false;
                long start = System.nanoTime();
                writeLock.unlock();
                try {
                    Thread.sleep(1);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new StorageException(StorageException.Kind.IO, "interrupted during a write slowdown", e);
                } finally {
                    writeLock.lock();
                    stats.stallNanos.add(System.nanoTime() - start);
                }
                continue;
            }
            if (force ? v.mem().isEmpty() : v.mem().approximateBytes() < options.memtableBytes()) {
                return;
            }
            if (v.imms().size() >= MAX_IMMUTABLE) {
                LOG.log(Level.DEBUG, "write stall: {0} memtables waiting for flush", v.imms().size());
                stall();
                continue;
            }
            if (!force && l0 >= options.level0StopTrigger()) {
                LOG.log(Level.DEBUG, "write stall: {0} level-0 tables waiting for compaction", l0);
                maybeScheduleCompaction();
                stall();
                continue;
            }
            rotateMemtable(v);
            return;
        }
    }

    private void stall() {
        long start = System.nanoTime();
        try {
            awaitBackgroundWork();
        } finally {
            stats.stallNanos.add(System.nanoTime() - start);
        }
    }

    private void rotateMemtable(View v) {
        // Sync the old log before a newer one exists, in every SyncMode: recovery treats a torn
        // tail as harmless only in the newest WAL, so an unsynced older log (NORMAL between its
        // background syncs, OFF always) used to leave a database that refused to open (XX001)
        // after an OS crash. One fsync per memtable is cheap.
        WalWriter old = wal;
        old.close(true);
        long number = versions.newFileNumber();
        WalWriter next = new WalWriter(fs, dir, number);
        wal = next;
        List<Memtable> imms = new ArrayList<>(v.imms().size() + 1);
        imms.add(v.mem());
        imms.addAll(v.imms());
        installView(new View(new Memtable(number), List.copyOf(imms), v.version()));
        flusher.execute(this::flushOldestImmutable);
    }

    private void awaitBackgroundWork() {
        try {
            backgroundWorkDone.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException(StorageException.Kind.IO, "interrupted while waiting for a flush", e);
        }
    }

    private void installView(View next) {
        View old;
        synchronized (viewLock) {
            old = view;
            next.version().ref();
            view = next;
        }
        old.version().unref();
    }

    private View acquireView() {
        synchronized (viewLock) {
            View v = view;
            v.version().ref();
            return v;
        }
    }

    /** Background task: writes the oldest immutable memtable to an L0 table and installs it. */
    private void flushOldestImmutable() {
        try {
            View v = view;
            if (v.imms().isEmpty()) {
                return;
            }
            Memtable imm = v.imms().get(v.imms().size() - 1);
            FileMeta meta = imm.isEmpty() ? null
                    : SSTableWriter.write(fs, dir, versions.newFileNumber(), imm.iterator(), options.compression());
            if (meta != null) {
                stats.flushBytesWritten.add(meta.size);
                Manifest.syncDirectory(fs, dir); // the new table's directory entry, before the manifest names it
            }
            writeLock.lock();
            try {
                if (closed.get() && wal == null) {
                    return; // crashed
                }
                View cur = view;
                List<Memtable> remaining = new ArrayList<>(cur.imms());
                remaining.remove(imm);
                long logNumber = remaining.isEmpty() ? cur.mem().walNumber()
                        : remaining.get(remaining.size() - 1).walNumber();
                VersionEdit edit = new VersionEdit();
                if (meta != null) {
                    edit.addFile(0, meta);
                }
                edit.logNumber = logNumber;
                edit.lastSequence = lastSequence;
                Version next = versions.logAndApply(edit);
                installView(new View(cur.mem(), List.copyOf(remaining), next));
                deleteFile(FileNames.wal(dir, imm.walNumber()));
                stats.flushes.increment();
                LOG.log(Level.DEBUG, "flushed memtable of WAL #{0} to {1}", imm.walNumber(), meta);
                maybeScheduleCompaction();
            } finally {
                backgroundWorkDone.signalAll();
                writeLock.unlock();
            }
        } catch (Throwable t) {
            StorageException e = t instanceof StorageException se ? se
                    : new StorageException(StorageException.Kind.IO, "background flush failed in " + dir + ": " + t, t);
            // After crashForTesting the flush thread is interrupted on purpose; a failure while
            // closing still reaches close() through backgroundError.
            LOG.log(closed.get() ? Level.DEBUG : Level.ERROR, "background flush failed; the store refuses further writes", e);
            writeLock.lock();
            try {
                backgroundError = e;
                backgroundWorkDone.signalAll();
            } finally {
                writeLock.unlock();
            }
        }
    }

    /** Schedules a compaction if one is needed and none is running. Caller holds writeLock. */
    private void maybeScheduleCompaction() {
        if (dir == null || compactionScheduled || closed.get() || backgroundError != null) {
            return;
        }
        if (!Compaction.needed(view.version(), options)) {
            return;
        }
        compactionScheduled = true;
        compactor.execute(this::backgroundCompaction);
    }

    /** Background task: runs one compaction, installs its result, and reschedules if more is needed. */
    private void backgroundCompaction() {
        View pinned = acquireView();
        try {
            if (!closed.get() && backgroundError == null) {
                compactOnce(pinned.version());
            }
        } catch (Throwable t) {
            StorageException e = t instanceof StorageException se ? se
                    : new StorageException(StorageException.Kind.IO, "background compaction failed in " + dir + ": " + t, t);
            LOG.log(closed.get() ? Level.DEBUG : Level.ERROR, "background compaction failed; the store refuses further writes", e);
            writeLock.lock();
            try {
                if (backgroundError == null) {
                    backgroundError = e;
                }
            } finally {
                writeLock.unlock();
            }
        } finally {
            pinned.version().unref();
            writeLock.lock();
            try {
                compactionScheduled = false;
                maybeScheduleCompaction();
                backgroundWorkDone.signalAll();
            } finally {
                writeLock.unlock();
            }
        }
    }

    private void compactOnce(Version base) {
        Compaction c = Compaction.pick(base, options, compactPointers);
        if (c == null) {
            return;
        }
        if (c.isTrivialMove()) {
            FileMeta f = c.inputs.get(0);
            VersionEdit edit = new VersionEdit().deleteFile(c.level, f.number).addFile(c.level + 1, f);
            install(edit);
            stats.trivialMoves.increment();
            LOG.log(Level.DEBUG, "moved {0} from L{1} to L{2}", f, c.level, c.level + 1);
            return;
        }
        runCompaction(c);
    }

    /** Merges {@code c}'s inputs and installs the result (compaction thread). */
    private void runCompaction(Compaction c) {
        long smallestSnapshot;
        synchronized (snapshots) {
            smallestSnapshot = snapshots.oldest(lastSequence);
        }
        long start = System.nanoTime();
        Compaction.Env env = new Compaction.Env(fs, dir, tables, versions, options, compactionLimiter, stats, closed::get);
        List<FileMeta> outputs = c.run(env, smallestSnapshot);
        if (outputs == null) {
            return; // closing
        }
        long written = outputs.stream().mapToLong(f -> f.size).sum();
        if (!outputs.isEmpty()) {
            Manifest.syncDirectory(fs, dir);
        }
        if (!install(c.edit(outputs))) {
            for (FileMeta f : outputs) {
                deleteFile(FileNames.table(dir, f.number));
            }
            return;
        }
        stats.compactions.increment();
        stats.compactionBytesRead.add(c.inputBytes());
        stats.compactionBytesWritten.add(written);
        LOG.log(Level.DEBUG, "compacted {0} ({1} bytes) into {2} table(s) of {3} bytes at L{4} in {5} ms", c,
                c.inputBytes(), outputs.size(), written, c.outputLevel, (System.nanoTime() - start) / 1_000_000);
    }

    /**
     * Manual compaction: flushes the memtable, then merges every level into the next one down to
     * the deepest non-empty level (at least L1) and finally rewrites that level in place, so that
     * all data ends up in one sorted level and overwritten versions and deletions not needed by a
     * live snapshot are gone (like RocksDB's {@code CompactRange} with a forced bottommost level). Runs on the
     * compaction thread (so never concurrently with an automatic compaction) and blocks until it
     * is done. A no-op in memory.
     *
     * @throws StorageException IO or CORRUPTION if a table cannot be read or written (the tables
     *     are then left as they were), CLOSED if the store is closed
     */
    public void compactAll() {
        ensureOpen();
        if (dir == null) {
            return;
        }
        flush();
        java.util.concurrent.Future<?> done;
        try {
            done = compactor.submit(this::compactAllOnCompactionThread);
        } catch (java.util.concurrent.RejectedExecutionException e) {
            throw new StorageException(StorageException.Kind.CLOSED, "store " + dir + " is closed", e);
        }
        try {
            done.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new StorageException(StorageException.Kind.IO, "interrupted while waiting for a compaction", e);
        } catch (java.util.concurrent.ExecutionException e) {
            if (e.getCause() instanceof RuntimeException re) {
                throw re;
            }
            throw new StorageException(StorageException.Kind.IO, "manual compaction failed in " + dir + ": " + e.getCause(), e.getCause());
        } finally {
            writeLock.lock();
            try {
                maybeScheduleCompaction();
                backgroundWorkDone.signalAll();
            } finally {
                writeLock.unlock();
            }
        }
    }

    private void compactAllOnCompactionThread() {
        int deepest = 1;
        Version current = view.version();
        for (int l = 1; l < Version.NUM_LEVELS; l++) {
            if (!current.files(l).isEmpty()) {
                deepest = l;
            }
        }
        for (int level = 0; level < deepest; level++) {
            ensureOpen();
            checkBackgroundError();
            View pinned = acquireView();
            try {
                if (!pinned.version().files(level).isEmpty()) {
                    runCompaction(Compaction.wholeLevel(pinned.version(), level));
                }
            } finally {
                pinned.version().unref();
            }
        }
        View pinned = acquireView();
        try {
            if (!pinned.version().files(deepest).isEmpty()) {
                runCompaction(Compaction.bottomLevel(pinned.version(), deepest));
            }
        } finally {
            pinned.version().unref();
        }
    }

    /** Logs and installs {@code edit} unless the store crashed or is closing; returns whether it did. */
    private boolean install(VersionEdit edit) {
        writeLock.lock();
        try {
            if (closed.get() || backgroundError != null) {
                return false;
            }
            Version next = versions.logAndApply(edit);
            View cur = view;
            installView(new View(cur.mem(), cur.imms(), next));
            return true;
        } finally {
            writeLock.unlock();
        }
    }

    private void backgroundSync() {
        try {
            WalWriter w = wal;
            if (w != null) {
                w.sync();
            }
        } catch (RuntimeException e) {
            LOG.log(Level.ERROR, "background WAL sync failed; the store refuses further writes", e);
            backgroundError = e instanceof StorageException se ? se
                    : new StorageException(StorageException.Kind.IO, "WAL sync failed: " + e, e);
        }
    }

    private void checkBackgroundError() {
        StorageException e = backgroundError;
        if (e != null) {
            throw new StorageException(e.kind(), "store " + dir + " failed earlier: " + e.getMessage(), e);
        }
    }

    // ---------------------------------------------------------------- reads

    @Override public byte[] get(byte[] key) {
        return get(key, null);
    }

    @Override public byte[] get(byte[] key, Snapshot snapshot) {
        Objects.requireNonNull(key, "key");
        ensureOpen();
        View v = acquireView();
        long seq = snapshot == null ? lastSequence : snapshot.sequence(); // after pinning: see class doc
        try {
            LookupResult r = v.mem().get(key, seq);
            for (int i = 0; r == null && i < v.imms().size(); i++) {
                r = v.imms().get(i).get(key, seq);
            }
            if (r == null) {
                r = v.version().get(key, seq, tables);
            }
            if (r == null || r.deleted()) {
                return null;
            }
            stats.userBytesRead.add(key.length + r.value().length);
            return r.value();
        } finally {
            v.version().unref();
        }
    }

    /**
     * {@inheritDoc}
     *
     * <p>Without a merging iterator: each source (the memtable, the immutable memtables, every
     * level-0 table whose key range and prefix bloom filter admit the prefix, and in each deeper
     * level the one table whose range covers {@code from}, continuing into the next table when the
     * prefix runs past its end) is positioned at {@code from} and yields its first visible record
     * of the right length under the prefix. The smallest key wins; for the same key the record with
     * the higher sequence. Sources are not ordered by key here (versions of one prefix are distinct
     * keys, so an older one may sit in a shallower level than a newer one after compactions), so
     * every source is consulted, but only up to the best key found so far. When the winner is a
     * deletion record (a version dropped by the compaction filter), the answer lies further on and
     * the lookup falls back to the iterator.
     */
    @Override public KvEntry firstVersion(byte[] from, Snapshot snapshot) {
        Objects.requireNonNull(from, "from");
        int prefix = from.length - VERSION_SUFFIX_BYTES;
        if (prefix < 1) {
            throw new IllegalArgumentException("key too short for a versioned lookup: " + from.length + " bytes");
        }
        ensureOpen();
        View v = acquireView();
        long seq = snapshot == null ? lastSequence : snapshot.sequence(); // after pinning: see class doc
        KvEntry best;
        int prefixHash = BloomFilter.prefixHash(from, prefix);
        try {
            best = v.mem().firstVersion(from, prefix, prefixHash, seq);
            for (Memtable imm : v.imms()) {
                best = better(best, imm.firstVersion(from, prefix, prefixHash, seq));
            }
            if (tables != null) {
                best = firstVersionInTables(v.version(), from, prefix, prefixHash, seq, best);
            }
        } finally {
            v.version().unref();
        }
        if (best == null) {
            return null;
        }
        if (InternalKey.type(best.key()) == InternalKey.TYPE_DELETE) {
            return KvStore.super.firstVersion(from, snapshot);
        }
        byte[] key = InternalKey.userKey(best.key());
        stats.userBytesRead.add(key.length + best.value().length);
        return new KvEntry(key, best.value());
    }

    private KvEntry firstVersionInTables(Version version, byte[] from, int prefix, int prefixHash, long seq,
            KvEntry best) {
        for (FileMeta f : version.files(0)) {
            if (InternalKey.compareUserKey(f.largest, from) >= 0 && !startsAfter(f.smallest, from, prefix, best)) {
                KvEntry e = tables.get(f.number).firstVersion(from, prefix, prefixHash, seq);
                best = better(best, e == SSTableReader.PAST_END ? null : e);
            }
        }
        for (int level = 1; level < Version.NUM_LEVELS; level++) {
            List<FileMeta> files = version.files(level);
            if (files.isEmpty()) {
                continue;
            }
            int i = Version.indexOfFile(files, from);
            for (; i < files.size(); i++) {
                FileMeta f = files.get(i);
                if (startsAfter(f.smallest, from, prefix, best)) {
                    break;
                }
                KvEntry e = tables.get(f.number).firstVersion(from, prefix, prefixHash, seq);
                if (e == null && endsInPrefix(f.largest, from, prefix)) {
                    continue; // filtered out, but the prefix may go on in the next table
                }
                if (e != SSTableReader.PAST_END) {
                    best = better(best, e);
                    break;
                }
            }
        }
        return best;
    }

    /**
     * True when every key of the table starting at internal key {@code smallest} is past what the
     * lookup can use: after the prefix of {@code from}, or after the best user key found so far.
     */
    private static boolean startsAfter(byte[] smallest, byte[] from, int prefix, KvEntry best) {
        int userLen = InternalKey.userKeyLength(smallest);
        if (Arrays.compareUnsigned(smallest, 0, Math.min(userLen, prefix), from, 0, prefix) > 0) {
            return true;
        }
        return best != null && InternalKey.compareUserKeys(smallest, best.key()) > 0;
    }

    /** True when the user key of internal key {@code largest} begins with the prefix of {@code from}. */
    private static boolean endsInPrefix(byte[] largest, byte[] from, int prefix) {
        return InternalKey.userKeyLength(largest) >= prefix && Arrays.equals(largest, 0, prefix, from, 0, prefix);
    }

    /** Of two candidates (internal keys), the smaller user key; for equal user keys the newer record. */
    private static KvEntry better(KvEntry a, KvEntry b) {
        if (a == null) {
            return b;
        }
        if (b == null) {
            return a;
        }
        int c = InternalKey.compareUserKeys(a.key(), b.key());
        if (c != 0) {
            return c < 0 ? a : b;
        }
        return InternalKey.sequence(a.key()) >= InternalKey.sequence(b.key()) ? a : b;
    }

    @Override public Snapshot snapshot() {
        ensureOpen();
        synchronized (snapshots) { // a compaction computing the oldest snapshot sees this one or a larger lastSequence
            return snapshots.acquire(lastSequence);
        }
    }

    @Override public KvIterator iterator(Snapshot snapshot) {
        ensureOpen();
        View v = acquireView();
        long seq = snapshot == null ? lastSequence : snapshot.sequence(); // after pinning: see class doc
        List<InternalIterator> children = new ArrayList<>();
        try {
            children.add(v.mem().iterator());
            for (Memtable imm : v.imms()) {
                children.add(imm.iterator());
            }
            if (tables != null) {
                v.version().addIterators(tables, children);
            }
        } catch (RuntimeException e) {
            v.version().unref();
            throw e;
        }
        return new DbIterator(new MergingIterator(children), seq, v.version()::unref, stats);
    }

    // ---------------------------------------------------------------- flush / close

    @Override public void flush() {
        ensureOpen();
        if (dir == null) {
            return;
        }
        enqueue(null, true);
    }

    private void flushLocked(boolean failIfClosed) {
        makeRoomForWrite(true, failIfClosed);
        while (!view.imms().isEmpty()) {
            checkBackgroundError();
            awaitBackgroundWork();
        }
        checkBackgroundError();
    }

    @Override public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        if (dir == null) {
            return;
        }
        List<RuntimeException> errors = new ArrayList<>();
        try {
            if (backgroundError == null) {
                enqueue(null, false); // after every queued writer; they fail with CLOSED
            }
        } catch (RuntimeException e) {
            errors.add(e);
        }
        shutdown(false, errors);
        if (!errors.isEmpty()) {
            RuntimeException first = errors.get(0);
            errors.stream().skip(1).forEach(first::addSuppressed);
            throw first;
        }
        LOG.log(Level.DEBUG, "closed {0}", dir);
    }

    /**
     * Test hook simulating a crash: stops background threads and closes every file handle
     * without flushing the memtable, syncing the WAL or writing the manifest.
     */
    void crashForTesting() {
        if (!closed.compareAndSet(false, true) || dir == null) {
            return;
        }
        shutdown(true, new ArrayList<>());
    }

    private void shutdown(boolean crash, List<RuntimeException> errors) {
        if (crash) {
            flusher.shutdownNow();
        } else {
            flusher.shutdown();
        }
        // No interrupt: it could close a shared table channel. A running compaction polls `closed`
        // and deletes its partial output.
        compactor.shutdown();
        if (syncer != null) {
            syncer.shutdownNow();
        }
        try {
            if (!flusher.awaitTermination(60, TimeUnit.SECONDS)) {
                errors.add(new StorageException(StorageException.Kind.IO, "flush thread did not stop", null));
            }
            if (!compactor.awaitTermination(60, TimeUnit.SECONDS)) {
                errors.add(new StorageException(StorageException.Kind.IO, "compaction thread did not stop", null));
            }
            if (syncer != null) {
                syncer.awaitTermination(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            errors.add(new StorageException(StorageException.Kind.IO, "interrupted while closing " + dir, e));
        }
        writeLock.lock();
        try {
            List<Runnable> steps = List.of(
                    () -> wal.close(!crash),
                    () -> wal = null,
                    versions::close,
                    tables::close,
                    lock::close);
            for (Runnable step : steps) {
                try {
                    step.run();
                } catch (RuntimeException e) {
                    errors.add(e);
                }
            }
        } finally {
            writeLock.unlock();
        }
    }

    private void ensureOpen() {
        if (closed.get()) {
            throw new StorageException(StorageException.Kind.CLOSED,
                    "store " + (dir == null ? "(in memory)" : dir) + " is closed", null);
        }
    }

    // ---------------------------------------------------------------- introspection for tests

    /** Number of SSTables in the current version. */
    int tableCount() {
        View v = view;
        return v.version().fileCount();
    }

    /** The current version (for tests and debugging). */
    String describeVersion() {
        return view.version().toString();
    }

    long lastSequence() {
        return lastSequence;
    }

    /** Waits until no compaction is running or needed (tests). */
    void awaitCompactionsForTesting() {
        writeLock.lock();
        try {
            while (true) {
                checkBackgroundError();
                maybeScheduleCompaction();
                if (!compactionScheduled) {
                    return;
                }
                awaitBackgroundWork();
            }
        } finally {
            writeLock.unlock();
        }
    }

    // ---------------------------------------------------------------- statistics

    /**
     * A consistent-enough snapshot of the engine's counters and the current shape of the tree;
     * see {@link StorageStats} for every field. Cheap (no I/O); callable from any thread, also
     * after {@link #close()} (then the level shape is the last one).
     */
    public StorageStats stats() {
        View v = acquireView();
        try {
            List<StorageStats.LevelStats> levels = new ArrayList<>(Version.NUM_LEVELS);
            for (int l = 0; l < Version.NUM_LEVELS; l++) {
                levels.add(new StorageStats.LevelStats(l, v.version().files(l).size(), v.version().levelBytes(l)));
            }
            long memBytes = v.mem().approximateBytes();
            for (Memtable m : v.imms()) {
                memBytes += m.approximateBytes();
            }
            long user = stats.userBytesWritten.sum();
            long wal = stats.walBytesWritten.sum();
            long flushed = stats.flushBytesWritten.sum();
            long compacted = stats.compactionBytesWritten.sum();
            double amp = user == 0 ? 0 : (double) (wal + flushed + compacted) / user;
            return new StorageStats(user, stats.userBytesRead.sum(), wal, stats.walSyncs.sum(),
                    stats.writeGroups.sum(), stats.batchesWritten.sum(), flushed,
                    stats.compactionBytesRead.sum(), compacted, amp, stats.tableBytesRead.sum(),
                    stats.blockCacheHits.sum(), stats.blockCacheMisses.sum(), stats.flushes.sum(),
                    stats.compactions.sum(), stats.trivialMoves.sum(), stats.stallNanos.sum() / 1_000_000,
                    memBytes, levels);
        } finally {
            v.version().unref();
        }
    }

    int liveSnapshots() {
        return snapshots.size();
    }

    Path dir() {
        return dir;
    }

    private static java.util.concurrent.ThreadFactory daemon(String name) {
        return r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        };
    }

    @Override public String toString() {
        return "LsmStore{" + (dir == null ? "in-memory" : dir.toString()) + ", lastSequence=" + lastSequence + "}";
    }
}
