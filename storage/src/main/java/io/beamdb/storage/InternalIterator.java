package io.beamdb.storage;

/**
 * Bidirectional iterator over internal keys (user key + trailer) in {@link InternalKey#COMPARATOR}
 * order, including deletions and all versions. Implemented by memtables, SSTable blocks and
 * tables, level concatenation and the merging iterator; {@link DbIterator} turns it into a
 * user-visible {@link KvIterator}. {@link #next()} and {@link #prev()} require {@link #valid()}.
 * Not thread-safe.
 */
interface InternalIterator extends AutoCloseable {
    void seekToFirst();

    /** Positions at the last entry. */
    void seekToLast();

    /** Positions at the first entry whose internal key is {@code >= target}. */
    void seek(byte[] internalTarget);

    boolean valid();

    byte[] key();

    byte[] value();

    void next();

    /** Moves to the previous entry (invalid when there is none). */
    void prev();

    @Override
    default void close() {}
}
