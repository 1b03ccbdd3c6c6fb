package io.beamdb.compat.isolation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.beamdb.compat.isolation.Steps.Level;
import io.beamdb.compat.isolation.Steps.Pending;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code SELECT ... FOR UPDATE} and savepoints under concurrency, kept apart from the rest of the
 * isolation suite so that it does not depend on them.
 */
class ForUpdateAndSavepointTest {

  /** A FOR UPDATE read blocks writers of that row (only that row) until the transaction ends. */
  @ParameterizedTest
  @EnumSource(Level.class)
  void forUpdateBlocksWritersOfTheLockedRowOnly(Level level) throws Exception {
    try (Steps s = Steps.hermitage("fu_block", level, 2)) {
      s.rows(1, "select * from test where id = 1 for update", "1=>10");
      s.ok(2, "update test set value = 21 where id = 2"); // another row: no wait
      Pending t2 = s.blocks(2, "update test set value = 11 where id = 1");
      s.ok(1, "commit"); // T1 changed nothing: T2's update goes through at every level
      t2.outcome().count(1);
      s.ok(2, "commit");
      s.admin("select * from test").rows("1=>11, 2=>21");
    }
  }

  /** A FOR UPDATE read also waits for another FOR UPDATE of the same row. */
  @ParameterizedTest
  @EnumSource(Level.class)
  void forUpdateMakesReadModifyWriteSafe(Level level) throws Exception {
    try (Steps s = Steps.hermitage("fu_rmw", level, 2)) {
      s.rows(1, "select * from test where id = 1 for update", "1=>10");
      Pending t2 = s.blocks(2, "select * from test where id = 1 for update");
      s.ok(1, "update test set value = 11 where id = 1"); // 10 + 1
      s.ok(1, "commit");
      if (level == Level.READ_COMMITTED) {
        // READ COMMITTED: the locking read re-reads the committed row (PostgreSQL: the same)
        t2.outcome().rows("1=>11");
        s.ok(2, "update test set value = 12 where id = 1"); // 11 + 1
        s.ok(2, "commit");
        s.admin("select * from test where id = 1").rows("1=>12");
      } else {
        // REPEATABLE READ / SERIALIZABLE: the row changed since T2's snapshot (PostgreSQL: 40001 too)
        t2.outcome().failed("40001");
        s.ok(2, "rollback");
        s.admin("select * from test where id = 1").rows("1=>11");
      }
    }
  }

  /** At READ COMMITTED, FOR UPDATE turns the P4 lost-update interleaving into a safe one. */
  @Test
  void forUpdatePreventsLostUpdateAtReadCommitted() throws Exception {
    String url = Jdbc.url("fu_counter", 10_000);
    int threads = 4;
    int perThread = 50;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try (Connection admin = DriverManager.getConnection(url)) {
      Jdbc.exec(admin, "CREATE TABLE counter (id INT PRIMARY KEY, x BIGINT)");
      Jdbc.exec(admin, "INSERT INTO counter VALUES (1, 0)");
      List<Future<Integer>> fs = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        fs.add(pool.submit(() -> {
          int retries = 0;
          try (Connection c = Jdbc.open(url, Level.READ_COMMITTED)) {
            for (int i = 0; i < perThread; i++) {
              retries += Jdbc.inTransaction(c, tx -> {
                long x = Jdbc.scalar(tx, "SELECT x FROM counter WHERE id = 1 FOR UPDATE");
                Jdbc.update(tx, "UPDATE counter SET x = ? WHERE id = 1", x + 1);
              });
            }
          }
          return retries;
        }));
      }
      int retries = Jdbc.await(fs, 20_000).stream().mapToInt(Integer::intValue).sum();
      assertEquals(0, retries, "READ COMMITTED FOR UPDATE needs no client retries");
      assertEquals(threads * perThread, Jdbc.scalar(admin, "SELECT x FROM counter WHERE id = 1"));
    } finally {
      pool.shutdownNow();
    }
  }

  /** Two FOR UPDATE readers locking rows in opposite orders: one is the deadlock victim (40P01). */
  @ParameterizedTest
  @EnumSource(Level.class)
  void forUpdateDeadlockIsDetected(Level level) throws Exception {
    try (Steps s = Steps.hermitage("fu_deadlock", level, 2)) {
      s.rows(1, "select * from test where id = 1 for update", "1=>10");
      s.rows(2, "select * from test where id = 2 for update", "2=>20");
      Pending t1 = s.blocks(1, "select * from test where id = 2 for update");
      s.run(2, "select * from test where id = 1 for update").failed("40P01"); // closes the cycle: victim
      s.ok(2, "rollback");
      t1.outcome().rows("2=>20"); // the victim's locks are gone
      s.ok(1, "update test set value = 0 where id = 2");
      s.ok(1, "commit");
      s.admin("select * from test").rows("1=>10, 2=>0");
    }
  }

  /** Rolling back to a savepoint undoes later writes only; the snapshot and earlier writes stay. */
  @ParameterizedTest
  @EnumSource(Level.class)
  void rollbackToSavepointKeepsEarlierWritesAndTheSnapshot(Level level) throws Exception {
    String url = Jdbc.url("sp", 2_000);
    try (Connection admin = DriverManager.getConnection(url)) {
      Jdbc.exec(admin, "CREATE TABLE t (id INT PRIMARY KEY, v INT)");
      Jdbc.exec(admin, "INSERT INTO t VALUES (1, 10), (2, 20)");
      try (Connection c = Jdbc.open(url, level)) {
        assertEquals(30, Jdbc.scalar(c, "SELECT SUM(v) FROM t"));
        Jdbc.update(c, "UPDATE t SET v = 11 WHERE id = 1");
        Savepoint sp = c.setSavepoint("sp1");
        Jdbc.update(c, "UPDATE t SET v = 12 WHERE id = 1");
        Jdbc.update(c, "INSERT INTO t VALUES (3, 30)");
        Jdbc.update(admin, "INSERT INTO t VALUES (4, 40)"); // another transaction commits meanwhile
        c.rollback(sp);
        assertEquals(11, Jdbc.scalar(c, "SELECT v FROM t WHERE id = 1"));
        assertEquals(level == Level.READ_COMMITTED ? 71 : 31, Jdbc.scalar(c, "SELECT SUM(v) FROM t"),
            "rollback to a savepoint must not start a new snapshot above READ COMMITTED");
        c.rollback(sp); // the savepoint survives a rollback to it
        Jdbc.update(c, "UPDATE t SET v = 13 WHERE id = 1");
        c.releaseSavepoint(sp);
        if (level == Level.SERIALIZABLE) {
          // the SUM scanned the range into which row 4 was inserted after the snapshot: 40001
          SQLException e = assertThrows(SQLException.class, c::commit);
          assertEquals("40001", e.getSQLState());
          assertEquals(10, Jdbc.scalar(admin, "SELECT v FROM t WHERE id = 1"));
          return;
        }
        c.commit();
      }
      assertEquals(13, Jdbc.scalar(admin, "SELECT v FROM t WHERE id = 1"));
      assertEquals(0, Jdbc.scalar(admin, "SELECT COUNT(*) FROM t WHERE id = 3"));
    }
  }

  /**
   * A row lock taken after a savepoint is kept when rolling back to it (BeamDB's documented
   * choice, as InnoDB; PostgreSQL releases it): another writer of that row still waits until
   * the transaction ends.
   */
  @ParameterizedTest
  @EnumSource(Level.class)
  void rollbackToSavepointKeepsRowLocks(Level level) throws Exception {
    try (Steps s = Steps.hermitage("sp_locks", level, 2)) {
      s.ok(1, "savepoint a");
      s.ok(1, "update test set value = 11 where id = 1");
      s.ok(1, "rollback to savepoint a");
      s.rows(1, "select * from test where id = 1", "1=>10");
      Pending t2 = s.blocks(2, "update test set value = 12 where id = 1");
      s.ok(1, "commit");
      t2.outcome().count(1); // T1 wrote nothing in the end: no conflict at any level
      s.ok(2, "commit");
      s.admin("select * from test where id = 1").rows("1=>12");
    }
  }

  /** After a serialization failure the transaction is gone, and so are its savepoints. */
  @Test
  void savepointsDoNotSurviveASerializationFailure() throws Exception {
    try (Steps s = Steps.hermitage("sp_40001", Level.REPEATABLE_READ, 2)) {
      s.rows(1, "select * from test where id = 1", "1=>10");
      s.ok(1, "savepoint a");
      s.ok(2, "update test set value = 12 where id = 1");
      s.ok(2, "commit");
      s.run(1, "update test set value = 11 where id = 1").failed("40001");
      s.run(1, "rollback to savepoint a").failed("3B001");
      s.ok(1, "rollback");
      s.admin("select * from test where id = 1").rows("1=>12");
    }
  }

  @Test
  void savepointInAutocommitIsRejected() throws Exception {
    try (Connection c = DriverManager.getConnection(Jdbc.url("sp_auto", 1_000))) {
      SQLException e = assertThrows(SQLException.class, c::setSavepoint);
      assertTrue(e.getSQLState() != null && !e.getSQLState().isEmpty());
    }
  }
}
