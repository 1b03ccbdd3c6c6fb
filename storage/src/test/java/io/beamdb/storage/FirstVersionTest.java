package io.beamdb.storage;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link LsmStore#firstVersion} (memtables, level-0 tables, one table per level, prefix bloom
 * filters) must answer exactly what positioning a merging iterator answers, over many versions
 * spread across memtables and levels, storage-level deletions (also from a compaction filter),
 * keys of other lengths under the same prefix, and older snapshots.
 */
class FirstVersionTest {
    @TempDir Path dir;

    /** The reference: {@link KvStore#firstVersion}'s default, iterator-based implementation. */
    private static KvEntry reference(KvStore db, byte[] from, Snapshot snap) {
        int prefix = from.length - 8;
        try (KvIterator it = db.iterator(snap)) {
            for (it.seek(from); it.valid(); it.next()) {
                byte[] k = it.key();
                if (k.length < prefix || !Arrays.equals(k, 0, prefix, from, 0, prefix)) {
                    return null;
                }
                if (k.length == from.length) {
                    return new KvEntry(k, it.value());
                }
            }
            return null;
        }
    }

    private static byte[] prefix(int p) {
        return new byte[] {1, (byte) 'p', (byte) (p >> 8), (byte) p};
    }

    private static byte[] key(byte[] prefix, long suffix) {
        byte[] k = Arrays.copyOf(prefix, prefix.length + 8);
        for (int i = 0; i < 8; i++) {
            k[prefix.length + i] = (byte) (suffix >>> (56 - 8 * i));
        }
        return k;
    }

    private static void assertSame(KvEntry expected, KvEntry actual, String what) {
        if (expected == null) {
            assertNull(actual, what);
            return;
        }
        assertTrue(actual != null, what + ": expected a result");
        assertArrayEquals(expected.key(), actual.key(), what);
        assertArrayEquals(expected.value(), actual.value(), what);
    }

    private void check(LsmStore db, Random rnd, int prefixes, long suffixes, List<Snapshot> snaps, String phase) {
        for (int q = 0; q < 400; q++) {
            byte[] from = key(prefix(rnd.nextInt(prefixes + 1)), rnd.nextInt((int) suffixes + 2) - 1L);
            if (rnd.nextInt(10) == 0) {
                from = key(prefix(rnd.nextInt(prefixes + 1)), rnd.nextBoolean() ? 0 : -1L);
            }
            Snapshot snap = snaps.isEmpty() || rnd.nextBoolean() ? null : snaps.get(rnd.nextInt(snaps.size()));
            KvEntry expected = reference(db, from, snap);
            assertSame(expected, db.firstVersion(from, snap), phase + " query " + q + " from " + Arrays.toString(from));
        }
    }

    private void run(long seed, boolean withFilter) {
        Random rnd = new Random(seed);
        int prefixes = 40;
        long suffixes = 60;
        CompactionFilter filter = (k, v, s) -> v.length > 0 && v[0] == 'x';
        StorageOptions opts = StorageOptions.onDisk(dir.resolve("db" + seed + withFilter)).withSync(SyncMode.OFF)
                .withMemtableBytes(8 * 1024).withLevel0Triggers(2, 6, 10).withLevelSizes(16 * 1024, 4 * 1024);
        if (withFilter) {
            opts = opts.withCompactionFilter(filter);
        }
        List<Snapshot> snaps = new ArrayList<>();
        try (LsmStore db = LsmStore.open(opts)) {
            for (int round = 0; round < 12; round++) {
                for (int i = 0; i < 300; i++) {
                    byte[] p = prefix(rnd.nextInt(prefixes));
                    WriteBatch b = new WriteBatch();
                    int ops = 1 + rnd.nextInt(3);
                    for (int j = 0; j < ops; j++) {
                        int kind = rnd.nextInt(20);
                        byte[] k = key(p, rnd.nextInt((int) suffixes));
                        if (kind == 0) {
                            b.delete(k);
                        } else if (kind == 1) {
                            b.put(Arrays.copyOf(p, p.length + 3), new byte[] {'o', (byte) i}); // shorter key under the prefix
                        } else if (kind == 2) {
                            b.put(Arrays.copyOf(k, k.length + 4), new byte[] {'l', (byte) i}); // longer key under the prefix
                        } else {
                            byte[] v = new byte[1 + rnd.nextInt(40)];
                            rnd.nextBytes(v);
                            v[0] = (byte) (rnd.nextInt(4) == 0 ? 'x' : 'v');
                            b.put(k, v);
                        }
                    }
                    db.write(b);
                    if (rnd.nextInt(150) == 0) {
                        snaps.add(db.snapshot());
                    }
                }
                check(db, rnd, prefixes, suffixes, snaps, "round " + round);
                if (round % 4 == 3) {
                    db.flush();
                    check(db, rnd, prefixes, suffixes, snaps, "after flush " + round);
                }
                if (round == 7) {
                    int deep = 0;
                    for (StorageStats.LevelStats l : db.stats().levels()) {
                        deep += l.level() >= 1 ? l.files() : 0;
                    }
                    assertTrue(deep > 1, "the workload should spread tables over deeper levels: " + db.stats().levels());
                }
                if (round == 8) {
                    for (Snapshot s : snaps) {
                        s.close();
                    }
                    snaps.clear();
                    db.compactAll();
                    check(db, rnd, prefixes, suffixes, snaps, "after compactAll");
                }
            }
        }
        try (LsmStore db = LsmStore.open(opts)) {
            check(db, rnd, prefixes, suffixes, snaps, "after reopen");
        }
    }

    @Test
    void matchesTheIteratorAcrossLevelsDeletesAndSnapshots() {
        long seed = Long.getLong("beamdb.seed", System.nanoTime());
        System.out.println("FirstVersionTest seed=" + seed + " (-Dbeamdb.seed=" + seed + " repeats it)");
        run(seed, false);
        run(seed + 1, true);
    }

    @Test
    void inMemoryStoreMatchesTheIterator() {
        Random rnd = new Random(7);
        try (LsmStore db = LsmStore.open(StorageOptions.inMemory())) {
            List<Snapshot> snaps = new ArrayList<>();
            for (int i = 0; i < 2000; i++) {
                byte[] k = key(prefix(rnd.nextInt(20)), rnd.nextInt(30));
                db.write(rnd.nextInt(8) == 0 ? new WriteBatch().delete(k) : new WriteBatch().put(k, new byte[] {(byte) i}));
                if (i % 500 == 0) {
                    snaps.add(db.snapshot());
                }
            }
            check(db, rnd, 20, 30, snaps, "memory");
        }
    }

    @Test
    void tooShortKeyIsRejected() {
        try (LsmStore db = LsmStore.open(StorageOptions.inMemory())) {
            assertEquals(IllegalArgumentException.class,
                    org.junit.jupiter.api.Assertions.assertThrows(IllegalArgumentException.class,
                            () -> db.firstVersion(new byte[8], null)).getClass());
        }
    }
}
