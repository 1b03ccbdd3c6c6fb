package io.beamdb.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Raft snapshots: with a snapshot every 40 entries and small log segments, a follower that is
 * down while the leader snapshots and purges its log can only catch up through InstallSnapshot.
 * Two cases: the follower keeps its (stale) storage, where rows deleted meanwhile must disappear,
 * and a node whose data directory was wiped. Afterwards leadership is moved to the node and SQL
 * through it sees exactly the cluster's data.
 */
@Timeout(120)
class SnapshotCatchUpTest {
  @TempDir
  Path dir;

  private static final Map<String, String> SETTINGS = Map.of(ClusterNode.RAFT_SNAPSHOT_EVERY, "40",
      ClusterNode.RAFT_PURGE_GAP, "8", ClusterNode.RAFT_LOG_SEGMENT_BYTES, "16384");

  private static Connection connect(LocalCluster cluster) throws SQLException {
    return DriverManager.getConnection(cluster.url() + ";CONNECT_TIMEOUT=30000", LocalCluster.USER, LocalCluster.PASSWORD);
  }

  private static long[] countAndSum(LocalCluster cluster) throws SQLException {
    try (Connection c = connect(cluster); Statement s = c.createStatement();
         ResultSet rs = s.executeQuery("SELECT COUNT(*), SUM(id), SUM(LENGTH(v)) FROM t")) {
      rs.next();
      return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)};
    }
  }

  private static void insert(LocalCluster cluster, int from, int to) throws SQLException {
    try (Connection c = connect(cluster); PreparedStatement p = c.prepareStatement("INSERT INTO t VALUES (?, ?)")) {
      for (int i = from; i < to; i++) {
        p.setInt(1, i);
        p.setString(2, "row-" + i + "-".repeat(i % 50));
        p.executeUpdate(); // one commit, one Raft entry each
      }
    }
  }

  private static int anyFollower(LocalCluster cluster, int leader) {
    for (int i = 0; i < cluster.nodes.length; i++) {
      if (i != leader && cluster.nodes[i] != null) {
        return i;
      }
    }
    throw new IllegalStateException("no follower");
  }

  /** Waits until {@code node}'s applied index reaches the leader's. */
  private static void awaitCaughtUp(LocalCluster cluster, int node, int leader) throws Exception {
    long target = cluster.nodes[leader].logWindow()[1];
    while (cluster.nodes[node].logWindow()[1] < target) {
      Thread.sleep(50);
    }
  }

  /** Moves leadership to {@code node} and waits until it serves SQL. */
  private static void makeLeader(LocalCluster cluster, int node) throws Exception {
    while (!cluster.nodes[node].isServing()) {
      int leader = cluster.leader();
      if (leader >= 0 && leader != node) {
        cluster.nodes[leader].transferLeadership(cluster.configs.get(node).id(), 5_000);
      }
      Thread.sleep(100);
    }
  }

  private int next = 10_000;

  private void purgePast(LocalCluster cluster, int leader, long index) throws Exception {
    // keep writing until the leader has snapshotted and purged past what the follower holds
    while (cluster.nodes[leader].logWindow()[0] <= index + 1) {
      insert(cluster, next, next + 20);
      next += 20;
    }
  }

  @Test
  void followerBehindThePurgedLogCatchesUpBySnapshot() throws Exception {
    try (LocalCluster cluster = new LocalCluster(dir, 3, SETTINGS)) {
      try (Connection c = connect(cluster); Statement s = c.createStatement()) {
        s.execute("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(100))");
      }
      insert(cluster, 0, 100);
      int leader = cluster.leader();
      int down = anyFollower(cluster, leader);
      awaitCaughtUp(cluster, down, leader);
      long downAt = cluster.nodes[down].logWindow()[1];
      cluster.stop(down);
      try (Connection c = connect(cluster); Statement s = c.createStatement()) {
        assertEquals(50, s.executeUpdate("DELETE FROM t WHERE id < 50"), "rows deleted while the follower is down");
        assertEquals(10, s.executeUpdate("UPDATE t SET v = 'changed' WHERE id >= 90"));
      }
      purgePast(cluster, cluster.leader(), downAt);
      long[] expected = countAndSum(cluster);

      cluster.start(down);
      leader = cluster.leader();
      awaitCaughtUp(cluster, down, leader);
      assertTrue(cluster.nodes[down].stateMachine().snapshotsInstalled() >= 1, "caught up through a snapshot");
      makeLeader(cluster, down);
      assertArrayEquals(expected, countAndSum(cluster), "the caught-up node serves the same rows");
      try (Connection c = connect(cluster); Statement s = c.createStatement();
           ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM t WHERE id < 50 OR (id >= 90 AND id < 100 AND v <> 'changed')")) {
        rs.next();
        assertEquals(0, rs.getLong(1), "deletes and updates made while it was down are there");
      }
      insert(cluster, 20_000, 20_010); // and it replicates new commits as leader

      // a node whose disk was lost starts empty and gets everything from a snapshot
      int wiped = anyFollower(cluster, down);
      long wipedAt = cluster.nodes[wiped].logWindow()[1];
      cluster.stop(wiped);
      try (Stream<Path> files = Files.walk(cluster.configs.get(wiped).data())) {
        files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
      }
      purgePast(cluster, down, wipedAt);
      expected = countAndSum(cluster);
      cluster.start(wiped);
      awaitCaughtUp(cluster, wiped, down);
      assertTrue(cluster.nodes[wiped].stateMachine().snapshotsInstalled() >= 1, "the empty node got a snapshot");
      makeLeader(cluster, wiped);
      assertArrayEquals(expected, countAndSum(cluster), "the rebuilt node serves the same rows");
    }
  }

  private static void assertArrayEquals(long[] expected, long[] actual, String message) {
    org.junit.jupiter.api.Assertions.assertArrayEquals(expected, actual, message);
  }
}
