package io.beamdb.storage;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Open {@link SSTableReader}s by file number, plus the shared block cache (Caffeine, bounded by
 * {@link #BLOCK_CACHE_BYTES} of block contents). The cache's maintenance (applying buffered reads
 * and evictions) runs on the calling thread ({@code executor(Runnable::run)}): handing it to the
 * common fork-join pool cost a point read about 14% of its time in {@code ForkJoinPool}
 * submissions (JFR profile of the point-select benchmark). A reader stays open until its file becomes
 * obsolete ({@link #evict}) or the store closes. Thread-safe.
 */
final class TableCache {
    static final long BLOCK_CACHE_BYTES = 32L << 20;

    private final io.beamdb.storage.fs.FileSystem fs;
    private final Path dir;
    private final EngineStats stats;
    private final ConcurrentHashMap<Long, SSTableReader> readers = new ConcurrentHashMap<>();
    private final Cache<SSTableReader.BlockKey, Block> blockCache = Caffeine.newBuilder()
            .maximumWeight(BLOCK_CACHE_BYTES)
            .weigher((SSTableReader.BlockKey k, Block b) -> b.size() + 64)
            .executor(Runnable::run)
            .build();

    TableCache(io.beamdb.storage.fs.FileSystem fs, Path dir, EngineStats stats) {
        this.fs = fs;
        this.dir = dir;
        this.stats = stats;
    }

    SSTableReader get(long fileNumber) {
        return readers.computeIfAbsent(fileNumber, n -> SSTableReader.open(fs, dir, n, blockCache, stats));
    }

    /** Closes the reader of an obsolete file and drops its cached blocks. */
    void evict(long fileNumber) {
        SSTableReader r = readers.remove(fileNumber);
        blockCache.asMap().keySet().removeIf(k -> k.file() == fileNumber);
        if (r != null) {
            r.close();
        }
    }

    void close() {
        List<RuntimeException> errors = new ArrayList<>();
        for (Long n : List.copyOf(readers.keySet())) {
            SSTableReader r = readers.remove(n);
            if (r != null) {
                try {
                    r.close();
                } catch (RuntimeException e) {
                    errors.add(e);
                }
            }
        }
        blockCache.invalidateAll();
        if (!errors.isEmpty()) {
            RuntimeException first = errors.get(0);
            errors.stream().skip(1).forEach(first::addSuppressed);
            throw first;
        }
    }
}
