package io.beamdb.storage;

/**
 * Hook through which the layer above drops records during compaction (e.g. MVCC versions below a
 * garbage-collection watermark). Install with {@link StorageOptions#withCompactionFilter}.
 *
 * <p>Contract: {@link #drop} is called on the background compaction thread for each put that
 * survives the engine's own rules (it is the newest version of its key, or a version some live
 * snapshot may still read). Returning {@code true} drops it: the record is replaced by a deletion
 * marker with the same sequence number, so an older version of the same key in a deeper level can
 * never resurface; the marker itself disappears once it reaches the bottom-most level holding the
 * key. Dropping is visible to every reader, including open snapshots, once the compaction is
 * installed; iterators opened earlier keep seeing the old tables. Deletions are never passed to
 * the filter. Only records a compaction rewrites are filtered: not memtable flushes, and not
 * tables moved down a level unchanged (trivial moves); {@link LsmStore#compactAll()} rewrites
 * everything.
 *
 * <p>Thread-safety: called from one compaction thread at a time, but concurrently with the
 * store's other methods; implementations must be thread-safe with respect to their own state.
 * Errors: an exception thrown by the filter fails the compaction; the store then refuses writes
 * (as with any background error) and the input tables are left untouched.
 */
@FunctionalInterface
public interface CompactionFilter {
    /**
     * @param userKey the key (do not modify)
     * @param value the value (do not modify)
     * @param sequence the record's sequence number
     * @return true to drop the record
     */
    boolean drop(byte[] userKey, byte[] value, long sequence);
}
