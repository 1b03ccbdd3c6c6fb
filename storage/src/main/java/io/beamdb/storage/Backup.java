package io.beamdb.storage;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.Objects;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;

/**
 * Online backup of a store to one zip file, and restore from it.
 *
 * <p>{@link #backup} takes a {@link Snapshot} (one sequence number; writers are not blocked, and
 * since every commit is one write batch the snapshot is one commit point) and copies every key
 * visible at it, in key order, into a fresh store in a temporary directory next to the zip file;
 * that store is closed (flushed to tables and fsynced) and its files ({@code CURRENT}, the
 * manifest, the tables) are zipped into {@code FILE.tmp}, which is fsynced and renamed onto
 * {@code FILE} atomically. A copy rather than hard links: the backup is compacted, independent of
 * the live files, and works for in-memory stores too; it costs one read of the live data.
 *
 * <p>{@link #restore} unpacks such a zip into a new directory, which then opens as a store (and,
 * for a database, as {@code jdbc:beam:file:DIR}). Thread-safety: stateless; {@code backup} may
 * run while other threads read and write {@code store}.
 */
public final class Backup {
    private Backup() {}

    /**
     * What a backup holds.
     *
     * @param sequence the store sequence number (commit point) the backup is consistent at
     * @param keys keys copied
     * @param bytes size of the zip file in bytes
     */
    public record Result(long sequence, long keys, long bytes) {}

    /**
     * Writes the contents of {@code store} at one snapshot to the zip file {@code file}
     * (replaced if it exists).
     *
     * @throws StorageException IO if the file cannot be written (the old file, if any, is kept),
     *     CLOSED if the store is closed
     */
    public static Result backup(KvStore store, Path file) {
        Objects.requireNonNull(store, "store");
        Path target = file.toAbsolutePath();
        Path parent = target.getParent();
        Path tmpDir;
        try {
            Files.createDirectories(parent);
            tmpDir = Files.createTempDirectory(parent, "." + target.getFileName() + "-");
        } catch (IOException e) {
            throw StorageException.io("cannot create a backup work directory next to", target, e);
        }
        long keys = 0;
        long sequence;
        try {
            try (Snapshot snap = store.snapshot();
                 LsmStore copy = LsmStore.open(StorageOptions.onDisk(tmpDir).withSync(SyncMode.OFF));
                 KvIterator it = store.iterator(snap)) {
                sequence = snap.sequence();
                WriteBatch batch = new WriteBatch();
                for (it.seekToFirst(); it.valid(); it.next()) {
                    batch.put(it.key(), it.value());
                    keys++;
                    if (batch.approximateBytes() >= (1 << 20)) {
                        copy.write(batch);
                        batch = new WriteBatch();
                    }
                }
                if (!batch.isEmpty()) {
                    copy.write(batch);
                }
            }
            Path part = target.resolveSibling(target.getFileName() + ".tmp");
            try (OutputStream os = Files.newOutputStream(part);
                 ZipOutputStream zip = new ZipOutputStream(os);
                 Stream<Path> files = Files.list(tmpDir)) {
                for (Path p : files.sorted().toList()) {
                    String name = p.getFileName().toString();
                    if (name.equals("LOCK")) {
                        continue;
                    }
                    zip.putNextEntry(new ZipEntry(name));
                    Files.copy(p, zip);
                    zip.closeEntry();
                }
            }
            try (FileChannel ch = FileChannel.open(part, StandardOpenOption.WRITE)) {
                ch.force(true);
            }
            Files.move(part, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            io.beamdb.storage.fs.FileSystem.DEFAULT.syncDirectory(parent);
            return new Result(sequence, keys, Files.size(target));
        } catch (IOException e) {
            throw StorageException.io("cannot write backup", target, e);
        } finally {
            deleteTree(tmpDir);
        }
    }

    /**
     * Unpacks the backup {@code file} into {@code dir} (created; must not exist or be empty).
     * Entries that are not store files are rejected.
     *
     * @throws StorageException IO if {@code dir} is not empty or on I/O errors, CORRUPTION if the
     *     zip holds no store or foreign entries
     */
    public static void restore(Path file, Path dir) {
        try {
            if (Files.exists(dir)) {
                try (Stream<Path> s = Files.list(dir)) {
                    if (s.findAny().isPresent()) {
                        throw new StorageException(StorageException.Kind.IO, "restore target " + dir + " is not empty", null);
                    }
                }
            }
            Files.createDirectories(dir);
            boolean current = false;
            try (InputStream in = Files.newInputStream(file); ZipInputStream zip = new ZipInputStream(in)) {
                for (ZipEntry e; (e = zip.getNextEntry()) != null; ) {
                    String name = e.getName();
                    if (e.isDirectory() || FileNames.parse(name) == null || name.contains("/") || name.contains("\\")) {
                        throw StorageException.corruption("not a BeamDB backup: unexpected entry '" + name + "'", file, -1);
                    }
                    current |= name.equals("CURRENT");
                    Files.copy(zip, dir.resolve(name));
                }
            }
            if (!current) {
                throw StorageException.corruption("not a BeamDB backup: no CURRENT entry", file, -1);
            }
            for (String name : io.beamdb.storage.fs.FileSystem.DEFAULT.list(dir)) {
                try (FileChannel ch = FileChannel.open(dir.resolve(name), StandardOpenOption.WRITE)) {
                    ch.force(true);
                }
            }
            io.beamdb.storage.fs.FileSystem.DEFAULT.syncDirectory(dir);
        } catch (java.util.zip.ZipException e) {
            throw StorageException.corruption("not a readable zip file", file, -1, e);
        } catch (IOException e) {
            throw StorageException.io("cannot restore backup", file, e);
        }
    }

    private static void deleteTree(Path dir) {
        try (Stream<Path> s = Files.list(dir)) {
            for (Path p : s.toList()) {
                Files.deleteIfExists(p);
            }
            Files.deleteIfExists(dir);
        } catch (IOException e) {
            System.getLogger(Backup.class.getName()).log(System.Logger.Level.WARNING,
                    "cannot delete backup work directory " + dir, e);
        }
    }
}
