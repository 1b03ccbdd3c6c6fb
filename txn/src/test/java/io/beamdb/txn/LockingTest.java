package io.beamdb.txn;

import static io.beamdb.txn.TxnTestSupport.b;
import static io.beamdb.txn.TxnTestSupport.commitAll;
import static io.beamdb.txn.TxnTestSupport.get;
import static io.beamdb.txn.TxnTestSupport.put;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.beamdb.storage.KvStore;
import java.sql.SQLException;
import java.sql.SQLTransactionRollbackException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Row locks, lock waits, timeouts, deadlocks, first-updater-wins; and the single-writer mode. */
class LockingTest {
  private final KvStore store = TxnTestSupport.memStore();

  @AfterEach
  void close() {
    store.close();
  }

  /** Waits until {@code t} is parked in the lock table (row-locking mode), failing after 5 s. */
  private static void awaitWaiting(TransactionManager tm, Transaction t, CompletableFuture<?> f)
      throws InterruptedException {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
    while (!tm.locks().isWaiting(t)) {
      assertFalse(f.isDone(), "the writer should be waiting, but finished");
      assertTrue(System.nanoTime() < deadline, "the writer never started waiting");
      Thread.sleep(5);
    }
  }

  @Test
  void writeWriteConflictAtRepeatableRead() throws SQLException {
    TransactionManager tm = TxnTestSupport.rowLocking(store, 1000);
    commitAll(tm, "x1", "0");
    Transaction t1 = tm.begin(IsolationLevel.REPEATABLE_READ);
    Transaction t2 = tm.begin(IsolationLevel.REPEATABLE_READ);
    assertEquals("0", get(t2, "x1"));
    put(t1, "x1", "1");
    t1.commit();
    WriteConflictException e = assertThrows(WriteConflictException.class, () -> put(t2, "x1", "2"));
    assertEquals("40001", e.getSQLState());
    assertTrue(e.transactionRolledBack());
    assertTrue(t2.isFinished());
    assertNull(tm.locks().owner(b("x1")));
  }

  @Test
  void lockWaitThenProceedAndReadCommittedRestart() throws Exception {
    TransactionManager tm = TxnTestSupport.rowLocking(store, 5000);
    commitAll(tm, "w1", "10");
    Transaction t1 = tm.begin();
    put(t1, "w1", "11");
    Transaction t2 = tm.begin(IsolationLevel.READ_COMMITTED);
    int mark = t2.mark();
    put(t2, "w2", "side"); // written before the conflicting statement, stays
    int stmt = t2.mark();
    String seen = get(t2, "w1"); // the statement reads 10 from its snapshot
    assertEquals("10", seen);
    CompletableFuture<Void> f = CompletableFuture.runAsync(() -> {
      try {
        put(t2, "w1", String.valueOf(Integer.parseInt(seen) + 5));
        fail("expected a write conflict after the wait");
      } catch (WriteConflictException expected) {
        assertFalse(expected.transactionRolledBack());
      } catch (SQLException e) {
        throw new RuntimeException(e);
      }
    });
    awaitWaiting(tm, t2, f);
    t1.commit();
    f.get(5, TimeUnit.SECONDS);
    // READ COMMITTED: the transaction is still open and holds the lock; restart the statement
    assertFalse(t2.isFinished());
    assertEquals(t2, tm.locks().owner(b("w1")));
    t2.restartStatement(stmt);
    String reread = get(t2, "w1");
    assertEquals("11", reread);
    put(t2, "w1", String.valueOf(Integer.parseInt(reread) + 5));
    t2.commit();
    Transaction r = tm.begin();
    assertEquals("16", get(r, "w1"));
    assertEquals("side", get(r, "w2"));
    r.rollback();
    assertTrue(mark <= stmt);
  }

  @Test
  void waiterProceedsWhenHolderRollsBack() throws Exception {
    TransactionManager tm = TxnTestSupport.rowLocking(store, 5000);
    commitAll(tm, "r1", "0");
    Transaction t1 = tm.begin(IsolationLevel.REPEATABLE_READ);
    put(t1, "r1", "1");
    Transaction t2 = tm.begin(IsolationLevel.REPEATABLE_READ);
    CompletableFuture<Void> f = CompletableFuture.runAsync(() -> {
      try {
        put(t2, "r1", "2");
        t2.commit();
      } catch (SQLException e) {
        throw new RuntimeException(e);
      }
    });
    awaitWaiting(tm, t2, f);
    t1.rollback();
    f.get(5, TimeUnit.SECONDS);
    Transaction r = tm.begin();
    assertEquals("2", get(r, "r1"));
    r.rollback();
  }

  @Test
  void lockTimeoutKeepsTransactionUsable() throws SQLException {
    TransactionManager tm = TxnTestSupport.rowLocking(store, 200);
    Transaction t1 = tm.begin();
    put(t1, "l1", "a");
    Transaction t2 = tm.begin();
    long start = System.nanoTime();
    SQLException e = assertThrows(SQLException.class, () -> put(t2, "l1", "b"));
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertEquals("HY000", e.getSQLState());
    assertTrue(e.getMessage().startsWith("lock timeout on key"), e.getMessage());
    assertTrue(ms >= 150, "waited " + ms + " ms");
    assertFalse(t2.isFinished());
    put(t2, "l2", "b"); // other keys still writable
    t2.setLockTimeout(0);
    assertThrows(SQLException.class, () -> put(t2, "l1", "c"));
    t1.commit();
    t2.commit();
    Transaction r = tm.begin();
    assertEquals("a", get(r, "l1"));
    assertEquals("b", get(r, "l2"));
    r.rollback();
  }

  @Test
  void deadlockDetectedImmediately() throws Exception {
    TransactionManager tm = TxnTestSupport.rowLocking(store, 30_000);
    Transaction t1 = tm.begin();
    Transaction t2 = tm.begin();
    put(t1, "d1", "t1");
    put(t2, "d2", "t2");
    CountDownLatch waiting = new CountDownLatch(1);
    CompletableFuture<Void> f = CompletableFuture.runAsync(() -> {
      try {
        waiting.countDown();
        put(t1, "d2", "t1"); // waits for t2
        t1.commit();
      } catch (SQLException e) {
        throw new RuntimeException(e);
      }
    });
    waiting.await();
    awaitWaiting(tm, t1, f);
    long start = System.nanoTime();
    SQLTransactionRollbackException e = assertThrows(SQLTransactionRollbackException.class,
        () -> put(t2, "d1", "t2")); // closes the cycle: t2 is the victim
    long ms = TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    assertEquals("40P01", e.getSQLState());
    assertTrue(ms < 1000, "detected in " + ms + " ms, not by timeout");
    assertTrue(t2.isFinished(), "victim rolled back, its locks released");
    f.get(5, TimeUnit.SECONDS); // t1 proceeds
    Transaction r = tm.begin();
    assertEquals("t1", get(r, "d1"));
    assertEquals("t1", get(r, "d2"));
    r.rollback();
  }

  @Test
  void threeWayDeadlock() throws Exception {
    TransactionManager tm = TxnTestSupport.rowLocking(store, 30_000);
    Transaction a = tm.begin();
    Transaction b = tm.begin();
    Transaction c = tm.begin();
    put(a, "e1", "a");
    put(b, "e2", "b");
    put(c, "e3", "c");
    CompletableFuture<Void> fa = CompletableFuture.runAsync(() -> {
      try {
        put(a, "e2", "a");
        a.commit();
      } catch (SQLException ex) {
        throw new RuntimeException(ex);
      }
    });
    awaitWaiting(tm, a, fa);
    CompletableFuture<Void> fb = CompletableFuture.runAsync(() -> {
      try {
        put(b, "e3", "b");
        b.rollback(); // so that a's write after its wait does not conflict

      } catch (SQLException ex) {
        throw new RuntimeException(ex);
      }
    });
    awaitWaiting(tm, b, fb);
    SQLException e = assertThrows(SQLException.class, () -> put(c, "e1", "c"));
    assertEquals("40P01", e.getSQLState());
    fb.get(5, TimeUnit.SECONDS);
    fa.get(5, TimeUnit.SECONDS);
    Transaction r = tm.begin();
    assertEquals("a", get(r, "e1"));
    assertEquals("a", get(r, "e2"));
    assertNull(get(r, "e3"));
    r.rollback();
  }

  @Test
  void lockForUpdateBlocksWritersAndChecksConflicts() throws Exception {
    TransactionManager tm = TxnTestSupport.rowLocking(store, 5000);
    commitAll(tm, "f1", "0");
    Transaction t1 = tm.begin(IsolationLevel.REPEATABLE_READ);
    t1.lockForUpdate(b("f1"));
    assertTrue(t1.hasWrites());
    Transaction t2 = tm.begin();
    CompletableFuture<Void> f = CompletableFuture.runAsync(() -> {
      try {
        put(t2, "f1", "2");
        t2.commit();
      } catch (SQLException e) {
        throw new RuntimeException(e);
      }
    });
    awaitWaiting(tm, t2, f);
    t1.commit(); // wrote nothing; releases the lock
    f.get(5, TimeUnit.SECONDS);
    Transaction stale = tm.begin(IsolationLevel.REPEATABLE_READ);
    commitAll(tm, "f1", "3");
    WriteConflictException e = assertThrows(WriteConflictException.class, () -> stale.lockForUpdate(b("f1")));
    assertEquals(stale.readTimestamp(), e.readTs());
  }

  @Test
  void readersNeverBlockOnLocks() throws Exception {
    TransactionManager tm = TxnTestSupport.rowLocking(store, 5000);
    commitAll(tm, "n1", "0");
    Transaction w = tm.begin();
    put(w, "n1", "1");
    Transaction r = tm.begin(IsolationLevel.SERIALIZABLE);
    assertEquals("0", CompletableFuture.supplyAsync(() -> {
      try {
        return get(r, "n1");
      } catch (SQLException e) {
        throw new RuntimeException(e);
      }
    }).get(1, TimeUnit.SECONDS));
    w.commit();
    r.commit();
  }

  // ---------------------------------------------------------------- single-writer mode (default)

  @Test
  void singleWriterModeSerializesWritersAsBefore() throws Exception {
    TransactionManager tm = new TransactionManager(store, 300);
    assertFalse(tm.rowLocking());
    Transaction t1 = tm.begin();
    t1.lockForWrite();
    assertTrue(t1.hasWrites());
    Transaction t2 = tm.begin();
    long start = System.nanoTime();
    SQLException e = assertThrows(SQLException.class, () -> put(t2, "g2", "x")); // a different key still waits
    assertEquals("HY000", e.getSQLState());
    assertTrue(TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start) >= 250);
    CompletableFuture<String> f = CompletableFuture.supplyAsync(() -> {
      try {
        t2.setLockTimeout(5000);
        t2.lockForWrite(); // READ COMMITTED: refreshes the snapshot when granted
        return get(t2, "g1");
      } catch (SQLException ex) {
        throw new RuntimeException(ex);
      }
    });
    Thread.sleep(100);
    assertFalse(f.isDone());
    put(t1, "g1", "from t1");
    t1.commit();
    assertEquals("from t1", f.get(5, TimeUnit.SECONDS));
    t2.commit();
    assertEquals(0, tm.locks().size(), "no row locks in single-writer mode");
  }

  @Test
  void singleWriterModeStillDetectsConflictsAtRepeatableRead() throws Exception {
    TransactionManager tm = new TransactionManager(store, 5000);
    commitAll(tm, "h1", "0");
    Transaction rr = tm.begin(IsolationLevel.REPEATABLE_READ);
    assertEquals("0", get(rr, "h1"));
    commitAll(tm, "h1", "1");
    rr.lockForWrite(); // does not refresh at REPEATABLE READ
    put(rr, "h2", "ok"); // untouched key: fine
    SQLException e = assertThrows(SQLException.class, () -> put(rr, "h1", "2"));
    assertInstanceOf(WriteConflictException.class, e);
    assertTrue(rr.isFinished());
    Transaction next = tm.begin();
    next.lockForWrite(); // the global lock was released by the rollback
    assertNull(get(next, "h2"));
    next.rollback();
  }

  @Test
  void lockTimeoutOptionsValidated() {
    assertThrows(IllegalArgumentException.class, () -> TransactionManager.Options.defaults().lockTimeoutMillis(-1));
    TransactionManager.Options o = TransactionManager.Options.defaults();
    assertFalse(o.isRowLocking());
    assertEquals(TransactionManager.DEFAULT_LOCK_TIMEOUT_MILLIS, o.lockTimeout());
    assertTrue(o.rowLocking(true).isRowLocking());
  }

}
