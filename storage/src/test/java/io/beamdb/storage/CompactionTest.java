package io.beamdb.storage;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Random;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Leveled compaction: space amplification, obsolete-file deletion, tombstones, snapshots, filter, stalls. */
class CompactionTest {
    @TempDir Path dir;

    static byte[] b(String s) { return s.getBytes(UTF_8); }
    static String s(byte[] b) { return b == null ? null : new String(b, UTF_8); }

    private static StorageOptions small(Path dir) {
        return StorageOptions.onDisk(dir).withSync(SyncMode.OFF).withMemtableBytes(16 * 1024)
                .withLevel0Triggers(2, 6, 10).withLevelSizes(32 * 1024, 8 * 1024);
    }

    private Set<Long> tableNumbers() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            Set<Long> out = new HashSet<>();
            s.map(p -> FileNames.parse(p.getFileName().toString()))
                    .filter(p -> p != null && p.type() == FileNames.Type.TABLE).forEach(p -> out.add(p.number()));
            return out;
        }
    }

    private long tableBytes() throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".sst")).mapToLong(p -> p.toFile().length()).sum();
        }
    }

    @Test
    void sustainedOverwritesKeepSpaceBounded() throws IOException {
        long seed = System.nanoTime();
        System.out.println("CompactionTest.sustainedOverwritesKeepSpaceBounded seed=" + seed);
        Random rnd = new Random(seed);
        int keys = 1000;
        int valueBytes = 100;
        long live = keys * (long) (8 + valueBytes);
        long maxSeen = 0;
        try (LsmStore db = LsmStore.open(small(dir))) {
            for (int round = 0; round < 30; round++) {
                for (int i = 0; i < keys; i++) {
                    byte[] v = new byte[valueBytes];
                    rnd.nextBytes(v);
                    db.write(new WriteBatch().put(b(String.format("key%05d", rnd.nextInt(keys))), v));
                }
                if (round >= 5) {
                    maxSeen = Math.max(maxSeen, tableBytes());
                }
            }
            db.awaitCompactionsForTesting();
            StorageStats st = db.stats();
            System.out.println("after 30 overwrites of the key space: " + st + " disk max " + maxSeen);
            assertTrue(st.compactions() > 10, "compactions ran: " + st.compactions());
            long end = tableBytes();
            // every key at most once per level plus a few L0 tables: bounded by a small multiple of live data
            assertTrue(end < 4 * live, "space after compaction " + end + " vs live " + live);
            assertTrue(maxSeen < 8 * live, "space during the run " + maxSeen + " vs live " + live);
            assertTrue(st.writeAmplification() > 1, "write amplification counts WAL, flushes and compactions");
        }
    }

    @Test
    void obsoleteFilesAreDeletedOnlyWhenNoIteratorHoldsThem() throws IOException {
        try (LsmStore db = LsmStore.open(StorageOptions.onDisk(dir).withSync(SyncMode.OFF)
                .withLevel0Triggers(3, 8, 12))) {
            db.write(new WriteBatch().put(b("a"), b("1")).put(b("b"), b("1")));
            db.flush();
            db.write(new WriteBatch().put(b("a"), b("2")).put(b("c"), b("2")));
            db.flush();
            Set<Long> before = tableNumbers();
            assertEquals(2, before.size());
            KvIterator it = db.iterator(null);
            db.write(new WriteBatch().delete(b("b")).put(b("d"), b("3")));
            db.flush(); // third L0 table -> compaction into L1
            db.awaitCompactionsForTesting();
            assertEquals(1, db.tableCount(), db.describeVersion());
            assertTrue(tableNumbers().containsAll(before), "the iterator's tables are kept: " + tableNumbers());
            StringBuilder sb = new StringBuilder();
            for (it.seekToLast(); it.valid(); it.prev()) {
                sb.append(s(it.key())).append('=').append(s(it.value())).append(' ');
            }
            assertEquals("c=2 b=1 a=2 ", sb.toString(), "the iterator still reads its own view");
            it.close();
            Set<Long> after = tableNumbers();
            for (long n : before) {
                assertFalse(after.contains(n), "table " + n + " deleted after the iterator closed: " + after);
            }
            assertEquals(1, after.size(), after.toString());
            assertEquals("2", s(db.get(b("a"))));
            assertNull(db.get(b("b")));
            assertEquals("3", s(db.get(b("d"))));
        }
        try (LsmStore db = LsmStore.open(StorageOptions.onDisk(dir))) {
            assertEquals("2", s(db.get(b("a"))));
            assertNull(db.get(b("b")));
        }
    }

    @Test
    void tombstonesAreDroppedAtTheBottomAndSnapshotsKeepOldVersions() throws IOException {
        try (LsmStore db = LsmStore.open(small(dir))) {
            for (int i = 0; i < 2000; i++) {
                db.write(new WriteBatch().put(b(String.format("k%05d", i)), new byte[64]));
            }
            Snapshot snap = db.snapshot();
            for (int i = 0; i < 2000; i++) {
                if (i != 7) {
                    db.write(new WriteBatch().delete(b(String.format("k%05d", i))));
                }
            }
            for (int i = 0; i < 400; i++) { // unrelated churn pushes everything through compactions
                db.write(new WriteBatch().put(b("z" + (i % 50)), new byte[64]));
            }
            db.flush();
            db.awaitCompactionsForTesting();
            assertArrayEquals(new byte[64], db.get(b("k00005"), snap), "the snapshot still sees deleted keys");
            try (KvIterator it = db.iterator(snap)) {
                int n = 0;
                for (it.seekToFirst(); it.valid() && it.key()[0] == 'k'; it.next()) {
                    n++;
                }
                assertEquals(2000, n);
            }
            db.compactAll();
            assertTrue(tableBytes() > 2000 * 64, "the snapshot pins the deleted values");
            assertArrayEquals(new byte[64], db.get(b("k00005"), snap));
            snap.close();
            db.compactAll();
            long bytes = tableBytes();
            System.out.println("tombstones test: " + db.describeVersion() + " bytes=" + bytes);
            assertTrue(bytes < 12_000, "deleted data and tombstones are gone: " + bytes + " bytes, " + db.describeVersion());
            assertEquals(1, db.stats().levels().stream().filter(l -> l.files() > 0).count(), "one sorted level");
            assertNull(db.get(b("k00005")));
            assertArrayEquals(new byte[64], db.get(b("k00007")));
        }
    }

    @Test
    void compactionFilterDropsRecords() {
        CompactionFilter dropGc = (key, value, seq) -> key.length > 2 && key[0] == 'g' && key[1] == 'c';
        StorageOptions opts = small(dir).withCompactionFilter(dropGc);
        try (LsmStore db = LsmStore.open(opts)) {
            db.write(new WriteBatch().put(b("gc-old"), b("garbage")).put(b("keep"), b("v")));
            for (int i = 0; i < 3000; i++) {
                db.write(new WriteBatch().put(b(String.format("fill%05d", i % 700)), new byte[40]));
            }
            db.flush();
            db.awaitCompactionsForTesting();
            assertTrue(db.stats().compactions() > 0);
            assertEquals(0, db.stats().levels().get(0).files() > 1 ? 1 : 0, db.describeVersion());
            assertNull(db.get(b("gc-old")), "filtered during compaction: " + db.describeVersion());
            assertEquals("v", s(db.get(b("keep"))));
            try (KvIterator it = db.iterator(null)) {
                it.seekForPrev(b("gc-zzz"));
                assertTrue(it.valid());
                assertTrue(s(it.key()).startsWith("fill"), s(it.key()));
            }
        }
    }

    @Test
    void slowCompactionStallsWritesButNeverFailsThem() {
        StorageOptions opts = StorageOptions.onDisk(dir).withSync(SyncMode.OFF).withMemtableBytes(4096)
                .withLevel0Triggers(1, 2, 3).withLevelSizes(1L << 30, 1L << 20)
                .withCompactionRateLimit(1024 * 1024);
        try (LsmStore db = LsmStore.open(opts)) {
            for (int i = 0; i < 2500; i++) {
                db.write(new WriteBatch().put(b(String.format("key%06d", i % 1500)), new byte[50]));
            }
            StorageStats st = db.stats();
            System.out.println("stall test: " + st);
            assertTrue(st.stallMillis() > 0, "writers were delayed: " + st);
            assertTrue(st.levels().get(0).files() <= 3 + LsmStore.MAX_IMMUTABLE, st.toString());
            for (int i = 0; i < 1500; i += 97) {
                assertNotNull(db.get(b(String.format("key%06d", i))));
            }
        }
    }

    @Test
    void trivialMoveSurvivesReopen() throws IOException {
        StorageOptions opts = StorageOptions.onDisk(dir).withLevel0Triggers(1, 4, 8);
        try (LsmStore db = LsmStore.open(opts)) {
            db.write(new WriteBatch().put(b("a"), b("1")).put(b("b"), b("2")));
            db.flush();
            db.awaitCompactionsForTesting();
            assertEquals(1, db.stats().trivialMoves(), db.describeVersion());
            assertEquals(0, db.stats().levels().get(0).files());
        }
        Set<Long> before = tableNumbers();
        try (LsmStore db = LsmStore.open(opts)) { // manifest replay sees the move as delete L0 + add L1
            assertEquals("1", s(db.get(b("a"))));
            assertEquals(before, tableNumbers(), "the moved table was not mistaken for an obsolete one");
            assertTrue(db.describeVersion().contains("L1=") || db.describeVersion().contains("L2="), db.describeVersion());
        }
        try (LsmStore db = LsmStore.open(opts)) {
            assertEquals("2", s(db.get(b("b"))));
        }
    }

    @Test
    void compactionPickingScoresLevels() {
        StorageOptions o = StorageOptions.onDisk(dir).withLevel0Triggers(4, 8, 12).withLevelSizes(1024, 1024);
        assertEquals(1024, Compaction.maxBytesForLevel(o, 1));
        assertEquals(102_400, Compaction.maxBytesForLevel(o, 3));
        FileMeta a = new FileMeta(1, 600, InternalKey.encode(b("a"), 1, 1), InternalKey.encode(b("c"), 1, 1));
        FileMeta c = new FileMeta(2, 600, InternalKey.encode(b("d"), 1, 1), InternalKey.encode(b("f"), 1, 1));
        Version v = new Version(List.of(List.of(), List.of(a, c)), f -> {});
        assertTrue(Compaction.needed(v, o));
        byte[][] ptrs = new byte[Version.NUM_LEVELS][];
        Compaction first = Compaction.pick(v, o, ptrs);
        assertEquals(1, first.level);
        assertEquals(List.of(a), first.inputs);
        assertTrue(first.isTrivialMove());
        Compaction second = Compaction.pick(v, o, ptrs);
        assertEquals(List.of(c), second.inputs, "round-robin through the level");
    }
}
