package io.beamdb.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Faults on three child-JVM nodes ({@link NodeMain}) while two workloads run: bank transfers
 * through HikariCP ({@link BankWorkload}) and recorded single-key register reads and writes
 * ({@link RegisterWorkload}). The test pauses the leader with SIGSTOP (4-8 s, longer than an
 * election timeout) and resumes it with SIGCONT, kills the new leader with SIGKILL, keeps working
 * on two nodes, restarts the killed node, and pauses the other follower until 15 more transfers
 * committed. Afterwards: the bank total is
 * unchanged, every acknowledged transfer is in the ledger, no aborted one is, balances match the
 * ledger, and the register history is linearizable ({@link Linearizability}). Loopback only;
 * about 40-60 s on a loaded 2-core machine. Uses {@code kill -STOP/-CONT} (Linux, macOS).
 */
@Timeout(120)
class ClusterFaultTest {
  private static final System.Logger LOG = System.getLogger(ClusterFaultTest.class.getName());
  private static final String USER = "bank";
  private static final String PASSWORD = "vault";
  /** Transfers acknowledged between faults. */
  private static final int STEP = 15;

  @TempDir
  Path dir;

  private static void signal(LocalClusterLauncher launcher, String id, String signal) throws Exception {
    long pid = launcher.running(id).orElseThrow().pid();
    Process p = new ProcessBuilder("kill", "-" + signal, Long.toString(pid)).inheritIO().start();
    assertEquals(0, p.waitFor(), "kill -" + signal + " " + pid);
  }

  private static String leader(LocalClusterLauncher launcher, String except) throws Exception {
    while (true) { // bounded by the class @Timeout
      for (NodeConfig c : launcher.configs()) {
        if (!c.id().equals(except) && launcher.running(c.id()).isPresent()
            && LocalClusterLauncher.role(c).startsWith("leader")) {
          return c.id();
        }
      }
      Thread.sleep(100);
    }
  }

  private static long millisSince(long nanos) {
    return (System.nanoTime() - nanos) / 1_000_000;
  }

  @Test
  void pauseKillRestartKeepsBankInvariantsAndLinearizableRegisters() throws Exception {
    LocalClusterLauncher launcher = new LocalClusterLauncher(dir);
    List<String> command = List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx256m",
        "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), NodeMain.class.getName());
    String paused = null;
    try {
      launcher.start(3, BankKillTest.basePort(), "bank", USER, PASSWORD, command);
      try (BankWorkload bank = new BankWorkload(launcher.url(), USER, PASSWORD, 2);
           RegisterWorkload registers = new RegisterWorkload(launcher.url(), USER, PASSWORD, 3, 3)) {
        bank.awaitAcknowledged(STEP);

        // 1. SIGSTOP the leader for 4 s (two to four election timeouts), then SIGCONT
        String first = leader(launcher, null);
        int acked = bank.acknowledged.size();
        long at = System.nanoTime();
        paused = first;
        signal(launcher, first, "STOP");
        // resume after 4 s, or later once the others committed (at most 8 s)
        while (millisSince(at) < 4_000 || (bank.acknowledged.size() == acked && millisSince(at) < 8_000)) {
          Thread.sleep(20);
        }
        signal(launcher, first, "CONT");
        paused = null;
        bank.awaitAcknowledged(acked + 1);
        long failover = millisSince(at);
        bank.awaitAcknowledged(bank.acknowledged.size() + STEP);
        LOG.log(System.Logger.Level.INFO, "SIGSTOP leader {0}: first commit after {1} ms", first, failover);

        // 2. SIGKILL the leader; two nodes keep serving
        String second = leader(launcher, null);
        acked = bank.acknowledged.size();
        at = System.nanoTime();
        ProcessHandle h = launcher.running(second).orElseThrow();
        h.destroyForcibly();
        h.onExit().get();
        bank.awaitAcknowledged(acked + 1);
        LOG.log(System.Logger.Level.INFO, "SIGKILL leader {0}: first commit after {1} ms", second, millisSince(at));
        bank.awaitAcknowledged(bank.acknowledged.size() + STEP); // on 2 of 3 nodes

        // 3. restart it, wait until it follows the leader; then pause the other follower (the
        // leader needs the restarted node for a majority)
        launcher.start(3, 0, "bank", USER, PASSWORD, command);
        NodeConfig restarted = launcher.configs().stream().filter(c -> c.id().equals(second)).findFirst().orElseThrow();
        while (!LocalClusterLauncher.role(restarted).startsWith("follower (leader at")) {
          Thread.sleep(100); // bounded by the class @Timeout
        }
        bank.awaitAcknowledged(bank.acknowledged.size() + STEP);
        String third = leader(launcher, null);
        String follower = launcher.configs().stream().map(NodeConfig::id)
            .filter(id -> !id.equals(third) && !id.equals(second)).findFirst().orElseThrow();
        paused = follower;
        signal(launcher, follower, "STOP");
        acked = bank.acknowledged.size();
        at = System.nanoTime();
        bank.awaitAcknowledged(acked + STEP);
        LOG.log(System.Logger.Level.INFO, "SIGSTOP follower {0}: {1} transfers in {2} ms meanwhile", follower, STEP,
            millisSince(at));
        signal(launcher, follower, "CONT");
        paused = null;
        bank.awaitAcknowledged(bank.acknowledged.size() + STEP);

        bank.stopWorkers();
        List<Linearizability.Op> history = registers.stopAndCollect();
        long unknown = history.stream().filter(op -> !op.known()).count();
        LOG.log(System.Logger.Level.INFO, "{0} acknowledged, {1} aborted, {2} failed transfers; {3} register operations"
            + " ({4} writes with unknown outcome)", bank.acknowledged.size(), bank.aborted.size(), bank.failures.get(),
            history.size(), unknown);
        bank.verify();
        assertTrue(history.size() > 100, "register operations recorded: " + history.size());
        assertEquals(Linearizability.Result.LINEARIZABLE, new Linearizability(50_000_000).check(history, 0));
      }
    } finally {
      if (paused != null) {
        try {
          signal(launcher, paused, "CONT");
        } catch (Exception | AssertionError e) {
          LOG.log(System.Logger.Level.WARNING, "could not resume " + paused + ": " + e);
        }
      }
      launcher.stop(null);
      // keep the node logs where CI keeps reports
      Path logs = Path.of("target", "cluster-fault-logs");
      java.nio.file.Files.createDirectories(logs);
      for (NodeConfig c : launcher.configs()) {
        Path log = dir.resolve(c.id() + ".log");
        if (java.nio.file.Files.exists(log)) {
          java.nio.file.Files.copy(log, logs.resolve(c.id() + ".log"), java.nio.file.StandardCopyOption.REPLACE_EXISTING);
        }
      }
    }
  }
}
