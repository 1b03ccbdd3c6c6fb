package io.beamdb.cluster;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bank workload ({@link BankWorkload}) on three child JVMs ({@link LocalClusterLauncher},
 * {@link NodeMain}); the test kills the leader with SIGKILL, later restarts it and kills the new
 * leader, so the restarted node is needed for a majority. Invariants as in {@link BankFaultTest}.
 */
@Timeout(170)
class BankKillTest {
  private static final System.Logger LOG = System.getLogger(BankKillTest.class.getName());
  private static final String USER = "bank";
  private static final String PASSWORD = "vault";

  @TempDir
  Path dir;

  /** A base port whose six node ports are free now. */
  static int basePort() throws IOException {
    for (int attempt = 0; attempt < 50; attempt++) {
      int base = 20_000 + (int) (Math.random() * 30_000);
      boolean free = true;
      for (int i = 0; i < 3 && free; i++) {
        for (int k = 0; k < 2 && free; k++) {
          try (ServerSocket s = new ServerSocket(base + 10 * i + k)) {
            s.setReuseAddress(true);
          } catch (IOException e) {
            free = false;
          }
        }
      }
      if (free) {
        return base;
      }
    }
    throw new IOException("no free port range found");
  }

  private static String leader(LocalClusterLauncher launcher) throws Exception {
    while (true) { // bounded by the class @Timeout
      for (NodeConfig c : launcher.configs()) {
        if (launcher.running(c.id()).isPresent() && LocalClusterLauncher.role(c).startsWith("leader")) {
          return c.id();
        }
      }
      Thread.sleep(100);
    }
  }

  private static void kill(LocalClusterLauncher launcher, String id) throws Exception {
    ProcessHandle p = launcher.running(id).orElseThrow();
    p.destroyForcibly();
    p.onExit().get();
  }

  @Test
  void killDashNineTheLeaderTwice() throws Exception {
    LocalClusterLauncher launcher = new LocalClusterLauncher(dir);
    List<String> command = List.of(ProcessHandle.current().info().command().orElse("java"), "-Xmx256m",
        "-XX:+UseSerialGC", "-cp", System.getProperty("java.class.path"), NodeMain.class.getName());
    try {
      launcher.start(3, basePort(), "bank", USER, PASSWORD, command);
      try (BankWorkload bank = new BankWorkload(launcher.url(), USER, PASSWORD, 3)) {
        bank.awaitAcknowledged(30);
        String first = leader(launcher);
        kill(launcher, first);
        int acked = bank.acknowledged.size();
        long killedAt = System.nanoTime();
        bank.awaitAcknowledged(acked + 1);
        LOG.log(System.Logger.Level.INFO, "kill -9 leader {0}: first commit after {1} ms", first,
            (System.nanoTime() - killedAt) / 1_000_000);
        bank.awaitAcknowledged(acked + 30);
        launcher.start(3, 0, "bank", USER, PASSWORD, command); // restarts the killed node only
        String second = leader(launcher);
        assertTrue(!second.equals(first) || launcher.running(first).isPresent());
        // let the restarted node catch up, then take the leader away: it is needed for a majority
        bank.awaitAcknowledged(bank.acknowledged.size() + 20);
        kill(launcher, second);
        acked = bank.acknowledged.size();
        bank.awaitAcknowledged(acked + 30);
        bank.stopWorkers();
        LOG.log(System.Logger.Level.INFO, "{0} acknowledged, {1} failed or unknown transfers",
            bank.acknowledged.size(), bank.failures.get());
        bank.verify();
      }
    } finally {
      launcher.stop(null);
    }
  }
}
