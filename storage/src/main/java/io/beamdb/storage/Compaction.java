package io.beamdb.storage;

import java.lang.System.Logger.Level;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * One leveled compaction (LevelDB {@code doc/impl.md}, "Compactions"): the chosen tables of
 * {@link #level} ({@link #inputs}) and the overlapping tables of {@code level + 1}
 * ({@link #overlaps}) are merged into new tables of {@code level + 1}, which replace them in one
 * {@link VersionEdit}.
 *
 * <p><b>Picking</b> ({@link #pick}): each level gets a score, level 0 {@code files / trigger},
 * level {@code L >= 1} {@code bytes / (level1Bytes * 10^(L-1))}; the highest score {@code >= 1}
 * wins (L6 is never a source). From level 0 all tables are taken (they overlap, and leaving an
 * older one behind would let it shadow newer data moved down); from a deeper level one table,
 * round-robin through the key space by a per-level compaction pointer. A single input with
 * nothing overlapping below is moved down without rewriting (a trivial move).
 *
 * <p><b>Merging</b> ({@link #run}): for each user key, versions are kept newest first until the
 * first one with sequence {@code <= smallestSnapshot} (the oldest live snapshot, or the last
 * sequence when there is none): that one is what every reader sees, so older versions are
 * dropped. A deletion with sequence {@code <= smallestSnapshot} is dropped as well when no deeper
 * level may hold the key. Surviving puts are offered to the {@link CompactionFilter}; a dropped
 * put becomes a deletion with the same sequence (or vanishes under the same rule). Output tables
 * are closed at {@code targetFileBytes}, but only between user keys.
 *
 * <p>Not thread-safe: one compaction runs at a time on the store's compaction thread.
 */
final class Compaction {
    private static final System.Logger LOG = System.getLogger(Compaction.class.getName());

    final int level;
    /** Where outputs go: {@code level + 1}, or {@code level} itself for a manual bottom-level rewrite. */
    final int outputLevel;
    final List<FileMeta> inputs;
    final List<FileMeta> overlaps;
    final Version version;

    private Compaction(int level, List<FileMeta> inputs, List<FileMeta> overlaps, Version version) {
        this(level, level + 1, inputs, overlaps, version);
    }

    private Compaction(int level, int outputLevel, List<FileMeta> inputs, List<FileMeta> overlaps, Version version) {
        this.level = level;
        this.outputLevel = outputLevel;
        this.inputs = inputs;
        this.overlaps = overlaps;
        this.version = version;
    }

    /** Maximum total bytes for {@code level >= 1}. */
    static double maxBytesForLevel(StorageOptions o, int level) {
        double result = o.level1Bytes();
        for (int l = 1; l < level; l++) {
            result *= 10;
        }
        return result;
    }

    /** The level most in need of compaction and its score, or score {@code < 1} if none is. */
    static double[] bestScore(Version v, StorageOptions o) {
        double best = v.files(0).size() / (double) o.level0CompactionTrigger();
        int bestLevel = 0;
        for (int l = 1; l < Version.NUM_LEVELS - 1; l++) {
            double score = v.levelBytes(l) / maxBytesForLevel(o, l);
            if (score > best) {
                best = score;
                bestLevel = l;
            }
        }
        return new double[] {bestLevel, best};
    }

    static boolean needed(Version v, StorageOptions o) {
        return bestScore(v, o)[1] >= 1;
    }

    /**
     * Picks the next compaction for {@code v} (which the caller keeps referenced while the
     * compaction runs), or null if no level needs one.
     *
     * @param compactPointers per level, the largest internal key of the last compaction's inputs
     */
    static Compaction pick(Version v, StorageOptions o, byte[][] compactPointers) {
        double[] best = bestScore(v, o);
        if (best[1] < 1) {
            return null;
        }
        int level = (int) best[0];
        List<FileMeta> inputs = new ArrayList<>();
        if (level == 0) {
            inputs.addAll(v.files(0));
        } else {
            List<FileMeta> files = v.files(level);
            FileMeta chosen = files.get(0);
            byte[] ptr = compactPointers[level];
            if (ptr != null) {
                for (FileMeta f : files) {
                    if (InternalKey.compare(f.largest, ptr) > 0) {
                        chosen = f;
                        break;
                    }
                }
            }
            inputs.add(chosen);
        }
        byte[] smallest = null;
        byte[] largest = null;
        for (FileMeta f : inputs) {
            if (smallest == null || InternalKey.compare(f.smallest, smallest) < 0) {
                smallest = f.smallest;
            }
            if (largest == null || InternalKey.compare(f.largest, largest) > 0) {
                largest = f.largest;
            }
        }
        List<FileMeta> overlaps = v.overlapping(level + 1, InternalKey.userKey(smallest), InternalKey.userKey(largest));
        compactPointers[level] = largest;
        return new Compaction(level, List.copyOf(inputs), List.copyOf(overlaps), v);
    }

    /**
     * A manual compaction of every table of {@code level} (non-empty) with everything overlapping
     * in {@code level + 1}.
     */
    static Compaction wholeLevel(Version v, int level) {
        List<FileMeta> inputs = v.files(level);
        byte[] smallest = null;
        byte[] largest = null;
        for (FileMeta f : inputs) {
            if (smallest == null || InternalKey.compare(f.smallest, smallest) < 0) {
                smallest = f.smallest;
            }
            if (largest == null || InternalKey.compare(f.largest, largest) > 0) {
                largest = f.largest;
            }
        }
        List<FileMeta> overlaps = v.overlapping(level + 1, InternalKey.userKey(smallest), InternalKey.userKey(largest));
        return new Compaction(level, List.copyOf(inputs), List.copyOf(overlaps), v);
    }

    /** A manual rewrite of the whole (non-empty) deepest level {@code level >= 1} in place, dropping what is dead. */
    static Compaction bottomLevel(Version v, int level) {
        return new Compaction(level, level, v.files(level), List.of(), v);
    }

    boolean isTrivialMove() {
        return inputs.size() == 1 && overlaps.isEmpty();
    }

    long inputBytes() {
        long sum = 0;
        for (FileMeta f : inputs) {
            sum += f.size;
        }
        for (FileMeta f : overlaps) {
            sum += f.size;
        }
        return sum;
    }

    /** The edit that replaces the inputs by {@code outputs} (all at {@code level + 1}). */
    VersionEdit edit(List<FileMeta> outputs) {
        VersionEdit e = new VersionEdit();
        for (FileMeta f : inputs) {
            e.deleteFile(level, f.number);
        }
        for (FileMeta f : overlaps) {
            e.deleteFile(level + 1, f.number);
        }
        for (FileMeta f : outputs) {
            e.addFile(outputLevel, f);
        }
        return e;
    }

    /** Everything {@link #run} needs from the store. */
    record Env(io.beamdb.storage.fs.FileSystem fs, Path dir, TableCache tables, VersionSet versions, StorageOptions options, RateLimiter limiter,
               EngineStats stats, BooleanSupplier stopRequested) {}

    /**
     * Merges the inputs into new, fsynced tables of {@link #outputLevel}.
     *
     * @return the new tables (possibly none, if everything was dropped), or null if stopped
     *     because the store is closing (partial outputs are deleted)
     * @throws StorageException on I/O or corruption errors (partial outputs are deleted)
     */
    List<FileMeta> run(Env env, long smallestSnapshot) {
        List<InternalIterator> children = new ArrayList<>();
        if (level == 0) {
            for (FileMeta f : inputs) { // newest first, as in the version
                children.add(env.tables().get(f.number).iterator(false));
            }
        } else {
            children.add(new LevelIterator(inputs, env.tables(), false));
        }
        if (!overlaps.isEmpty()) {
            children.add(new LevelIterator(overlaps, env.tables(), false));
        }
        CompactionFilter filter = env.options().compactionFilter();
        List<FileMeta> outputs = new ArrayList<>();
        SSTableWriter writer = null;
        try (MergingIterator it = new MergingIterator(children)) {
            byte[] currentUserKey = null;
            long lastSequenceForKey = Long.MAX_VALUE;
            long limiterMark = 0;
            long entries = 0;
            for (it.seekToFirst(); it.valid(); it.next()) {
                if ((++entries & 1023) == 0 && env.stopRequested().getAsBoolean()) {
                    deleteOutputs(env, outputs, writer);
                    return null;
                }
                byte[] ik = it.key();
                if (currentUserKey == null || InternalKey.compareUserKey(ik, currentUserKey) != 0) {
                    currentUserKey = InternalKey.userKey(ik);
                    lastSequenceForKey = Long.MAX_VALUE;
                    if (writer != null && writer.estimatedSize() >= env.options().targetFileBytes()) {
                        outputs.add(writer.finish());
                        writer = null;
                    }
                }
                long seq = InternalKey.sequence(ik);
                byte type = InternalKey.type(ik);
                boolean drop = false;
                if (lastSequenceForKey <= smallestSnapshot) {
                    drop = true; // a newer version of this key is visible to every reader
                } else if (type == InternalKey.TYPE_DELETE && seq <= smallestSnapshot
                        && version.isBaseLevelForKey(outputLevel, currentUserKey)) {
                    drop = true; // nothing older below, and every reader sees the deletion
                }
                lastSequenceForKey = seq;
                byte[] value = it.value();
                if (!drop && type == InternalKey.TYPE_PUT && filter != null
                        && filter.drop(currentUserKey, value, seq)) {
                    if (seq <= smallestSnapshot && version.isBaseLevelForKey(outputLevel, currentUserKey)) {
                        drop = true;
                    } else {
                        ik = InternalKey.encode(currentUserKey, seq, InternalKey.TYPE_DELETE);
                        value = InternalKey.EMPTY;
                    }
                }
                if (drop) {
                    continue;
                }
                if (writer == null) {
                    writer = new SSTableWriter(env.fs(), env.dir(), env.versions().newFileNumber(), env.options().compression());
                    limiterMark = 0;
                }
                writer.add(ik, value);
                if (!env.limiter().unlimited()) {
                    long size = writer.estimatedSize();
                    if (size - limiterMark >= 64 * 1024) {
                        if (!env.limiter().acquire(size - limiterMark, env.stopRequested())) {
                            deleteOutputs(env, outputs, writer);
                            return null;
                        }
                        limiterMark = size;
                    }
                }
            }
            if (writer != null) {
                outputs.add(writer.finish());
                writer = null;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            LOG.log(Level.DEBUG, "compaction interrupted; deleting its partial output");
            deleteOutputs(env, outputs, writer);
            return null;
        } catch (RuntimeException e) {
            try {
                deleteOutputs(env, outputs, writer);
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        return outputs;
    }

    private static void deleteOutputs(Env env, List<FileMeta> outputs, SSTableWriter writer) {
        if (writer != null) {
            writer.abandon();
        }
        for (FileMeta f : outputs) {
            try {
                env.fs().delete(FileNames.table(env.dir(), f.number));
            } catch (java.io.IOException e) {
                throw StorageException.io("cannot delete unused compaction output", FileNames.table(env.dir(), f.number), e);
            }
        }
    }

    @Override public String toString() {
        return "Compaction{L" + level + " " + inputs + " + L" + (level + 1) + " " + overlaps + " -> L" + outputLevel + "}";
    }
}
