package io.beamdb.compat.isolation;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.beamdb.compat.isolation.Steps.Level;
import io.beamdb.compat.isolation.Steps.Outcome;
import io.beamdb.compat.isolation.Steps.Pending;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Row locks: LOCK_TIMEOUT, deadlock victims, READ COMMITTED statement restarts, reverse range reads. */
class RowLockTest {

  /** A writer that waits longer than LOCK_TIMEOUT gets HY000; its transaction stays usable. */
  @ParameterizedTest
  @EnumSource(Level.class)
  void lockTimeoutFailsTheStatementOnly(Level level) throws Exception {
    long timeout = 300;
    try (Steps s = Steps.hermitage("timeout", level, 2, timeout)) {
      s.ok(2, "update test set value = 21 where id = 2");
      s.ok(1, "update test set value = 11 where id = 1");
      long t0 = System.nanoTime();
      Outcome o = s.run(2, "update test set value = 12 where id = 1"); // waits LOCK_TIMEOUT
      long waited = (System.nanoTime() - t0) / 1_000_000;
      o.failed("HY000");
      assertTrue(waited >= timeout - 20 && waited < Steps.STEP_TIMEOUT_MS, "gave up after " + waited + " ms");
      s.ok(1, "commit");
      if (level == Level.SERIALIZABLE) {
        // the failed UPDATE read row 1 before it waited; that read stays in T2's read set, and
        // T1 changed row 1 since T2's snapshot -> 40001 (conservative: the statement's effects
        // are gone, but aborting is always safe; PostgreSQL's SSI also keeps the predicate locks
        // of a rolled-back subtransaction)
        s.run(2, "commit").failed("40001");
        s.admin("select * from test").rows("1=>11, 2=>20");
        return;
      }
      s.ok(2, "commit"); // its first update survives the failed statement
      s.admin("select * from test").rows("1=>11, 2=>21");
    }
  }

  /** Two writers updating rows in opposite orders: the one closing the cycle gets 40P01 at once. */
  @ParameterizedTest
  @EnumSource(Level.class)
  void deadlockVictimIsRolledBack(Level level) throws Exception {
    try (Steps s = Steps.hermitage("deadlock", level, 2)) {
      s.ok(1, "update test set value = 11 where id = 1");
      s.ok(2, "update test set value = 22 where id = 2");
      Pending t1 = s.blocks(1, "update test set value = 12 where id = 2");
      long t0 = System.nanoTime();
      s.run(2, "update test set value = 21 where id = 1").failed("40P01");
      assertTrue((System.nanoTime() - t0) / 1_000_000 < Steps.LOCK_TIMEOUT_MS / 2, "deadlock found by timeout, not detection");
      t1.outcome().count(1); // the victim's locks are released
      s.ok(1, "commit");
      s.ok(2, "rollback");
      s.admin("select * from test").rows("1=>11, 2=>12");
    }
  }

  /**
   * READ COMMITTED restarts a multi-row UPDATE that waited: every row is changed exactly once,
   * from its committed value (the rows changed before the wait are undone and redone).
   */
  @ParameterizedTest
  @EnumSource(Level.class)
  void waitingMultiRowUpdateAppliesOnce(Level level) throws Exception {
    try (Steps s = Steps.hermitage("restart", level, 2)) {
      s.ok(1, "update test set value = 25 where id = 2");
      Pending t2 = s.blocks(2, "update test set value = value + 1");
      s.ok(1, "commit");
      if (level == Level.READ_COMMITTED) {
        t2.outcome().count(2);
        s.ok(2, "commit");
        s.admin("select * from test").rows("1=>11, 2=>26");
      } else {
        t2.outcome().failed("40001");
        s.ok(2, "rollback");
        s.admin("select * from test").rows("1=>10, 2=>25");
      }
    }
  }

  /**
   * A write cycle through a descending range read: T1 reads the highest id (a reverse scan that
   * stops early), T2 reads row 1 and inserts a higher id, T1 writes row 1. At SERIALIZABLE one
   * of them must abort: T1's validated range must cover the keys above the one it returned.
   */
  @ParameterizedTest
  @EnumSource(Level.class)
  void descendingRangeReadIsValidated(Level level) throws Exception {
    try (Steps s = Steps.hermitage("desc", level, 2)) {
      s.rows(1, "select id from test order by id desc limit 1", "2");
      s.rows(2, "select value from test where id = 1", "10");
      s.ok(2, "insert into test (id, value) values (3, 10)");
      s.ok(1, "update test set value = 2 where id = 1"); // "value := highest id"
      s.ok(2, "commit");
      Outcome c1 = s.run(1, "commit");
      c1.expect(level == Level.SERIALIZABLE ? "40001" : null);
    }
  }

  /** The same cycle through an ascending LIMIT read that stops early, T2 inserting below it. */
  @ParameterizedTest
  @EnumSource(Level.class)
  void ascendingLimitReadIsValidated(Level level) throws Exception {
    try (Steps s = Steps.hermitage("asc", level, 2)) {
      s.rows(1, "select id from test order by id limit 1", "1");
      s.rows(2, "select value from test where id = 2", "20");
      s.ok(2, "insert into test (id, value) values (0, 20)");
      s.ok(1, "update test set value = 1 where id = 2"); // "value := lowest id"
      s.ok(2, "commit");
      s.run(1, "commit").expect(level == Level.SERIALIZABLE ? "40001" : null);
    }
  }
}
