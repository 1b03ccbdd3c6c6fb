package io.beamdb.txn;

import static io.beamdb.txn.TxnTestSupport.b;
import static io.beamdb.txn.TxnTestSupport.commitAll;
import static io.beamdb.txn.TxnTestSupport.get;
import static io.beamdb.txn.TxnTestSupport.put;
import static io.beamdb.txn.TxnTestSupport.scan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.beamdb.storage.KvStore;
import java.sql.SQLException;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Snapshot visibility, own-write overlay, scans over many versions, savepoints. Both modes. */
class VisibilityTest {
  private final KvStore store = TxnTestSupport.memStore();

  @AfterEach
  void close() {
    store.close();
  }

  @Test
  void snapshotNeverSeesUncommittedOrLaterCommits() throws SQLException {
    TransactionManager tm = new TransactionManager(store, 1000);
    commitAll(tm, "a1", "v1");
    Transaction reader = tm.begin(IsolationLevel.REPEATABLE_READ);
    Transaction writer = tm.begin();
    put(writer, "a1", "v2");
    put(writer, "a2", "new");
    assertEquals("v1", get(reader, "a1"), "uncommitted write invisible");
    assertEquals("v2", get(writer, "a1"), "own write visible");
    writer.commit();
    assertEquals("v1", get(reader, "a1"), "later commit invisible");
    assertNull(get(reader, "a2"));
    assertEquals(List.of("a1=v1"), scan(reader, "a", null));
    reader.refreshSnapshot(); // no-op at REPEATABLE READ
    assertEquals("v1", get(reader, "a1"));
    reader.commit();
    Transaction fresh = tm.begin();
    assertEquals(List.of("a1=v2", "a2=new"), scan(fresh, "a", null));
    fresh.rollback();
  }

  @Test
  void readCommittedSeesNewCommitsPerRefresh() throws SQLException {
    TransactionManager tm = TxnTestSupport.rowLocking(store, 1000);
    commitAll(tm, "k1", "1");
    Transaction rc = tm.begin(IsolationLevel.READ_COMMITTED);
    assertEquals("1", get(rc, "k1"));
    commitAll(tm, "k1", "2");
    assertEquals("1", get(rc, "k1"), "same statement: same snapshot");
    rc.refreshSnapshot();
    assertEquals("2", get(rc, "k1"), "next statement sees the new commit");
    rc.rollback();
  }

  @Test
  void openCursorKeepsItsSnapshotAcrossRefresh() throws SQLException {
    TransactionManager tm = new TransactionManager(store, 1000);
    commitAll(tm, "c1", "x", "c2", "x");
    Transaction rc = tm.begin();
    try (KvCursor c = rc.scan(b("c"), b("d"))) {
      assertTrue(c.next());
      commitAll(tm, "c2", "y", "c3", "y");
      rc.refreshSnapshot();
      assertTrue(c.next());
      assertEquals("x", TxnTestSupport.s(c.value()));
      assertTrue(!c.next());
    }
    assertEquals(List.of("c1=x", "c2=y", "c3=y"), scan(rc, "c", "d"));
    rc.rollback();
  }

  @Test
  void tombstonesHideAndOwnWritesMerge() throws SQLException {
    TransactionManager tm = new TransactionManager(store, 1000);
    commitAll(tm, "t1", "a", "t2", "b", "t3", "c");
    Transaction d = tm.begin();
    d.delete(b("t2"));
    d.commit();
    Transaction t = tm.begin();
    assertNull(get(t, "t2"));
    assertEquals(List.of("t1=a", "t3=c"), scan(t, "t", "u"));
    put(t, "t2", "own");
    t.delete(b("t3"));
    put(t, "t4", "own4");
    assertEquals(List.of("t1=a", "t2=own", "t4=own4"), scan(t, "t", "u"));
    assertEquals(List.of("t2=own"), scan(t, "t2", "t3"));
    t.rollback();
    Transaction after = tm.begin();
    assertEquals(List.of("t1=a", "t3=c"), scan(after, "t", null));
    after.rollback();
  }

  @Test
  void scansSkipManyVersionsAtEveryReadTimestamp() throws SQLException {
    TransactionManager tm = TxnTestSupport.rowLocking(store, 1000);
    Transaction[] snaps = new Transaction[30];
    for (int v = 0; v < 30; v++) {
      Transaction w = tm.begin();
      for (int k = 0; k < 20; k++) {
        if (k % 3 == v % 3) {
          w.delete(b(String.format("m%02d", k)));
        } else {
          put(w, String.format("m%02d", k), "v" + v);
        }
      }
      w.commit();
      snaps[v] = tm.begin(IsolationLevel.REPEATABLE_READ);
    }
    store.flush();
    for (int v = 0; v < 30; v++) {
      List<String> got = scan(snaps[v], "m", "n");
      int expected = 0;
      for (int k = 0; k < 20; k++) {
        String key = String.format("m%02d", k);
        if (k % 3 == v % 3) {
          assertNull(get(snaps[v], key));
        } else {
          assertEquals("v" + v, get(snaps[v], key));
          assertEquals(key + "=v" + v, got.get(expected++));
        }
      }
      assertEquals(expected, got.size());
      snaps[v].rollback();
    }
  }

  @Test
  void reservedAndFinishedAreRejected() throws SQLException {
    TransactionManager tm = new TransactionManager(store, 1000);
    Transaction t = tm.begin();
    assertThrows(IllegalArgumentException.class, () -> t.put(new byte[] {0x00, 'C'}, b("x")));
    assertThrows(IllegalArgumentException.class, () -> t.delete(new byte[0]));
    put(t, "z1", "1");
    t.commit();
    SQLException e = assertThrows(SQLException.class, () -> put(t, "z2", "2"));
    assertEquals("25000", e.getSQLState());
    Transaction all = tm.begin();
    assertEquals(List.of("z1=1"), scan(all, "", null), "the clock key never shows in a scan");
    all.rollback();
  }

  @Test
  void marksAndNamedSavepoints() throws SQLException {
    TransactionManager tm = TxnTestSupport.rowLocking(store, 1000);
    commitAll(tm, "s1", "base");
    Transaction t = tm.begin();
    put(t, "s1", "one");
    t.setSavepoint("a");
    put(t, "s1", "two");
    put(t, "s2", "two");
    t.setSavepoint("b");
    t.delete(b("s1"));
    t.rollbackToSavepoint("a");
    assertEquals("one", get(t, "s1"));
    assertNull(get(t, "s2"));
    SQLException gone = assertThrows(SQLException.class, () -> t.rollbackToSavepoint("b"));
    assertEquals("3B001", gone.getSQLState());
    assertTrue(t.hasWrites());
    // locks taken after the savepoint are kept after rolling back to it
    assertEquals(t, tm.locks().owner(b("s2")));
    put(t, "s3", "three");
    t.releaseSavepoint("a");
    assertThrows(SQLException.class, () -> t.rollbackToSavepoint("a"));
    int mark = t.mark();
    put(t, "s4", "four");
    t.rollbackTo(mark);
    t.commit();
    Transaction r = tm.begin();
    assertEquals(List.of("s1=one", "s3=three"), scan(r, "s", "t"));
    r.rollback();
    assertNull(tm.locks().owner(b("s2")), "locks released at commit");
  }
}
