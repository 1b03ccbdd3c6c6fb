package io.beamdb.difftest;

import io.beamdb.difftest.Ast.Expr;
import io.beamdb.difftest.Ast.Select;
import io.beamdb.difftest.Checks.Check;
import io.beamdb.difftest.Checks.Status;
import io.beamdb.difftest.Checks.Verdict;
import io.beamdb.difftest.Db.Result;
import java.io.PrintWriter;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;

/**
 * Differential fuzzing of BeamDB against H2 plus the TLP and NoREC oracles on BeamDB alone.
 *
 * <p>A run is a sequence of rounds. Each round has its own seed (drawn from the run's seed, or
 * given with {@link Options#roundSeed} to replay one round): it creates a random schema in a
 * fresh private in-memory database of each engine, inserts the same rows into both, then runs
 * {@link Options#checksPerRound} checks. A check is one generated query (or UPDATE/DELETE)
 * with its oracle. A mismatch is reduced ({@link Reducer}) and reported with its round seed.
 */
public final class Fuzzer {

  private static final System.Logger LOG = System.getLogger(Fuzzer.class.getName());

  /**
   * What to run.
   *
   * @param seed seed of the run (round seeds are drawn from it)
   * @param roundSeed when non-null, run only the round with this seed
   * @param seconds stop starting rounds after this many seconds (0: no limit)
   * @param maxChecks stop after this many checks (0: no limit)
   * @param checksPerRound checks per schema
   * @param reduce reduce mismatches (at most {@code maxReports} of them)
   * @param maxReports mismatches reduced and kept in the report; later ones are only counted
   * @param avoidKnownIssues steer clear of known open BeamDB issues and count planner failures
   *     of known kinds as "known" instead of mismatches ({@link KnownBeamIssues})
   */
  public record Options(long seed, Long roundSeed, long seconds, long maxChecks, int checksPerRound,
      boolean reduce, int maxReports, boolean avoidKnownIssues) {
    public static Options defaults(long seed) {
      return new Options(seed, null, 0, 0, 60, true, 20, true);
    }

    public Options withSeconds(long s) {
      return new Options(seed, roundSeed, s, maxChecks, checksPerRound, reduce, maxReports, avoidKnownIssues);
    }

    public Options withMaxChecks(long n) {
      return new Options(seed, roundSeed, seconds, n, checksPerRound, reduce, maxReports, avoidKnownIssues);
    }

    public Options withRoundSeed(Long r) {
      return new Options(seed, r, seconds, maxChecks, checksPerRound, reduce, maxReports, avoidKnownIssues);
    }

    public Options withReduce(boolean r) {
      return new Options(seed, roundSeed, seconds, maxChecks, checksPerRound, r, maxReports, avoidKnownIssues);
    }

    public Options withAvoidKnownIssues(boolean a) {
      return new Options(seed, roundSeed, seconds, maxChecks, checksPerRound, reduce, maxReports, a);
    }
  }

  /** Per-oracle counts. */
  public static final class Counts {
    long checks;
    long ok;
    long bothError;
    long unsupported;
    long explained;
    long known;
    long mismatches;

    public long checks() {
      return checks;
    }

    public long mismatches() {
      return mismatches;
    }

    @Override
    public String toString() {
      return String.format("%8d checks, %8d ok, %5d both failed, %5d unsupported, %5d explained, %5d known, %4d mismatches",
          checks, ok, bothError, unsupported, explained, known, mismatches);
    }
  }

  /**
   * One mismatch: the round that found it, what failed, and the reduced script (setup
   * statements then the check's statements) when it was reduced.
   */
  public record Mismatch(long roundSeed, String oracle, String signature, String details, String original,
      String reduced, String reducedDetails) {
    public String describe() {
      StringBuilder sb = new StringBuilder();
      sb.append("MISMATCH ").append(oracle).append(" (").append(signature).append(") in round ")
          .append(roundSeed).append(" (replay: beam fuzz --round-seed ").append(roundSeed).append(")\n");
      sb.append("  check: ").append(original.replace("\n", "\n         ")).append('\n');
      sb.append("  ").append(details.replace("\n", "\n  ")).append('\n');
      if (reduced != null) {
        sb.append("  reduced:\n    ").append(reduced.replace("\n", "\n    ")).append('\n');
        sb.append("  reduced outcome: ").append(reducedDetails == null ? "-" : reducedDetails.replace("\n", "\n  ")).append('\n');
      }
      return sb.toString();
    }
  }

  /** The outcome of a run. */
  public static final class Report {
    final Map<String, Counts> counts = new LinkedHashMap<>();
    final List<Mismatch> mismatches = new ArrayList<>();
    final Map<String, Integer> unsupported = new LinkedHashMap<>();
    final Map<String, String> unsupportedExamples = new LinkedHashMap<>();
    final Map<String, Integer> explained = new LinkedHashMap<>();
    final Map<String, Integer> known = new LinkedHashMap<>();
    long rounds;
    long statements;
    long millis;

    public Map<String, Counts> counts() {
      return counts;
    }

    public List<Mismatch> mismatches() {
      return mismatches;
    }

    public long totalChecks() {
      return counts.values().stream().mapToLong(c -> c.checks).sum();
    }

    public long totalMismatches() {
      return counts.values().stream().mapToLong(c -> c.mismatches).sum();
    }

    public String summary() {
      StringBuilder sb = new StringBuilder();
      sb.append(String.format("%d rounds, %d checks, %d SQL statements, %d mismatches in %.1f s%n",
          rounds, totalChecks(), statements, totalMismatches(), millis / 1000.0));
      for (Map.Entry<String, Counts> e : counts.entrySet()) {
        sb.append(String.format("  %-14s %s%n", e.getKey(), e.getValue()));
      }
      if (!unsupported.isEmpty()) {
        sb.append("  unsupported in BeamDB (0A000), by message:\n");
        unsupported.entrySet().stream().sorted((a, b) -> b.getValue() - a.getValue()).limit(10)
            .forEach(e -> sb.append(String.format("    %6d  %s%n            e.g. %s%n", e.getValue(), e.getKey(),
                unsupportedExamples.get(e.getKey()))));
      }
      if (!known.isEmpty()) {
        sb.append("  known open BeamDB issues (see KnownBeamIssues and the disabled regression tests):\n");
        known.forEach((k, v) -> sb.append(String.format("    %6d  %s%n", v, k)));
      }
      if (!explained.isEmpty()) {
        sb.append("  explained differences (known H2 issues, see KnownH2Issues):\n");
        explained.forEach((k, v) -> sb.append(String.format("    %6d  %s%n", v, k)));
      }
      return sb.toString();
    }
  }

  private final Options options;
  private final PrintWriter progress;
  private final Report report = new Report();
  private final Set<String> reportedSignatures = new LinkedHashSet<>();
  private int reducedCount;

  /** @param progress where to print progress and mismatches as they are found (may be null) */
  public Fuzzer(Options options, PrintWriter progress) {
    this.options = options;
    this.progress = progress;
    for (String o : List.of("diff-query", "diff-dml", "tlp-where", "tlp-distinct", "tlp-aggregate", "tlp-having", "norec")) {
      report.counts.put(o, new Counts());
    }
  }

  /**
   * Minimal entry point without the CLI: {@code Fuzzer SEED SECONDS [ROUND_SEED|-] [MAX_REPORTS]};
   * prints mismatches and the summary, exits 1 on mismatches.
   */
  public static void main(String[] args) throws SQLException {
    Options o = Options.defaults(Long.parseLong(args[0])).withSeconds(Long.parseLong(args[1]));
    if (args.length > 2 && !args[2].equals("-")) {
      o = o.withRoundSeed(Long.parseLong(args[2]));
    }
    if (args.length > 3) {
      o = new Options(o.seed(), o.roundSeed(), o.seconds(), o.maxChecks(), o.checksPerRound(), o.reduce(),
          Integer.parseInt(args[3]), o.avoidKnownIssues());
    }
    PrintWriter out = new PrintWriter(System.out, true);
    Report r = new Fuzzer(o, out).run();
    out.print(r.summary());
    out.flush();
    System.exit(r.totalMismatches() == 0 ? 0 : 1);
  }

  /** Runs the fuzzer until the time or check limit (or the single replayed round) is done. */
  public Report run() throws SQLException {
    long start = System.nanoTime();
    Random master = new Random(options.seed());
    try (Db beam = Db.beam(); Db h2 = Db.h2()) {
      while (true) {
        long roundSeed = options.roundSeed() != null ? options.roundSeed() : master.nextLong();
        round(roundSeed, beam, h2, start);
        report.rounds++;
        if (options.roundSeed() != null || limitReached(start)) {
          break;
        }
        if (progress != null && report.rounds % 100 == 0) {
          progress.printf("... %d rounds, %d checks, %d mismatches, %.0f s%n", report.rounds, report.totalChecks(),
              report.totalMismatches(), (System.nanoTime() - start) / 1e9);
          progress.flush();
        }
      }
    }
    report.millis = (System.nanoTime() - start) / 1_000_000;
    return report;
  }

  private boolean limitReached(long start) {
    if (options.maxChecks() > 0 && report.totalChecks() >= options.maxChecks()) {
      return true;
    }
    return options.seconds() > 0 && System.nanoTime() - start >= options.seconds() * 1_000_000_000L;
  }

  private void round(long roundSeed, Db beam, Db h2, long start) throws SQLException {
    beam.reset();
    h2.reset();
    Generator g = new Generator(roundSeed, options.avoidKnownIssues());
    g.schema();
    List<String> setup = new ArrayList<>();
    List<String> statements = new ArrayList<>(g.ddl);
    statements.addAll(g.rows());
    if ((roundSeed & 1) == 0) {
      // half of the rounds plan with table statistics (BeamDB's cost-based access paths, index
      // nested-loop joins); H2 accepts ANALYZE too
      statements.add("ANALYZE");
    }
    for (String s : statements) {
      Result b = beam.update(s);
      Result h = h2.update(s);
      report.statements += 2;
      if (b.failed() != h.failed()) {
        Verdict v = Checks.errors(b, h, "setup");
        Counts c = report.counts.get("diff-dml");
        c.checks++;
        if (v.status() == Status.UNSUPPORTED) {
          c.unsupported++;
          return;
        }
        c.mismatches++;
        record(roundSeed, "diff-dml", v, s, null, setup);
        return;
      }
      if (b.failed()) {
        // both refused (e.g. an index on a type the engine cannot index): leave it out
        LOG.log(System.Logger.Level.DEBUG, "setup statement failed on both engines: {0}: {1}", s, b.error());
        continue;
      }
      setup.add(s);
    }
    for (int i = 0; i < options.checksPerRound(); i++) {
      if (limitReached(start)) {
        return;
      }
      Check check = nextCheck(g);
      Counts c = report.counts.get(check.oracle());
      c.checks++;
      Verdict v = check.run(beam, h2, true);
      report.statements += check instanceof Checks.DiffQuery ? 2 : check instanceof Checks.DiffDml ? 4 : check instanceof Checks.NoRec ? 2 : 4;
      switch (v.status()) {
        case OK:
          c.ok++;
          if (check instanceof Checks.DiffDml d) {
            setup.add(d.dml.sql());
          }
          break;
        case BOTH_ERROR:
          c.bothError++;
          break;
        case UNSUPPORTED:
          c.unsupported++;
          report.unsupported.merge(firstLine(v.details()), 1, Integer::sum);
          report.unsupportedExamples.putIfAbsent(firstLine(v.details()), check.sql().replace("\n", " "));
          break;
        case EXPLAINED:
          c.explained++;
          report.explained.merge(v.details(), 1, Integer::sum);
          break;
        default: {
          String known = options.avoidKnownIssues() ? KnownBeamIssues.explain(v) : null;
          if (known != null) {
            c.known++;
            report.known.merge(known, 1, Integer::sum);
            break;
          }
          c.mismatches++;
          // a DML mismatch was rolled back on both engines, so the round goes on
          record(roundSeed, check.oracle(), v, null, check, setup);
        }
      }
    }
  }

  private static String firstLine(String s) {
    if (s == null) {
      return "?";
    }
    int nl = s.indexOf('\n');
    String line = nl < 0 ? s : s.substring(0, nl);
    return line.length() > 160 ? line.substring(0, 160) : line;
  }

  private Check nextCheck(Generator g) {
    int k = g.rnd.nextInt(100);
    if (k < 45) {
      return new Checks.DiffQuery(g.query());
    }
    if (k < 55) {
      return new Checks.DiffDml(g.dml());
    }
    if (k < 75) {
      Select base = g.plainSelect(false).withWhere(null).withDistinct(false);
      Expr p = g.predicate(scopeOf(g, base));
      return new Checks.Tlp("WHERE", base, p);
    }
    if (k < 80) {
      Select base = g.plainSelect(false).withWhere(null).withDistinct(true);
      base = g.avoidConstantDistinct(base, scopeOf(g, base));
      return new Checks.Tlp("DISTINCT", base, g.predicateWithoutSubqueries(scopeOf(g, base)));
    }
    if (k < 85) {
      Select base = g.plainSelect(false).withWhere(null).withDistinct(false);
      List<Generator.Scoped> scope = scopeOf(g, base);
      SqlType t = g.pick(SqlType.INT, SqlType.BIGINT, SqlType.DEC, SqlType.DOUBLE, SqlType.VARCHAR, SqlType.DATE);
      String fn = g.pick("MIN", "MAX", "SUM", "COUNT");
      if (fn.equals("SUM") && !t.isNumeric()) {
        fn = "COUNT";
      }
      Expr arg = g.expr(t, 2, g.columns(scope), scope);
      Expr agg = new Expr(fn + "(%s)", fn.equals("COUNT") ? SqlType.BIGINT : t, false, true, List.of(arg));
      return new Checks.Tlp("AGGREGATE", base.withItems(List.of(agg)), g.predicate(scope));
    }
    if (k < 90) {
      Select base = g.groupedSelect(false).withHaving(null);
      if (base.groupBy.isEmpty()) {
        // without GROUP BY, HAVING turns a non-aggregate select into one group: not a partition
        return new Checks.DiffQuery(base);
      }
      List<Generator.Scoped> scope = scopeOf(g, base);
      Expr p = g.expr(SqlType.BOOL, 2, g.aggregateLeaves(base.groupBy, scope), List.of());
      return new Checks.Tlp("HAVING", base, p);
    }
    Select base = g.plainSelect(false).withWhere(null);
    return new Checks.NoRec(base, g.predicate(scopeOf(g, base)));
  }

  /** The aliases of a generated select's FROM clause. */
  private static List<Generator.Scoped> scopeOf(Generator g, Select s) {
    List<Generator.Scoped> scope = new ArrayList<>();
    for (Ast.From f : s.from) {
      for (Generator.Table t : g.tables) {
        if (t.name().equals(f.table())) {
          scope.add(new Generator.Scoped(f.alias(), t));
        }
      }
    }
    return scope;
  }

  private void record(long roundSeed, String oracle, Verdict v, String statement, Check check, List<String> setup)
      throws SQLException {
    String original = check != null ? check.sql() : statement;
    String reduced = null;
    String reducedDetails = null;
    boolean fresh = reportedSignatures.add(oracle + "/" + v.signature());
    if (check != null && options.reduce() && reducedCount < options.maxReports()) {
      reducedCount++;
      // the reducer works on its own databases, so the round's state is untouched
      try (Db beam = Db.beam(); Db h2 = Db.h2()) {
        Reducer.Case c = new Reducer(beam, h2, 2000).reduce(setup, check, v.signature());
        reduced = c.script();
        reducedDetails = c.verdict().details();
      }
    }
    Mismatch m = new Mismatch(roundSeed, oracle, v.signature(), v.details(), original, reduced, reducedDetails);
    if (report.mismatches.size() < Math.max(options.maxReports(), 1) * 5) {
      report.mismatches.add(m);
    }
    if (progress != null && (fresh || reduced != null)) {
      progress.println(m.describe());
      progress.flush();
    }
  }
}
