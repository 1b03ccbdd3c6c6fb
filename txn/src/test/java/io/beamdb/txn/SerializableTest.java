package io.beamdb.txn;

import static io.beamdb.txn.TxnTestSupport.b;
import static io.beamdb.txn.TxnTestSupport.commitAll;
import static io.beamdb.txn.TxnTestSupport.get;
import static io.beamdb.txn.TxnTestSupport.put;
import static io.beamdb.txn.TxnTestSupport.scan;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.beamdb.storage.KvStore;
import java.sql.SQLException;
import java.sql.SQLTransactionRollbackException;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Write skew (A5B) and phantoms (P3) abort at SERIALIZABLE, not below; read-only never aborts. */
class SerializableTest {
  private final KvStore store = TxnTestSupport.memStore();

  @AfterEach
  void close() {
    store.close();
  }

  private TransactionManager manager(boolean rowLocking) {
    return rowLocking ? TxnTestSupport.rowLocking(store, 2000) : new TransactionManager(store, 2000);
  }

  /** Two on-call doctors: each checks that both are on call, then takes himself off. */
  private static void takeOffCall(Transaction t, String me) throws SQLException {
    int onCall = ("1".equals(get(t, "doc-a")) ? 1 : 0) + ("1".equals(get(t, "doc-b")) ? 1 : 0);
    assertEquals(2, onCall);
    put(t, me, "0");
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void writeSkewAbortsOneAtSerializable(boolean rowLocking) throws SQLException {
    TransactionManager tm = manager(rowLocking);
    commitAll(tm, "doc-a", "1", "doc-b", "1");
    Transaction t1 = tm.begin(IsolationLevel.SERIALIZABLE);
    Transaction t2 = tm.begin(IsolationLevel.SERIALIZABLE);
    takeOffCall(t1, "doc-a");
    if (rowLocking) {
      takeOffCall(t2, "doc-b");
      t1.commit();
    } else {
      // single writer: t2's write waits for t1's global lock, so let t1 commit first
      assertEquals(2, ("1".equals(get(t2, "doc-a")) ? 1 : 0) + ("1".equals(get(t2, "doc-b")) ? 1 : 0));
      t1.commit();
      put(t2, "doc-b", "0");
    }
    SQLTransactionRollbackException e = assertThrows(SQLTransactionRollbackException.class, t2::commit);
    assertEquals("40001", e.getSQLState());
    assertTrue(t2.isFinished());
    Transaction r = tm.begin();
    assertEquals("0", get(r, "doc-a"));
    assertEquals("1", get(r, "doc-b"), "at least one doctor stays on call");
    r.rollback();
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void writeSkewAllowedAtRepeatableRead(boolean rowLocking) throws SQLException {
    TransactionManager tm = manager(rowLocking);
    commitAll(tm, "doc-a", "1", "doc-b", "1");
    Transaction t1 = tm.begin(IsolationLevel.REPEATABLE_READ);
    Transaction t2 = tm.begin(IsolationLevel.REPEATABLE_READ);
    takeOffCall(t1, "doc-a");
    assertEquals("1", get(t2, "doc-a"));
    assertEquals("1", get(t2, "doc-b"));
    t1.commit();
    put(t2, "doc-b", "0");
    t2.commit(); // snapshot isolation permits A5B
    Transaction r = tm.begin();
    assertEquals("0", get(r, "doc-a"));
    assertEquals("0", get(r, "doc-b"));
    r.rollback();
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void phantomInScannedRangeAborts(boolean rowLocking) throws SQLException {
    TransactionManager tm = manager(rowLocking);
    commitAll(tm, "emp-1", "x", "emp-3", "x", "zzz-0", "0");
    Transaction t1 = tm.begin(IsolationLevel.SERIALIZABLE);
    assertEquals(2, scan(t1, "emp-", "emp.").size());
    Transaction t2 = tm.begin(IsolationLevel.SERIALIZABLE);
    put(t2, "emp-2", "new"); // inserts into t1's scanned range
    t2.commit();
    put(t1, "zzz-0", "count=2"); // writes elsewhere based on the scan
    SQLException e = assertThrows(SQLException.class, t1::commit);
    assertEquals("40001", e.getSQLState());
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void insertOutsideObservedPartOfRangeDoesNotAbort(boolean rowLocking) throws SQLException {
    TransactionManager tm = manager(rowLocking);
    commitAll(tm, "q-1", "x", "q-3", "x", "q-5", "x");
    Transaction t1 = tm.begin(IsolationLevel.SERIALIZABLE);
    try (KvCursor c = t1.scan(b("q-"), b("q."))) {
      assertTrue(c.next()); // only q-1 observed (LIMIT 1)
    }
    commitAll(tm, "q-4", "y", "q-0", "y"); // q-0 sorts inside the observed part [q-, q-1]
    put(t1, "r-1", "w");
    assertThrows(SQLException.class, t1::commit, "q-0 sorts inside the observed prefix of the range");

    Transaction t2 = tm.begin(IsolationLevel.SERIALIZABLE);
    try (KvCursor c = t2.scan(b("q-"), b("q."))) {
      assertTrue(c.next());
    }
    commitAll(tm, "q-6", "y");
    put(t2, "r-2", "w");
    t2.commit(); // q-6 is past the observed part
  }

  @ParameterizedTest
  @ValueSource(booleans = {true, false})
  void readOnlySerializableNeverAbortsAndUnrelatedWritesPass(boolean rowLocking) throws SQLException {
    TransactionManager tm = manager(rowLocking);
    commitAll(tm, "p-1", "a", "p-2", "b");
    Transaction ro = tm.begin(IsolationLevel.SERIALIZABLE);
    Transaction w = tm.begin(IsolationLevel.SERIALIZABLE);
    assertEquals("a", get(ro, "p-1"));
    assertEquals("b", get(w, "p-2"));
    commitAll(tm, "p-1", "changed");
    ro.commit(); // read-only: serialized at its snapshot
    put(w, "p-3", "c");
    w.commit(); // read p-2 only, which nobody changed
    assertFalse(w.hasWrites());
  }
}
