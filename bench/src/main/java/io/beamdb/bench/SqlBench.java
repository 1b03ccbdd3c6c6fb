package io.beamdb.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.stream.Stream;

/**
 * OLTP micro-workloads run against BeamDB, H2, HSQLDB and SQLite in the same JVM and the same
 * run, each through plain JDBC on an on-disk database in a fresh temporary directory, one
 * client thread. Prints throughput, p50/p99 latency and the ratio to H2 for each workload.
 *
 * <p>Workloads: {@code load} (rows inserted with a PreparedStatement, commit every 1,000 rows),
 * {@code point-select} (random primary key, PreparedStatement), {@code point-update}
 * (autocommit {@code UPDATE ... SET n = n + 1 WHERE id = ?}), {@code insert} (autocommit
 * single-row insert), {@code statement-select} (plain Statement with literals, exercising the
 * plan cache).
 *
 * <p>Durability differs by engine and is printed with the results: BeamDB SYNC=FULL fsyncs every
 * commit, SYNC=NORMAL does not; H2 2.x never fsyncs on commit (its default write delay is
 * 500 ms); HSQLDB runs with {@code hsqldb.write_delay=false} (log flushed every commit); SQLite
 * runs in WAL mode with {@code synchronous=FULL} (fsync every commit) or NORMAL.
 *
 * <p>Usage: {@code SqlBench [--rows N] [--seconds S] [--engines beam-full,beam-normal,h2,hsqldb,sqlite-full]}.
 * Not thread-safe; a command-line program.
 */
public final class SqlBench {
  private SqlBench() {
  }

  /** An engine under test: JDBC URL template ({@code %s} = directory) and a durability note. */
  record Engine(String name, String url, String durability, List<String> setup) {
  }

  /** One measurement. */
  record Result(double opsPerSec, double p50Micros, double p99Micros) {
  }

  public static void main(String[] args) throws Exception {
    int rows = 100_000;
    double seconds = 5;
    String engines = "beam-full,beam-normal,h2,hsqldb,sqlite-full,sqlite-normal";
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--rows": rows = Integer.parseInt(args[++i]); break;
        case "--seconds": seconds = Double.parseDouble(args[++i]); break;
        case "--engines": engines = args[++i]; break;
        default:
          System.err.println("usage: SqlBench [--rows N] [--seconds S] [--engines a,b,...]");
          System.exit(2);
      }
    }
    Map<String, Engine> all = new LinkedHashMap<>();
    all.put("beam-full", new Engine("BeamDB SYNC=FULL", "jdbc:beam:file:%s/beam;SYNC=FULL", "fsync per commit", List.of()));
    all.put("beam-normal", new Engine("BeamDB SYNC=NORMAL", "jdbc:beam:file:%s/beam;SYNC=NORMAL", "no fsync per commit (background, ~1 s)", List.of()));
    all.put("h2", new Engine("H2 " + org.h2.engine.Constants.FULL_VERSION, "jdbc:h2:file:%s/h2/db", "no fsync per commit (write delay 500 ms)", List.of()));
    all.put("hsqldb", new Engine("HSQLDB 2.7", "jdbc:hsqldb:file:%s/hs/db;hsqldb.write_delay=false;shutdown=true", "log flushed per commit", List.of("SET DATABASE DEFAULT TABLE TYPE CACHED")));
    all.put("sqlite-full", new Engine("SQLite WAL synchronous=FULL", "jdbc:sqlite:%s/s.db", "fsync per commit", List.of("PRAGMA journal_mode=WAL", "PRAGMA synchronous=FULL")));
    all.put("sqlite-normal", new Engine("SQLite WAL synchronous=NORMAL", "jdbc:sqlite:%s/s.db", "no fsync per commit", List.of("PRAGMA journal_mode=WAL", "PRAGMA synchronous=NORMAL")));
    List<String> workloads = List.of("load", "point-select", "statement-select", "point-update", "insert");
    Map<String, Map<String, Result>> results = new LinkedHashMap<>();
    List<Engine> chosen = new ArrayList<>();
    for (String e : engines.split(",")) {
      Engine eng = all.get(e.trim());
      if (eng == null) {
        throw new IllegalArgumentException("unknown engine " + e + "; known: " + all.keySet());
      }
      chosen.add(eng);
    }
    System.out.printf(Locale.ROOT, "rows=%d, seconds per workload=%.1f, 1 thread, JDK %s%n", rows, seconds,
        System.getProperty("java.version"));
    for (Engine e : chosen) {
      Path dir = Files.createTempDirectory("beambench");
      try {
        System.out.println("running " + e.name + " ...");
        results.put(e.name, run(e, String.format(e.url, dir), rows, seconds));
      } finally {
        deleteTree(dir);
      }
    }
    print(chosen, workloads, results);
  }

  private static Map<String, Result> run(Engine e, String url, int rows, double seconds) throws SQLException {
    Map<String, Result> out = new LinkedHashMap<>();
    try (Connection c = DriverManager.getConnection(url)) {
      try (Statement s = c.createStatement()) {
        for (String sql : e.setup) {
          s.execute(sql);
        }
        s.execute("CREATE TABLE kv (id BIGINT PRIMARY KEY, v VARCHAR(100), n INTEGER)");
      }
      // load
      c.setAutoCommit(false);
      long t0 = System.nanoTime();
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO kv VALUES (?, ?, ?)")) {
        for (int i = 0; i < rows; i++) {
          ps.setLong(1, i);
          ps.setString(2, "value-" + i + "-padding-padding-padding-padding");
          ps.setInt(3, i % 100);
          ps.executeUpdate();
          if (i % 1000 == 999) {
            c.commit();
          }
        }
      }
      c.commit();
      c.setAutoCommit(true);
      out.put("load", new Result(rows / ((System.nanoTime() - t0) / 1e9), Double.NaN, Double.NaN));
      SplittableRandom rnd = new SplittableRandom(42);
      try (PreparedStatement ps = c.prepareStatement("SELECT v, n FROM kv WHERE id = ?")) {
        out.put("point-select", timed(seconds, () -> {
          ps.setLong(1, rnd.nextInt(rows));
          try (ResultSet rs = ps.executeQuery()) {
            if (!rs.next()) {
              throw new IllegalStateException("missing row");
            }
            rs.getString(1);
            rs.getInt(2);
          }
        }));
      }
      try (Statement st = c.createStatement()) {
        out.put("statement-select", timed(seconds, () -> {
          try (ResultSet rs = st.executeQuery("SELECT v, n FROM kv WHERE id = " + rnd.nextInt(rows))) {
            if (!rs.next()) {
              throw new IllegalStateException("missing row");
            }
          }
        }));
      }
      try (PreparedStatement ps = c.prepareStatement("UPDATE kv SET n = n + 1 WHERE id = ?")) {
        out.put("point-update", timed(seconds, () -> {
          ps.setLong(1, rnd.nextInt(rows));
          if (ps.executeUpdate() != 1) {
            throw new IllegalStateException("update count");
          }
        }));
      }
      long[] next = {rows};
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO kv VALUES (?, ?, ?)")) {
        out.put("insert", timed(seconds, () -> {
          ps.setLong(1, next[0]++);
          ps.setString(2, "new");
          ps.setInt(3, 0);
          ps.executeUpdate();
        }));
      }
    }
    return out;
  }

  private interface Op {
    void run() throws SQLException;
  }

  private static Result timed(double seconds, Op op) throws SQLException {
    // warm-up: a fifth of the time, not measured
    long warmEnd = System.nanoTime() + (long) (seconds * 0.2e9);
    while (System.nanoTime() < warmEnd) {
      op.run();
    }
    long[] lat = new long[1 << 20];
    int n = 0;
    long start = System.nanoTime();
    long end = start + (long) (seconds * 1e9);
    long now = start;
    while (now < end) {
      op.run();
      long after = System.nanoTime();
      if (n == lat.length) {
        lat = Arrays.copyOf(lat, n * 2);
      }
      lat[n++] = after - now;
      now = after;
    }
    double secs = (now - start) / 1e9;
    long[] sorted = Arrays.copyOf(lat, n);
    Arrays.sort(sorted);
    return new Result(n / secs, sorted[n / 2] / 1e3, sorted[(int) Math.min(n - 1, (long) (n * 0.99))] / 1e3);
  }

  private static void print(List<Engine> engines, List<String> workloads, Map<String, Map<String, Result>> results) {
    String h2 = engines.stream().map(Engine::name).filter(n -> n.startsWith("H2")).findFirst().orElse(null);
    System.out.println();
    System.out.printf(Locale.ROOT, "%-18s %-32s %12s %10s %10s %8s%n", "workload", "engine", "ops/s", "p50 us", "p99 us", "vs H2");
    for (String w : workloads) {
      for (Engine e : engines) {
        Result r = results.get(e.name).get(w);
        Result base = h2 == null ? null : results.get(h2).get(w);
        System.out.printf(Locale.ROOT, "%-18s %-32s %12.0f %10.1f %10.1f %8s%n", w, e.name, r.opsPerSec, r.p50Micros,
            r.p99Micros, base == null ? "" : String.format(Locale.ROOT, "%.2fx", r.opsPerSec / base.opsPerSec));
      }
    }
    System.out.println();
    for (Engine e : engines) {
      System.out.println("durability: " + e.name + ": " + e.durability);
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
