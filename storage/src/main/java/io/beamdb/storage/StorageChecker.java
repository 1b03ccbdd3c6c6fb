package io.beamdb.storage;

import com.github.benmanes.caffeine.cache.Caffeine;
import io.beamdb.storage.fs.FileSystem;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Offline verification of a database directory ({@code beam check}), like LevelDB's
 * {@code leveldbutil dump}/paranoid checks and RocksDB's {@code ldb checkconsistency} /
 * {@code sst_dump --command=verify}: every checksum of every file is recomputed.
 *
 * <ul>
 *   <li>{@code CURRENT} names a manifest that exists;</li>
 *   <li>every {@code MANIFEST-*}: each edit's CRC32C and format; the live one is replayed and
 *       every table it names must exist with the recorded size;</li>
 *   <li>every {@code .sst}: footer (magic, format version, handles), index block, filter block,
 *       and every data block (CRC32C, compression, entry format), key order across the table,
 *       index keys, bloom filter admitting every key ({@link SSTableReader#verifyDataBlocks});</li>
 *   <li>every WAL that the next open would replay: each record's CRC32C, type and batch format;
 *       a torn tail of the newest WAL is a note (the next open drops it), not a problem.</li>
 * </ul>
 * Each problem carries the file and byte offset (-1 when the damage has no single offset, e.g. a
 * missing file); checking goes on after a damaged table block, while a damaged WAL or manifest
 * is reported at its first bad record (the framing after it cannot be trusted).
 *
 * <p>The checker takes the directory's {@code LOCK} for its duration, so it never reads files a
 * running store is changing: a directory in use fails with {@link StorageException.Kind#LOCKED}.
 * It writes nothing (apart from creating an empty {@code LOCK} if missing). Thread-safety: a
 * static, stateless entry point; each call is independent.
 */
public final class StorageChecker {
    private StorageChecker() {}

    /**
     * One finding.
     *
     * @param file the file concerned
     * @param offset byte offset of the damage in {@code file}, or -1
     * @param message what is wrong
     */
    public record Problem(Path file, long offset, String message) {
        @Override public String toString() {
            return file.getFileName() + (offset >= 0 ? " @" + offset : "") + ": " + message;
        }
    }

    /**
     * The outcome of {@link #check}.
     *
     * @param dir the directory checked
     * @param problems damage found, in the order found; empty when the directory is sound
     * @param notes harmless findings (torn WAL tail, leftover files the next open deletes)
     * @param manifests manifest files checked
     * @param manifestEdits version edits read from them
     * @param tables table files checked
     * @param blocks data blocks verified
     * @param wals WAL files checked
     * @param walRecords WAL records verified
     */
    public record Report(Path dir, List<Problem> problems, List<String> notes, int manifests, int manifestEdits,
                         int tables, long blocks, int wals, long walRecords) {
        /** Makes the lists immutable copies. */
        public Report {
            problems = List.copyOf(problems);
            notes = List.copyOf(notes);
        }

        /** True if no problem was found. */
        public boolean ok() {
            return problems.isEmpty();
        }
    }

    /** {@link #check(Path, FileSystem)} with the default file system. */
    public static Report check(Path dir) {
        return check(dir, FileSystem.DEFAULT);
    }

    /**
     * Verifies every file of the store in {@code dir}.
     *
     * @throws StorageException LOCKED if a store has the directory open (in this or another
     *     process), IO if the directory does not exist or cannot be listed
     */
    public static Report check(Path dir, FileSystem fs) {
        Objects.requireNonNull(dir, "dir");
        Objects.requireNonNull(fs, "fs");
        dir = dir.toAbsolutePath();
        if (!fs.exists(dir)) {
            throw new StorageException(StorageException.Kind.IO, "no database directory " + dir, null);
        }
        try (DbLock lock = DbLock.acquire(fs, dir)) {
            return new Run(dir, fs).run();
        }
    }

    private static final class Run {
        final Path dir;
        final FileSystem fs;
        final List<Problem> problems = new ArrayList<>();
        final List<String> notes = new ArrayList<>();
        int manifests;
        int edits;
        int tables;
        long blocks;
        int wals;
        long walRecords;

        Run(Path dir, FileSystem fs) {
            this.dir = dir;
            this.fs = fs;
        }

        void problem(StorageException e, Path fallbackFile) {
            Path f = e.file() != null ? e.file() : fallbackFile;
            problems.add(new Problem(f, e.offset(), e.getMessage()));
        }

        Report run() {
            List<FileNames.Parsed> files = new ArrayList<>();
            try {
                for (String name : fs.list(dir)) {
                    FileNames.Parsed p = FileNames.parse(name);
                    if (p == null) {
                        notes.add("not a BeamDB file: " + name);
                    } else {
                        files.add(p);
                    }
                }
            } catch (IOException e) {
                throw StorageException.io("cannot list", dir, e);
            }
            // manifests
            for (FileNames.Parsed p : files) {
                if (p.type() == FileNames.Type.MANIFEST) {
                    Path m = FileNames.manifest(dir, p.number());
                    manifests++;
                    try {
                        edits += Manifest.read(fs, m).size();
                    } catch (StorageException e) {
                        problem(e, m);
                    }
                }
            }
            // the live version
            VersionSet versions = null;
            Path current = FileNames.current(dir);
            if (!fs.exists(current)) {
                if (!files.isEmpty()) {
                    problems.add(new Problem(current, -1, "CURRENT is missing"));
                }
            } else {
                try {
                    Path manifest = Manifest.readCurrent(fs, dir);
                    if (!fs.exists(manifest)) {
                        problems.add(new Problem(current, -1, "CURRENT names missing " + manifest.getFileName()));
                    } else {
                        versions = VersionSet.recover(fs, dir, f -> {});
                    }
                } catch (StorageException e) {
                    problem(e, current);
                }
            }
            Map<Long, FileMeta> live = new HashMap<>();
            long logNumber = 0;
            if (versions != null) {
                logNumber = versions.logNumber();
                for (int level = 0; level < Version.NUM_LEVELS; level++) {
                    for (FileMeta f : versions.current().files(level)) {
                        live.put(f.number, f);
                    }
                }
                for (FileMeta f : live.values()) {
                    Path t = FileNames.table(dir, f.number);
                    if (!fs.exists(t)) {
                        problems.add(new Problem(t, -1, "table named by the manifest is missing"));
                        continue;
                    }
                    try {
                        long size = fs.size(t);
                        if (size != f.size) {
                            problems.add(new Problem(t, size, "table is " + size + " bytes, the manifest says " + f.size));
                        }
                    } catch (IOException e) {
                        problem(StorageException.io("cannot stat", t, e), t);
                    }
                }
            }
            // tables
            var cache = Caffeine.newBuilder().maximumSize(0).<SSTableReader.BlockKey, Block>build();
            EngineStats stats = new EngineStats();
            for (FileNames.Parsed p : files) {
                if (p.type() != FileNames.Type.TABLE) {
                    continue;
                }
                Path t = FileNames.table(dir, p.number());
                tables++;
                if (versions != null && !live.containsKey(p.number())) {
                    notes.add(t.getFileName() + " is not in the manifest (left by an interrupted flush or compaction; deleted at the next open)");
                    continue; // not part of the database: a crash may have cut it anywhere, even to 0 bytes
                }
                try (SSTableReader r = SSTableReader.open(fs, dir, p.number(), cache, stats)) {
                    blocks += r.verifyDataBlocks(e -> problem(e, t));
                } catch (StorageException e) {
                    problem(e, t);
                }
            }
            // WALs the next open replays (older ones are obsolete and deleted at open)
            List<Long> walNumbers = new ArrayList<>();
            for (FileNames.Parsed p : files) {
                if (p.type() == FileNames.Type.WAL) {
                    if (p.number() >= logNumber) {
                        walNumbers.add(p.number());
                    } else {
                        notes.add(FileNames.wal(dir, p.number()).getFileName() + " is obsolete (already flushed; deleted at the next open)");
                    }
                }
            }
            Collections.sort(walNumbers);
            for (int i = 0; i < walNumbers.size(); i++) {
                Path w = FileNames.wal(dir, walNumbers.get(i));
                wals++;
                long[] records = {0};
                try {
                    long valid = WalReader.replay(fs, w, i == walNumbers.size() - 1, d -> records[0]++);
                    long size = fs.size(w);
                    if (valid < size) {
                        notes.add(w.getFileName() + ": torn tail of " + (size - valid) + " byte(s) at offset " + valid
                                + " (an unacknowledged write cut by a crash; dropped at the next open)");
                    }
                } catch (StorageException e) {
                    problem(e, w);
                } catch (IOException e) {
                    problem(StorageException.io("cannot stat", w, e), w);
                }
                walRecords += records[0];
            }
            if (versions != null) {
                versions.close();
            }
            return new Report(dir, problems, notes, manifests, edits, tables, blocks, wals, walRecords);
        }
    }
}
