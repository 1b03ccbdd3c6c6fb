package io.beamdb.storage;

/**
 * Bidirectional iterator over live user keys in unsigned lexicographic order, as of a fixed
 * snapshot. A new iterator is unpositioned ({@link #valid()} is false) until one of the seek
 * methods is called; {@link #next()} and {@link #prev()} may be mixed freely. Deleted keys are
 * hidden. The iterator is a stable view: writes, flushes and compactions after its creation are
 * not seen, and files it reads are kept alive until {@link #close()}.
 *
 * <p>Not thread-safe: use one iterator from one thread at a time. Always close it (it pins files).
 * {@link #key()}, {@link #value()}, {@link #next()} and {@link #prev()} throw
 * {@link IllegalStateException} when not {@link #valid()}. Reading a corrupt block throws
 * {@link StorageException} (CORRUPTION).
 */
public interface KvIterator extends AutoCloseable {
    /** Positions at the smallest live key. */
    void seekToFirst();

    /** Positions at the first live key {@code >= target} (unsigned lexicographic). */
    void seek(byte[] target);

    /** Positions at the largest live key. */
    void seekToLast();

    /** Positions at the last live key {@code <= target} (unsigned lexicographic). */
    void seekForPrev(byte[] target);

    /** True if positioned at an entry. */
    boolean valid();

    /** The current key (caller must not modify the returned array). */
    byte[] key();

    /** The current value (caller must not modify the returned array). */
    byte[] value();

    /** Advances to the next live key. */
    void next();

    /** Moves back to the previous live key (invalid when there is none). */
    void prev();

    /** Releases the iterator's resources. Idempotent. */
    @Override
    void close();
}
