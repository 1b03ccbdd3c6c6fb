package io.beamdb.cli;

import io.beamdb.storage.StorageChecker;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code beam soak --seconds N}: the kill -9 soak. Repeatedly starts a child JVM
 * ({@link SoakChild}) that runs random SQL transactions on one database and appends each
 * acknowledged commit to a ledger file, SIGKILLs it after a random time (0.2 to 2.5 s of work),
 * then verifies the directory with {@link StorageChecker}, reopens the database and checks the
 * ledger against the data:
 * <ul>
 *   <li>the transactions in {@code soak_txn} are exactly 1..M, with M the ledger's last entry or
 *       one more (a commit acknowledged just before the kill, before the child could log it), so
 *       every logged transaction is there;</li>
 *   <li>no partial transaction: the values of {@code soak} still sum to 0, and the row count is
 *       the sum of the recorded inserts minus deletes; every row's {@code last_txn} is committed;</li>
 *   <li>the index on {@code grp} agrees with the table.</li>
 * </ul>
 * Prints the kills and a summary; exit 0 when nothing was lost, 1 otherwise (naming the seed).
 */
@Command(name = "soak", description = "kill -9 soak: a child JVM runs transactions and is killed at random; every acknowledged commit must survive.")
final class SoakCommand implements Callable<Integer> {

  @ParentCommand BeamCli parent;

  @Option(names = "--seconds", defaultValue = "60", description = "How long to run (default ${DEFAULT-VALUE}).")
  int seconds;

  @Option(names = "--dir", description = "Database directory (default: a new temporary directory, deleted afterwards).")
  Path dir;

  @Option(names = "--seed", description = "Seed of the kill times and the child's transactions (default: random).")
  Long seed;

  /** Outcome of one check. */
  record Check(long committed, long rows, String problem) {
  }

  @Override
  public Integer call() throws Exception {
    long s = seed != null ? seed : System.nanoTime();
    boolean temp = dir == null;
    Path db = temp ? Files.createTempDirectory("beam-soak-") : dir;
    Path ledger = db.resolveSibling(db.getFileName() + ".ledger");
    Random rnd = new Random(s);
    parent.out.println("soak seed=" + s + " dir=" + db + " for " + seconds + " s");
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    int kills = 0;
    Check last = null;
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    try {
      while (System.nanoTime() < deadline || kills == 0) {
        Process p = new ProcessBuilder(java, "-XX:TieredStopAtLevel=1", "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), SoakChild.class.getName(),
            db.toString(), ledger.toString(), Long.toString(rnd.nextLong()))
            .redirectError(ProcessBuilder.Redirect.DISCARD).start();
        // a child that never gets ready is killed anyway
        CompletableFuture<Void> watchdog = CompletableFuture.runAsync(() -> p.toHandle().destroyForcibly(),
            CompletableFuture.delayedExecutor(60, TimeUnit.SECONDS));
        try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
          String line = out.readLine();
          if (line == null || !line.startsWith("READY")) {
            parent.out.println("FAILED: the child did not start (" + line + "), exit " + p.waitFor());
            return 1;
          }
          Thread.sleep(200 + rnd.nextInt(2300));
          p.toHandle().destroyForcibly(); // SIGKILL
          p.waitFor();
        } finally {
          watchdog.cancel(false);
        }
        kills++;
        last = check(db, ledger);
        parent.out.printf("kill %d: %d commits, %d rows%s%n", kills, last.committed(), last.rows(),
            last.problem() == null ? ", OK" : "");
        if (last.problem() != null) {
          parent.out.println("LOST OR CORRUPT after kill " + kills + " (seed " + s + "): " + last.problem());
          return 1;
        }
      }
      parent.out.printf("soak: %d kills, %d acknowledged commits, nothing lost (seed %d)%n",
          kills, last.committed(), s);
      return 0;
    } finally {
      parent.out.flush();
      if (temp) {
        deleteTree(db);
        Files.deleteIfExists(ledger);
      }
    }
  }

  /** Verifies {@code db} against {@code ledger}; problem null when sound. */
  static Check check(Path db, Path ledger) throws IOException {
    StorageChecker.Report report = StorageChecker.check(db);
    if (!report.ok()) {
      return new Check(0, 0, "beam check: " + report.problems());
    }
    List<String> lines = Files.exists(ledger) ? Files.readAllLines(ledger) : List.of();
    // strictly increasing; a number may be missing where a commit was acknowledged but the child
    // was killed before it could log it (the next child goes on after it)
    long logged = 0;
    for (String l : lines) {
      if (!l.isBlank()) {
        long t = Long.parseLong(l.trim());
        if (t <= logged) {
          return new Check(0, 0, "ledger out of order at " + t);
        }
        logged = t;
      }
    }
    try (Connection c = DriverManager.getConnection("jdbc:beam:file:" + db); Statement st = c.createStatement()) {
      SoakChild.createSchema(c);
      long count;
      long max;
      long ins;
      long del;
      try (ResultSet rs = st.executeQuery(
          "SELECT COUNT(*), COALESCE(MAX(txn), 0), COALESCE(SUM(inserted), 0), COALESCE(SUM(deleted), 0) FROM soak_txn")) {
        rs.next();
        count = rs.getLong(1);
        max = rs.getLong(2);
        ins = rs.getLong(3);
        del = rs.getLong(4);
      }
      if (count != max) {
        return new Check(max, 0, "committed transactions are not exactly 1.." + max + " (" + count + " present)");
      }
      if (max < logged) { // committed transactions are exactly 1..max, so every logged one <= max is there
        return new Check(max, 0, "acknowledged transactions " + (max + 1) + ".." + logged + " are missing");
      }
      if (max > logged + 1) {
        return new Check(max, 0, "transactions " + (logged + 2) + ".." + max + " present but never acknowledged");
      }
      long rows;
      long sum;
      long maxLast;
      try (ResultSet rs = st.executeQuery("SELECT COUNT(*), COALESCE(SUM(val), 0), COALESCE(MAX(last_txn), 0) FROM soak")) {
        rs.next();
        rows = rs.getLong(1);
        sum = rs.getLong(2);
        maxLast = rs.getLong(3);
      }
      if (sum != 0) {
        return new Check(max, rows, "values sum to " + sum + ", not 0: a transaction is partly applied");
      }
      if (rows != ins - del) {
        return new Check(max, rows, rows + " rows, but the committed transactions inserted " + ins + " and deleted " + del);
      }
      if (maxLast > max) {
        return new Check(max, rows, "a row was written by uncommitted transaction " + maxLast);
      }
      long viaIndex = 0;
      for (int g = 0; g < SoakChild.GROUPS; g++) {
        try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM soak WHERE grp = " + g)) {
          rs.next();
          viaIndex += rs.getLong(1);
        }
      }
      if (viaIndex != rows) {
        return new Check(max, rows, "index soak_grp holds " + viaIndex + " rows, the table " + rows);
      }
      return new Check(max, rows, null);
    } catch (SQLException e) {
      return new Check(0, 0, "cannot read the database (" + e.getSQLState() + "): " + e.getMessage());
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (var s = Files.walk(dir)) {
      for (Path p : s.sorted(java.util.Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
