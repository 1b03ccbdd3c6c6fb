package io.beamdb.storage;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
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
import java.util.stream.Stream;

/**
 * A log-structured merge store, LevelDB-shaped.
 *
 * <pre>
 *   write(batch) --> WAL (NNNNNN.wal, fsync per SyncMode) --> memtable (skip list)
 *                                                              | full (memtableBytes)
 *                                                              v
 *                               immutable memtable(s) --background flush--> L0 SSTable (NNNNNN.sst)
 *                                                              |                 |
 *                                                   MANIFEST-NNNNNN  <-- version edit (fsync), old WAL deleted
 *
 *   get(key)  : memtable -> immutable memtables (newest first) -> L0 tables (newest first, bloom
 *               filter first) -> L1.. (one table per level by key range)
 *   iterator  : merge of all of the above, newest visible version per key, deletes hidden
 * </pre>
 *
 * <p><b>Sequence numbers and snapshots.</b> Each record of a batch gets the next sequence number.
 * A batch is inserted into the memtable first and only then is {@link #lastSequence} advanced,
 * so readers (which read at {@code lastSequence} or at a snapshot's sequence) see a batch
 * entirely or not at all.
 *
 * <p><b>Read views.</b> The triple (memtable, immutable memtables, {@link Version}) is swapped
 * atomically as one {@code View}; readers pin the view's version with a reference count so that
 * the SSTables they read are never deleted under them.
 *
 * <p><b>Thread-safety.</b> Writers serialize on {@link #writeLock} (which also guards memtable
 * rotation and version installation); reads are lock-free apart from a tiny critical section to
 * pin the view. One background thread flushes immutable memtables; with {@link SyncMode#NORMAL}
 * another one syncs the WAL every second. At most {@link #MAX_IMMUTABLE} memtables wait for a
 * flush; beyond that writers stall until the flush finishes.
 *
 * <p><b>Errors.</b> I/O failures surface as {@link StorageException}. A failed WAL write or a
 * failed background flush puts the store into a failed state: subsequent writes rethrow it.
 */
public final class LsmStore implements KvStore {
    private static final System.Logger LOG = System.getLogger(LsmStore.class.getName());
    static final int MAX_IMMUTABLE = 2;
    static final long NORMAL_SYNC_INTERVAL_MS = 1000;

    /** What readers see: the active memtable, immutable memtables newest first, and the SSTables. */
    private record View(Memtable mem, List<Memtable> imms, Version version) {}

    private final StorageOptions options;
    private final Path dir;
    private final ReentrantLock writeLock = new ReentrantLock();
    private final Condition backgroundWorkDone = writeLock.newCondition();
    private final Object viewLock = new Object();
    private final SnapshotList snapshots = new SnapshotList();
    private final AtomicBoolean closed = new AtomicBoolean();
    private volatile View view;
    private volatile long lastSequence;
    private volatile StorageException backgroundError;

    // on-disk state (null in memory)
    private final DbLock lock;
    private final TableCache tables;
    private final VersionSet versions;
    private final ExecutorService flusher;
    private final ScheduledExecutorService syncer;
    private volatile WalWriter wal;

    private LsmStore(StorageOptions options) {
        this.options = options;
        this.dir = null;
        this.lock = null;
        this.tables = null;
        this.versions = null;
        this.flusher = null;
        this.syncer = null;
        Version empty = Version.empty(f -> {});
        empty.ref();
        this.view = new View(new Memtable(0), List.of(), empty);
    }

    private LsmStore(StorageOptions options, Path dir, DbLock lock) {
        this.options = options;
        this.dir = dir;
        this.lock = lock;
        this.tables = new TableCache(dir);
        this.versions = VersionSet.recover(dir, this::deleteObsoleteTable);
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
        if (options.sync() == SyncMode.NORMAL) {
            this.syncer = Executors.newSingleThreadScheduledExecutor(daemon("beamdb-wal-sync-" + name));
            syncer.scheduleWithFixedDelay(this::backgroundSync, NORMAL_SYNC_INTERVAL_MS, NORMAL_SYNC_INTERVAL_MS,
                    TimeUnit.MILLISECONDS);
        } else {
            this.syncer = null;
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
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw StorageException.io("cannot create database directory", dir, e);
        }
        DbLock lock = DbLock.acquire(dir);
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
            WalReader.replay(file, i == walNumbers.size() - 1, d -> {
                recovered.apply(d.batch(), d.firstSequence());
                maxSeq[0] = Math.max(maxSeq[0], d.firstSequence() + d.batch().count() - 1);
            });
        }
        VersionEdit edit = new VersionEdit();
        if (!recovered.isEmpty()) {
            FileMeta meta = SSTableWriter.write(dir, versions.newFileNumber(), recovered.iterator());
            edit.addFile(0, meta);
            LOG.log(Level.INFO, "recovered {0} records from {1} WAL file(s) of {2} into table #{3}",
                    recovered.entryCount(), walNumbers.size(), dir, meta.number);
        }
        long walNumber = versions.newFileNumber();
        wal = new WalWriter(dir, walNumber);
        edit.logNumber = walNumber;
        edit.lastSequence = maxSeq[0];
        versions.applyToCurrent(edit);
        versions.writeNewManifest(maxSeq[0]);
        lastSequence = maxSeq[0];
        return walNumber;
    }

    private List<FileNames.Parsed> listFiles() {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> FileNames.parse(p.getFileName().toString())).filter(Objects::nonNull).toList();
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
            Files.deleteIfExists(file);
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
            Files.deleteIfExists(file);
        } catch (IOException e) {
            // Not fatal: the next open deletes tables that are not in the manifest.
            LOG.log(Level.WARNING, "cannot delete obsolete table " + file, e);
        }
    }

    // ---------------------------------------------------------------- writes

    @Override public long write(WriteBatch batch) {
        Objects.requireNonNull(batch, "batch");
        writeLock.lock();
        try {
            ensureOpen();
            checkBackgroundError();
            if (batch.isEmpty()) {
                return lastSequence;
            }
            if (dir != null) {
                makeRoomForWrite(false, true);
            }
            long first = lastSequence + 1;
            if (dir != null) {
                try {
                    wal.add(batch.encode(first));
                    if (options.sync() == SyncMode.FULL) {
                        wal.sync();
                    }
                } catch (StorageException e) {
                    backgroundError = e; // the log's tail is now unknown: refuse further writes
                    throw e;
                }
            }
            view.mem().apply(batch, first);
            lastSequence = first + batch.count() - 1;
            return lastSequence;
        } finally {
            writeLock.unlock();
        }
    }

    /**
     * Ensures the active memtable has room (or, with {@code force}, rotates a non-empty memtable).
     * Stalls while {@link #MAX_IMMUTABLE} memtables are waiting to be flushed. Caller holds writeLock.
     */
    private void makeRoomForWrite(boolean force, boolean failIfClosed) {
        while (true) {
            if (failIfClosed) {
                ensureOpen();
            }
            checkBackgroundError();
            View v = view;
            if (force ? v.mem().isEmpty() : v.mem().approximateBytes() < options.memtableBytes()) {
                return;
            }
            if (v.imms().size() >= MAX_IMMUTABLE) {
                LOG.log(Level.DEBUG, "write stall: {0} memtables waiting for flush", v.imms().size());
                awaitBackgroundWork();
                continue;
            }
            rotateMemtable(v);
            return;
        }
    }

    private void rotateMemtable(View v) {
        long number = versions.newFileNumber();
        WalWriter next = new WalWriter(dir, number);
        WalWriter old = wal;
        wal = next;
        old.close(options.sync() != SyncMode.OFF);
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
                    : SSTableWriter.write(dir, versions.newFileNumber(), imm.iterator());
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
                LOG.log(Level.DEBUG, "flushed memtable of WAL #{0} to {1}", imm.walNumber(), meta);
            } finally {
                backgroundWorkDone.signalAll();
                writeLock.unlock();
            }
        } catch (Throwable t) {
            StorageException e = t instanceof StorageException se ? se
                    : new StorageException(StorageException.Kind.IO, "background flush failed in " + dir + ": " + t, t);
            LOG.log(Level.ERROR, "background flush failed; the store refuses further writes", e);
            writeLock.lock();
            try {
                backgroundError = e;
                backgroundWorkDone.signalAll();
            } finally {
                writeLock.unlock();
            }
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
        long seq = snapshot == null ? lastSequence : snapshot.sequence();
        View v = acquireView();
        try {
            LookupResult r = v.mem().get(key, seq);
            for (int i = 0; r == null && i < v.imms().size(); i++) {
                r = v.imms().get(i).get(key, seq);
            }
            if (r == null) {
                r = v.version().get(key, seq, tables);
            }
            return r == null || r.deleted() ? null : r.value();
        } finally {
            v.version().unref();
        }
    }

    @Override public Snapshot snapshot() {
        ensureOpen();
        return snapshots.acquire(lastSequence);
    }

    @Override public KvIterator iterator(Snapshot snapshot) {
        ensureOpen();
        long seq = snapshot == null ? lastSequence : snapshot.sequence();
        View v = acquireView();
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
        return new DbIterator(new MergingIterator(children), seq, v.version()::unref);
    }

    // ---------------------------------------------------------------- flush / close

    @Override public void flush() {
        ensureOpen();
        if (dir == null) {
            return;
        }
        writeLock.lock();
        try {
            flushLocked(true);
        } finally {
            writeLock.unlock();
        }
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
        writeLock.lock();
        try {
            if (backgroundError == null) {
                flushLocked(false);
            }
        } catch (RuntimeException e) {
            errors.add(e);
        } finally {
            writeLock.unlock();
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
        if (syncer != null) {
            syncer.shutdownNow();
        }
        try {
            if (!flusher.awaitTermination(60, TimeUnit.SECONDS)) {
                errors.add(new StorageException(StorageException.Kind.IO, "flush thread did not stop", null));
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
