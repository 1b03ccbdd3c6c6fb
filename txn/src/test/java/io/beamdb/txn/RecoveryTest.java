package io.beamdb.txn;

import static io.beamdb.txn.TxnTestSupport.commitAll;
import static io.beamdb.txn.TxnTestSupport.get;
import static io.beamdb.txn.TxnTestSupport.put;
import static io.beamdb.txn.TxnTestSupport.scan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.beamdb.storage.LsmStore;
import io.beamdb.storage.StorageOptions;
import io.beamdb.storage.SyncMode;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The clock and versioned data survive close/reopen, from the WAL and from SSTables. */
class RecoveryTest {
  @TempDir
  Path dir;

  private LsmStore open() {
    return LsmStore.open(StorageOptions.onDisk(dir).withSync(SyncMode.OFF).withMemtableBytes(16 * 1024));
  }

  @Test
  void clockAndDataRecoveredAfterReopen() throws SQLException {
    long ts;
    try (LsmStore store = open()) {
      TransactionManager tm = TxnTestSupport.rowLocking(store, 1000);
      assertEquals(0, tm.visibleTimestamp());
      commitAll(tm, "r-1", "a", "r-2", "b");
      Transaction d = tm.begin();
      d.delete(TxnTestSupport.b("r-2"));
      put(d, "r-3", "c");
      d.commit();
      Transaction uncommitted = tm.begin();
      put(uncommitted, "r-4", "never");
      ts = tm.visibleTimestamp();
      assertEquals(2, ts);
    } // closed with an open transaction: its writes were never written
    try (LsmStore store = open()) {
      TransactionManager tm = new TransactionManager(store, 1000);
      assertEquals(ts, tm.visibleTimestamp(), "clock recovered from the clock key");
      Transaction r = tm.begin();
      assertEquals(List.of("r-1=a", "r-3=c"), scan(r, "r", null));
      r.rollback();
      commitAll(tm, "r-1", "a2");
      assertEquals(ts + 1, tm.visibleTimestamp(), "new commits continue after the recovered clock");
    }
    try (LsmStore store = open()) {
      TransactionManager tm = new TransactionManager(store, 1000);
      assertEquals(ts + 1, tm.visibleTimestamp());
      Transaction r = tm.begin();
      assertEquals("a2", get(r, "r-1"));
      assertNull(get(r, "r-2"));
      r.rollback();
    }
  }

  @Test
  void manyVersionsThroughFlushesAndReopens() throws SQLException {
    int rounds = 5;
    int keys = 200;
    for (int round = 0; round < rounds; round++) {
      try (LsmStore store = open()) {
        TransactionManager tm = TxnTestSupport.rowLocking(store, 1000);
        assertEquals((long) round * 4, tm.visibleTimestamp());
        for (int batch = 0; batch < 4; batch++) {
          Transaction t = tm.begin();
          for (int k = 0; k < keys; k++) {
            if (k % 10 == round) {
              t.delete(TxnTestSupport.b(String.format("v-%04d", k)));
            } else {
              put(t, String.format("v-%04d", k), "round" + round + "-batch" + batch + "-" + "x".repeat(40));
            }
          }
          t.commit();
        }
        if (round % 2 == 0) {
          store.flush();
        }
      }
    }
    try (LsmStore store = open()) {
      TransactionManager tm = new TransactionManager(store, 1000);
      assertEquals((long) rounds * 4, tm.visibleTimestamp());
      Transaction r = tm.begin();
      List<String> all = scan(r, "v-", "v.");
      assertEquals(keys - keys / 10, all.size());
      for (String e : all) {
        assertTrue(e.contains("=round" + (rounds - 1) + "-batch3-"), e);
      }
      r.rollback();
    }
  }
}
