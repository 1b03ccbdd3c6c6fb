package io.beamdb.storage;

/**
 * A consistent read view of a {@link KvStore}: it sees exactly the records whose sequence number
 * is {@code <= sequence()}. Obtain one from {@link KvStore#snapshot()} and close it when done so
 * that (future) compactions may drop the versions it pins. Closing is idempotent. Thread-safe.
 */
public interface Snapshot extends AutoCloseable {
    /** The sequence number this snapshot reads at. */
    long sequence();

    /** Releases the snapshot. Idempotent; never throws. */
    @Override
    void close();
}
