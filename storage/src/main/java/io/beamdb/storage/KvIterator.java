package io.beamdb.storage;

/**
 * Forward iterator over live user keys in unsigned lexicographic order, as of a fixed snapshot.
 * A new iterator is unpositioned ({@link #valid()} is false) until {@link #seekToFirst()} or
 * {@link #seek(byte[])} is called. Deleted keys are hidden. The iterator is a stable view: writes,
 * flushes and compactions after its creation are not seen, and files it reads are kept alive
 * until {@link #close()}.
 *
 * <p>Not thread-safe: use one iterator from one thread at a time. Always close it (it pins files).
 * {@link #key()}, {@link #value()} and {@link #next()} throw {@link IllegalStateException} when not
 * {@link #valid()}. Reading a corrupt block throws {@link StorageException} (CORRUPTION).
 */
public interface KvIterator extends AutoCloseable {
    /** Positions at the smallest live key. */
    void seekToFirst();

    /** Positions at the first live key {@code >= target} (unsigned lexicographic). */
    void seek(byte[] target);

    /** True if positioned at an entry. */
    boolean valid();

    /** The current key (caller must not modify the returned array). */
    byte[] key();

    /** The current value (caller must not modify the returned array). */
    byte[] value();

    /** Advances to the next live key. */
    void next();

    /** Releases the iterator's resources. Idempotent. */
    @Override
    void close();
}
