package io.beamdb.txn;

import static io.beamdb.txn.TxnTestSupport.commitAll;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.beamdb.storage.KvIterator;
import io.beamdb.storage.KvStore;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The GC watermark and the compaction filter's decisions. */
class GcTest {
  private final KvStore store = TxnTestSupport.memStore();

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void watermarkIsOldestActiveReadTimestamp() throws SQLException {
    TransactionManager tm = TxnTestSupport.rowLocking(store, 1000);
    commitAll(tm, "g-1", "a");
    assertEquals(1, tm.gcWatermark());
    Transaction old = tm.begin(IsolationLevel.REPEATABLE_READ);
    Transaction rc = tm.begin();
    commitAll(tm, "g-1", "b");
    commitAll(tm, "g-1", "c");
    assertEquals(3, tm.visibleTimestamp());
    assertEquals(1, tm.gcWatermark());
    old.commit();
    assertEquals(1, tm.gcWatermark(), "the READ COMMITTED transaction still reads at 1");
    rc.refreshSnapshot();
    assertEquals(3, tm.gcWatermark());
    rc.rollback();
    assertEquals(3, tm.gcWatermark());
    assertEquals(0, tm.activeTransactions());
  }

  @Test
  void pureShadowRule() {
    assertTrue(MvccCompactionFilter.shadowed(3, 5, 5));
    assertTrue(MvccCompactionFilter.shadowed(3, 5, 9));
    assertFalse(MvccCompactionFilter.shadowed(3, 5, 4), "newer version not yet below the watermark");
    assertFalse(MvccCompactionFilter.shadowed(5, 5, 9));
    assertFalse(MvccCompactionFilter.shadowed(6, 5, 9));
  }

  /** Feeds the filter the raw store contents in key order; returns "key@ts" of dropped entries. */
  private static List<String> dropped(KvStore store, MvccCompactionFilter f) {
    List<String> out = new ArrayList<>();
    try (KvIterator it = store.iterator(null)) {
      it.seekToFirst();
      for (long seq = 1; it.valid(); it.next(), seq++) {
        if (f.drop(it.key(), it.value(), seq)) {
          out.add(TxnTestSupport.s(MvccKeys.logicalKey(it.key())) + "@" + MvccKeys.commitTs(it.key()));
        }
      }
    }
    return out;
  }

  @Test
  void filterDropsOnlyVersionsShadowedBelowTheWatermark() throws SQLException {
    TransactionManager tm = TxnTestSupport.rowLocking(store, 1000);
    commitAll(tm, "a-1", "v1", "b-1", "v1");          // ts 1
    commitAll(tm, "a-1", "v2");                       // ts 2
    Transaction pin = tm.begin(IsolationLevel.REPEATABLE_READ); // reads at 2
    commitAll(tm, "a-1", "v3");                       // ts 3
    Transaction del = tm.begin();
    del.delete(TxnTestSupport.b("b-1"));
    del.commit();                                     // ts 4: tombstone for b-1
    commitAll(tm, "c-1", "only");                     // ts 5

    MvccCompactionFilter f = new MvccCompactionFilter(tm::gcWatermark);
    assertEquals(2, tm.gcWatermark());
    // a-1@1 is shadowed by a-1@2 (<= 2); a-1@2 must stay for the pinned reader; b-1@1 is still visible to it
    assertEquals(List.of("a-1@1"), dropped(store, f));
    pin.rollback();
    assertEquals(5, tm.gcWatermark());
    f.reset();
    // now a-1@3 shadows @2 and @1; the tombstone b-1@4 shadows b-1@1 and is itself kept; the clock key is kept
    assertEquals(List.of("a-1@2", "a-1@1", "b-1@1"), dropped(store, f));
  }

  @Test
  void filterStateIsSafeAcrossCompactionsInAnyOrder() {
    AtomicLong wm = new AtomicLong(10);
    MvccCompactionFilter f = new MvccCompactionFilter(wm::get);
    byte[] k = TxnTestSupport.b("k-1");
    // compaction 1 sees only the old versions 4 and 2: keeps 4 (newest <= 10), drops 2
    assertFalse(f.drop(MvccKeys.encode(k, 4), MvccKeys.putValue(new byte[0]), 1));
    assertTrue(f.drop(MvccKeys.encode(k, 2), MvccKeys.putValue(new byte[0]), 1));
    // compaction 2 (state carried over) sees newer versions 12 and 8: 12 > watermark and 8 > 4 are kept
    assertFalse(f.drop(MvccKeys.encode(k, 12), MvccKeys.putValue(new byte[0]), 1));
    assertFalse(f.drop(MvccKeys.encode(k, 8), MvccKeys.putValue(new byte[0]), 1));
    // but an older version after 8 is shadowed by 8
    assertTrue(f.drop(MvccKeys.encode(k, 7), MvccKeys.putValue(new byte[0]), 1));
    assertFalse(f.drop(MvccKeys.CLOCK_KEY, new byte[8], 1));
  }
}
