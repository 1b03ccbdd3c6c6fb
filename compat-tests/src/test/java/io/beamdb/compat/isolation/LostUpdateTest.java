package io.beamdb.compat.isolation;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.beamdb.compat.isolation.Steps.Level;
import io.beamdb.compat.isolation.Steps.Pending;
import java.sql.Connection;
import java.sql.DriverManager;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Lost updates: increments in SQL never lose; read-modify-write is safe from REPEATABLE READ up through 40001 retries. */
class LostUpdateTest {
  static final int THREADS = 8;

  /** {@code UPDATE c SET x = x + 1} from 8 threads, in explicit transactions: nothing is lost at any level. */
  @ParameterizedTest
  @EnumSource(Level.class)
  void concurrentIncrementsLoseNothing(Level level) throws Exception {
    int perThread = 100;
    int[] retries = run(level, perThread, c -> Jdbc.update(c, "UPDATE counter SET x = x + 1 WHERE id = 1"));
    int total = retries[0];
    if (level == Level.READ_COMMITTED) {
      // READ COMMITTED re-runs the UPDATE on the committed row after the wait: no client retries
      assertEquals(0, total, "40001/40P01 reached the client at READ COMMITTED");
    }
    System.out.printf("increments %s: %d retries%n", level, total);
  }

  /**
   * SELECT x, then UPDATE SET x = x' + 1 with the value read: at REPEATABLE READ and SERIALIZABLE
   * the second of two concurrent read-modify-writes fails with 40001 and its retry re-reads.
   */
  @ParameterizedTest
  @EnumSource(value = Level.class, names = {"REPEATABLE_READ", "SERIALIZABLE"})
  void readModifyWriteRetriesInsteadOfLosingUpdates(Level level) throws Exception {
    int perThread = 50;
    int[] retries = run(level, perThread, c -> {
      long x = Jdbc.scalar(c, "SELECT x FROM counter WHERE id = 1");
      Jdbc.update(c, "UPDATE counter SET x = ? WHERE id = 1", x + 1);
    });
    System.out.printf("read-modify-write %s: %d retries%n", level, retries[0]);
  }

  /** Runs {@code perThread} transactions of {@code work} on each of 8 threads and checks the counter; returns {total retries}. */
  private static int[] run(Level level, int perThread, Jdbc.Work work) throws Exception {
    String url = Jdbc.url("lost", 10_000);
    ExecutorService pool = Executors.newFixedThreadPool(THREADS);
    try (Connection admin = DriverManager.getConnection(url)) {
      Jdbc.exec(admin, "CREATE TABLE counter (id INT PRIMARY KEY, x BIGINT)");
      Jdbc.exec(admin, "INSERT INTO counter VALUES (1, 0)");
      List<Future<Integer>> fs = new ArrayList<>();
      for (int t = 0; t < THREADS; t++) {
        fs.add(pool.submit(() -> {
          int r = 0;
          try (Connection c = Jdbc.open(url, level)) {
            for (int i = 0; i < perThread; i++) {
              r += Jdbc.inTransaction(c, work);
            }
          }
          return r;
        }));
      }
      int retries = Jdbc.await(fs, 30_000).stream().mapToInt(Integer::intValue).sum();
      assertEquals(THREADS * perThread, Jdbc.scalar(admin, "SELECT x FROM counter WHERE id = 1"), "lost updates at " + level);
      return new int[] {retries};
    } finally {
      pool.shutdownNow();
    }
  }

  /**
   * The deterministic interleaving of a read-modify-write at READ COMMITTED: the update is lost
   * (as in PostgreSQL; READ COMMITTED does not promise otherwise), whereas REPEATABLE READ gives 40001.
   */
  @Test
  void readModifyWriteInterleaving() throws Exception {
    for (Level level : Level.values()) {
      try (Steps s = Steps.open("rmw", level, 2,
          "create table counter (id int primary key, x int)", "insert into counter values (1, 0)")) {
        s.rows(1, "select x from counter where id = 1", "0");
        s.rows(2, "select x from counter where id = 1", "0");
        s.ok(1, "update counter set x = 1 where id = 1"); // 0 + 1
        Pending t2 = s.blocks(2, "update counter set x = 1 where id = 1"); // 0 + 1, from its own read
        s.ok(1, "commit");
        if (level == Level.READ_COMMITTED) {
          t2.outcome().count(1);
          s.ok(2, "commit");
          s.admin("select x from counter").rows("1"); // one increment lost
        } else {
          t2.outcome().failed("40001");
          s.ok(2, "rollback");
          s.rows(2, "select x from counter where id = 1", "1"); // the retry reads T1's value
          s.ok(2, "update counter set x = 2 where id = 1");
          s.ok(2, "commit");
          s.admin("select x from counter").rows("2");
        }
      }
    }
  }
  /**
   * An UPDATE must not resurrect a row a concurrent transaction deleted (nor a DELETE remove a
   * row another transaction just rewrote without seeing it): READ COMMITTED re-evaluates on the
   * committed state, REPEATABLE READ and SERIALIZABLE fail with 40001.
   */
  @ParameterizedTest
  @EnumSource(Level.class)
  void updateOfAConcurrentlyDeletedRow(Level level) throws Exception {
    try (Steps s = Steps.hermitage("lostdelete", level, 2)) {
      s.rows(1, "select * from test", "1=>10, 2=>20");
      s.ok(2, "delete from test where id = 1");
      Pending t1 = s.blocks(1, "update test set value = 11 where id = 1");
      s.ok(2, "commit");
      if (level == Level.READ_COMMITTED) {
        t1.outcome().count(0); // the row is gone
        s.ok(1, "commit");
      } else {
        t1.outcome().failed("40001");
        s.ok(1, "rollback");
      }
      s.admin("select * from test").rows("2=>20");
      // the same after the deleter committed, without waiting
      s.rows(1, "select * from test", "2=>20");
      s.ok(2, "delete from test where id = 2");
      s.ok(2, "commit");
      Steps.Outcome late = s.run(1, "update test set value = 21 where id = 2");
      if (level == Level.READ_COMMITTED) {
        late.count(0);
        s.ok(1, "commit");
      } else {
        late.failed("40001");
        s.ok(1, "rollback");
      }
      s.admin("select count(*) from test").rows("0");
    }
  }

  @ParameterizedTest
  @EnumSource(Level.class)
  void deleteOfAConcurrentlyUpdatedRow(Level level) throws Exception {
    try (Steps s = Steps.hermitage("lostupdate2", level, 2)) {
      s.rows(1, "select * from test where value = 10", "1=>10");
      s.ok(2, "update test set value = 15 where id = 1");
      Pending t1 = s.blocks(1, "delete from test where value = 10");
      s.ok(2, "commit");
      if (level == Level.READ_COMMITTED) {
        t1.outcome().count(0); // re-evaluated: the row no longer matches
        s.ok(1, "commit");
        s.admin("select * from test").rows("1=>15, 2=>20");
      } else {
        t1.outcome().failed("40001");
        s.ok(1, "rollback");
        s.admin("select * from test").rows("1=>15, 2=>20");
      }
    }
  }
}
