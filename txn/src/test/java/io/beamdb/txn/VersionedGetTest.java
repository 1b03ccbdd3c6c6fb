package io.beamdb.txn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.beamdb.storage.LsmStore;
import io.beamdb.storage.StorageOptions;
import io.beamdb.storage.SyncMode;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@link Transaction#get} (one {@code KvStore.firstVersion} lookup per read, without a merging
 * iterator) must return exactly the version a scan through the merging iterator returns, at every
 * open snapshot, with many versions per key spread over memtables and levels, tombstones, and
 * versions dropped by the GC compaction filter; with and without the row cache.
 */
class VersionedGetTest {
  @TempDir
  Path dir;

  private static byte[] key(int i) {
    return String.format("vk%04d", i).getBytes(StandardCharsets.UTF_8); // fixed width: prefix-free
  }

  /** The reference answer: a one-key scan, which goes through the merging iterator. */
  private static byte[] viaScan(Transaction t, byte[] k) throws SQLException {
    try (KvCursor c = t.scan(k, Arrays.copyOf(k, k.length + 1))) {
      return c.next() ? c.value() : null;
    }
  }

  private void run(long seed, RowCache.Mode cache) throws SQLException {
    Random rnd = new Random(seed);
    AtomicReference<TransactionManager> manager = new AtomicReference<>();
    MvccCompactionFilter filter = new MvccCompactionFilter(() -> {
      TransactionManager m = manager.get();
      return m == null ? 0 : m.gcWatermark();
    });
    StorageOptions opts = StorageOptions.onDisk(dir.resolve(cache + "-" + seed)).withSync(SyncMode.OFF)
        .withMemtableBytes(8 * 1024).withLevel0Triggers(2, 6, 10).withLevelSizes(16 * 1024, 4 * 1024)
        .withCompactionFilter(filter::drop);
    int keys = 60;
    try (LsmStore store = LsmStore.open(opts)) {
      TransactionManager tm = new TransactionManager(store, TransactionManager.Options.defaults().rowLocking(true)
          .lockTimeoutMillis(1000).rowCache(cache, 16, 4096));
      manager.set(tm);
      List<Transaction> readers = new ArrayList<>();
      for (int round = 0; round < 10; round++) {
        for (int i = 0; i < 250; i++) {
          Transaction w = tm.begin();
          int n = 1 + rnd.nextInt(3);
          for (int j = 0; j < n; j++) {
            byte[] k = key(rnd.nextInt(keys));
            if (rnd.nextInt(6) == 0) {
              w.delete(k);
            } else {
              byte[] v = new byte[1 + rnd.nextInt(60)];
              rnd.nextBytes(v);
              w.put(k, v);
            }
          }
          w.commit();
          if (rnd.nextInt(60) == 0) {
            readers.add(tm.begin(IsolationLevel.REPEATABLE_READ));
          }
          if (!readers.isEmpty() && rnd.nextInt(90) == 0) {
            readers.remove(rnd.nextInt(readers.size())).rollback();
          }
        }
        if (round % 3 == 2) {
          store.flush();
        }
        if (round == 6) {
          store.compactAll();
        }
        Transaction latest = tm.begin();
        List<Transaction> all = new ArrayList<>(readers);
        all.add(latest);
        for (Transaction t : all) {
          for (int k = 0; k < keys; k++) {
            byte[] expected = viaScan(t, key(k));
            byte[] actual = t.get(key(k));
            assertArrayEquals(expected, actual, "seed " + seed + " round " + round + " key " + k + " at ts "
                + t.readTimestamp() + " (" + cache + ")");
            assertArrayEquals(expected, t.get(key(k)), "second read of key " + k + " (" + cache + ")");
          }
        }
        latest.rollback();
      }
      int deep = 0;
      for (var l : store.stats().levels()) {
        deep += l.level() >= 1 ? l.files() : 0;
      }
      assertTrue(deep > 0, "versions should reach deeper levels: " + store.stats().levels());
      for (Transaction t : readers) {
        t.rollback();
      }
    }
  }

  /**
   * The conflict check after a read of the same key reuses that read's lookup only while no
   * commit became visible; a commit in between must still be found (absent key and existing key).
   */
  @Test
  void conflictCheckAfterAReadSeesCommitsInBetween() throws SQLException {
    for (RowCache.Mode cache : new RowCache.Mode[] {RowCache.Mode.OFF, RowCache.Mode.ON_HEAP}) {
      try (LsmStore store = LsmStore.open(StorageOptions.inMemory())) {
        TransactionManager tm = new TransactionManager(store, TransactionManager.Options.defaults().rowLocking(true)
            .lockTimeoutMillis(1000).rowCache(cache, 1000, 4096));
        for (boolean existed : new boolean[] {false, true}) {
          byte[] k = key(existed ? 1 : 2);
          if (existed) {
            TxnTestSupport.commitAll(tm, "vk0001", "v0");
          }
          Transaction t1 = tm.begin();
          byte[] before = t1.get(k);
          Transaction t2 = tm.begin();
          t2.put(k, new byte[] {2});
          t2.commit();
          org.junit.jupiter.api.Assertions.assertThrows(WriteConflictException.class, () -> t1.put(k, new byte[] {1}),
              "existed=" + existed + " cache=" + cache + " read " + Arrays.toString(before));
          t1.rollback();
          Transaction t3 = tm.begin();
          assertArrayEquals(new byte[] {2}, t3.get(k));
          t3.put(k, new byte[] {3}); // no commit since t3's read: no conflict
          t3.commit();
        }
      }
    }
  }

  @Test
  void getMatchesTheMergingIterator() throws SQLException {
    long seed = Long.getLong("beamdb.seed", System.nanoTime());
    System.out.println("VersionedGetTest seed=" + seed + " (-Dbeamdb.seed=" + seed + " repeats it)");
    run(seed, RowCache.Mode.OFF);
    run(seed + 1, RowCache.Mode.ON_HEAP);
  }
}
