package io.beamdb.storage;

import static org.junit.jupiter.api.Assertions.*;

import io.beamdb.storage.fs.FaultInjectingFileSystem;
import io.beamdb.storage.fs.FaultInjectingFileSystem.CrashMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Crash tests on the {@link FaultInjectingFileSystem} (LevelDB's db/fault_injection_test.cc):
 * a seeded workload of {@link SyncMode#FULL} batches runs with tiny memtables (so WAL rotation,
 * flushes and compactions run in the background), the "machine" goes down at a random sync point
 * or between batches, the files are rewritten as an OS crash could leave them (unsynced data
 * dropped, a random prefix of it kept, or the last write torn), and the store is reopened. Checked:
 * the recovered contents equal the model after exactly some prefix of the batches, at least every
 * acknowledged one (so every acknowledged write survived and no batch is half applied), and the
 * store accepts writes again. Seeds are printed; rerun with {@code -Dbeamdb.seed=N}.
 */
class CrashRecoveryTest {
    @TempDir Path tmp;

    private static long seed() {
        String s = System.getProperty("beamdb.seed");
        return s != null ? Long.parseLong(s) : System.nanoTime();
    }

    private static StorageOptions options(Path dir, FaultInjectingFileSystem fs) {
        return StorageOptions.onDisk(dir).withFileSystem(fs).withSync(SyncMode.FULL)
                .withMemtableBytes(4 * 1024)
                .withLevel0Triggers(2, 6, 10)
                .withLevelSizes(12 * 1024, 4 * 1024);
    }

    /** One operation of a batch: value null = delete. */
    private record Op(byte[] key, byte[] value) {}

    private static List<Op> randomBatch(Random rnd, int batchNo) {
        int n = 1 + rnd.nextInt(8);
        List<Op> ops = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            byte[] key = String.format("key%03d", rnd.nextInt(120)).getBytes(StandardCharsets.UTF_8);
            if (rnd.nextInt(6) == 0) {
                ops.add(new Op(key, null));
            } else {
                byte[] v = new byte[8 + rnd.nextInt(120)];
                rnd.nextBytes(v);
                byte[] tag = ("b" + batchNo + "." + i + ":").getBytes(StandardCharsets.UTF_8);
                System.arraycopy(tag, 0, v, 0, Math.min(tag.length, v.length));
                ops.add(new Op(key, v));
            }
        }
        return ops;
    }

    private static void apply(TreeMap<byte[], byte[]> model, List<Op> batch) {
        for (Op op : batch) {
            if (op.value() == null) {
                model.remove(op.key());
            } else {
                model.put(op.key(), op.value());
            }
        }
    }

    private static TreeMap<byte[], byte[]> newModel() {
        return new TreeMap<>(Arrays::compareUnsigned);
    }

    private static TreeMap<byte[], byte[]> contents(LsmStore db) {
        TreeMap<byte[], byte[]> m = newModel();
        try (KvIterator it = db.iterator(null)) {
            for (it.seekToFirst(); it.valid(); it.next()) {
                m.put(it.key(), it.value());
            }
        }
        return m;
    }

    private static boolean sameContents(Map<byte[], byte[]> a, Map<byte[], byte[]> b) {
        if (a.size() != b.size()) {
            return false;
        }
        var ia = a.entrySet().iterator();
        var ib = b.entrySet().iterator();
        while (ia.hasNext()) {
            var ea = ia.next();
            var eb = ib.next();
            if (!Arrays.equals(ea.getKey(), eb.getKey()) || !Arrays.equals(ea.getValue(), eb.getValue())) {
                return false;
            }
        }
        return true;
    }

    /**
     * Result of one crash round: the prefix length found, and how many were acknowledged/attempted.
     */
    private record Round(int acked, int attempted, int recovered, String crash) {}

    /**
     * Runs one round: opens (or continues) at {@code durable}, writes {@code batches}, goes down at
     * sync point {@code syncPoint} (or, if <= 0, after {@code killAfter} batches), crashes per
     * {@code mode}, reopens and checks. Returns the reopened store's contents in {@code durable}.
     */
    private Round round(long seed, Path dir, FaultInjectingFileSystem fs, TreeMap<byte[], byte[]> durable,
                        List<List<Op>> batches, long syncPoint, int killAfter, CrashMode mode, Random rnd) throws Exception {
        if (syncPoint > 0) {
            fs.crashAtSyncPoint(syncPoint);
        }
        int acked = 0;
        int attempted = 0;
        LsmStore db = null;
        try {
            db = LsmStore.open(options(dir, fs));
            for (int i = 0; i < batches.size(); i++) {
                if (syncPoint <= 0 && i == killAfter) {
                    fs.kill();
                }
                WriteBatch wb = new WriteBatch();
                for (Op op : batches.get(i)) {
                    if (op.value() == null) {
                        wb.delete(op.key());
                    } else {
                        wb.put(op.key(), op.value());
                    }
                }
                attempted = i + 1;
                db.write(wb);
                acked = i + 1;
            }
        } catch (StorageException e) {
            assertTrue(fs.isDead(), () -> "seed " + seed + ": failure without a crash: " + e);
        } finally {
            fs.kill();
            if (db != null) {
                db.crashForTesting();
            }
        }
        String summary = fs.crash(mode, rnd);
        try (LsmStore reopened = LsmStore.open(options(dir, fs))) {
            TreeMap<byte[], byte[]> got = contents(reopened);
            TreeMap<byte[], byte[]> model = newModel();
            model.putAll(durable);
            for (int i = 0; i < acked; i++) {
                apply(model, batches.get(i));
            }
            int recovered = -1;
            for (int r = acked; r <= attempted; r++) {
                if (r > acked) {
                    apply(model, batches.get(r - 1));
                }
                if (sameContents(model, got)) {
                    recovered = r;
                    break;
                }
            }
            int a = acked;
            int t = attempted;
            assertTrue(recovered >= 0, () -> "seed " + seed + " " + summary + ": recovered state is not the state after "
                    + a + ".." + t + " batches (" + got.size() + " keys)");
            // the store accepts writes again and keeps them
            WriteBatch probe = new WriteBatch().put("probe".getBytes(StandardCharsets.UTF_8), new byte[] {1});
            reopened.write(probe);
            reopened.write(new WriteBatch().delete("probe".getBytes(StandardCharsets.UTF_8)));
            durable.clear();
            durable.putAll(got);
            return new Round(acked, attempted, recovered, summary);
        }
    }

    @Test
    void randomCrashPointsKeepEveryAcknowledgedBatch() throws Exception {
        long seed = seed();
        System.out.println("CrashRecoveryTest.randomCrashPoints seed=" + seed);
        Random rnd = new Random(seed);
        CrashMode[] modes = CrashMode.values();
        for (int run = 0; run < 6; run++) {
            Path dir = tmp.resolve("random-" + run);
            FaultInjectingFileSystem fs = new FaultInjectingFileSystem();
            TreeMap<byte[], byte[]> durable = newModel();
            int batchNo = 0;
            for (int r = 0; r < 4; r++) {
                List<List<Op>> batches = new ArrayList<>();
                int n = 20 + rnd.nextInt(100);
                for (int i = 0; i < n; i++) {
                    batches.add(randomBatch(rnd, batchNo++));
                }
                CrashMode mode = modes[rnd.nextInt(modes.length)];
                boolean atSync = rnd.nextBoolean();
                Round res = round(seed, dir, fs, durable, batches, atSync ? 1 + rnd.nextInt(n + 10) : 0,
                        rnd.nextInt(n + 1), mode, rnd);
                System.out.println("  run " + run + " round " + r + ": " + res);
            }
        }
    }

    @Test
    void crashAtEverySyncPointOfAShortRun() throws Exception {
        long seed = seed();
        System.out.println("CrashRecoveryTest.everySyncPoint seed=" + seed);
        Random rnd = new Random(seed);
        List<List<Op>> batches = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            batches.add(randomBatch(rnd, i));
        }
        // count the sync points of a crash-free run (open + batches)
        FaultInjectingFileSystem probe = new FaultInjectingFileSystem();
        long total;
        try (LsmStore db = LsmStore.open(options(tmp.resolve("count"), probe))) {
            for (List<Op> b : batches) {
                WriteBatch wb = new WriteBatch();
                b.forEach(op -> {
                    if (op.value() == null) {
                        wb.delete(op.key());
                    } else {
                        wb.put(op.key(), op.value());
                    }
                });
                db.write(wb);
            }
            total = probe.syncPoints();
        }
        assertTrue(total > batches.size(), "every FULL batch syncs: " + total);
        CrashMode[] modes = CrashMode.values();
        int recoveredMore = 0;
        for (long k = 1; k <= total + 2; k++) {
            Path dir = tmp.resolve("sync-" + k);
            FaultInjectingFileSystem fs = new FaultInjectingFileSystem();
            CrashMode mode = modes[(int) (k % modes.length)];
            Round res = round(seed, dir, fs, newModel(), batches, k, 0, mode, rnd);
            if (res.recovered() > res.acked()) {
                recoveredMore++;
            }
        }
        System.out.println("  " + (total + 2) + " crash points, " + recoveredMore + " kept an unacknowledged batch");
    }

    @Test
    void diskFullFailsTheWriteAndKeepsEarlierData() throws Exception {
        Path dir = tmp.resolve("full");
        FaultInjectingFileSystem fs = new FaultInjectingFileSystem();
        byte[] big = new byte[2000];
        Arrays.fill(big, (byte) 7);
        try (LsmStore db = LsmStore.open(options(dir, fs))) {
            for (int i = 0; i < 50; i++) {
                db.write(new WriteBatch().put(("k" + i).getBytes(StandardCharsets.UTF_8), big));
            }
            fs.setSpaceLeft(100); // the next WAL record does not fit
            StorageException e = assertThrows(StorageException.class,
                    () -> db.write(new WriteBatch().put("lost".getBytes(StandardCharsets.UTF_8), big)));
            assertEquals(StorageException.Kind.IO, e.kind());
            assertTrue(e.getMessage().contains("No space left"), e.getMessage());
            for (int i = 0; i < 50; i++) {
                assertArrayEquals(big, db.get(("k" + i).getBytes(StandardCharsets.UTF_8)), "k" + i);
            }
            // later writes are refused rather than appended after a log tail of unknown state
            assertThrows(StorageException.class, () -> db.write(new WriteBatch().put(new byte[] {1}, new byte[] {1})));
            fs.setSpaceLeft(Long.MAX_VALUE);
        } catch (StorageException closeError) {
            assertEquals(StorageException.Kind.IO, closeError.kind(), closeError.toString());
        }
        try (LsmStore db = LsmStore.open(options(dir, fs))) {
            for (int i = 0; i < 50; i++) {
                assertArrayEquals(big, db.get(("k" + i).getBytes(StandardCharsets.UTF_8)), "k" + i);
            }
            assertNull(db.get("lost".getBytes(StandardCharsets.UTF_8)));
            db.write(new WriteBatch().put("after".getBytes(StandardCharsets.UTF_8), big));
        }
        try (LsmStore db = LsmStore.open(options(dir, fs))) {
            assertArrayEquals(big, db.get("after".getBytes(StandardCharsets.UTF_8)));
        }
    }

    @Test
    void diskFullDuringFlushFailsWritesNotData() throws Exception {
        Path dir = tmp.resolve("full-flush");
        FaultInjectingFileSystem fs = new FaultInjectingFileSystem();
        byte[] v = new byte[100];
        try (LsmStore db = LsmStore.open(options(dir, fs))) {
            for (int i = 0; i < 20; i++) {
                db.write(new WriteBatch().put(("k" + i).getBytes(StandardCharsets.UTF_8), v));
            }
            fs.setSpaceLeft(0);
            StorageException e = assertThrows(StorageException.class, db::flush);
            assertEquals(StorageException.Kind.IO, e.kind());
            assertArrayEquals(v, db.get("k3".getBytes(StandardCharsets.UTF_8)));
            fs.setSpaceLeft(Long.MAX_VALUE);
        } catch (StorageException closeError) {
            assertEquals(StorageException.Kind.IO, closeError.kind(), closeError.toString());
        }
        try (LsmStore db = LsmStore.open(options(dir, fs))) {
            for (int i = 0; i < 20; i++) {
                assertArrayEquals(v, db.get(("k" + i).getBytes(StandardCharsets.UTF_8)), "k" + i);
            }
        }
    }
}
