package io.beamdb.txn;

import static io.beamdb.txn.TxnTestSupport.b;
import static io.beamdb.txn.TxnTestSupport.commitAll;
import static io.beamdb.txn.TxnTestSupport.get;
import static io.beamdb.txn.TxnTestSupport.put;
import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.beamdb.storage.KvStore;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The latest-version row cache keeps point reads exact under MVCC. */
class RowCacheTest {
  private final KvStore store = TxnTestSupport.memStore();

  @AfterEach
  void close() {
    store.close();
  }

  private TransactionManager cached(long entries) {
    return new TransactionManager(store, TransactionManager.Options.defaults().rowLocking(true)
        .lockTimeoutMillis(1000).rowCache(RowCache.Mode.ON_HEAP, entries, 4096));
  }

  @Test
  void olderSnapshotNeverSeesNewerCachedVersion() throws SQLException {
    TransactionManager tm = cached(1000);
    commitAll(tm, "k", "v1");
    Transaction old = tm.begin(IsolationLevel.REPEATABLE_READ);
    assertEquals("v1", get(old, "k"));
    commitAll(tm, "k", "v2");
    Transaction fresh = tm.begin();
    assertEquals("v2", get(fresh, "k"));
    assertEquals("v2", get(fresh, "k"), "second read is a cache hit");
    assertTrue(tm.rowCache().hits() >= 1);
    assertEquals("v1", get(old, "k"), "the cached v2 is newer than the old snapshot");
    commitAll(tm, "k", "v3");
    assertEquals("v1", get(old, "k"));
    assertEquals("v2", get(fresh, "k"), "READ COMMITTED keeps its statement snapshot until refreshed");
    fresh.refreshSnapshot();
    assertEquals("v3", get(fresh, "k"));
    old.rollback();
    fresh.rollback();
  }

  @Test
  void ownUncommittedWritesWin() throws SQLException {
    TransactionManager tm = cached(1000);
    commitAll(tm, "k", "committed");
    Transaction reader = tm.begin();
    assertEquals("committed", get(reader, "k"));
    Transaction writer = tm.begin();
    put(writer, "k", "mine");
    assertEquals("mine", get(writer, "k"));
    assertEquals("committed", get(reader, "k"), "others do not see the uncommitted write");
    writer.delete(b("k"));
    assertNull(get(writer, "k"), "own delete hides the cached row");
    writer.rollback();
    reader.refreshSnapshot();
    assertEquals("committed", get(reader, "k"), "rolled-back writes never reach the cache");
    reader.rollback();
  }

  @Test
  void writeConflictsAreStillDetected() throws SQLException {
    TransactionManager tm = cached(1000);
    commitAll(tm, "k", "v1");
    Transaction slow = tm.begin(IsolationLevel.REPEATABLE_READ);
    assertEquals("v1", get(slow, "k"));
    commitAll(tm, "k", "v2"); // the cache now holds v2 as the newest version
    org.junit.jupiter.api.Assertions.assertThrows(WriteConflictException.class, () -> put(slow, "k", "lost update"));
    Transaction fresh = tm.begin(IsolationLevel.REPEATABLE_READ);
    put(fresh, "k", "v3");
    fresh.commit();
    Transaction r = tm.begin();
    assertEquals("v3", get(r, "k"));
    r.rollback();
  }

  @Test
  void deletesAndMissingKeys() throws SQLException {
    TransactionManager tm = cached(1000);
    Transaction t = tm.begin();
    assertNull(get(t, "gone"), "absence is not cached");
    t.rollback();
    commitAll(tm, "gone", "now");
    t = tm.begin();
    assertEquals("now", get(t, "gone"));
    t.rollback();
    Transaction before = tm.begin(IsolationLevel.REPEATABLE_READ);
    Transaction d = tm.begin();
    d.delete(b("gone"));
    d.commit();
    t = tm.begin();
    assertNull(get(t, "gone"));
    assertEquals("now", get(before, "gone"), "an older snapshot still sees the row");
    t.rollback();
    before.rollback();
  }

  @Test
  void populateLosesToAConcurrentCommitEvenAfterEviction() {
    OnHeapRowCache backend = new OnHeapRowCache(100, 4096);
    RowCache cache = new RowCache(backend, 4096);
    byte[] k = b("row");
    long stamp = cache.stamp(k); // a reader is about to read version 3 from the store
    cache.committed(k, 5, b("v5"));
    backend.remove(k); // the commit's entry is evicted before the slow reader populates
    cache.populate(k, stamp, 3, b("v3"));
    assertNull(cache.lookup(k), "the stale version must not come back");
    long fresh = cache.stamp(k);
    cache.populate(k, fresh, 5, b("v5"));
    byte[] e = cache.lookup(k);
    assertNotNull(e);
    assertEquals(5, RowCache.entryTs(e));
    assertArrayEquals(b("v5"), RowCache.entryValue(e));
  }

  @Test
  void tinyCacheWithEvictionMatchesAModel() throws SQLException {
    TransactionManager tm = cached(3);
    Map<String, String> model = new HashMap<>();
    SplittableRandom rnd = new SplittableRandom(1);
    List<Transaction> snapshots = new ArrayList<>();
    List<Map<String, String>> snapshotModels = new ArrayList<>();
    for (int i = 0; i < 3000; i++) {
      String key = String.format("k%02d", rnd.nextInt(20)); // logical keys must be prefix-free
      int op = rnd.nextInt(10);
      if (op < 3) {
        Transaction w = tm.begin();
        if (rnd.nextInt(5) == 0) {
          w.delete(b(key));
          model.remove(key);
        } else {
          put(w, key, "v" + i);
          model.put(key, "v" + i);
        }
        w.commit();
      } else if (op == 3 && snapshots.size() < 5) {
        Transaction s = tm.begin(IsolationLevel.REPEATABLE_READ);
        snapshots.add(s);
        snapshotModels.add(new HashMap<>(model));
      } else {
        Transaction r = tm.begin();
        assertEquals(model.get(key), get(r, key), "fresh read of " + key + " at step " + i);
        r.rollback();
        for (int s = 0; s < snapshots.size(); s++) {
          assertEquals(snapshotModels.get(s).get(key), get(snapshots.get(s), key), "snapshot " + s + " at step " + i);
        }
      }
    }
    snapshots.forEach(Transaction::rollback);
  }

  @Test
  void concurrentReadersNeverGoBack() throws Exception {
    TransactionManager tm = cached(10);
    int keys = 4;
    for (int k = 0; k < keys; k++) {
      commitAll(tm, "c" + k, "0");
    }
    AtomicLong committed = new AtomicLong(); // highest counter value committed to every key
    ConcurrentLinkedQueue<String> failures = new ConcurrentLinkedQueue<>();
    Thread writer = new Thread(() -> {
      try {
        for (int i = 1; i <= 2000; i++) {
          Transaction w = tm.begin();
          for (int k = 0; k < keys; k++) {
            put(w, "c" + k, Integer.toString(i));
          }
          w.commit();
          committed.set(i);
        }
      } catch (SQLException e) {
        failures.add(e.toString());
      }
    });
    List<Thread> readers = new ArrayList<>();
    for (int r = 0; r < 3; r++) {
      readers.add(new Thread(() -> {
        try {
          for (int i = 0; i < 3000; i++) {
            long floor = committed.get();
            Transaction t = tm.begin(IsolationLevel.REPEATABLE_READ);
            String first = get(t, "c0");
            for (int k = 1; k < keys; k++) {
              String v = get(t, "c" + k);
              if (!first.equals(v)) {
                failures.add("one snapshot saw c0=" + first + " but c" + k + "=" + v);
              }
            }
            if (Long.parseLong(first) < floor) {
              failures.add("read " + first + " after " + floor + " was committed");
            }
            t.rollback();
          }
        } catch (SQLException e) {
          failures.add(e.toString());
        }
      }));
    }
    writer.start();
    readers.forEach(Thread::start);
    writer.join();
    for (Thread r : readers) {
      r.join();
    }
    assertTrue(failures.isEmpty(), () -> failures.size() + " failures, first: " + failures.peek());
  }

  @Test
  void autoModeNeverFails() throws SQLException {
    TransactionManager tm = new TransactionManager(store, TransactionManager.Options.defaults()
        .rowCache(RowCache.Mode.AUTO, 1000, 4096));
    assertNotNull(tm.rowCache());
    if (OffHeapAccess.missing() != null) {
      assertTrue(tm.rowCache().describe().startsWith("on-heap"), tm.rowCache().describe());
    }
    commitAll(tm, "a", "1");
    Transaction t = tm.begin();
    assertEquals("1", get(t, "a"));
    assertEquals("1", get(t, "a"));
    t.rollback();
  }

  @Test
  void onlyAStoreTheDatabaseOwnsIsCached() {
    KvStore wrapped = (KvStore) java.lang.reflect.Proxy.newProxyInstance(KvStore.class.getClassLoader(),
        new Class<?>[] {KvStore.class}, (proxy, method, args) -> method.invoke(store, args));
    TransactionManager tm = new TransactionManager(wrapped, TransactionManager.Options.defaults()
        .rowCache(RowCache.Mode.ON_HEAP, 10, 4096));
    assertNull(tm.rowCache(), "a wrapped (e.g. replicated) store may be written behind the manager's back");
  }

  @Test
  void offByDefault() {
    if (System.getProperty("beamdb.rowcache") == null) {
      assertNull(new TransactionManager(store, 1000).rowCache());
    }
  }
}
