package io.beamdb.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * A three-node cluster in this JVM: SQL through any listed host reaches the leader; the data
 * survives losing the leader; a restarted node catches up from the Raft log.
 */
@Timeout(120)
class ClusterTest {
  @TempDir
  Path dir;

  private static long count(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getLong(1);
    }
  }

  private static Connection connect(LocalCluster cluster) throws SQLException {
    return DriverManager.getConnection(cluster.url() + ";CONNECT_TIMEOUT=30000", LocalCluster.USER, LocalCluster.PASSWORD);
  }

  @Test
  void survivesLeaderLossAndRestartedNodeCatchesUp() throws Exception {
    try (LocalCluster cluster = new LocalCluster(dir, 3)) {
      try (Connection c = connect(cluster); Statement s = c.createStatement()) {
        s.execute("CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(10))");
        for (int i = 0; i < 20; i++) {
          s.execute("INSERT INTO t VALUES (" + i + ", 'v" + i + "')");
        }
      }
      int first = cluster.leader();
      assertTrue(first >= 0, "a leader serves SQL");
      cluster.stop(first);
      try (Connection c = connect(cluster); Statement s = c.createStatement()) {
        assertEquals(20, count(c, "SELECT COUNT(*) FROM t"), "committed rows survive the leader");
        for (int i = 20; i < 30; i++) {
          s.execute("INSERT INTO t VALUES (" + i + ", 'w" + i + "')");
        }
      }
      cluster.start(first); // catches up by replaying the log it missed
      int second = cluster.leader();
      assertTrue(second >= 0 && second != first);
      cluster.stop(second); // now the restarted node is needed for a majority
      try (Connection c = connect(cluster)) {
        assertEquals(30, count(c, "SELECT COUNT(*) FROM t"));
        assertEquals(29 * 30 / 2, count(c, "SELECT SUM(id) FROM t"));
      }
    }
  }
}
