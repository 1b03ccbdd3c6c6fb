package io.beamdb.storage;

import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@link StorageChecker}: a sound directory passes; a flipped byte anywhere is reported with its file. */
class StorageCheckerTest {
    @TempDir Path tmp;

    /** A store with several tables (LZ4 and not) and a WAL holding unflushed records. */
    private Path populate(Path dir) {
        try (LsmStore db = LsmStore.open(StorageOptions.onDisk(dir).withSync(SyncMode.OFF)
                .withMemtableBytes(16 * 1024).withCompression(Compression.LZ4))) {
            for (int i = 0; i < 3000; i++) {
                db.write(new WriteBatch().put(String.format("key%06d", i).getBytes(StandardCharsets.UTF_8),
                        ("value-" + i + "-".repeat(i % 40)).getBytes(StandardCharsets.UTF_8)));
            }
        }
        LsmStore db = LsmStore.open(StorageOptions.onDisk(dir).withSync(SyncMode.FULL));
        // a compaction scheduled by the open must finish (and delete its inputs) before the crash:
        // otherwise the directory keeps obsolete tables, and which table is "first" or how large
        // it is depends on timing
        db.awaitCompactionsForTesting();
        for (int i = 0; i < 50; i++) {
            db.write(new WriteBatch().put(("wal" + i).getBytes(StandardCharsets.UTF_8), new byte[30]));
        }
        db.crashForTesting(); // leaves the records in the WAL
        return dir;
    }

    private static List<Path> files(Path dir, String suffix) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        }
    }

    private static void flip(Path file, long offset) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(offset);
            int b = f.read();
            f.seek(offset);
            f.write(b ^ 0x5a);
        }
    }

    @Test
    void soundDirectoryPasses() throws IOException {
        Path dir = populate(tmp.resolve("db"));
        StorageChecker.Report r = StorageChecker.check(dir);
        assertTrue(r.ok(), r.problems().toString());
        assertTrue(r.tables() >= 2, r.toString());
        assertTrue(r.blocks() > r.tables(), r.toString());
        assertEquals(1, r.wals(), r.toString());
        assertEquals(50, r.walRecords(), r.toString());
        assertEquals(1, r.manifests());
        assertTrue(r.manifestEdits() >= 1);
        // still opens and reads after the check
        try (LsmStore db = LsmStore.open(StorageOptions.onDisk(dir))) {
            assertNotNull(db.get("wal49".getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Test
    void flippedBytesInEachKindOfFileAreReportedWithFileAndOffset() throws IOException {
        Path dir = populate(tmp.resolve("db"));
        List<Path> tables = files(dir, ".sst");
        Path t0 = tables.get(0);
        Path t1 = tables.get(1);
        flip(t0, 10); // first data block
        flip(t0, 6000); // a later data block: checking goes on after the first bad block
        flip(t1, Files.size(t1) - 3); // footer magic
        Path wal = files(dir, ".wal").get(0);
        flip(wal, 20); // first record's payload, more records follow
        Path manifest;
        try (Stream<Path> s = Files.list(dir)) {
            manifest = s.filter(p -> p.getFileName().toString().startsWith("MANIFEST-")).findFirst().orElseThrow();
        }
        flip(manifest, 12);
        StorageChecker.Report r = StorageChecker.check(dir);
        assertFalse(r.ok());
        String all = r.problems().toString();
        List<StorageChecker.Problem> t0Problems = r.problems().stream().filter(p -> p.file().equals(t0)).toList();
        assertTrue(t0Problems.size() >= 2, all);
        assertEquals(0, t0Problems.get(0).offset(), all);
        assertTrue(t0Problems.get(0).message().contains("checksum"), all);
        assertTrue(r.problems().stream().anyMatch(p -> p.file().equals(t1) && p.message().contains("magic")), all);
        assertTrue(r.problems().stream().anyMatch(p -> p.file().equals(wal) && p.offset() == 0), all);
        assertTrue(r.problems().stream().anyMatch(p -> p.file().equals(manifest) && p.offset() == 0), all);
    }

    @Test
    void tornWalTailIsANoteNotAProblem() throws IOException {
        Path dir = populate(tmp.resolve("db"));
        Path wal = files(dir, ".wal").get(0);
        try (RandomAccessFile f = new RandomAccessFile(wal.toFile(), "rw")) {
            f.setLength(f.length() - 5);
        }
        StorageChecker.Report r = StorageChecker.check(dir);
        assertTrue(r.ok(), r.problems().toString());
        assertEquals(49, r.walRecords());
        assertTrue(r.notes().stream().anyMatch(n -> n.contains("torn tail")), r.notes().toString());
    }

    @Test
    void truncatedTableOutsideTheManifestIsANote() throws IOException {
        // a kill -9 during a flush leaves a table file the manifest never named, maybe 0 bytes long
        Path dir = populate(tmp.resolve("db"));
        Path orphan = dir.resolve("999999.sst");
        Files.write(orphan, new byte[0]);
        StorageChecker.Report r = StorageChecker.check(dir);
        assertTrue(r.ok(), r.problems().toString());
        assertTrue(r.notes().stream().anyMatch(n -> n.contains("999999.sst") && n.contains("not in the manifest")),
                r.notes().toString());
    }

    @Test
    void missingTableIsReported() throws IOException {
        Path dir = populate(tmp.resolve("db"));
        Path t = files(dir, ".sst").get(0);
        Files.delete(t);
        StorageChecker.Report r = StorageChecker.check(dir);
        assertTrue(r.problems().stream().anyMatch(p -> p.file().equals(t) && p.message().contains("missing")),
                r.problems().toString());
    }

    @Test
    void refusesADirectoryInUse() {
        Path dir = tmp.resolve("db");
        try (LsmStore db = LsmStore.open(StorageOptions.onDisk(dir))) {
            StorageException e = assertThrows(StorageException.class, () -> StorageChecker.check(dir));
            assertEquals(StorageException.Kind.LOCKED, e.kind());
        }
        assertTrue(StorageChecker.check(dir).ok());
    }
}
