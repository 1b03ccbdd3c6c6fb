package io.beamdb.txn;

import static io.beamdb.txn.TxnTestSupport.b;
import static io.beamdb.txn.TxnTestSupport.commitAll;
import static io.beamdb.txn.TxnTestSupport.get;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.beamdb.storage.KvIterator;
import io.beamdb.storage.LsmStore;
import io.beamdb.storage.StorageOptions;
import io.beamdb.storage.SyncMode;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: {@link MvccCompactionFilter} installed as the store's compaction filter keeps every
 * version an open snapshot can read and drops the shadowed ones once the snapshot is gone.
 */
class GcCompactionTest {
  @TempDir
  Path dir;

  private static int rawVersions(LsmStore store, byte[] logical) {
    int n = 0;
    try (KvIterator it = store.iterator(null)) {
      for (it.seek(logical); it.valid() && MvccKeys.isVersionOf(it.key(), logical); it.next()) {
        n++;
      }
    }
    return n;
  }

  @Test
  void compactionDropsOnlyVersionsNoSnapshotNeeds() throws SQLException {
    AtomicReference<TransactionManager> manager = new AtomicReference<>();
    MvccCompactionFilter filter = new MvccCompactionFilter(() -> {
      TransactionManager m = manager.get();
      return m == null ? 0 : m.gcWatermark(); // 0: nothing is shadowed before the manager exists
    });
    StorageOptions opts = StorageOptions.onDisk(dir).withSync(SyncMode.OFF).withCompactionFilter(filter::drop);
    try (LsmStore store = LsmStore.open(opts)) {
      TransactionManager tm = TxnTestSupport.rowLocking(store, 1000);
      manager.set(tm);
      commitAll(tm, "gc-1", "v0", "gc-2", "keep");
      Transaction pinned = tm.begin(IsolationLevel.REPEATABLE_READ);
      for (int i = 1; i <= 20; i++) {
        commitAll(tm, "gc-1", "v" + i);
        if (i % 5 == 0) {
          store.flush();
        }
      }
      store.compactAll();
      assertEquals(21, rawVersions(store, b("gc-1")), "the pinned snapshot's version and all newer ones stay");
      assertEquals("v0", get(pinned, "gc-1"));
      pinned.rollback();

      store.compactAll();
      assertEquals(1, rawVersions(store, b("gc-1")), "shadowed versions dropped below the watermark");
      assertEquals(1, rawVersions(store, b("gc-2")));
      Transaction r = tm.begin();
      assertEquals("v20", get(r, "gc-1"));
      assertEquals("keep", get(r, "gc-2"));
      r.rollback();
    }
    try (LsmStore store = LsmStore.open(StorageOptions.onDisk(dir))) {
      TransactionManager tm = new TransactionManager(store, 1000);
      assertEquals(21, tm.visibleTimestamp(), "the clock key survives compaction");
      Transaction r = tm.begin();
      assertEquals("v20", get(r, "gc-1"));
      r.rollback();
    }
  }
}
