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
 * and the results compared. Tiny memtables force many flushes; on disk the store is also closed
 * and reopened, and crashed and recovered, along the way. The seed is printed; rerun with
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
        run(seed(), tmp.resolve("db"), 6000);
    }

    @Test
    void onDiskNormalSyncMatchesModel() {
        run(seed(), tmp.resolve("db-normal"), 2000, SyncMode.NORMAL);
    }

    private void run(long seed, Path dir, int steps) {
        run(seed, dir, steps, SyncMode.FULL);
    }

    private static final class SnapState {
        final Snapshot snapshot;
        final TreeMap<byte[], byte[]> model;

        SnapState(Snapshot snapshot, TreeMap<byte[], byte[]> model) {
            this.snapshot = snapshot;
            this.model = model;
        }
    }

    private void run(long seed, Path dir, int steps, SyncMode sync) {
        System.out.println("ModelBasedTest seed=" + seed + " dir=" + dir + " sync=" + sync);
        Random rnd = new Random(seed);
        StorageOptions opts = (dir == null ? StorageOptions.inMemory() : StorageOptions.onDisk(dir).withSync(sync))
                .withMemtableBytes(16 * 1024);
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
                } else if (op < 890) {
                    db.flush();
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
            System.out.println("ModelBasedTest done: reopens=" + reopens + " tables=" + db.tableCount()
                    + " keys=" + model.size());
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
            }
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
