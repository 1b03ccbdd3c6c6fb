package io.beamdb.storage;

/**
 * An ordered, persistent byte-key/byte-value store with atomic batches and snapshots.
 *
 * <p>Keys compare as unsigned lexicographic bytes ({@link java.util.Arrays#compareUnsigned}).
 * Every committed record gets a sequence number; a {@link Snapshot} at sequence {@code S} sees the
 * records with sequence {@code <= S}.
 *
 * <p>Thread-safety: all methods may be called concurrently from many threads. Writes serialize
 * internally; reads never block on writes.
 *
 * <p>Errors: all failures are {@link StorageException}s; every method except {@code close()}
 * throws one of kind {@link StorageException.Kind#CLOSED} after the store was closed.
 */
public interface KvStore extends AutoCloseable {
    /**
     * Applies the batch atomically (readers see all of it or none of it) and makes it durable
     * according to the store's {@link SyncMode} before returning. Concurrent calls may be
     * committed together as one group (one log append and one sync); each batch keeps its own
     * contiguous range of sequence numbers.
     *
     * @return the sequence number of the batch's last record (for an empty batch: the current
     *     last sequence number, nothing is written)
     */
    long write(WriteBatch batch);

    /** The latest committed value of {@code key}, or {@code null} if absent or deleted. */
    byte[] get(byte[] key);

    /** The value of {@code key} as of {@code snapshot} (null snapshot = latest), or {@code null}. */
    byte[] get(byte[] key, Snapshot snapshot);

    /**
     * Length of the fixed key suffix of {@link #firstVersion}: keys are a prefix followed by an
     * 8-byte suffix (the transaction layer's inverted commit timestamp, see {@code MvccKeys}).
     */
    int VERSION_SUFFIX_BYTES = 8;

    /**
     * The first live entry, as of {@code snapshot} (null = latest), among the keys that are
     * {@code >= from}, exactly {@code from.length} bytes long and begin with the same
     * {@code from.length - 8} bytes as {@code from} (the "prefix"); null if there is none.
     *
     * <p>This is the multi-version point read: with keys laid out as {@code prefix ++ suffix} where
     * the suffix orders versions newest first, {@code from = prefix ++ suffix(ts)} finds the newest
     * version at or below {@code ts}. {@link LsmStore} answers it without a merging iterator: it
     * looks in each memtable, each level-0 table and one table per deeper level, skipping tables
     * whose bloom filter of key prefixes rules the prefix out (RocksDB's prefix bloom filter with a
     * fixed-length suffix). Keys of any other length under the prefix are ignored.
     *
     * <p>Thread-safe, like every read. The default implementation positions an iterator.
     *
     * @throws IllegalArgumentException when {@code from} is shorter than 9 bytes
     */
    default KvEntry firstVersion(byte[] from, Snapshot snapshot) {
        int prefix = from.length - VERSION_SUFFIX_BYTES;
        if (prefix < 1) {
            throw new IllegalArgumentException("key too short for a versioned lookup: " + from.length + " bytes");
        }
        try (KvIterator it = iterator(snapshot)) {
            for (it.seek(from); it.valid(); it.next()) {
                byte[] k = it.key();
                if (k.length < prefix || !java.util.Arrays.equals(k, 0, prefix, from, 0, prefix)) {
                    return null;
                }
                if (k.length == from.length) {
                    return new KvEntry(k, it.value());
                }
            }
            return null;
        }
    }

    /** A consistent view at the current last sequence number; close it when done. */
    Snapshot snapshot();

    /**
     * A bidirectional iterator over live keys as of {@code snapshot} ({@code null} = the latest state at
     * the time of this call). The caller must close it.
     */
    KvIterator iterator(Snapshot snapshot);

    /** Forces the memtable into an SSTable and waits for it (no-op in memory). */
    void flush();

    /**
     * Flushes and syncs everything, then releases files and the directory lock. Idempotent; later
     * calls to other methods throw {@link StorageException} of kind CLOSED.
     */
    @Override
    void close();
}
