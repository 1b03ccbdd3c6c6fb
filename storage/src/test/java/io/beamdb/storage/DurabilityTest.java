package io.beamdb.storage;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** WAL recovery, torn tails, corruption detection, the directory lock and close semantics. */
class DurabilityTest {
    @TempDir Path dir;

    static byte[] b(String s) { return s.getBytes(UTF_8); }
    static String s(byte[] b) { return b == null ? null : new String(b, UTF_8); }

    private List<Path> files(String suffix) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(suffix)).sorted().toList();
        }
    }

    private static void writeKeys(KvStore db, int from, int to) {
        for (int i = from; i < to; i++) {
            db.write(new WriteBatch().put(b("key" + i), b("value" + i)));
        }
    }

    @Test
    void crashAfterFullSyncWritesLosesNothing() {
        StorageOptions opts = StorageOptions.onDisk(dir).withMemtableBytes(8 * 1024);
        LsmStore db = LsmStore.open(opts);
        writeKeys(db, 0, 1000);
        db.write(new WriteBatch().delete(b("key7")));
        long seq = db.lastSequence();
        db.crashForTesting();
        try (LsmStore again = LsmStore.open(opts)) {
            assertEquals(seq, again.lastSequence());
            for (int i = 0; i < 1000; i++) {
                assertEquals(i == 7 ? null : "value" + i, s(again.get(b("key" + i))), "key" + i);
            }
            assertTrue(again.write(new WriteBatch().put(b("x"), b("y"))) > seq, "sequence continues");
        }
    }

    @Test
    void tornTailOfLastWalIsDropped() throws IOException {
        StorageOptions opts = StorageOptions.onDisk(dir);
        LsmStore db = LsmStore.open(opts);
        writeKeys(db, 0, 10);
        db.crashForTesting();
        List<Path> wals = files(".wal");
        Path last = wals.get(wals.size() - 1);
        try (RandomAccessFile f = new RandomAccessFile(last.toFile(), "rw")) {
            f.setLength(f.length() - 3);
        }
        try (LsmStore again = LsmStore.open(opts)) {
            for (int i = 0; i < 9; i++) {
                assertEquals("value" + i, s(again.get(b("key" + i))));
            }
            assertNull(again.get(b("key9")), "torn record is dropped");
        }
    }

    @Test
    void checksumMismatchInTheMiddleOfTheWalIsCorruption() throws IOException {
        StorageOptions opts = StorageOptions.onDisk(dir);
        LsmStore db = LsmStore.open(opts);
        writeKeys(db, 0, 10);
        db.crashForTesting();
        List<Path> wals = files(".wal");
        Path last = wals.get(wals.size() - 1);
        flipByte(last, WalWriter.HEADER_BYTES + 14); // inside the first record's payload
        StorageException e = assertThrows(StorageException.class, () -> LsmStore.open(opts));
        assertEquals(StorageException.Kind.CORRUPTION, e.kind());
        assertTrue(e.getMessage().contains(last.getFileName().toString()), e.getMessage());
        assertTrue(e.getMessage().contains("offset 0"), e.getMessage());
        // the failed open must release the lock and keep the evidence
        assertTrue(Files.exists(last));
        assertEquals(StorageException.Kind.CORRUPTION, assertThrows(StorageException.class, () -> LsmStore.open(opts)).kind());
    }

    @Test
    void flippedByteInDataBlockIsCorruption() throws IOException {
        StorageOptions opts = StorageOptions.onDisk(dir);
        try (LsmStore db = LsmStore.open(opts)) {
            writeKeys(db, 0, 100);
        }
        List<Path> tables = files(".sst");
        assertEquals(1, tables.size());
        flipByte(tables.get(0), 20); // in the first data block
        try (LsmStore db = LsmStore.open(opts)) {
            StorageException e = assertThrows(StorageException.class, () -> db.get(b("key0")));
            assertEquals(StorageException.Kind.CORRUPTION, e.kind());
            assertTrue(e.getMessage().contains(tables.get(0).getFileName().toString()), e.getMessage());
            assertTrue(e.getMessage().contains("offset 0"), e.getMessage());
            StorageException e2 = assertThrows(StorageException.class, () -> {
                try (KvIterator it = db.iterator(null)) {
                    it.seekToFirst();
                }
            });
            assertEquals(StorageException.Kind.CORRUPTION, e2.kind());
        }
    }

    @Test
    void corruptFooterIsReportedOnRead() throws IOException {
        StorageOptions opts = StorageOptions.onDisk(dir);
        try (LsmStore db = LsmStore.open(opts)) {
            writeKeys(db, 0, 10);
        }
        Path table = files(".sst").get(0);
        flipByte(table, Files.size(table) - 2); // magic number
        try (LsmStore db = LsmStore.open(opts)) {
            StorageException e = assertThrows(StorageException.class, () -> db.get(b("key1")));
            assertEquals(StorageException.Kind.CORRUPTION, e.kind());
            assertTrue(e.getMessage().contains("magic"), e.getMessage());
        }
    }

    @Test
    void secondOpenOfSameDirectoryIsLocked() {
        StorageOptions opts = StorageOptions.onDisk(dir);
        try (LsmStore db = LsmStore.open(opts)) {
            StorageException e = assertThrows(StorageException.class, () -> LsmStore.open(opts));
            assertEquals(StorageException.Kind.LOCKED, e.kind());
            assertTrue(e.getMessage().contains("locked"), e.getMessage());
            db.write(new WriteBatch().put(b("a"), b("1")));
        }
        try (LsmStore db = LsmStore.open(opts)) {
            assertEquals("1", s(db.get(b("a"))));
        }
    }

    @Test
    void closeIsIdempotentAndLaterCallsThrowClosed() {
        LsmStore db = LsmStore.open(StorageOptions.onDisk(dir));
        db.write(new WriteBatch().put(b("a"), b("1")));
        db.close();
        db.close();
        for (Runnable r : List.<Runnable>of(() -> db.get(b("a")), () -> db.write(new WriteBatch().put(b("b"), b("2"))),
                db::snapshot, () -> db.iterator(null), db::flush)) {
            StorageException e = assertThrows(StorageException.class, r::run);
            assertEquals(StorageException.Kind.CLOSED, e.kind());
        }
    }

    @Test
    void directoryLayoutAfterClose() throws IOException {
        StorageOptions opts = StorageOptions.onDisk(dir).withMemtableBytes(4096);
        try (LsmStore db = LsmStore.open(opts)) {
            writeKeys(db, 0, 1500);
        }
        try (LsmStore db = LsmStore.open(opts)) {
            assertEquals("value1499", s(db.get(b("key1499"))));
        }
        assertTrue(Files.exists(dir.resolve("CURRENT")));
        assertTrue(Files.exists(dir.resolve("LOCK")));
        String current = Files.readString(dir.resolve("CURRENT"), UTF_8);
        assertTrue(current.matches("MANIFEST-\\d{6}\n"), current);
        assertEquals(1, files("").stream().filter(p -> p.getFileName().toString().startsWith("MANIFEST-")).count());
        assertTrue(Files.exists(dir.resolve(current.trim())));
        assertFalse(files(".sst").isEmpty(), "tables");
        try (LsmStore db = LsmStore.open(opts)) {
            db.awaitCompactionsForTesting();
            assertEquals(db.tableCount(), files(".sst").size(), "only live tables remain: " + db.describeVersion());
        }
        assertTrue(files(".wal").size() <= 1, "flushed WALs are deleted: " + files(".wal"));
        assertTrue(files(".dbtmp").isEmpty());
    }

    @Test
    void iteratorKeepsItsViewAcrossWritesAndFlushes() {
        try (LsmStore db = LsmStore.open(StorageOptions.onDisk(dir).withMemtableBytes(4096))) {
            writeKeys(db, 0, 200);
            db.flush();
            try (KvIterator it = db.iterator(null)) {
                writeKeys(db, 200, 600);
                db.write(new WriteBatch().delete(b("key0")));
                db.flush();
                int n = 0;
                for (it.seekToFirst(); it.valid(); it.next()) {
                    n++;
                }
                assertEquals(200, n);
            }
            assertNull(db.get(b("key0")));
            assertEquals("value599", s(db.get(b("key599"))));
        }
    }

    @Test
    void emptyKeysAndValuesAndBinaryKeys() {
        StorageOptions opts = StorageOptions.onDisk(dir);
        try (LsmStore db = LsmStore.open(opts)) {
            db.write(new WriteBatch().put(new byte[0], new byte[0]).put(new byte[] {(byte) 0xFF, 0}, b("ff"))
                    .put(new byte[] {0}, b("zero")));
        }
        try (LsmStore db = LsmStore.open(opts)) {
            assertArrayEquals(new byte[0], db.get(new byte[0]));
            try (KvIterator it = db.iterator(null)) {
                it.seekToFirst();
                assertArrayEquals(new byte[0], it.key());
                it.next();
                assertArrayEquals(new byte[] {0}, it.key());
                it.next();
                assertArrayEquals(new byte[] {(byte) 0xFF, 0}, it.key());
                it.next();
                assertFalse(it.valid());
            }
        }
    }

    @Test
    void concurrentWritersAndReaders() throws Exception {
        StorageOptions opts = StorageOptions.onDisk(dir).withSync(SyncMode.OFF).withMemtableBytes(16 * 1024);
        try (LsmStore db = LsmStore.open(opts)) {
            ExecutorService pool = Executors.newFixedThreadPool(4);
            try {
                List<Future<?>> futures = new ArrayList<>();
                for (int t = 0; t < 3; t++) {
                    int thread = t;
                    futures.add(pool.submit(() -> {
                        for (int i = 0; i < 2000; i++) {
                            // a batch of two keys must be seen atomically
                            db.write(new WriteBatch().put(b("t" + thread + "a" + i), b("" + i)).put(b("t" + thread + "b" + i), b("" + i)));
                        }
                    }));
                }
                futures.add(pool.submit(() -> {
                    for (int round = 0; round < 30; round++) {
                        try (Snapshot snap = db.snapshot(); KvIterator it = db.iterator(snap)) {
                            int a = 0;
                            int bCount = 0;
                            for (it.seekToFirst(); it.valid(); it.next()) {
                                if (it.key()[2] == 'a') {
                                    a++;
                                } else {
                                    bCount++;
                                }
                            }
                            assertEquals(a, bCount, "batches are atomic");
                        }
                    }
                }));
                for (Future<?> f : futures) {
                    f.get();
                }
            } finally {
                pool.shutdownNow();
            }
            for (int t = 0; t < 3; t++) {
                assertEquals("1999", s(db.get(b("t" + t + "b1999"))));
            }
            assertTrue(db.stats().flushes() > 1, "memtables were flushed");
        }
    }

    @Test
    void syncModesAllRecover() {
        for (SyncMode mode : SyncMode.values()) {
            Path d = dir.resolve(mode.name());
            StorageOptions opts = StorageOptions.onDisk(d).withSync(mode);
            LsmStore db = LsmStore.open(opts);
            writeKeys(db, 0, 50);
            db.crashForTesting(); // process crash: the OS still has the data in every mode
            try (LsmStore again = LsmStore.open(opts)) {
                assertEquals("value49", s(again.get(b("key49"))), mode.name());
            }
        }
    }

    static void flipByte(Path file, long offset) throws IOException {
        try (RandomAccessFile f = new RandomAccessFile(file.toFile(), "rw")) {
            f.seek(offset);
            int v = f.read();
            f.seek(offset);
            f.write(v ^ 0x5A);
        }
    }
}
