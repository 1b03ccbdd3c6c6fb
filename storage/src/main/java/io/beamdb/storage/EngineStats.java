package io.beamdb.storage;

import java.util.concurrent.atomic.LongAdder;

/**
 * Mutable engine counters behind {@link LsmStore#stats()}. All counters only grow; they are
 * {@link LongAdder}s, so updates from any thread are cheap and thread-safe.
 */
final class EngineStats {
    final LongAdder userBytesWritten = new LongAdder();
    final LongAdder userBytesRead = new LongAdder();
    final LongAdder walBytesWritten = new LongAdder();
    final LongAdder walSyncs = new LongAdder();
    final LongAdder writeGroups = new LongAdder();
    final LongAdder batchesWritten = new LongAdder();
    final LongAdder flushBytesWritten = new LongAdder();
    final LongAdder flushes = new LongAdder();
    final LongAdder compactionBytesWritten = new LongAdder();
    final LongAdder compactionBytesRead = new LongAdder();
    final LongAdder compactions = new LongAdder();
    final LongAdder trivialMoves = new LongAdder();
    final LongAdder tableBytesRead = new LongAdder();
    final LongAdder blockCacheHits = new LongAdder();
    final LongAdder blockCacheMisses = new LongAdder();
    final LongAdder stallNanos = new LongAdder();
    final LongAdder obsoleteFilesDeleted = new LongAdder();
}
