package io.beamdb.cluster;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bank transfers ({@link BankWorkload}) through HikariCP and the remote driver on a three-node
 * cluster in this JVM while the test stops the leader; afterwards the total is unchanged, every
 * acknowledged transfer is in the ledger, every balance matches the ledger, and the two remaining
 * nodes kept committing. {@link BankKillTest} does the same with child JVMs and SIGKILL.
 */
@Timeout(150)
class BankFaultTest {
  private static final System.Logger LOG = System.getLogger(BankFaultTest.class.getName());
  /** Acknowledged transfers before and after the leader is stopped. */
  private static final int BEFORE = 40;
  private static final int AFTER = 40;

  @TempDir
  Path dir;

  @Test
  void totalIsInvariantAndNoAcknowledgedTransferIsLostWhenTheLeaderDies() throws Exception {
    try (LocalCluster cluster = new LocalCluster(dir, 3);
         BankWorkload bank = new BankWorkload(cluster.url(), LocalCluster.USER, LocalCluster.PASSWORD, 3)) {
      bank.awaitAcknowledged(BEFORE);
      int leader = cluster.leader();
      assertTrue(leader >= 0, "a node serves SQL");
      int ackedAtStop = bank.acknowledged.size();
      long stoppedAt = System.nanoTime();
      cluster.stop(leader);
      bank.awaitAcknowledged(ackedAtStop + 1);
      long failoverMillis = (System.nanoTime() - stoppedAt) / 1_000_000;
      bank.awaitAcknowledged(ackedAtStop + AFTER);
      bank.stopWorkers();
      LOG.log(System.Logger.Level.INFO, "stopped leader n{0} after {1} transfers; first commit after it: {2} ms;"
          + " {3} failed or unknown transfers", leader + 1, ackedAtStop, failoverMillis, bank.failures.get());
      bank.verify();
    }
  }
}
