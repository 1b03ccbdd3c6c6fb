package io.beamdb.storage;

import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Randomized model-based test: every operation is applied to the store and to a TreeMap oracle
 * and the results compared, including forward and reverse iteration, seekForPrev and direction
 * changes. Tiny memtables and level sizes force many flushes and compactions (trivial moves and
 * merges down several levels, with snapshots pinning old versions); on disk the store is also
 * closed and reopened, and crashed and recovered, along the way. The seed is printed; rerun with
 * {@code -Dbeamdb.seed=N}.
 */
class ModelBasedTest {
    @TempDir Path tmp;

    private static long seed() {
        String s = System.getProperty("beamdb.seed");
        return s != null ? Long.parseLong(s) : System.nanoTime();
    }

    @Test
    void inMemoryMatchesModel() {
        run(seed(), null, 6000);
    }

    @Test
    void onDiskMatchesModel() {
        run(seed(), tmp.resolve("db"), 10000);
    }

    @Test
    void onDiskNormalSyncMatchesModel() {
        run(seed(), tmp.resolve("db-normal"), 2000, SyncMode.NORMAL, Compression.NONE);
    }

    @Test
    void onDiskLz4MatchesModel() {
        run(seed(), tmp.resolve("db-lz4"), 8000, SyncMode.OFF, Compression.LZ4);
    }

    private void run(long seed, Path dir, int steps) {
        run(seed, dir, steps, SyncMode.FULL, Compression.NONE);
    }

    private static final class SnapState {
        final Snapshot snapshot;
        final TreeMap<byte[], byte[]> model;

        SnapState(Snapshot snapshot, TreeMap<byte[], byte[]> model) {
            this.snapshot = snapshot;
            this.model = model;
        }
    }

    private void run(long seed, Path dir, int steps, SyncMode sync, Compression compression) {
        System.out.println("ModelBasedTest seed=" + seed + " dir=" + dir + " sync=" + sync + " compression=" + compression);
        Random rnd = new Random(seed);
        StorageOptions opts = (dir == null ? StorageOptions.inMemory() : StorageOptions.onDisk(dir).withSync(sync))
                .withMemtableBytes(8 * 1024)
                .withLevel0Triggers(2, 4, 6)
                .withLevelSizes(16 * 1024, 4 * 1024)
                .withCompression(compression);
        TreeMap<byte[], byte[]> model = new TreeMap<>(Arrays::compareUnsigned);
        List<SnapState> snaps = new ArrayList<>();
        byte[][] keySpace = new byte[400][];
        for (int i = 0; i < keySpace.length; i++) {
            keySpace[i] = randomBytes(rnd, 1 + rnd.nextInt(12));
        }
        LsmStore db = LsmStore.open(opts);
        int reopens = 0;
        try {
            for (int step = 0; step < steps; step++) {
                String where = "seed=" + seed + " step=" + step;
                int op = rnd.nextInt(1000);
                if (op < 450) {
                    WriteBatch b = new WriteBatch();
                    int n = 1 + rnd.nextInt(6);
                    List<Runnable> apply = new ArrayList<>();
                    for (int i = 0; i < n; i++) {
                        byte[] k = keySpace[rnd.nextInt(keySpace.length)];
                        if (rnd.nextInt(5) == 0) {
                            b.delete(k);
                            apply.add(() -> model.remove(k));
                        } else {
                            byte[] v = randomBytes(rnd, rnd.nextInt(rnd.nextInt(10) == 0 ? 2000 : 100));
                            b.put(k, v);
                            apply.add(() -> model.put(k, v));
                        }
                    }
                    long before = db.lastSequence();
                    long seq = db.write(b);
                    assertEquals(before + n, seq, where);
                    apply.forEach(Runnable::run);
                } else if (op < 700) {
                    byte[] k = rnd.nextInt(10) == 0 ? randomBytes(rnd, 3) : keySpace[rnd.nextInt(keySpace.length)];
                    assertArrayEquals(model.get(k), db.get(k), where + " get " + hex(k));
                } else if (op < 760) {
                    compareScan(db, null, model, rnd, where);
                } else if (op < 790) {
                    if (snaps.size() < 4) {
                        snaps.add(new SnapState(db.snapshot(), new TreeMap<>(model)));
                    } else {
                        snaps.remove(rnd.nextInt(snaps.size())).snapshot.close();
                    }
                } else if (op < 880) {
                    if (!snaps.isEmpty()) {
                        SnapState s = snaps.get(rnd.nextInt(snaps.size()));
                        if (rnd.nextBoolean()) {
                            byte[] k = keySpace[rnd.nextInt(keySpace.length)];
                            assertArrayEquals(s.model.get(k), db.get(k, s.snapshot), where + " snapshot get");
                        } else {
                            compareScan(db, s.snapshot, s.model, rnd, where + " snapshot scan");
                        }
                    }
                } else if (op < 888) {
                    db.flush();
                } else if (op < 890 && dir != null) {
                    db.awaitCompactionsForTesting();
                } else if (op < 895 && dir != null) {
                    snaps.forEach(s -> s.snapshot.close());
                    snaps.clear();
                    if (rnd.nextBoolean()) {
                        db.close();
                    } else {
                        db.crashForTesting();
                    }
                    db = LsmStore.open(opts);
                    reopens++;
                    compareScan(db, null, model, rnd, where + " after reopen");
                }
            }
            compareScan(db, null, model, rnd, "final");
            StorageStats st = db.stats();
            System.out.println("ModelBasedTest done: reopens=" + reopens + " keys=" + model.size()
                    + " version=" + db.describeVersion() + " compactions=" + st.compactions()
                    + " trivialMoves=" + st.trivialMoves() + " flushes=" + st.flushes());
        } catch (AssertionError | RuntimeException e) {
            System.out.println("FAILED with seed " + seed);
            throw e;
        } finally {
            db.close();
        }
        if (dir != null) {
            try (LsmStore again = LsmStore.open(opts)) {
                compareScan(again, null, model, rnd, "after final reopen");
            }
        }
    }

    private static void compareScan(LsmStore db, Snapshot snap, TreeMap<byte[], byte[]> model, Random rnd, String where) {
        try (KvIterator it = db.iterator(snap)) {
            int mode = rnd.nextInt(6);
            if (mode >= 4) {
                compareReverse(it, model, rnd, where, mode == 5);
                return;
            }
            Iterator<Map.Entry<byte[], byte[]>> expected;
            if (rnd.nextBoolean() || model.isEmpty()) {
                it.seekToFirst();
                expected = model.entrySet().iterator();
            } else {
                byte[] from = randomBytes(rnd, 1 + rnd.nextInt(4));
                it.seek(from);
                expected = model.tailMap(from, true).entrySet().iterator();
            }
            int limit = rnd.nextInt(4) == 0 ? Integer.MAX_VALUE : 50;
            for (int i = 0; i < limit && expected.hasNext(); i++) {
                Map.Entry<byte[], byte[]> e = expected.next();
                assertTrue(it.valid(), where + " iterator ended early, expected " + hex(e.getKey()));
                assertArrayEquals(e.getKey(), it.key(), where + " key #" + i);
                assertArrayEquals(e.getValue(), it.value(), where + " value of " + hex(e.getKey()));
                it.next();
            }
            if (limit == Integer.MAX_VALUE) {
                assertFalse(it.valid(), where + " iterator has extra key");
            } else if (mode == 3) {
                randomWalk(it, model, rnd, where);
            }
        }
    }

    /** Backward scan from the end or from seekForPrev, optionally followed by a random walk. */
    private static void compareReverse(KvIterator it, TreeMap<byte[], byte[]> model, Random rnd, String where, boolean walk) {
        Iterator<Map.Entry<byte[], byte[]>> expected;
        if (rnd.nextBoolean() || model.isEmpty()) {
            it.seekToLast();
            expected = model.descendingMap().entrySet().iterator();
        } else {
            byte[] from = rnd.nextBoolean() ? model.keySet().stream().skip(rnd.nextInt(model.size())).findFirst().orElseThrow()
                    : randomBytes(rnd, 1 + rnd.nextInt(4));
            it.seekForPrev(from);
            expected = model.headMap(from, true).descendingMap().entrySet().iterator();
        }
        int limit = rnd.nextInt(4) == 0 ? Integer.MAX_VALUE : 50;
        for (int i = 0; i < limit && expected.hasNext(); i++) {
            Map.Entry<byte[], byte[]> e = expected.next();
            assertTrue(it.valid(), where + " reverse iterator ended early, expected " + hex(e.getKey()));
            assertArrayEquals(e.getKey(), it.key(), where + " reverse key #" + i);
            assertArrayEquals(e.getValue(), it.value(), where + " reverse value of " + hex(e.getKey()));
            it.prev();
        }
        if (limit == Integer.MAX_VALUE) {
            assertFalse(it.valid(), where + " reverse iterator has extra key");
        } else if (walk) {
            randomWalk(it, model, rnd, where);
        }
    }

    /** Mixes next() and prev() from the iterator's current position, checking against the model. */
    private static void randomWalk(KvIterator it, TreeMap<byte[], byte[]> model, Random rnd, String where) {
        if (!it.valid()) {
            return;
        }
        byte[] cur = it.key();
        for (int i = 0; i < 40; i++) {
            Map.Entry<byte[], byte[]> expected;
            if (rnd.nextBoolean()) {
                it.next();
                expected = model.higherEntry(cur);
            } else {
                it.prev();
                expected = model.lowerEntry(cur);
            }
            if (expected == null) {
                assertFalse(it.valid(), where + " walk step " + i + " expected the end");
                return;
            }
            assertTrue(it.valid(), where + " walk step " + i + " ended early, expected " + hex(expected.getKey()));
            assertArrayEquals(expected.getKey(), it.key(), where + " walk step " + i);
            assertArrayEquals(expected.getValue(), it.value(), where + " walk value " + i);
            cur = expected.getKey();
        }
    }

    static byte[] randomBytes(Random rnd, int n) {
        byte[] b = new byte[n];
        rnd.nextBytes(b);
        return b;
    }

    static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }
}
