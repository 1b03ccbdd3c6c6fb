package io.beamdb.bench.sql;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.sql.DataSource;

/**
 * The workloads of {@code beam bench sql} in the order they run on each engine, and the report.
 * Each engine gets the same schema, data and random seeds. Not thread-safe.
 */
public final class SqlSuite {
  /** Workload groups selectable with {@code --workloads}. */
  public static final List<String> WORKLOADS = List.of("point-select", "statement-select", "range-scan", "point-update", "insert",
      "batch-insert", "ycsb", "tpcc", "analytic");

  /** Command-line settings. */
  public static final class Options {
    public Set<String> workloads = new LinkedHashSet<>(WORKLOADS);
    public int rows = 50_000;
    public int ycsbRows;
    public int ycsbFields = 10;
    public int fieldLength = 100;
    public String ycsb = "ABCF";
    public int[] threads = {1, 4, 16};
    public int warehouses = 4;
    public int tpccThreads = 8;
    public int tpccCustomers = 300;
    public int tpccItems = 10_000;
    public double seconds = 1;
    public double warmup;
    public double analyticSeconds;
  }

  private final Options o;
  /** Row labels of the table, in order: workload description, then threads. */
  private final Map<String, String> labels = new LinkedHashMap<>();

  public SqlSuite(Options o) {
    this.o = o;
  }

  /** Connections each pool needs. */
  public int poolSize() {
    int n = Math.max(2, o.tpccThreads);
    for (int t : o.threads) {
      n = Math.max(n, t);
    }
    return n;
  }

  /** Runs every selected workload on one engine. */
  public Map<String, Runner.Result> run(DataSource ds) throws Exception {
    Map<String, Runner.Result> out = new LinkedHashMap<>();
    KvWorkloads kv = new KvWorkloads(o.rows);
    long t0 = System.nanoTime();
    double rate = kv.load(ds);
    progress("loaded kv: %,d rows at %,.0f rows/s (%.1f s)", o.rows, rate, (System.nanoTime() - t0) / 1e9);
    cell(out, ds, "point-select", "point select by PK", 1, o.seconds, kv.pointSelect());
    cell(out, ds, "statement-select", "point select, plain Statement with literal", 1, o.seconds, kv.statementSelect());
    cell(out, ds, "range-scan", "range scan, 100 rows by secondary index", 1, o.seconds, kv.rangeScan());
    cell(out, ds, "point-update", "point update by PK, autocommit", 1, o.seconds, kv.pointUpdate());
    cell(out, ds, "insert", "single-row insert, autocommit", 1, o.seconds, kv.insert());
    cell(out, ds, "batch-insert", "batch insert, 1,000 rows/commit (rows/s; latency per commit)", 1, o.seconds,
        kv.batchInsert());
    if (o.workloads.contains("ycsb")) {
      Ycsb y = new Ycsb(o.ycsbRows, o.ycsbFields, o.fieldLength);
      t0 = System.nanoTime();
      rate = y.load(ds);
      progress("loaded usertable: %,d records at %,.0f rows/s (%.1f s)", o.ycsbRows, rate, (System.nanoTime() - t0) / 1e9);
      for (char w : o.ycsb.toCharArray()) {
        for (int t : o.threads) {
          cell(out, ds, "ycsb", "YCSB " + w + ycsbNote(w), t, o.seconds, y.workload(w));
        }
      }
    }
    if (o.workloads.contains("tpcc")) {
      Tpcc tpcc = new Tpcc(o.warehouses, o.tpccCustomers, o.tpccItems);
      t0 = System.nanoTime();
      long n = tpcc.load(ds);
      progress("loaded TPC-C-like schema: %,d rows (%.1f s)", n, (System.nanoTime() - t0) / 1e9);
      cell(out, ds, "tpcc", "TPC-C-like new-order/payment, " + o.warehouses + " warehouses (txn/s)", o.tpccThreads,
          o.seconds, tpcc.mix());
    }
    cell(out, ds, "analytic", "join + aggregate over kv (queries/s)", 1, o.analyticSeconds, kv.analytic());
    return out;
  }

  private static String ycsbNote(char w) {
    return switch (w) {
      case 'A' -> " (50% read, 50% update)";
      case 'B' -> " (95% read, 5% update)";
      case 'C' -> " (100% read)";
      case 'F' -> " (50% read, 50% read-modify-write)";
      default -> "";
    };
  }

  private void cell(Map<String, Runner.Result> out, DataSource ds, String group, String label, int threads,
      double seconds, Runner.WorkerFactory f) throws Exception {
    if (!o.workloads.contains(group)) {
      return;
    }
    String key = label + "|" + threads;
    labels.put(key, label);
    Runner.Result r = Runner.run(ds, threads, o.warmup, seconds, 42, f);
    out.put(key, r);
    progress("%-62s %3d thr %,12.1f/s  p50 %9.1f us  p99 %9.1f us%s%s", label, threads, r.unitsPerSec(), r.p50Micros(),
        r.p99Micros(), r.retries() > 0 ? "  retries " + r.retries() : "",
        r.errors() > 0 ? "  ERRORS " + r.errors() + ": " + r.firstError() : "");
  }

  private static void progress(String fmt, Object... args) {
    System.out.printf(Locale.ROOT, "  " + fmt + "%n", args);
    System.out.flush();
  }

  /** The settings block printed before the run. */
  public void printSettings(List<Engine> engines) {
    System.out.printf(Locale.ROOT, "beam bench sql: JDK %s, %d CPUs, max heap %d MiB, %s%n", System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors(), Runtime.getRuntime().maxMemory() >> 20, loadAverage());
    System.out.printf(Locale.ROOT, "kv rows %,d; YCSB records %,d x %d fields x %d bytes, zipfian, threads %s; "
            + "TPC-C-like %d warehouses, %d customers/district, %d items, %d threads%n",
        o.rows, o.ycsbRows, o.ycsbFields, o.fieldLength, java.util.Arrays.toString(o.threads), o.warehouses,
        o.tpccCustomers, o.tpccItems, o.tpccThreads);
    System.out.printf(Locale.ROOT, "each cell: %.1f s warm-up + %.1f s measured (analytic %.1f s); one pooled connection "
        + "per client thread (HikariCP), statements prepared once per thread; default isolation of each engine%n",
        o.warmup, o.seconds, o.analyticSeconds);
    for (Engine e : engines) {
      System.out.printf(Locale.ROOT, "  %-26s %s %s%s%n  %-26s durability: %s%n", e.name(), e.url(),
          e.properties().isEmpty() ? "" : e.properties(),
          e.systemProperties().isEmpty() ? "" : " system properties " + e.systemProperties(), "", e.durability());
      if (e.systemProperties().containsKey("beamdb.rowcache")) {
        String why = io.beamdb.txn.RowCache.offHeapUnavailableReason();
        System.out.printf(Locale.ROOT, "  %-26s off-heap row cache %s%n", "", why == null ? "available" : "unavailable: " + why);
      }
    }
  }

  /** The result table (Markdown), the ratio column against the first H2 engine. */
  public void printTable(Map<Engine, Map<String, Runner.Result>> results, Map<Engine, String> versions) {
    Engine h2 = results.keySet().stream().filter(e -> e.key().startsWith("h2")).findFirst().orElse(null);
    System.out.printf(Locale.ROOT, "%n%s%n%n", loadAverage());
    for (Map.Entry<Engine, String> v : versions.entrySet()) {
      System.out.printf(Locale.ROOT, "%s: %s%n", v.getKey().name(), v.getValue());
    }
    System.out.println();
    System.out.printf(Locale.ROOT, "| %-62s | %3s | %-26s | %12s | %10s | %10s | %7s | %6s |%n", "workload", "thr", "engine",
        "ops/s", "p50 us", "p99 us", "retries", "vs H2");
    System.out.printf(Locale.ROOT, "|%s|%s|%s|%s|%s|%s|%s|%s|%n", "-".repeat(64), "-".repeat(5), "-".repeat(28),
        "-".repeat(14), "-".repeat(12), "-".repeat(12), "-".repeat(9), "-".repeat(8));
    for (Map.Entry<String, String> l : labels.entrySet()) {
      String key = l.getKey();
      int threads = Integer.parseInt(key.substring(key.lastIndexOf('|') + 1));
      Runner.Result base = h2 == null ? null : results.get(h2).get(key);
      for (Map.Entry<Engine, Map<String, Runner.Result>> e : results.entrySet()) {
        Runner.Result r = e.getValue().get(key);
        if (r == null) {
          continue;
        }
        String ratio = base == null || base.unitsPerSec() == 0 ? "" : String.format(Locale.ROOT, "%.2fx",
            r.unitsPerSec() / base.unitsPerSec());
        System.out.printf(Locale.ROOT, "| %-62s | %3d | %-26s | %12s | %10.1f | %10.1f | %7d | %6s |%n", l.getValue(),
            threads, e.getKey().name(), r.errors() > 0 ? "ERR " + r.errors() : String.format(Locale.ROOT,
                r.unitsPerSec() < 100 ? "%.2f" : "%,.0f", r.unitsPerSec()), r.p50Micros(), r.p99Micros(), r.retries(), ratio);
      }
    }
    for (Map.Entry<Engine, Map<String, Runner.Result>> e : results.entrySet()) {
      for (Map.Entry<String, Runner.Result> r : e.getValue().entrySet()) {
        if (r.getValue().errors() > 0) {
          System.out.printf(Locale.ROOT, "errors: %s, %s: %d, first: %s%n", e.getKey().name(), r.getKey(),
              r.getValue().errors(), r.getValue().firstError());
        }
      }
    }
  }

  /** {@code /proc/loadavg} (Linux), or the JVM's load average. */
  public static String loadAverage() {
    try {
      String s = Files.readString(Path.of("/proc/loadavg")).trim();
      String[] p = s.split(" ");
      return "load average " + p[0] + " " + p[1] + " " + p[2];
    } catch (IOException e) {
      return String.format(Locale.ROOT, "load average %.2f",
          java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
    }
  }

  /** Product and driver version as the engine reports them. */
  public static String version(DataSource ds) throws SQLException {
    try (Connection c = ds.getConnection()) {
      DatabaseMetaData md = c.getMetaData();
      return md.getDatabaseProductName() + " " + md.getDatabaseProductVersion() + ", driver " + md.getDriverVersion();
    }
  }
}
