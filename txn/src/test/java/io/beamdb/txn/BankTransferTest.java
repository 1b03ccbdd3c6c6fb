package io.beamdb.txn;

import static io.beamdb.txn.TxnTestSupport.b;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.beamdb.storage.KvStore;
import java.nio.ByteBuffer;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * N threads x M random transfers between accounts, retrying 40001/40P01 with randomized backoff;
 * concurrent snapshot readers must always see the invariant total, and so must the final state.
 */
class BankTransferTest {
  private static final int ACCOUNTS = 10;
  private static final long INITIAL = 1000;
  private static final int THREADS = 8;
  private static final int TRANSFERS = 150;

  private final KvStore store = TxnTestSupport.memStore();

  @AfterEach
  void close() {
    store.close();
  }

  private static byte[] account(int i) {
    return b(String.format("acct-%03d", i));
  }

  private static long balance(Transaction t, int i) throws SQLException {
    byte[] v = t.get(account(i));
    return ByteBuffer.wrap(v).getLong();
  }

  private static byte[] amount(long v) {
    return ByteBuffer.allocate(8).putLong(v).array();
  }

  private static long total(Transaction t) throws SQLException {
    long sum = 0;
    int n = 0;
    try (KvCursor c = t.scan(b("acct-"), b("acct."))) {
      while (c.next()) {
        sum += ByteBuffer.wrap(c.value()).getLong();
        n++;
      }
    }
    assertEquals(ACCOUNTS, n);
    return sum;
  }

  @ParameterizedTest(name = "{0}, rowLocking={1}")
  @CsvSource({"REPEATABLE_READ, true", "SERIALIZABLE, true", "REPEATABLE_READ, false"})
  void totalIsInvariant(IsolationLevel level, boolean rowLocking) throws Exception {
    TransactionManager tm = rowLocking ? TxnTestSupport.rowLocking(store, 10_000)
        : new TransactionManager(store, 10_000);
    Transaction init = tm.begin();
    for (int i = 0; i < ACCOUNTS; i++) {
      init.put(account(i), amount(INITIAL));
    }
    init.commit();

    AtomicInteger retries = new AtomicInteger();
    Set<String> states = ConcurrentHashMap.newKeySet();
    AtomicBoolean done = new AtomicBoolean();
    ExecutorService pool = Executors.newFixedThreadPool(THREADS + 1);
    try {
      Future<Integer> reader = pool.submit(() -> {
        int reads = 0;
        while (!done.get()) {
          Transaction t = tm.begin(IsolationLevel.REPEATABLE_READ);
          try {
            assertEquals(ACCOUNTS * INITIAL, total(t), "a snapshot saw an inconsistent total");
            reads++;
          } finally {
            t.rollback();
          }
        }
        return reads;
      });
      List<Future<?>> workers = new ArrayList<>();
      for (int w = 0; w < THREADS; w++) {
        workers.add(pool.submit(() -> {
          ThreadLocalRandom rnd = ThreadLocalRandom.current();
          for (int n = 0; n < TRANSFERS; n++) {
            int from = rnd.nextInt(ACCOUNTS);
            int to = (from + 1 + rnd.nextInt(ACCOUNTS - 1)) % ACCOUNTS;
            long amt = 1 + rnd.nextInt(50);
            for (int attempt = 0; ; attempt++) {
              Transaction t = tm.begin(level);
              try {
                long a = balance(t, from);
                long c = balance(t, to);
                t.put(account(from), amount(a - amt));
                t.put(account(to), amount(c + amt));
                t.commit();
                break;
              } catch (SQLException e) {
                String st = e.getSQLState();
                if (!"40001".equals(st) && !"40P01".equals(st)) {
                  throw e;
                }
                states.add(st);
                t.rollback();
                retries.incrementAndGet();
                Thread.sleep(rnd.nextInt(1 + Math.min(attempt, 5) * 2));
              }
            }
          }
          return null;
        }));
      }
      for (Future<?> f : workers) {
        f.get(50, TimeUnit.SECONDS);
      }
      done.set(true);
      assertTrue(reader.get(10, TimeUnit.SECONDS) > 0);
    } finally {
      done.set(true);
      pool.shutdownNow();
    }
    Transaction check = tm.begin();
    assertEquals(ACCOUNTS * INITIAL, total(check));
    check.rollback();
    assertEquals(0, tm.activeTransactions());
    assertEquals(tm.visibleTimestamp(), tm.gcWatermark());
    System.getLogger(BankTransferTest.class.getName()).log(System.Logger.Level.INFO,
        "{0} rowLocking={1}: {2} retries {3}", level, rowLocking, retries.get(), states);
  }
}
