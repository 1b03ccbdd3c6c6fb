package io.beamdb.compat.isolation;

import static io.beamdb.compat.isolation.Steps.Level.READ_COMMITTED;
import static io.beamdb.compat.isolation.Steps.Level.REPEATABLE_READ;
import static io.beamdb.compat.isolation.Steps.Level.SERIALIZABLE;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.beamdb.compat.isolation.Steps.Level;
import io.beamdb.compat.isolation.Steps.Outcome;
import io.beamdb.compat.isolation.Steps.Pending;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Martin Kleppmann's Hermitage test cases (https://github.com/ept/hermitage, postgres.md), written
 * as step scripts for {@link Steps}. Every case runs at every isolation level; its body performs
 * Hermitage's steps, asserts the SQLState of every failure (only 40001 is accepted) and that steps
 * Hermitage marks "BLOCKS" do block, and decides from what it observed whether the anomaly
 * happened. {@link #CASES} records the expected verdict per level: PostgreSQL's, except where a
 * comment says why BeamDB's (correct) behaviour differs.
 *
 * <p>{@code HermitageTest} asserts every cell; {@link #main} (and {@code HermitageTest}'s
 * {@code @AfterAll}) prints the result matrix in the form of Hermitage's README table.
 */
final class Hermitage {
  private Hermitage() {}

  /** The columns of Hermitage's table. */
  enum Anomaly {
    G0("G0", "Write Cycles (dirty writes)"),
    G1A("G1a", "Aborted Reads"),
    G1B("G1b", "Intermediate Reads"),
    G1C("G1c", "Circular Information Flow"),
    OTV("OTV", "Observed Transaction Vanishes"),
    PMP("PMP", "Predicate-Many-Preceders"),
    P4("P4", "Lost Update"),
    G_SINGLE("G-single", "Single Anti-dependency Cycles (read skew)"),
    G2_ITEM("G2-item", "Item Anti-dependency Cycles (write skew)"),
    G2("G2", "Anti-Dependency Cycles (write skew on predicate read)");

    final String label;
    final String description;

    Anomaly(String label, String description) {
      this.label = label;
      this.description = description;
    }
  }

  enum Verdict { PREVENTED, POSSIBLE }

  /** What one run of a case observed: the verdict and how it came about. */
  record Result(Verdict verdict, String how) {
    @Override
    public String toString() {
      return (verdict == Verdict.PREVENTED ? "prevented" : "possible") + " (" + how + ")";
    }
  }

  static Result prevented(String how) {
    return new Result(Verdict.PREVENTED, how);
  }

  static Result possible(String how) {
    return new Result(Verdict.POSSIBLE, how);
  }

  interface Body {
    Result run(Steps s) throws Exception;
  }

  /** One Hermitage test script; {@code expected} is indexed by {@link Level#ordinal()}. */
  record Case(Anomaly anomaly, String variant, int transactions, Verdict[] expected, Body body) {
    Verdict expected(Level level) {
      return expected[level.ordinal()];
    }

    String name() {
      return anomaly.label + (variant.isEmpty() ? "" : " (" + variant + ")");
    }

    Result run(Level level) throws Exception {
      try (Steps s = Steps.hermitage(anomaly.label.replace('-', '_') + "_" + level.ordinal(), level, transactions)) {
        return body.run(s);
      }
    }
  }

  private static final Verdict P = Verdict.PREVENTED;
  private static final Verdict A = Verdict.POSSIBLE; // "anomaly"

  private static Case c(Anomaly a, String variant, int txs, Verdict rc, Verdict rr, Verdict ser, Body body) {
    return new Case(a, variant, txs, new Verdict[] {rc, rr, ser}, body);
  }

  static final List<Case> CASES = List.of(
      c(Anomaly.G0, "", 2, P, P, P, Hermitage::g0),
      c(Anomaly.G1A, "", 2, P, P, P, Hermitage::g1a),
      c(Anomaly.G1B, "", 2, P, P, P, Hermitage::g1b),
      c(Anomaly.G1C, "", 2, P, P, P, Hermitage::g1c),
      c(Anomaly.OTV, "", 3, P, P, P, Hermitage::otv),
      c(Anomaly.PMP, "read predicate", 2, A, P, P, Hermitage::pmpRead),
      // PostgreSQL's read committed lets this one happen (the DELETE re-checks only the row it
      // waited for, against a predicate evaluated on the old snapshot). BeamDB re-runs the whole
      // statement on a fresh snapshot after a write conflict (as Oracle does), so the DELETE sees
      // T1's result consistently and deletes row 1: PMP is prevented for write predicates at
      // READ COMMITTED, and the PMP cell at READ COMMITTED is "some" (PostgreSQL: "—").
      c(Anomaly.PMP, "write predicate", 2, P, P, P, Hermitage::pmpWrite),
      c(Anomaly.P4, "", 2, A, P, P, Hermitage::p4),
      c(Anomaly.G_SINGLE, "", 2, A, P, P, Hermitage::gSingle),
      c(Anomaly.G_SINGLE, "predicate dependencies", 2, A, P, P, Hermitage::gSinglePredicate),
      c(Anomaly.G_SINGLE, "write predicate", 2, A, P, P, Hermitage::gSingleWritePredicate),
      c(Anomaly.G2_ITEM, "", 2, A, A, P, Hermitage::g2Item),
      c(Anomaly.G2, "predicate", 2, A, A, P, Hermitage::g2Predicate),
      c(Anomaly.G2, "Fekete et al., two anti-dependency edges", 3, A, A, P, Hermitage::g2Fekete));

  // ---------------------------------------------------------------------------------------------
  // The scripts. Step texts are Hermitage's (postgres.md); "-- BLOCKS" steps use s.blocks().

  /** G0: T2's write of row 1 waits for T1; the final state is one of the serial outcomes. */
  static Result g0(Steps s) {
    s.ok(1, "update test set value = 11 where id = 1");
    Pending t2 = s.blocks(2, "update test set value = 12 where id = 1");
    s.ok(1, "update test set value = 21 where id = 2");
    s.ok(1, "commit"); // unblocks T2
    Outcome o = t2.outcome();
    s.rows(1, "select * from test", "1=>11, 2=>21");
    s.ok(1, "commit");
    String how;
    if (o.isOk()) {
      // READ COMMITTED: T2's UPDATE re-reads the committed row 1 and overwrites it
      s.ok(2, "update test set value = 22 where id = 2");
      s.ok(2, "commit");
      how = "T2 waits for T1, then writes";
    } else {
      // REPEATABLE READ / SERIALIZABLE: first updater wins
      o.failed("40001");
      s.ok(2, "abort");
      how = "T2 waits for T1, then 40001";
    }
    String state = s.admin("select * from test").ok().rows;
    if (state.equals("1=>12, 2=>22") || state.equals("1=>11, 2=>21")) {
      return prevented(how);
    }
    return possible("final state " + state + " mixes T1 and T2");
  }

  /** G1a: T2 never sees the aborted T1's write. */
  static Result g1a(Steps s) {
    s.ok(1, "update test set value = 101 where id = 1");
    String r1 = s.ok(2, "select * from test").rows;
    s.ok(1, "abort");
    String r2 = s.ok(2, "select * from test").rows;
    s.ok(2, "commit");
    if (r1.contains("101") || r2.contains("101")) {
      return possible("T2 read the aborted write");
    }
    assertEquals("1=>10, 2=>20", r1);
    assertEquals("1=>10, 2=>20", r2);
    return prevented("T2 reads 1=>10 throughout");
  }

  /** G1b: T2 never sees T1's intermediate value 101. */
  static Result g1b(Steps s) {
    s.ok(1, "update test set value = 101 where id = 1");
    String r1 = s.ok(2, "select * from test").rows;
    s.ok(1, "update test set value = 11 where id = 1");
    s.ok(1, "commit");
    String r2 = s.ok(2, "select * from test").rows;
    s.ok(2, "commit");
    if (r1.contains("101") || r2.contains("101")) {
      return possible("T2 read an intermediate value");
    }
    assertEquals("1=>10, 2=>20", r1);
    assertEquals(s.level == READ_COMMITTED ? "1=>11, 2=>20" : "1=>10, 2=>20", r2, s::transcript);
    return prevented("T2 reads 10, then " + (s.level == READ_COMMITTED ? "the committed 11" : "10 (snapshot)"));
  }

  /** G1c: neither transaction sees the other's uncommitted write. */
  static Result g1c(Steps s) {
    s.ok(1, "update test set value = 11 where id = 1");
    s.ok(2, "update test set value = 22 where id = 2");
    String t1 = s.ok(1, "select * from test where id = 2").rows;
    String t2 = s.ok(2, "select * from test where id = 1").rows;
    s.ok(1, "commit");
    // SERIALIZABLE: T2 read row 1, which T1 wrote and committed after T2's snapshot -> T2 is the
    // loser of this write skew (PostgreSQL's SSI aborts one of them too; Hermitage runs G1c at
    // read committed only)
    Outcome c2 = s.run(2, "commit").expect(s.level == SERIALIZABLE ? "40001" : null);
    if (t1.equals("2=>22") || t2.equals("1=>11")) {
      return possible("a transaction read the other's uncommitted write");
    }
    assertEquals("2=>20", t1);
    assertEquals("1=>10", t2);
    return prevented(c2.isOk() ? "no dirty reads" : "no dirty reads; T2 commit -> 40001");
  }

  /** OTV: once T3 has seen a transaction's write, it never again sees an older version. */
  static Result otv(Steps s) {
    s.ok(1, "update test set value = 11 where id = 1");
    s.ok(1, "update test set value = 19 where id = 2");
    Pending t2 = s.blocks(2, "update test set value = 12 where id = 1");
    s.ok(1, "commit"); // unblocks T2
    List<String> seen = new ArrayList<>();
    seen.add(s.ok(3, "select * from test where id = 1").rows);
    Outcome o = t2.outcome();
    boolean t2Alive = o.isOk();
    if (t2Alive) {
      s.ok(2, "update test set value = 18 where id = 2");
    } else {
      o.failed("40001"); // REPEATABLE READ / SERIALIZABLE: first updater wins
    }
    seen.add(s.ok(3, "select * from test where id = 2").rows);
    s.ok(2, t2Alive ? "commit" : "abort");
    seen.add(s.ok(3, "select * from test where id = 2").rows);
    seen.add(s.ok(3, "select * from test where id = 1").rows);
    s.ok(3, "commit");
    // version "generation" of each value: 0 = initial, 1 = T1's, 2 = T2's
    Map<String, Integer> generation = Map.of(
        "1=>10", 0, "2=>20", 0, "1=>11", 1, "2=>19", 1, "1=>12", 2, "2=>18", 2);
    int max = 0;
    for (String r : seen) {
      int g = generation.getOrDefault(r, -1);
      if (g < max) {
        return possible("T3 read " + seen);
      }
      max = g;
    }
    assertEquals(s.level == READ_COMMITTED
        ? List.of("1=>11", "2=>19", "2=>18", "1=>12")
        : List.of("1=>11", "2=>19", "2=>19", "1=>11"), seen, s::transcript);
    return prevented("T3 read " + String.join(", ", seen) + (t2Alive ? "" : "; T2 waits, then 40001"));
  }

  /** PMP: a predicate read does not see a row inserted and committed after the first read. */
  static Result pmpRead(Steps s) {
    s.rows(1, "select * from test where value = 30", "");
    s.ok(2, "insert into test (id, value) values(3, 30)");
    s.ok(2, "commit");
    String r = s.ok(1, "select * from test where value % 3 = 0").rows;
    s.ok(1, "commit");
    if (!r.isEmpty()) {
      assertEquals("3=>30", r);
      return possible("T1's second predicate read returns 3=>30");
    }
    return prevented("T1's second predicate read returns nothing");
  }

  /** PMP for write predicates (PostgreSQL documentation's example). */
  static Result pmpWrite(Steps s) {
    s.ok(1, "update test set value = value + 10").count(2);
    Pending t2 = s.blocks(2, "delete from test where value = 20");
    s.ok(1, "commit"); // unblocks T2
    Outcome d = t2.outcome();
    if (!d.isOk()) {
      d.failed("40001"); // REPEATABLE READ / SERIALIZABLE
      s.ok(2, "abort");
      s.admin("select * from test").rows("1=>20, 2=>30");
      return prevented("T2 waits, then 40001");
    }
    String r = s.ok(2, "select * from test where value = 20").rows;
    s.ok(2, "commit");
    if (r.equals("1=>20")) {
      return possible("T2's DELETE ... WHERE value = 20 leaves 1=>20");
    }
    // BeamDB READ COMMITTED: the DELETE restarted on a fresh snapshot and deleted row 1 (20)
    assertEquals("", r, s::transcript);
    d.count(1);
    s.admin("select * from test").rows("2=>30");
    return prevented("T2 waits, then its DELETE restarts and deletes 1=>20");
  }

  /** P4: T2 must not overwrite T1's committed update of a row T2 read before. */
  static Result p4(Steps s) {
    s.rows(1, "select * from test where id = 1", "1=>10");
    s.rows(2, "select * from test where id = 1", "1=>10");
    s.ok(1, "update test set value = 11 where id = 1");
    Pending t2 = s.blocks(2, "update test set value = 11 where id = 1");
    s.ok(1, "commit"); // unblocks T2
    Outcome o = t2.outcome();
    if (o.isOk()) {
      Outcome c = s.run(2, "commit");
      if (c.isOk()) {
        return possible("T2 waits, then overwrites T1's update");
      }
      c.failed("40001");
      return prevented("T2 commit -> 40001");
    }
    o.failed("40001");
    s.ok(2, "abort");
    return prevented("T2 waits, then 40001");
  }

  /** G-single (read skew). */
  static Result gSingle(Steps s) {
    s.rows(1, "select * from test where id = 1", "1=>10");
    s.rows(2, "select * from test where id = 1", "1=>10");
    s.rows(2, "select * from test where id = 2", "2=>20");
    s.ok(2, "update test set value = 12 where id = 1");
    s.ok(2, "update test set value = 18 where id = 2");
    s.ok(2, "commit");
    String r = s.ok(1, "select * from test where id = 2").rows;
    s.ok(1, "commit");
    if (r.equals("2=>18")) {
      return possible("T1 reads 1=>10, then 2=>18");
    }
    assertEquals("2=>20", r);
    return prevented("T1 reads 1=>10, then 2=>20");
  }

  /** G-single with predicate dependencies. */
  static Result gSinglePredicate(Steps s) {
    s.rows(1, "select * from test where value % 5 = 0", "1=>10, 2=>20");
    s.ok(2, "update test set value = 12 where value = 10").count(1);
    s.ok(2, "commit");
    String r = s.ok(1, "select * from test where value % 3 = 0").rows;
    s.ok(1, "commit");
    if (!r.isEmpty()) {
      assertEquals("1=>12", r);
      return possible("T1's second predicate read returns 1=>12");
    }
    return prevented("T1's second predicate read returns nothing");
  }

  /** G-single with a write predicate. */
  static Result gSingleWritePredicate(Steps s) {
    s.rows(1, "select * from test where id = 1", "1=>10");
    s.rows(2, "select * from test", "1=>10, 2=>20");
    s.ok(2, "update test set value = 12 where id = 1");
    s.ok(2, "update test set value = 18 where id = 2");
    s.ok(2, "commit");
    Outcome d = s.run(1, "delete from test where value = 20");
    if (!d.isOk()) {
      d.failed("40001");
      s.ok(1, "abort");
      s.admin("select * from test").rows("1=>12, 2=>18");
      return prevented("T1's DELETE -> 40001");
    }
    Outcome c = s.run(1, "commit");
    if (!c.isOk()) {
      c.failed("40001");
      return prevented("T1 commit -> 40001");
    }
    // READ COMMITTED: T1 read 1=>10 (before T2) and its DELETE saw 2=>18 (after T2)
    d.count(0);
    return possible("T1 read 1=>10, then its DELETE saw 2=>18 and deleted nothing");
  }

  /** G2-item (write skew). */
  static Result g2Item(Steps s) {
    s.rows(1, "select * from test where id in (1,2)", "1=>10, 2=>20");
    s.rows(2, "select * from test where id in (1,2)", "1=>10, 2=>20");
    s.ok(1, "update test set value = 11 where id = 1");
    s.ok(2, "update test set value = 21 where id = 2");
    s.ok(1, "commit");
    Outcome c2 = s.run(2, "commit");
    if (c2.isOk()) {
      s.admin("select * from test").rows("1=>11, 2=>21");
      return possible("both commit");
    }
    c2.failed("40001");
    s.admin("select * from test").rows("1=>11, 2=>20");
    return prevented("T2 commit -> 40001");
  }

  /** G2 (anti-dependency cycle on a predicate read). */
  static Result g2Predicate(Steps s) {
    s.rows(1, "select * from test where value % 3 = 0", "");
    s.rows(2, "select * from test where value % 3 = 0", "");
    s.ok(1, "insert into test (id, value) values(3, 30)");
    s.ok(2, "insert into test (id, value) values(4, 42)");
    s.ok(1, "commit");
    Outcome c2 = s.run(2, "commit");
    if (c2.isOk()) {
      s.admin("select * from test where value % 3 = 0").rows("3=>30, 4=>42");
      return possible("both commit");
    }
    c2.failed("40001");
    s.admin("select * from test where value % 3 = 0").rows("3=>30");
    return prevented("T2 commit -> 40001");
  }

  /** G2: Fekete et al.'s example with two anti-dependency edges (T3 is read-only). */
  static Result g2Fekete(Steps s) {
    s.rows(1, "select * from test", "1=>10, 2=>20");
    s.ok(2, "update test set value = value + 5 where id = 2");
    s.ok(2, "commit");
    s.rows(3, "select * from test", "1=>10, 2=>25");
    s.ok(3, "commit");
    Outcome u = s.run(1, "update test set value = 0 where id = 1");
    if (!u.isOk()) {
      u.failed("40001");
      return prevented("T1's UPDATE -> 40001");
    }
    Outcome c = s.run(1, "commit");
    if (c.isOk()) {
      return possible("all three commit");
    }
    // PostgreSQL aborts T1's UPDATE; BeamDB validates T1's reads when T1 commits: T2 wrote row 2,
    // which T1 read, after T1's snapshot -> 40001 at commit. Same outcome, one statement later.
    c.failed("40001");
    return prevented("T1 commit -> 40001 (PostgreSQL: at T1's UPDATE)");
  }

  // ---------------------------------------------------------------------------------------------
  // The matrix

  /** Runs every case at every level; a case that fails an assertion is recorded as an error. */
  static Map<Case, Map<Level, Object>> runAll() {
    Map<Case, Map<Level, Object>> out = new LinkedHashMap<>();
    for (Case c : CASES) {
      Map<Level, Object> row = new EnumMap<>(Level.class);
      for (Level l : Level.values()) {
        try {
          row.put(l, c.run(l));
        } catch (Throwable e) {
          row.put(l, e);
        }
      }
      out.put(c, row);
    }
    return out;
  }

  /** "✓" when every variant of the anomaly was prevented, "—" when every one happened, else "some"; "ERR" if a run failed. */
  static String cell(Map<Case, Map<Level, Object>> results, Anomaly a, Level l) {
    boolean prevented = false;
    boolean possible = false;
    for (Map.Entry<Case, Map<Level, Object>> e : results.entrySet()) {
      if (e.getKey().anomaly() != a) {
        continue;
      }
      Object r = e.getValue().get(l);
      if (!(r instanceof Result res)) {
        return "ERR";
      }
      if (res.verdict() == Verdict.PREVENTED) {
        prevented = true;
      } else {
        possible = true;
      }
    }
    return possible && prevented ? "some" : possible ? "—" : "✓";
  }

  private static final String[] SO_CALLED = {"\"read committed\" ★", "\"repeatable read\"", "\"serializable\""};
  private static final String[] ACTUAL = {"monotonic atomic view", "snapshot isolation", "serializable"};

  /** Hermitage's README table for the given results (columns padded as in Hermitage). */
  static String table(Map<Case, Map<Level, Object>> results) {
    StringBuilder b = new StringBuilder();
    b.append("| DBMS   | So-called isolation level | Actual isolation level |");
    for (Anomaly a : Anomaly.values()) {
      b.append(' ').append(a.label).append(" |");
    }
    b.append('\n').append("|:-------|:--------------------------|:-----------------------|");
    for (Anomaly a : Anomaly.values()) {
      b.append(":").append("-".repeat(a.label.length())).append(":|");
    }
    b.append('\n');
    for (Level l : Level.values()) {
      b.append(String.format("| %-6s | %-25s | %-22s |", l == READ_COMMITTED ? "BeamDB" : "", SO_CALLED[l.ordinal()], ACTUAL[l.ordinal()]));
      for (Anomaly a : Anomaly.values()) {
        String v = cell(results, a, l);
        b.append(' ').append(v).append(" ".repeat(Math.max(0, a.label.length() - v.length()))).append(" |");
      }
      b.append('\n');
    }
    return b.toString();
  }

  /** One line per case and level: what happened. */
  static String details(Map<Case, Map<Level, Object>> results) {
    StringBuilder b = new StringBuilder();
    for (Map.Entry<Case, Map<Level, Object>> e : results.entrySet()) {
      b.append(e.getKey().name()).append('\n');
      for (Level l : Level.values()) {
        b.append(String.format("  %-16s %s%n", l, e.getValue().get(l)));
      }
    }
    return b.toString();
  }

  /** Prints the matrix and the per-case details (the README's "Hermitage results" table). */
  public static void main(String[] args) {
    Map<Case, Map<Level, Object>> r = runAll();
    System.out.println(table(r));
    System.out.println(details(r));
  }
}
