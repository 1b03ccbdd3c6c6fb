package io.beamdb.compat.isolation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.beamdb.compat.isolation.Steps.Level;
import io.beamdb.compat.isolation.Steps.Outcome;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** Write skew (A5B): prevented only at SERIALIZABLE. */
class WriteSkewTest {

  /** The on-call doctors: both check that someone else is on call, then each goes off call. */
  @ParameterizedTest
  @EnumSource(Level.class)
  void doctorsOnCall(Level level) throws Exception {
    try (Steps s = Steps.open("doctors", level, 2,
        "create table oncall (doctor int primary key, shift int, on_call boolean)",
        "insert into oncall values (1, 1, true), (2, 1, true), (3, 2, true)")) {
      s.rows(1, "select count(*) from oncall where shift = 1 and on_call", "2");
      s.rows(2, "select count(*) from oncall where shift = 1 and on_call", "2");
      s.ok(1, "update oncall set on_call = false where doctor = 1").count(1);
      s.ok(2, "update oncall set on_call = false where doctor = 2").count(1); // another row: no wait
      s.ok(1, "commit");
      Outcome c2 = s.run(2, "commit");
      if (level == Level.SERIALIZABLE) {
        c2.failed("40001"); // T2 read doctor 1's row, which T1 changed after T2's snapshot
        s.admin("select count(*) from oncall where shift = 1 and on_call").rows("1");
      } else {
        c2.ok(); // write skew: nobody is on call for shift 1
        s.admin("select count(*) from oncall where shift = 1 and on_call").rows("0");
      }
    }
  }

  /** Same with a predicate insert: two bookings of one room both see it free (G2 on a predicate). */
  @ParameterizedTest
  @EnumSource(Level.class)
  void doubleBooking(Level level) throws Exception {
    try (Steps s = Steps.open("booking", level, 2,
        "create table booking (id int primary key, room int, slot int)",
        "insert into booking values (1, 1, 9)")) {
      s.rows(1, "select count(*) from booking where room = 2 and slot = 10", "0");
      s.rows(2, "select count(*) from booking where room = 2 and slot = 10", "0");
      s.ok(1, "insert into booking values (2, 2, 10)");
      s.ok(2, "insert into booking values (3, 2, 10)");
      s.ok(1, "commit");
      Outcome c2 = s.run(2, "commit");
      if (level == Level.SERIALIZABLE) {
        c2.failed("40001");
        s.admin("select count(*) from booking where room = 2 and slot = 10").rows("1");
      } else {
        c2.ok();
        s.admin("select count(*) from booking where room = 2 and slot = 10").rows("2");
      }
    }
  }

  /**
   * Concurrently, round after round: two transactions each take their doctor off call if the
   * shift still has two on call. At SERIALIZABLE the shift never ends up empty. In even rounds
   * both transactions read before either writes (a barrier), so the outcome is certain: write
   * skew at REPEATABLE READ, exactly one 40001 at SERIALIZABLE; odd rounds run free (their skews
   * at REPEATABLE READ are counted, not asserted).
   */
  @ParameterizedTest
  @EnumSource(value = Level.class, names = {"REPEATABLE_READ", "SERIALIZABLE"})
  void concurrentRoundsKeepSomeoneOnCallOnlyWhenSerializable(Level level) throws Exception {
    int rounds = 40;
    String url = Jdbc.url("skew", 5_000);
    ExecutorService pool = Executors.newFixedThreadPool(2);
    CyclicBarrier start = new CyclicBarrier(2);
    CyclicBarrier bothRead = new CyclicBarrier(2);
    try (Connection admin = DriverManager.getConnection(url);
         Connection a = Jdbc.open(url, level);
         Connection b = Jdbc.open(url, level)) {
      Jdbc.exec(admin, "CREATE TABLE oncall (doctor INT PRIMARY KEY, on_call BOOLEAN)");
      Jdbc.exec(admin, "INSERT INTO oncall VALUES (1, TRUE), (2, TRUE)");
      int skews = 0;
      int aborts = 0;
      for (int r = 0; r < rounds; r++) {
        Jdbc.exec(admin, "UPDATE oncall SET on_call = TRUE");
        List<Future<String>> fs = new ArrayList<>();
        boolean lockstep = r % 2 == 0;
        fs.add(pool.submit(() -> goOffCall(a, 1, start, lockstep ? bothRead : null)));
        fs.add(pool.submit(() -> goOffCall(b, 2, start, lockstep ? bothRead : null)));
        List<String> outcomes = Jdbc.await(fs, 10_000);
        long onCall = Jdbc.scalar(admin, "SELECT COUNT(*) FROM oncall WHERE on_call");
        for (String o : outcomes) {
          assertTrue(o.equals("ok") || o.equals("40001") || o.equals("skipped"), "unexpected outcome " + o);
          aborts += o.equals("40001") ? 1 : 0;
        }
        if (onCall == 0) {
          skews++;
        }
        if (level == Level.SERIALIZABLE) {
          assertTrue(onCall >= 1, "write skew at SERIALIZABLE in round " + r + ": " + outcomes);
        }
        if (lockstep) {
          List<String> sorted = new ArrayList<>(outcomes);
          java.util.Collections.sort(sorted);
          assertEquals(level == Level.SERIALIZABLE ? List.of("40001", "ok") : List.of("ok", "ok"), sorted, "round " + r);
        }
      }
      System.out.printf("write-skew rounds %s: %d/%d skewed, %d aborts%n", level, skews, rounds, aborts);
    } finally {
      pool.shutdownNow();
    }
  }

  private static String goOffCall(Connection c, int doctor, CyclicBarrier start, CyclicBarrier bothRead) throws Exception {
    start.await(5, TimeUnit.SECONDS);
    try {
      long n = Jdbc.scalar(c, "SELECT COUNT(*) FROM oncall WHERE on_call");
      if (bothRead != null) {
        bothRead.await(5, TimeUnit.SECONDS);
      }
      if (n < 2) {
        c.commit();
        return "skipped";
      }
      Jdbc.update(c, "UPDATE oncall SET on_call = FALSE WHERE doctor = ?", doctor);
      c.commit();
      return "ok";
    } catch (SQLException e) {
      c.rollback();
      assertEquals("40001", e.getSQLState(), e::getMessage);
      return e.getSQLState();
    }
  }
}
