package io.beamdb.storage;

/**
 * Iterator over internal keys (user key + trailer) in {@link InternalKey#COMPARATOR} order,
 * including deletions and all versions. Implemented by memtables, SSTable blocks and tables, and
 * the merging iterator; {@link DbIterator} turns it into a user-visible {@link KvIterator}.
 * Not thread-safe.
 */
interface InternalIterator extends AutoCloseable {
    void seekToFirst();

    /** Positions at the first entry whose internal key is {@code >= target}. */
    void seek(byte[] internalTarget);

    boolean valid();

    byte[] key();

    byte[] value();

    void next();

    @Override
    default void close() {}
}
