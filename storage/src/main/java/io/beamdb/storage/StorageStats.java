package io.beamdb.storage;

import java.util.List;

/**
 * An immutable snapshot of engine statistics, returned by {@link LsmStore#stats()}. Counters are
 * cumulative since the store was opened (they restart at zero on every open); gauges
 * ({@link #levels()}, {@link #memtableBytes()}) describe the moment of the call. Sizes are in
 * bytes. The individual counters are read without a common lock, so they may be a few operations
 * apart from each other. In memory only the user, cache-free and memtable fields are non-zero.
 *
 * @param userBytesWritten key and value bytes of all records in batches passed to {@code write}
 * @param userBytesRead key and value bytes returned by {@code get} and by iterators
 * @param walBytesWritten bytes appended to write-ahead logs (headers included)
 * @param walSyncs number of WAL fsyncs issued by writers (one per commit group with SYNC=FULL)
 * @param writeGroups number of commit groups (one WAL append each)
 * @param batchesWritten number of non-empty batches written ({@code batchesWritten / writeGroups}
 *     is the average group size)
 * @param flushBytesWritten bytes of level-0 tables written by memtable flushes
 * @param compactionBytesRead bytes of input tables read by compactions
 * @param compactionBytesWritten bytes of tables written by compactions
 * @param writeAmplification {@code (walBytesWritten + flushBytesWritten + compactionBytesWritten)
 *     / userBytesWritten}, 0 before the first write
 * @param tableBytesRead bytes read from table files (blocks, footers, indexes, filters)
 * @param blockCacheHits data-block lookups served by the block cache
 * @param blockCacheMisses data-block lookups that read the file
 * @param flushes memtables flushed
 * @param compactions compactions that merged tables (trivial moves not included)
 * @param trivialMoves compactions that only moved a table one level down
 * @param stallMillis total time writers were delayed or blocked by flush or compaction backlog
 * @param memtableBytes approximate bytes in the active and immutable memtables
 * @param levels one entry per level L0..L6
 */
public record StorageStats(
        long userBytesWritten,
        long userBytesRead,
        long walBytesWritten,
        long walSyncs,
        long writeGroups,
        long batchesWritten,
        long flushBytesWritten,
        long compactionBytesRead,
        long compactionBytesWritten,
        double writeAmplification,
        long tableBytesRead,
        long blockCacheHits,
        long blockCacheMisses,
        long flushes,
        long compactions,
        long trivialMoves,
        long stallMillis,
        long memtableBytes,
        List<LevelStats> levels) {

    /** Makes {@code levels} an immutable copy. */
    public StorageStats {
        levels = List.copyOf(levels);
    }

    /**
     * Files in one level.
     *
     * @param level 0..6
     * @param files number of tables
     * @param bytes total size of those tables
     */
    public record LevelStats(int level, int files, long bytes) {}

    /** Total size of all tables. */
    public long totalTableBytes() {
        return levels.stream().mapToLong(LevelStats::bytes).sum();
    }

    /** Total number of tables. */
    public int totalTableFiles() {
        return levels.stream().mapToInt(LevelStats::files).sum();
    }

    /** Block cache hit rate in [0, 1], 0 when there were no lookups. */
    public double blockCacheHitRate() {
        long total = blockCacheHits + blockCacheMisses;
        return total == 0 ? 0 : (double) blockCacheHits / total;
    }
}
