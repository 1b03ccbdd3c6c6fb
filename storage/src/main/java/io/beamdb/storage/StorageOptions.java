package io.beamdb.storage;

import java.nio.file.Path;
import java.util.Objects;

/**
 * Immutable configuration of a {@link LsmStore}. Start from {@link #inMemory()} or
 * {@link #onDisk(Path)} and derive variants with the {@code with...} methods, each of which
 * returns a new instance. Thread-safe (immutable).
 */
public final class StorageOptions {
    /** Default memtable size before it is rotated and flushed: 4 MiB. */
    public static final long DEFAULT_MEMTABLE_BYTES = 4L << 20;

    private final Path dir;
    private final SyncMode sync;
    private final long memtableBytes;

    private StorageOptions(Path dir, SyncMode sync, long memtableBytes) {
        this.dir = dir;
        this.sync = sync;
        this.memtableBytes = memtableBytes;
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
        return new StorageOptions(dir, Objects.requireNonNull(m, "sync"), memtableBytes);
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
        return new StorageOptions(dir, sync, bytes);
    }

    /** The database directory, or {@code null} for an in-memory store. */
    public Path dir() { return dir; }

    /** The WAL sync mode. */
    public SyncMode sync() { return sync; }

    /** Memtable size threshold in bytes. */
    public long memtableBytes() { return memtableBytes; }

    /**
     * True if the store has no files. (Named {@code isInMemory} because Java forbids an instance
     * method with the same signature as the static factory {@link #inMemory()}.)
     */
    public boolean isInMemory() { return dir == null; }

    @Override
    public String toString() {
        return "StorageOptions{" + (dir == null ? "in-memory" : "dir=" + dir) + ", sync=" + sync
                + ", memtableBytes=" + memtableBytes + '}';
    }
}
