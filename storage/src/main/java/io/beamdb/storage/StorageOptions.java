package io.beamdb.storage;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Immutable configuration of a {@link LsmStore}. Start from {@link #inMemory()} or
 * {@link #onDisk(Path)} and derive variants with the {@code with...} methods, each of which
 * returns a new instance. Thread-safe (immutable).
 *
 * <p>Sizes are in bytes. The compaction settings follow LevelDB's leveled scheme
 * (LevelDB {@code doc/impl.md}): level 0 is compacted when it holds
 * {@link #level0CompactionTrigger()} tables; level {@code L >= 1} when its total size exceeds
 * {@code level1Bytes * 10^(L-1)}. Writes slow down (1 ms per write) at
 * {@link #level0SlowdownTrigger()} level-0 tables and wait at {@link #level0StopTrigger()}; they
 * never fail because compaction is behind.
 */
public final class StorageOptions {
    /** Default memtable size before it is rotated and flushed: 4 MiB. */
    public static final long DEFAULT_MEMTABLE_BYTES = 4L << 20;
    /** Default level-0 table count that triggers a compaction into level 1: 4. */
    public static final int DEFAULT_L0_COMPACTION_TRIGGER = 4;
    /** Default level-0 table count at which each write is delayed by 1 ms: 8. */
    public static final int DEFAULT_L0_SLOWDOWN_TRIGGER = 8;
    /** Default level-0 table count at which writes wait for compaction: 12. */
    public static final int DEFAULT_L0_STOP_TRIGGER = 12;
    /** Default target size of level 1: 10 MiB (level L: 10^(L-1) times that). */
    public static final long DEFAULT_LEVEL1_BYTES = 10L << 20;
    /** Default size at which compaction starts a new output table: 2 MiB. */
    public static final long DEFAULT_TARGET_FILE_BYTES = 2L << 20;
    /** Default compaction write rate cap: unlimited ({@link Long#MAX_VALUE} bytes/s). */
    public static final long DEFAULT_COMPACTION_BYTES_PER_SECOND = Long.MAX_VALUE;

    private Path dir;
    private SyncMode sync;
    private long memtableBytes;
    private Compression compression = Compression.NONE;
    private CompactionFilter compactionFilter;
    private int l0CompactionTrigger = DEFAULT_L0_COMPACTION_TRIGGER;
    private int l0SlowdownTrigger = DEFAULT_L0_SLOWDOWN_TRIGGER;
    private int l0StopTrigger = DEFAULT_L0_STOP_TRIGGER;
    private long level1Bytes = DEFAULT_LEVEL1_BYTES;
    private long targetFileBytes = DEFAULT_TARGET_FILE_BYTES;
    private long compactionBytesPerSecond = DEFAULT_COMPACTION_BYTES_PER_SECOND;
    private io.beamdb.storage.fs.FileSystem fileSystem = io.beamdb.storage.fs.FileSystem.DEFAULT;

    private StorageOptions(Path dir, SyncMode sync, long memtableBytes) {
        this.dir = dir;
        this.sync = sync;
        this.memtableBytes = memtableBytes;
    }

    private StorageOptions copy() {
        StorageOptions o = new StorageOptions(dir, sync, memtableBytes);
        o.compression = compression;
        o.compactionFilter = compactionFilter;
        o.l0CompactionTrigger = l0CompactionTrigger;
        o.l0SlowdownTrigger = l0SlowdownTrigger;
        o.l0StopTrigger = l0StopTrigger;
        o.level1Bytes = level1Bytes;
        o.targetFileBytes = targetFileBytes;
        o.compactionBytesPerSecond = compactionBytesPerSecond;
        o.fileSystem = fileSystem;
        return o;
    }

    /** A store that lives only on the heap: no files, no WAL, contents lost on close. */
    public static StorageOptions inMemory() {
        return new StorageOptions(null, SyncMode.OFF, DEFAULT_MEMTABLE_BYTES);
    }

    /**
     * A store kept in {@code dir} (created if missing), {@link SyncMode#FULL} and a 4 MiB memtable.
     *
     * @throws NullPointerException if {@code dir} is null
     */
    public static StorageOptions onDisk(Path dir) {
        return new StorageOptions(Objects.requireNonNull(dir, "dir"), SyncMode.FULL, DEFAULT_MEMTABLE_BYTES);
    }

    /** Returns a copy with the given WAL sync mode (ignored in memory). */
    public StorageOptions withSync(SyncMode m) {
        StorageOptions o = copy();
        o.sync = Objects.requireNonNull(m, "sync");
        return o;
    }

    /**
     * Returns a copy whose memtable is rotated (and flushed to a level-0 SSTable) once it holds
     * about {@code bytes} bytes of keys and values.
     *
     * @throws IllegalArgumentException if {@code bytes < 1024}
     */
    public StorageOptions withMemtableBytes(long bytes) {
        if (bytes < 1024) {
            throw new IllegalArgumentException("memtableBytes must be >= 1024, got " + bytes);
        }
        StorageOptions o = copy();
        o.memtableBytes = bytes;
        return o;
    }

    /**
     * Returns a copy that compresses SSTable data blocks with {@code c}. A block is stored
     * uncompressed when compression would not save at least 12.5%. Existing tables keep their
     * encoding; readers handle both. Default {@link Compression#NONE}.
     */
    public StorageOptions withCompression(Compression c) {
        StorageOptions o = copy();
        o.compression = Objects.requireNonNull(c, "compression");
        return o;
    }

    /**
     * Returns a copy whose compactions consult {@code filter} ({@code null} = none) for every put
     * that survives compaction; see {@link CompactionFilter} for the contract.
     */
    public StorageOptions withCompactionFilter(CompactionFilter filter) {
        StorageOptions o = copy();
        o.compactionFilter = filter;
        return o;
    }

    /**
     * Returns a copy with the level-0 thresholds: compaction starts at {@code compactionTrigger}
     * tables, writes are delayed 1 ms each at {@code slowdownTrigger}, and writes wait for
     * compaction at {@code stopTrigger}.
     *
     * @throws IllegalArgumentException unless {@code 1 <= compactionTrigger <= slowdownTrigger <= stopTrigger}
     */
    public StorageOptions withLevel0Triggers(int compactionTrigger, int slowdownTrigger, int stopTrigger) {
        if (compactionTrigger < 1 || slowdownTrigger < compactionTrigger || stopTrigger < slowdownTrigger) {
            throw new IllegalArgumentException("need 1 <= compaction <= slowdown <= stop trigger, got "
                    + compactionTrigger + ", " + slowdownTrigger + ", " + stopTrigger);
        }
        StorageOptions o = copy();
        o.l0CompactionTrigger = compactionTrigger;
        o.l0SlowdownTrigger = slowdownTrigger;
        o.l0StopTrigger = stopTrigger;
        return o;
    }

    /**
     * Returns a copy with the target size of level 1 (level {@code L} gets {@code 10^(L-1)} times
     * that) and the size at which compaction output is split into a new table.
     *
     * @throws IllegalArgumentException if {@code level1Bytes < 1024} or {@code targetFileBytes < 1024}
     */
    public StorageOptions withLevelSizes(long level1Bytes, long targetFileBytes) {
        if (level1Bytes < 1024 || targetFileBytes < 1024) {
            throw new IllegalArgumentException("level1Bytes and targetFileBytes must be >= 1024, got "
                    + level1Bytes + ", " + targetFileBytes);
        }
        StorageOptions o = copy();
        o.level1Bytes = level1Bytes;
        o.targetFileBytes = targetFileBytes;
        return o;
    }

    /**
     * Returns a copy whose compactions write at most about {@code bytesPerSecond} bytes per second
     * (a simple sleep-based limiter; flushes are never limited). {@link Long#MAX_VALUE} = unlimited.
     *
     * @throws IllegalArgumentException if {@code bytesPerSecond < 4096}
     */
    public StorageOptions withCompactionRateLimit(long bytesPerSecond) {
        if (bytesPerSecond < 4096) {
            throw new IllegalArgumentException("compaction rate must be >= 4096 bytes/s, got " + bytesPerSecond);
        }
        StorageOptions o = copy();
        o.compactionBytesPerSecond = bytesPerSecond;
        return o;
    }

    /**
     * Returns a copy whose file I/O goes through {@code fs} (default {@link
     * io.beamdb.storage.fs.FileSystem#DEFAULT}, java.nio). Tests pass a fault-injecting file system
     * here (LevelDB's {@code Env} option).
     *
     * @throws NullPointerException if {@code fs} is null
     */
    public StorageOptions withFileSystem(io.beamdb.storage.fs.FileSystem fs) {
        StorageOptions o = copy();
        o.fileSystem = Objects.requireNonNull(fs, "fs");
        return o;
    }

    /** The file system every file operation goes through. */
    public io.beamdb.storage.fs.FileSystem fileSystem() { return fileSystem; }

    /** The database directory, or {@code null} for an in-memory store. */
    public Path dir() { return dir; }

    /** The WAL sync mode. */
    public SyncMode sync() { return sync; }

    /** Memtable size threshold in bytes. */
    public long memtableBytes() { return memtableBytes; }

    /** Block compression for new SSTables. */
    public Compression compression() { return compression; }

    /** The compaction filter, or {@code null}. */
    public CompactionFilter compactionFilter() { return compactionFilter; }

    /** Level-0 table count that triggers a compaction. */
    public int level0CompactionTrigger() { return l0CompactionTrigger; }

    /** Level-0 table count at which writes are delayed. */
    public int level0SlowdownTrigger() { return l0SlowdownTrigger; }

    /** Level-0 table count at which writes wait for compaction. */
    public int level0StopTrigger() { return l0StopTrigger; }

    /** Target total size of level 1 in bytes. */
    public long level1Bytes() { return level1Bytes; }

    /** Size in bytes at which a compaction output table is closed and a new one started. */
    public long targetFileBytes() { return targetFileBytes; }

    /** Compaction write rate cap in bytes per second ({@link Long#MAX_VALUE} = unlimited). */
    public long compactionRateLimit() { return compactionBytesPerSecond; }

    /**
     * True if the store has no files. (Named {@code isInMemory} because Java forbids an instance
     * method with the same signature as the static factory {@link #inMemory()}.)
     */
    public boolean isInMemory() { return dir == null; }

    @Override
    public String toString() {
        return "StorageOptions{" + (dir == null ? "in-memory" : "dir=" + dir) + ", sync=" + sync
                + ", memtableBytes=" + memtableBytes + ", compression=" + compression
                + ", l0Triggers=" + l0CompactionTrigger + "/" + l0SlowdownTrigger + "/" + l0StopTrigger
                + ", level1Bytes=" + level1Bytes + ", targetFileBytes=" + targetFileBytes
                + (compactionBytesPerSecond == Long.MAX_VALUE ? "" : ", compactionRate=" + compactionBytesPerSecond)
                + (compactionFilter == null ? "" : ", compactionFilter=" + compactionFilter) + '}';
    }
}
