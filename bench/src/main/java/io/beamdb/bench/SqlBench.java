package io.beamdb.bench;

import com.zaxxer.hikari.HikariDataSource;
import io.beamdb.bench.sql.Engine;
import io.beamdb.bench.sql.Runner;
import io.beamdb.bench.sql.SqlSuite;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * {@code beam bench sql}: the OLTP suite of the performance issue run against BeamDB, H2,
 * HSQLDB and SQLite in the same JVM and the same run, each on disk in a fresh directory, through
 * JDBC and a HikariCP pool, one engine after the other. Prints throughput, p50/p99 latency
 * (HdrHistogram) and the ratio to H2 per workload and thread count, with each engine's
 * durability. See {@code docs/performance.md}; {@code --help} lists the flags.
 */
public final class SqlBench {
  private SqlBench() {
  }

  private static final String USAGE = """
      usage: beam bench sql [flags]
        --engines a,b,...     engines, in order (default beam-normal,beam-full,h2,hsqldb,sqlite-normal);
                              known: %s
        --workloads a,b,...   point-select,statement-select,range-scan,point-update,insert,batch-insert,ycsb,tpcc,analytic (default all)
        --rows N              rows of the kv table (point/range/update/analytic; default 50000)
        --ycsb-rows N         records of usertable (default: --rows)
        --ycsb-fields N       fields per record (default 10), --field-length B (default 100)
        --ycsb A,B,C,F        YCSB workloads (default A,B,C,F); --threads 1,4,16 client threads for them
        --warehouses N        TPC-C-like warehouses (default 4); --tpcc-threads N (default 8);
                              --tpcc-customers N per district (default 300); --tpcc-items N (default 10000)
        --seconds S           measured seconds per cell (default 1); --warmup S (default S/4, at least 0.5)
        --analytic-seconds S  measured seconds for the analytical query (default: --seconds)
        --dir D               where the databases are created (default: the temporary directory)
        --url URL             also run against a remote BeamDB (e.g. a local cluster from beam cluster start:
                              jdbc:beam://127.0.0.1:7450,127.0.0.1:7460,127.0.0.1:7470/beam), as engine
                              "remote"; engines then default to beam-normal,beam-full,remote. Its bench
                              tables are dropped first. --user U, --password P (default admin/admin)
      """;

  public static void main(String[] args) throws Exception {
    SqlSuite.Options o = new SqlSuite.Options();
    String engines = "beam-normal,beam-full,h2,hsqldb,sqlite-normal";
    Path dir = Path.of(System.getProperty("java.io.tmpdir"));
    Double warmup = null;
    Double analyticSeconds = null;
    Map<String, Engine> known = Engine.all();
    String url = null;
    String user = "admin";
    String password = "admin";
    boolean enginesGiven = false;
    for (int i = 0; i < args.length; i++) {
      String a = args[i];
      if (a.equals("--help") || a.equals("-h")) {
        System.out.printf(USAGE, known.keySet());
        return;
      }
      if (i + 1 >= args.length) {
        fail("missing value for " + a, known);
      }
      String v = args[++i];
      switch (a) {
        case "--engines" -> {
          engines = v;
          enginesGiven = true;
        }
        case "--url" -> url = v;
        case "--user" -> user = v;
        case "--password" -> password = v;
        case "--workloads" -> o.workloads = new LinkedHashSet<>(Arrays.asList(v.split(",")));
        case "--rows" -> o.rows = Integer.parseInt(v);
        case "--ycsb-rows" -> o.ycsbRows = Integer.parseInt(v);
        case "--ycsb-fields" -> o.ycsbFields = Integer.parseInt(v);
        case "--field-length" -> o.fieldLength = Integer.parseInt(v);
        case "--ycsb" -> o.ycsb = v.replace(",", "").toUpperCase(Locale.ROOT);
        case "--threads" -> o.threads = Arrays.stream(v.split(",")).mapToInt(Integer::parseInt).toArray();
        case "--warehouses" -> o.warehouses = Integer.parseInt(v);
        case "--tpcc-threads" -> o.tpccThreads = Integer.parseInt(v);
        case "--tpcc-customers" -> o.tpccCustomers = Integer.parseInt(v);
        case "--tpcc-items" -> o.tpccItems = Integer.parseInt(v);
        case "--seconds" -> o.seconds = Double.parseDouble(v);
        case "--warmup" -> warmup = Double.parseDouble(v);
        case "--analytic-seconds" -> analyticSeconds = Double.parseDouble(v);
        case "--dir" -> dir = Path.of(v);
        default -> fail("unknown flag " + a, known);
      }
    }
    if (o.ycsbRows <= 0) {
      o.ycsbRows = o.rows;
    }
    o.warmup = warmup != null ? warmup : Math.max(0.5, o.seconds / 4);
    o.analyticSeconds = analyticSeconds != null ? analyticSeconds : o.seconds;
    Set<String> unknownWorkloads = new LinkedHashSet<>(o.workloads);
    unknownWorkloads.removeAll(SqlSuite.WORKLOADS);
    if (!unknownWorkloads.isEmpty()) {
      fail("unknown workloads " + unknownWorkloads, known);
    }
    if (url != null) {
      if (!url.startsWith("jdbc:beam://")) {
        fail("--url must be a remote BeamDB URL jdbc:beam://host:port[,host:port...]/db, was " + url, known);
      }
      known.put("remote", Engine.remote(url, user, password));
      if (!enginesGiven) {
        engines = "beam-normal,beam-full,remote";
      }
    }
    List<Engine> chosen = new ArrayList<>();
    for (String e : engines.split(",")) {
      Engine eng = known.get(e.trim());
      if (eng == null) {
        fail("unknown engine " + e, known);
      }
      chosen.add(eng);
    }

    SqlSuite suite = new SqlSuite(o);
    suite.printSettings(chosen);
    Map<Engine, Map<String, Runner.Result>> results = new LinkedHashMap<>();
    Map<Engine, String> versions = new LinkedHashMap<>();
    for (Engine e : chosen) {
      Path engineDir = Files.createTempDirectory(Files.createDirectories(dir), "beambench-" + e.key() + "-");
      try (HikariDataSource ds = e.open(engineDir, suite.poolSize())) {
        if (e.key().equals("remote")) {
          Engine.dropBenchTables(ds);
        }
        System.out.printf(Locale.ROOT, "%n== %s (%s) ==%n", e.name(), SqlSuite.loadAverage());
        versions.put(e, SqlSuite.version(ds));
        results.put(e, suite.run(ds));
      } finally {
        deleteTree(engineDir);
      }
    }
    suite.printTable(results, versions);
  }

  private static void fail(String msg, Map<String, Engine> known) {
    System.err.println(msg);
    System.err.printf(USAGE, known.keySet());
    System.exit(2);
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var s = Files.walk(dir)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
