package io.beamdb.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

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
 * The read barrier behind linearizable reads ({@link ClusterNode#readBarrier}): it passes on the
 * serving leader, fails with 08006 on followers, and fails on a deposed leader once leadership
 * moved, while the new leader serves every acknowledged commit.
 */
@Timeout(90)
class ReadBarrierTest {
  @TempDir
  Path dir;

  @Test
  void onlyTheServingLeaderPassesTheReadBarrier() throws Exception {
    try (LocalCluster cluster = new LocalCluster(dir, 3)) {
      String url = cluster.url() + ";CONNECT_TIMEOUT=30000";
      try (Connection c = DriverManager.getConnection(url, LocalCluster.USER, LocalCluster.PASSWORD);
           Statement s = c.createStatement()) {
        s.execute("CREATE TABLE r (k INT PRIMARY KEY, v INT)");
        s.execute("INSERT INTO r VALUES (1, 1)");
      }
      int leader = cluster.leader();
      cluster.nodes[leader].readBarrier(); // passes
      int follower = (leader + 1) % 3;
      SQLException e = assertThrows(SQLException.class, () -> cluster.nodes[follower].readBarrier());
      assertEquals("08006", e.getSQLState());

      while (!cluster.nodes[follower].isServing()) { // move leadership away
        cluster.nodes[leader].transferLeadership(cluster.configs.get(follower).id(), 5_000);
        Thread.sleep(100);
      }
      e = assertThrows(SQLException.class, () -> cluster.nodes[leader].readBarrier());
      assertEquals("08006", e.getSQLState(), "the deposed leader cannot confirm a read");
      cluster.nodes[follower].readBarrier();
      try (Connection c = DriverManager.getConnection(url, LocalCluster.USER, LocalCluster.PASSWORD);
           Statement s = c.createStatement()) {
        s.execute("UPDATE r SET v = 2 WHERE k = 1");
        try (ResultSet rs = s.executeQuery("SELECT v FROM r WHERE k = 1")) {
          rs.next();
          assertEquals(2, rs.getInt(1));
        }
      }
    }
  }
}
