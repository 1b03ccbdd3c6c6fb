package io.beamdb.bench.sql;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Stream;

/**
 * {@code beam bench memory}: the memory a table of {@code --rows} rows costs in each engine, per
 * row. Each engine runs in its own child JVM (same java, class path and JVM flags as this one, so
 * the default heap is the machine's default), which loads the bench's {@code kv} table (five
 * columns, a secondary index, 40-60 character strings; see {@link KvWorkloads}) in batches of
 * 1,000 rows per commit, runs a full count, and reports:
 *
 * <ul>
 *   <li>heap: bytes of Java heap in use after a full GC, minus the same before the database was
 *       opened (live data, caches and memtables the engine keeps on the heap);</li>
 *   <li>direct: NIO direct and mapped buffer bytes in use (BeamDB's off-heap row cache, memory
 *       mapped files);</li>
 *   <li>RSS: growth of the process's resident set ({@code VmRSS} of {@code /proc/self/status};
 *       Linux only; includes native memory such as SQLite's page cache and JIT code, and heap
 *       the JVM grew but has not returned);</li>
 *   <li>disk: bytes of the database directory (file engines).</li>
 * </ul>
 *
 * Not thread-safe; a command-line entry point.
 */
public final class MemoryBench {
  private MemoryBench() {
  }

  /** Engines measured: key, printed name, JDBC URL ({@code %s} = a fresh directory). */
  private static final Map<String, String[]> ENGINES = new LinkedHashMap<>();

  static {
    ENGINES.put("beam-mem", new String[] {"BeamDB mem", "jdbc:beam:mem:membench"});
    ENGINES.put("h2-mem", new String[] {"H2 mem", "jdbc:h2:mem:membench;DB_CLOSE_DELAY=-1"});
    ENGINES.put("hsqldb-mem", new String[] {"HSQLDB mem", "jdbc:hsqldb:mem:membench"});
    ENGINES.put("sqlite-mem", new String[] {"SQLite mem", "jdbc:sqlite:file:membench?mode=memory&cache=shared"});
    ENGINES.put("beam-file", new String[] {"BeamDB file SYNC=NORMAL", "jdbc:beam:file:%s/beam;SYNC=NORMAL"});
    ENGINES.put("h2-file", new String[] {"H2 file", "jdbc:h2:file:%s/h2/db"});
  }

  /**
   * Runs the benchmark: {@code [--rows N] [--engines k1,k2,...]}; with {@code --child KEY ROWS DIR}
   * measures one engine in this JVM and prints one result line.
   */
  public static void main(String[] args) throws Exception {
    int rows = 1_000_000;
    List<String> engines = new ArrayList<>(ENGINES.keySet());
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--rows":
          rows = Integer.parseInt(args[++i].replace("_", "").replace(",", ""));
          break;
        case "--engines":
          engines = List.of(args[++i].split(","));
          break;
        case "--child":
          child(args[i + 1], Integer.parseInt(args[i + 2]), Path.of(args[i + 3]));
          return;
        case "--help":
        case "-h":
          System.out.println("usage: beam bench memory [--rows N (1000000)] [--engines " + String.join(",", ENGINES.keySet()) + "]");
          return;
        default:
          System.err.println("unknown flag " + args[i] + " (try --help)");
          System.exit(2);
      }
    }
    for (String e : engines) {
      if (!ENGINES.containsKey(e)) {
        System.err.println("unknown engine '" + e + "'; known: " + String.join(", ", ENGINES.keySet()));
        System.exit(2);
      }
    }
    System.out.printf(Locale.ROOT, "memory per row, %,d rows of kv (5 columns, 1 secondary index), JDK %s, max heap %,d MiB%n",
        rows, System.getProperty("java.version"), Runtime.getRuntime().maxMemory() >> 20);
    System.out.printf(Locale.ROOT, "%-26s %12s %12s %12s %12s %12s %8s%n", "engine", "load rows/s", "heap B/row",
        "direct B/row", "RSS B/row", "disk B/row", "vs H2");
    Map<String, Double> heapPerRow = new LinkedHashMap<>();
    List<String[]> lines = new ArrayList<>();
    for (String e : engines) {
      String line = runChild(e, rows);
      if (line == null) {
        lines.add(new String[] {e, null});
        continue;
      }
      lines.add(new String[] {e, line});
      heapPerRow.put(e, Double.parseDouble(line.split(" ")[1]));
    }
    for (String[] l : lines) {
      String name = ENGINES.get(l[0])[0];
      if (l[1] == null) {
        System.out.printf(Locale.ROOT, "%-26s ERR (see the child's output above)%n", name);
        continue;
      }
      String[] f = l[1].split(" ");
      String h2Key = l[0].endsWith("-file") ? "h2-file" : "h2-mem";
      Double h2 = heapPerRow.get(h2Key);
      double heap = Double.parseDouble(f[1]);
      double rss = Double.parseDouble(f[3]);
      double ref = h2 == null ? Double.NaN : h2;
      // with a mostly native engine (SQLite) compare resident growth instead
      String ratio = Double.isNaN(ref) || ref <= 0 ? "-" : String.format(Locale.ROOT, "%.2fx", heap / ref);
      System.out.printf(Locale.ROOT, "%-26s %,12.0f %,12.0f %,12.0f %,12.0f %12s %8s%n", name, Double.parseDouble(f[0]),
          heap, Double.parseDouble(f[2]), rss, f[4].equals("-") ? "-" : String.format(Locale.ROOT, "%,.0f", Double.parseDouble(f[4])),
          ratio);
    }
    System.out.println("heap = live Java heap after a full GC minus the baseline; vs H2 compares heap per row with H2 in the"
        + " same mode (lower is better). RSS includes native memory (SQLite keeps its data there) and heap the JVM has"
        + " not returned to the OS.");
  }

  private static String runChild(String engine, int rows) throws IOException, InterruptedException {
    Path dir = Files.createTempDirectory("beam-membench-" + engine);
    List<String> cmd = new ArrayList<>();
    cmd.add(ProcessHandle.current().info().command().orElse("java"));
    for (String a : ManagementFactory.getRuntimeMXBean().getInputArguments()) {
      if (!a.startsWith("-agentlib") && !a.startsWith("-javaagent")) {
        cmd.add(a);
      }
    }
    cmd.add("-cp");
    cmd.add(System.getProperty("java.class.path"));
    cmd.add(MemoryBench.class.getName());
    cmd.add("--child");
    cmd.add(engine);
    cmd.add(Integer.toString(rows));
    cmd.add(dir.toString());
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    String result = null;
    try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
      String line;
      while ((line = r.readLine()) != null) {
        if (line.startsWith("RESULT ")) {
          result = line.substring(7);
        } else if (!line.isBlank()) {
          System.out.println("  [" + engine + "] " + line);
        }
      }
    }
    int code = p.waitFor();
    deleteTree(dir);
    return code == 0 ? result : null;
  }

  private static void child(String engine, int rows, Path dir) throws Exception {
    String url = String.format(ENGINES.get(engine)[1], dir.toAbsolutePath());
    long heap0 = heapAfterGc();
    long direct0 = direct();
    long rss0 = rss();
    HikariConfig cfg = new HikariConfig();
    cfg.setJdbcUrl(url);
    cfg.setMaximumPoolSize(1);
    cfg.setMinimumIdle(1);
    double rate;
    long heap1;
    long direct1;
    long rss1;
    try (HikariDataSource ds = new HikariDataSource(cfg)) {
      rate = new KvWorkloads(rows).load(ds);
      try (Connection c = ds.getConnection(); Statement s = c.createStatement();
           ResultSet rs = s.executeQuery("SELECT COUNT(*), SUM(u) FROM kv")) {
        rs.next();
        if (rs.getLong(1) != rows) {
          throw new IllegalStateException("expected " + rows + " rows, counted " + rs.getLong(1));
        }
      }
      heap1 = heapAfterGc();
      direct1 = direct();
      rss1 = rss();
    }
    long disk = engine.endsWith("-file") ? size(dir) : -1;
    System.out.printf(Locale.ROOT, "RESULT %.0f %.1f %.1f %.1f %s%n", rate, (heap1 - heap0) / (double) rows,
        (direct1 - direct0) / (double) rows, rss0 < 0 ? Double.NaN : (rss1 - rss0) / (double) rows,
        disk < 0 ? "-" : String.format(Locale.ROOT, "%.1f", disk / (double) rows));
  }

  private static long heapAfterGc() throws InterruptedException {
    long used = Long.MAX_VALUE;
    for (int i = 0; i < 4; i++) {
      System.gc();
      Thread.sleep(100);
      used = Math.min(used, ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed());
    }
    return used;
  }

  private static long direct() {
    long n = 0;
    for (BufferPoolMXBean b : ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class)) {
      n += b.getMemoryUsed();
    }
    return n;
  }

  /** Resident set size in bytes, or -1 where /proc is not available. */
  private static long rss() {
    try {
      for (String l : Files.readAllLines(Path.of("/proc/self/status"))) {
        if (l.startsWith("VmRSS:")) {
          return Long.parseLong(l.replaceAll("[^0-9]", "")) * 1024;
        }
      }
    } catch (IOException | RuntimeException e) {
      return -1;
    }
    return -1;
  }

  private static long size(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      return s.filter(Files::isRegularFile).mapToLong(p -> p.toFile().length()).sum();
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      s.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    }
  }
}
