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
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;

/**
 * Multi-threaded write throughput of BeamDB and H2 in the same run, at the same isolation
 * level: {@code point-update} (autocommit {@code UPDATE kv SET n = n + 1 WHERE id = ?} on random
 * keys of 10,000) and {@code rmw} (a transaction that reads a row and writes it back, on a hot set
 * of 100 keys, retried on serialization failures, deadlocks and H2's lock errors). Each thread has
 * its own connection. Prints committed transactions per second, retries, and the ratio to H2.
 *
 * <p>Durability differs and is printed: BeamDB SYNC=NORMAL and H2 both skip the per-commit
 * fsync. Usage: {@code ConcurrencyBench [--threads 1,2,4,8] [--seconds S] [--isolation
 * READ_COMMITTED|REPEATABLE_READ|SERIALIZABLE]}.
 */
public final class ConcurrencyBench {
  private ConcurrencyBench() {
  }

  record Result(double tps, long retries) {
  }

  public static void main(String[] args) throws Exception {
    int[] threads = {1, 2, 4, 8};
    double seconds = 3;
    String isolation = "REPEATABLE_READ";
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--threads": threads = java.util.Arrays.stream(args[++i].split(",")).mapToInt(Integer::parseInt).toArray(); break;
        case "--seconds": seconds = Double.parseDouble(args[++i]); break;
        case "--isolation": isolation = args[++i].toUpperCase(Locale.ROOT); break;
        default:
          System.err.println("usage: ConcurrencyBench [--threads 1,2,4,8] [--seconds S] [--isolation LEVEL]");
          System.exit(2);
      }
    }
    int level = switch (isolation) {
      case "READ_COMMITTED" -> Connection.TRANSACTION_READ_COMMITTED;
      case "SERIALIZABLE" -> Connection.TRANSACTION_SERIALIZABLE;
      default -> Connection.TRANSACTION_REPEATABLE_READ;
    };
    Map<String, String> engines = new LinkedHashMap<>();
    engines.put("BeamDB SYNC=NORMAL", "jdbc:beam:file:%s/beam;SYNC=NORMAL");
    engines.put("H2 " + org.h2.engine.Constants.FULL_VERSION, "jdbc:h2:file:%s/h2/db;LOCK_TIMEOUT=10000");
    System.out.printf(Locale.ROOT, "isolation=%s, seconds per cell=%.1f, JDK %s%n", isolation, seconds,
        System.getProperty("java.version"));
    Map<String, Map<String, Result>> results = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : engines.entrySet()) {
      Path dir = Files.createTempDirectory("beamconc");
      try {
        String url = String.format(e.getValue(), dir);
        setUp(url);
        // warm-up (not measured): let the JIT compile both workloads' paths
        run(url, 2, Math.min(2, seconds), level, false);
        run(url, 2, Math.min(2, seconds), level, true);
        Map<String, Result> r = new LinkedHashMap<>();
        for (int t : threads) {
          r.put("point-update/" + t, run(url, t, seconds, level, false));
          r.put("rmw/" + t, run(url, t, seconds, level, true));
        }
        results.put(e.getKey(), r);
      } finally {
        deleteTree(dir);
      }
    }
    System.out.printf(Locale.ROOT, "%n%-20s %-28s %12s %10s %8s%n", "workload/threads", "engine", "commits/s", "retries", "vs H2");
    String h2 = engines.keySet().stream().filter(n -> n.startsWith("H2")).findFirst().orElseThrow();
    for (String w : results.get(h2).keySet()) {
      for (String eng : results.keySet()) {
        Result r = results.get(eng).get(w);
        System.out.printf(Locale.ROOT, "%-20s %-28s %12.0f %10d %7.2fx%n", w, eng, r.tps, r.retries,
            r.tps / results.get(h2).get(w).tps);
      }
    }
    System.out.println("\ndurability: both engines skip the per-commit fsync (BeamDB SYNC=NORMAL, H2 default write delay)");
  }

  private static void setUp(String url) throws SQLException {
    try (Connection c = DriverManager.getConnection(url); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE kv (id INT PRIMARY KEY, n BIGINT)");
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO kv VALUES (?, 0)")) {
        for (int i = 0; i < 10_000; i++) {
          ps.setInt(1, i);
          ps.executeUpdate();
        }
      }
      c.commit();
    }
  }

  private static Result run(String url, int threads, double seconds, int level, boolean rmw) throws Exception {
    AtomicLong commits = new AtomicLong();
    AtomicLong retries = new AtomicLong();
    List<Thread> workers = new ArrayList<>();
    long end = System.nanoTime() + (long) (seconds * 1e9);
    List<Throwable> errors = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int t = 0; t < threads; t++) {
      Thread w = new Thread(() -> {
        try (Connection c = DriverManager.getConnection(url)) {
          c.setTransactionIsolation(level);
          PreparedStatement update = c.prepareStatement("UPDATE kv SET n = n + 1 WHERE id = ?");
          PreparedStatement read = c.prepareStatement("SELECT n FROM kv WHERE id = ?");
          PreparedStatement write = c.prepareStatement("UPDATE kv SET n = ? WHERE id = ?");
          c.setAutoCommit(!rmw);
          ThreadLocalRandom r = ThreadLocalRandom.current();
          while (System.nanoTime() < end) {
            try {
              if (!rmw) {
                update.setInt(1, r.nextInt(10_000));
                update.executeUpdate();
              } else {
                int id = r.nextInt(100);
                read.setInt(1, id);
                long n;
                try (ResultSet rs = read.executeQuery()) {
                  rs.next();
                  n = rs.getLong(1);
                }
                write.setLong(1, n + 1);
                write.setInt(2, id);
                write.executeUpdate();
                c.commit();
              }
              commits.incrementAndGet();
            } catch (SQLException e) {
              retries.incrementAndGet(); // 40001/40P01 (BeamDB) or H2's lock/concurrent-update errors
              if (rmw) {
                c.rollback();
              }
            }
          }
        } catch (Throwable e) {
          errors.add(e);
        }
      });
      workers.add(w);
      w.start();
    }
    for (Thread w : workers) {
      w.join();
    }
    if (!errors.isEmpty()) {
      throw new IllegalStateException("worker failed", errors.get(0));
    }
    return new Result(commits.get() / seconds, retries.get());
  }

  private static void deleteTree(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.deleteIfExists(p);
      }
    }
  }
}
