package io.beamdb.storage;

import java.util.ArrayList;
import java.util.Collections;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Consumer;

/**
 * An immutable set of SSTables arranged in levels:
 * <pre>
 *   L0: #14 #12 #9      overlapping key ranges, newest (highest number) first
 *   L1: #7 [a..f] #8 [g..p] #11 [q..z]    disjoint, sorted by key (filled by future compaction)
 *   L2..L6: same as L1
 * </pre>
 * Readers pin a version with {@link #ref()}/{@link #unref()} for as long as they read its files.
 * Each version holds one reference on each of its {@link FileMeta}s; when the last version holding
 * a file goes away, {@code onObsolete} is told so the file can be deleted. Thread-safe.
 */
final class Version {
    static final int NUM_LEVELS = 7;

    private final List<List<FileMeta>> levels;
    private final AtomicInteger refs = new AtomicInteger();
    private final Consumer<FileMeta> onObsolete;

    Version(List<List<FileMeta>> levels, Consumer<FileMeta> onObsolete) {
        List<List<FileMeta>> copy = new ArrayList<>(NUM_LEVELS);
        for (int i = 0; i < NUM_LEVELS; i++) {
            List<FileMeta> files = new ArrayList<>(i < levels.size() ? levels.get(i) : List.of());
            if (i == 0) {
                files.sort(Comparator.comparingLong((FileMeta f) -> f.number).reversed());
            } else {
                files.sort((a, b) -> InternalKey.compare(a.smallest, b.smallest));
            }
            copy.add(Collections.unmodifiableList(files));
        }
        this.levels = Collections.unmodifiableList(copy);
        this.onObsolete = onObsolete;
        for (List<FileMeta> level : this.levels) {
            for (FileMeta f : level) {
                f.refs.incrementAndGet();
            }
        }
    }

    static Version empty(Consumer<FileMeta> onObsolete) {
        return new Version(List.of(), onObsolete);
    }

    List<FileMeta> files(int level) {
        return levels.get(level);
    }

    int fileCount() {
        return levels.stream().mapToInt(List::size).sum();
    }

    void ref() {
        refs.incrementAndGet();
    }

    void unref() {
        int r = refs.decrementAndGet();
        if (r == 0) {
            for (List<FileMeta> level : levels) {
                for (FileMeta f : level) {
                    if (f.refs.decrementAndGet() == 0) {
                        onObsolete.accept(f);
                    }
                }
            }
        } else if (r < 0) {
            throw new IllegalStateException("version unreferenced too often");
        }
    }

    /** Newest record for {@code userKey} at {@code sequence} in this version's tables, or null. */
    LookupResult get(byte[] userKey, long sequence, TableCache tables) {
        for (FileMeta f : levels.get(0)) {
            if (f.mayContainUserKey(userKey)) {
                LookupResult r = tables.get(f.number).get(userKey, sequence);
                if (r != null) {
                    return r;
                }
            }
        }
        for (int level = 1; level < NUM_LEVELS; level++) {
            FileMeta f = findFile(levels.get(level), userKey);
            if (f != null && f.mayContainUserKey(userKey)) {
                LookupResult r = tables.get(f.number).get(userKey, sequence);
                if (r != null) {
                    return r;
                }
            }
        }
        return null;
    }

    /** In a sorted, disjoint level: the first file whose largest user key is {@code >= userKey}. */
    private static FileMeta findFile(List<FileMeta> files, byte[] userKey) {
        int lo = 0;
        int hi = files.size();
        while (lo < hi) {
            int mid = (lo + hi) >>> 1;
            if (InternalKey.compareUserKey(files.get(mid).largest, userKey) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        return lo < files.size() ? files.get(lo) : null;
    }

    /** Adds one iterator per table (newest first) to {@code out}. */
    void addIterators(TableCache tables, List<InternalIterator> out) {
        for (List<FileMeta> level : levels) {
            for (FileMeta f : level) {
                out.add(tables.get(f.number).iterator());
            }
        }
    }

    @Override public String toString() {
        StringBuilder sb = new StringBuilder("Version{");
        for (int i = 0; i < NUM_LEVELS; i++) {
            if (!levels.get(i).isEmpty()) {
                sb.append(" L").append(i).append('=').append(levels.get(i));
            }
        }
        return sb.append(" }").toString();
    }
}
