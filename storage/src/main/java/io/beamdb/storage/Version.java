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
 *   L1: #7 [a..f] #8 [g..p] #11 [q..z]    disjoint, sorted by key (filled by compaction)
 *   L2..L6: same as L1
 * </pre>
 * In L1..L6 a user key lives in at most one table of the level (compaction never splits one
 * user key's versions across two output tables), so point reads consult one table per level.
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
    static FileMeta findFile(List<FileMeta> files, byte[] userKey) {
        int i = indexOfFile(files, userKey);
        return i < files.size() ? files.get(i) : null;
    }

    /** In a sorted, disjoint level: the index of the first file whose largest user key is {@code >= userKey}, or size. */
    static int indexOfFile(List<FileMeta> files, byte[] userKey) {
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
        return lo;
    }

    /** Adds one iterator per level-0 table (newest first), then one {@link LevelIterator} per non-empty deeper level. */
    void addIterators(TableCache tables, List<InternalIterator> out) {
        for (FileMeta f : levels.get(0)) {
            out.add(tables.get(f.number).iterator());
        }
        for (int level = 1; level < NUM_LEVELS; level++) {
            if (!levels.get(level).isEmpty()) {
                out.add(new LevelIterator(levels.get(level), tables, true));
            }
        }
    }

    /** Total size in bytes of the tables of {@code level}. */
    long levelBytes(int level) {
        long sum = 0;
        for (FileMeta f : levels.get(level)) {
            sum += f.size;
        }
        return sum;
    }

    /** Tables of {@code level} whose user-key range intersects [{@code smallestUser}, {@code largestUser}]. */
    List<FileMeta> overlapping(int level, byte[] smallestUser, byte[] largestUser) {
        List<FileMeta> out = new ArrayList<>();
        for (FileMeta f : levels.get(level)) {
            if (InternalKey.compareUserKey(f.largest, smallestUser) >= 0
                    && InternalKey.compareUserKey(f.smallest, largestUser) <= 0) {
                out.add(f);
            }
        }
        return out;
    }

    /** True if no table in a level deeper than {@code level} may hold {@code userKey}. */
    boolean isBaseLevelForKey(int level, byte[] userKey) {
        for (int l = level + 1; l < NUM_LEVELS; l++) {
            FileMeta f = findFile(levels.get(l), userKey);
            if (f != null && InternalKey.compareUserKey(f.smallest, userKey) <= 0) {
                return false;
            }
        }
        return true;
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
