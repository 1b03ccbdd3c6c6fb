package io.beamdb.difftest;

import io.beamdb.difftest.Ast.Expr;
import io.beamdb.difftest.Ast.Node;
import io.beamdb.difftest.Ast.OrderKey;
import io.beamdb.difftest.Ast.Query;
import io.beamdb.difftest.Ast.Select;
import io.beamdb.difftest.Db.Result;
import java.math.BigDecimal;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** The oracles: each check is an AST node (so it can be reduced) that runs itself. */
final class Checks {

  private Checks() {}

  /** How a check ended. */
  enum Status { OK, BOTH_ERROR, UNSUPPORTED, EXPLAINED, MISMATCH }

  /** The outcome of one check; {@code signature} identifies the kind of failure for the reducer. */
  record Verdict(Status status, String signature, String details) {
    static final Verdict OK = new Verdict(Status.OK, null, null);
    static final Verdict BOTH_ERROR = new Verdict(Status.BOTH_ERROR, null, null);

    static Verdict mismatch(String signature, String details) {
      return new Verdict(Status.MISMATCH, signature, details);
    }
  }

  /** A check: the oracle name, the statements it runs, and the run itself. */
  abstract static class Check extends Node {
    abstract String oracle();

    /**
     * Runs the check. {@code commit} false leaves both databases as they were (DML is rolled
     * back), as the reducer needs.
     */
    abstract Verdict run(Db beam, Db h2, boolean commit) throws SQLException;
  }

  /** The one-sided or two-sided error verdicts of a differential statement, or null when both ran. */
  static Verdict errors(Result b, Result h, String what) {
    if (b.failed() && h.failed()) {
      return Verdict.BOTH_ERROR;
    }
    if (b.failed()) {
      if ("0A000".equals(b.sqlState())) {
        return new Verdict(Status.UNSUPPORTED, "unsupported", b.error());
      }
      return Verdict.mismatch(what + ":beam-error:" + b.sqlState(), "BeamDB failed, H2 did not:\n  BeamDB: "
          + b.describe() + "\n  H2: " + h.describe());
    }
    if (h.failed()) {
      String known = KnownH2Issues.explain(h);
      if (known != null) {
        return new Verdict(Status.EXPLAINED, "explained", known);
      }
      return Verdict.mismatch(what + ":h2-error:" + h.sqlState(), "H2 failed, BeamDB did not:\n  BeamDB: "
          + b.describe() + "\n  H2: " + h.describe());
    }
    return null;
  }

  static boolean[] approx(Query q) {
    boolean[] a = new boolean[q.width()];
    for (int i = 0; i < a.length; i++) {
      a[i] = q.approx(i);
    }
    return a;
  }

  static List<Integer> orderKeys(Query q) {
    List<Integer> keys = new ArrayList<>();
    for (OrderKey k : q.orderBy()) {
      keys.add(k.ordinal() - 1);
    }
    return keys;
  }

  /** Runs a query on both engines and compares the results. */
  static final class DiffQuery extends Check {
    final Query query;

    DiffQuery(Query query) {
      this.query = query;
    }

    @Override
    String oracle() {
      return "diff-query";
    }

    @Override
    String sql() {
      return query.sql();
    }

    @Override
    List<Node> kids() {
      return List.of(query);
    }

    @Override
    Node withKid(int i, Node kid) {
      return new DiffQuery((Query) kid);
    }

    @Override
    Verdict run(Db beam, Db h2, boolean commit) {
      String sql = query.sql();
      Result b = beam.query(sql);
      Result h = h2.query(sql);
      Verdict v = errors(b, h, "query");
      if (v != null) {
        return v;
      }
      String diff = Normalizer.compare(b.rows(), h.rows(), approx(query), orderKeys(query), query.fullyOrdered());
      if (diff == null) {
        return Verdict.OK;
      }
      return Verdict.mismatch("query:rows", diff + "\n  BeamDB: " + b.describe() + "\n  H2: " + h.describe());
    }
  }

  /** UPDATE/DELETE on both engines: same update count, then the same table contents. */
  static final class DiffDml extends Check {
    final Generator.Dml dml;

    DiffDml(Generator.Dml dml) {
      this.dml = dml;
    }

    @Override
    String oracle() {
      return "diff-dml";
    }

    @Override
    String sql() {
      return dml.sql() + ";\nSELECT * FROM " + dml.table;
    }

    @Override
    List<Node> kids() {
      return List.of(dml);
    }

    @Override
    Node withKid(int i, Node kid) {
      return new DiffDml((Generator.Dml) kid);
    }

    @Override
    Verdict run(Db beam, Db h2, boolean commit) throws SQLException {
      beam.connection().setAutoCommit(false);
      h2.connection().setAutoCommit(false);
      Verdict v = null;
      try {
        v = compare(beam, h2);
        return v;
      } finally {
        // keep the change only when both engines agree; otherwise (one failed, or a
        // mismatch) roll both back so that the round goes on from identical databases
        if (commit && v != null && (v.status() == Status.OK || v.status() == Status.BOTH_ERROR)) {
          beam.connection().commit();
          h2.connection().commit();
        } else {
          beam.connection().rollback();
          h2.connection().rollback();
        }
        beam.connection().setAutoCommit(true);
        h2.connection().setAutoCommit(true);
      }
    }

    private Verdict compare(Db beam, Db h2) {
      String sql = dml.sql();
      Result b = beam.update(sql);
      Result h = h2.update(sql);
      Verdict v = errors(b, h, "dml");
      if (v != null) {
        return v;
      }
      if (b.updateCount() != h.updateCount()) {
        return Verdict.mismatch("dml:count", "update counts differ: BeamDB " + b.updateCount() + ", H2 " + h.updateCount());
      }
      String select = "SELECT * FROM " + dml.table;
      Result bt = beam.query(select);
      Result ht = h2.query(select);
      Verdict ve = errors(bt, ht, "dml-table");
      if (ve != null) {
        return ve.status() == Status.BOTH_ERROR ? Verdict.mismatch("dml-table:both-error", bt.describe()) : ve;
      }
      String diff = Normalizer.compare(bt.rows(), ht.rows(), new boolean[0], List.of(), false);
      if (diff != null) {
        return Verdict.mismatch("dml:table", "table " + dml.table + " differs after the statement: " + diff
            + "\n  BeamDB: " + bt.describe() + "\n  H2: " + ht.describe());
      }
      return Verdict.OK;
    }
  }

  /** Runs the queries on BeamDB; null when any failed (the failures are in {@code errors}). */
  private static List<Result> runAll(Db db, List<String> sqls, List<Result> errors) {
    List<Result> out = new ArrayList<>();
    for (String s : sqls) {
      Result r = db.query(s);
      if (r.failed()) {
        errors.add(r);
      }
      out.add(r);
    }
    return out;
  }

  /** Verdict for queries of an oracle where some failed: all failing is fine, some is not. */
  private static Verdict oracleErrors(List<Result> errors, int total, String oracle) {
    Result first = errors.get(0);
    if ("0A000".equals(first.sqlState())) {
      return new Verdict(Status.UNSUPPORTED, "unsupported", first.error());
    }
    if (errors.size() == total || first.sqlState().startsWith("22")) {
      // a data exception (overflow) in a predicate that only the filtered queries evaluate
      return Verdict.BOTH_ERROR;
    }
    return Verdict.mismatch(oracle + ":partial-error:" + errors.get(0).sqlState(),
        "some of the oracle's queries failed: " + errors.get(0).describe());
  }

  /** Ternary logic partitioning: p, NOT p and p IS NULL partition the rows (or groups). */
  static final class Tlp extends Check {
    /** WHERE, DISTINCT, AGGREGATE (MIN/MAX/SUM/COUNT of one item) or HAVING. */
    final String variant;
    final Select base;
    final Expr p;

    Tlp(String variant, Select base, Expr p) {
      this.variant = variant;
      this.base = base;
      this.p = p;
    }

    @Override
    String oracle() {
      return "tlp-" + variant.toLowerCase();
    }

    List<String> queries() {
      Expr notP = Expr.of("(NOT %s)", SqlType.BOOL, p);
      Expr nullP = Expr.of("(%s IS NULL)", SqlType.BOOL, p);
      List<String> out = new ArrayList<>();
      out.add(base.sql());
      for (Expr part : List.of(p, notP, nullP)) {
        out.add((variant.equals("HAVING") ? base.withHaving(part) : base.withWhere(part)).sql());
      }
      return out;
    }

    @Override
    String sql() {
      return String.join(";\n", queries());
    }

    @Override
    List<Node> kids() {
      return List.of(base, p);
    }

    @Override
    Node withKid(int i, Node kid) {
      return i == 0 ? new Tlp(variant, (Select) kid, p) : new Tlp(variant, base, (Expr) kid);
    }

    @Override
    Verdict run(Db beam, Db h2, boolean commit) {
      List<Result> errors = new ArrayList<>();
      List<Result> rs = runAll(beam, queries(), errors);
      if (!errors.isEmpty()) {
        return oracleErrors(errors, rs.size(), oracle());
      }
      List<List<Object>> whole = rs.get(0).rows();
      List<List<Object>> parts = new ArrayList<>();
      for (int i = 1; i < 4; i++) {
        parts.addAll(rs.get(i).rows());
      }
      boolean[] approx = approx(base);
      String diff;
      switch (variant) {
        case "DISTINCT": {
          diff = Normalizer.compare(whole, distinct(parts, approx), approx, List.of(), false);
          break;
        }
        case "AGGREGATE": {
          Object combined = combine(base.items.get(0).template, parts);
          diff = Normalizer.compare(whole, List.of(java.util.Collections.singletonList(combined)), approx, List.of(), false);
          break;
        }
        default:
          diff = Normalizer.compare(whole, parts, approx, List.of(), false);
      }
      if (diff == null) {
        return Verdict.OK;
      }
      StringBuilder d = new StringBuilder(diff).append("\n  whole: ").append(rs.get(0).describe());
      for (int i = 1; i < 4; i++) {
        d.append("\n  part ").append(i).append(": ").append(rs.get(i).describe());
      }
      return Verdict.mismatch(oracle() + ":rows", d.toString());
    }

    private static List<List<Object>> distinct(List<List<Object>> rows, boolean[] approx) {
      List<List<Object>> out = new ArrayList<>();
      java.util.Set<List<Object>> seen = new java.util.HashSet<>();
      for (List<Object> r : rows) {
        List<Object> key = new ArrayList<>();
        for (int i = 0; i < r.size(); i++) {
          key.add(Normalizer.norm(r.get(i), approx[i]));
        }
        if (seen.add(key)) {
          out.add(r);
        }
      }
      return out;
    }

    /** Combines the partial aggregates of the three partitions. */
    private static Object combine(String aggregate, List<List<Object>> parts) {
      String fn = aggregate.substring(0, aggregate.indexOf('('));
      Object acc = null;
      for (List<Object> r : parts) {
        Object v = r.get(0);
        if (v == null) {
          continue;
        }
        if (acc == null) {
          acc = v;
          continue;
        }
        switch (fn) {
          case "MIN":
          case "MAX": {
            int c = compareValues(v, acc);
            if (fn.equals("MIN") ? c < 0 : c > 0) {
              acc = v;
            }
            break;
          }
          default: // SUM, COUNT
            acc = toDecimal(acc).add(toDecimal(v));
        }
      }
      if (acc == null && fn.equals("COUNT")) {
        return 0L;
      }
      return acc;
    }

    @SuppressWarnings({"unchecked", "rawtypes"})
    private static int compareValues(Object a, Object b) {
      if (a instanceof Number && b instanceof Number) {
        return toDecimal(a).compareTo(toDecimal(b));
      }
      return ((Comparable) a).compareTo(b);
    }

    private static BigDecimal toDecimal(Object v) {
      if (v instanceof BigDecimal b) {
        return b;
      }
      if (v instanceof Double || v instanceof Float) {
        return BigDecimal.valueOf(((Number) v).doubleValue());
      }
      return BigDecimal.valueOf(((Number) v).longValue());
    }
  }

  /** NoREC: COUNT(*) ... WHERE p equals SUM(CASE WHEN p THEN 1 ELSE 0 END) over the unfiltered rows. */
  static final class NoRec extends Check {
    final Select base;
    final Expr p;

    NoRec(Select base, Expr p) {
      this.base = base;
      this.p = p;
    }

    @Override
    String oracle() {
      return "norec";
    }

    List<String> queries() {
      Select optimized = base.withItems(List.of(new Expr("COUNT(*)", SqlType.BIGINT, false, true, List.of())))
          .withWhere(p);
      Select unoptimized = base.withWhere(null).withItems(List.of(
          new Expr("SUM(CASE WHEN %s THEN 1 ELSE 0 END)", SqlType.BIGINT, false, true, List.of(p))));
      return List.of(optimized.sql(), unoptimized.sql());
    }

    @Override
    String sql() {
      return String.join(";\n", queries());
    }

    @Override
    List<Node> kids() {
      return List.of(base, p);
    }

    @Override
    Node withKid(int i, Node kid) {
      return i == 0 ? new NoRec((Select) kid, p) : new NoRec(base, (Expr) kid);
    }

    @Override
    Verdict run(Db beam, Db h2, boolean commit) {
      List<Result> errors = new ArrayList<>();
      List<Result> rs = runAll(beam, queries(), errors);
      if (!errors.isEmpty()) {
        return oracleErrors(errors, rs.size(), oracle());
      }
      long a = count(rs.get(0));
      long b = count(rs.get(1));
      if (a == b) {
        return Verdict.OK;
      }
      return Verdict.mismatch("norec:count", "COUNT(*) WHERE p = " + a + ", SUM(CASE WHEN p ...) = " + b);
    }

    private static long count(Result r) {
      Object v = r.rows().isEmpty() ? null : r.rows().get(0).get(0);
      return v == null ? 0 : ((Number) v).longValue();
    }
  }
}
