package io.beamdb.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Three in-process nodes whose client ports require TLS: the driver finds the leader through
 * redirects over TLS and fails over to the next leader after the first one stops.
 */
@Timeout(90)
class TlsClusterTest {
  @TempDir
  Path dir;

  private static long count(Connection c) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT COUNT(*) FROM t")) {
      rs.next();
      return rs.getLong(1);
    }
  }

  @Test
  void redirectsAndFailoverWorkOverTls() throws Exception {
    Path certs = Files.createDirectories(dir.resolve("certs"));
    Path[] stores = TestCerts.make(certs, "node-pw", "trust-pw");
    NodeConfig.Tls tls = new NodeConfig.Tls(stores[0], "node-pw", "PKCS12", true);
    try (LocalCluster cluster = new LocalCluster(dir, 3, Map.of(), tls)) {
      String url = cluster.url() + ";SSL=true;SSL_TRUSTSTORE=" + stores[1]
          + ";SSL_TRUSTSTORE_PASSWORD=trust-pw;CONNECT_TIMEOUT=30000";
      try (Connection c = DriverManager.getConnection(url, LocalCluster.USER, LocalCluster.PASSWORD);
           Statement s = c.createStatement()) {
        s.execute("CREATE TABLE t (id INT PRIMARY KEY)");
        s.execute("INSERT INTO t VALUES (1), (2), (3)");
      }
      int leader = cluster.leader();
      assertTrue(leader >= 0, "a leader serves SQL");
      SQLException e = assertThrows(SQLException.class, () -> DriverManager.getConnection(
          cluster.url() + ";CONNECT_TIMEOUT=30000", LocalCluster.USER, LocalCluster.PASSWORD));
      assertEquals("08001", e.getSQLState());
      assertTrue(e.getMessage().contains("accepts only TLS"), e.getMessage());
      cluster.stop(leader);
      try (Connection c = DriverManager.getConnection(url, LocalCluster.USER, LocalCluster.PASSWORD);
           Statement s = c.createStatement()) {
        assertEquals(3, count(c));
        s.execute("INSERT INTO t VALUES (4)");
        assertEquals(4, count(c));
      }
    }
  }
}
