package io.beamdb.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.beamdb.engine.DatabaseConfig;
import io.beamdb.engine.DatabaseRegistry;
import io.beamdb.engine.Session;
import io.beamdb.wire.Scram;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * TLS on the client port: a self-signed certificate for IP 127.0.0.1 made with the JDK's keytool,
 * {@link WireServer}s over in-memory databases on loopback, the driver with and without the trust
 * store.
 */
@Timeout(value = 30, unit = TimeUnit.SECONDS)
class TlsTest {
  private static final String KEY_PASSWORD = "node-secret";
  private static final String TRUST_PASSWORD = "trust-secret";
  private static final AtomicInteger COUNTER = new AtomicInteger();

  @TempDir
  static Path dir;
  static Path keystore;
  static Path truststore;
  private static final List<AutoCloseable> OPEN = new ArrayList<>();

  @BeforeAll
  static void makeCertificate() throws Exception {
    Path[] files = TestCerts.make(dir, KEY_PASSWORD, TRUST_PASSWORD);
    keystore = files[0];
    truststore = files[1];
  }

  @AfterAll
  static void closeAll() throws Exception {
    for (AutoCloseable c : OPEN) {
      c.close();
    }
  }

  private static NodeConfig.Tls tls(boolean required) {
    return new NodeConfig.Tls(keystore, KEY_PASSWORD, "PKCS12", required);
  }

  /** A server over a fresh in-memory database; closed after all tests. */
  private static WireServer server(NodeConfig.Tls tls) throws Exception {
    Session anchor = DatabaseRegistry.connect(DatabaseConfig.memory("tls" + COUNTER.incrementAndGet(), Map.of()));
    WireServer server = new WireServer(new InetSocketAddress("127.0.0.1", 0), new DatabaseSource(anchor.database()),
        "test", Map.of(Modes.USER, Scram.newVerifier(Modes.PASSWORD)), tls);
    OPEN.add(anchor::close);
    OPEN.add(server);
    return server;
  }

  private static String url(WireServer s) {
    return "jdbc:beam://127.0.0.1:" + s.port() + "/test";
  }

  private static String trusted() {
    return ";SSL=true;SSL_TRUSTSTORE=" + truststore + ";SSL_TRUSTSTORE_PASSWORD=" + TRUST_PASSWORD;
  }

  @Test
  void sqlStatementsCancelAndPasswordCheckWorkOverTls() throws Exception {
    WireServer s = server(tls(true));
    String url = url(s) + trusted();
    try (Connection c = DriverManager.getConnection(url, Modes.USER, Modes.PASSWORD);
         Statement st = c.createStatement()) {
      st.execute("CREATE TABLE t (id INTEGER PRIMARY KEY, v VARCHAR(20))");
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO t VALUES (?, ?)")) {
        for (int i = 0; i < 300; i++) {
          ps.setInt(1, i);
          ps.setString(2, "v" + i);
          ps.addBatch();
        }
        ps.executeBatch();
      }
      st.setFetchSize(50); // several FETCH round trips through TLS records
      try (ResultSet rs = st.executeQuery("SELECT id, v FROM t ORDER BY id")) {
        int n = 0;
        while (rs.next()) {
          assertEquals("v" + rs.getInt(1), rs.getString(2));
          n++;
        }
        assertEquals(300, n);
      }
      // Statement.cancel travels on a side connection, which must speak TLS too
      StringBuilder values = new StringBuilder("INSERT INTO n VALUES (0)");
      for (int i = 1; i < 200; i++) {
        values.append(", (").append(i).append(')');
      }
      st.execute("CREATE TABLE n (v INTEGER)");
      st.execute(values.toString());
      ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
      try {
        timer.scheduleAtFixedRate(() -> {
          try {
            st.cancel();
          } catch (SQLException ex) {
            throw new IllegalStateException(ex);
          }
        }, 100, 50, TimeUnit.MILLISECONDS);
        SQLException e = assertThrows(SQLException.class, () -> {
          try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM n a, n b, n c, n d WHERE a.v + b.v + c.v + d.v < 0")) {
            rs.next();
          }
        });
        assertEquals("57014", e.getSQLState(), e.getMessage());
      } finally {
        timer.shutdownNow();
        timer.awaitTermination(5, TimeUnit.SECONDS);
      }
      try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM t")) {
        assertTrue(rs.next());
        assertEquals(300, rs.getInt(1));
      }
    }
    // SCRAM runs inside TLS: a wrong password is still 28P01, at once
    SQLException e = assertThrows(SQLException.class, () -> DriverManager.getConnection(url, Modes.USER, "wrong"));
    assertEquals("28P01", e.getSQLState());
    assertInstanceOf(SQLInvalidAuthorizationSpecException.class, e);
    // "ssl" in lower case and Properties-style settings work the same
    java.util.Properties p = new java.util.Properties();
    p.setProperty("user", Modes.USER);
    p.setProperty("password", Modes.PASSWORD);
    p.setProperty("ssl", "true");
    p.setProperty("ssl_truststore", truststore.toString());
    p.setProperty("SSL_TRUSTSTORE_PASSWORD", TRUST_PASSWORD);
    p.setProperty("SSL_TRUSTSTORE_TYPE", "PKCS12");
    try (Connection c = DriverManager.getConnection(url(s), p)) {
      assertTrue(c.isValid(2));
    }
  }

  @Test
  void anUntrustedCertificateFailsAtOnceWith08001NamingTheFix() throws Exception {
    WireServer s = server(tls(true));
    long start = System.nanoTime();
    SQLException e = assertThrows(SQLException.class,
        () -> DriverManager.getConnection(url(s) + ";SSL=true;CONNECT_TIMEOUT=20000", Modes.USER, Modes.PASSWORD));
    assertEquals("08001", e.getSQLState());
    assertTrue(e.getMessage().contains("127.0.0.1:" + s.port()) && e.getMessage().contains("SSL_TRUSTSTORE"),
        e.getMessage());
    assertTrue(System.nanoTime() - start < 10_000_000_000L, "not retried until CONNECT_TIMEOUT");
  }

  @Test
  void aCertificateForAnotherHostNameIsRefusedUnlessVerificationIsOff() throws Exception {
    WireServer s = server(tls(true));
    String byName = "jdbc:beam://localhost:" + s.port() + "/test" + trusted();
    SQLException e = assertThrows(SQLException.class,
        () -> DriverManager.getConnection(byName, Modes.USER, Modes.PASSWORD));
    assertEquals("08001", e.getSQLState());
    assertTrue(e.getMessage().contains("SSL_VERIFY_HOSTNAME=false"), e.getMessage());
    try (Connection c = DriverManager.getConnection(byName + ";SSL_VERIFY_HOSTNAME=false", Modes.USER,
        Modes.PASSWORD)) {
      assertTrue(c.isValid(2));
    }
  }

  @Test
  void aPlaintextClientOfATlsServerGetsAClear08001() throws Exception {
    WireServer s = server(tls(true));
    long start = System.nanoTime();
    SQLException e = assertThrows(SQLException.class,
        () -> DriverManager.getConnection(url(s), Modes.USER, Modes.PASSWORD));
    assertEquals("08001", e.getSQLState());
    assertTrue(e.getMessage().contains("accepts only TLS") && e.getMessage().contains("SSL=true"), e.getMessage());
    assertTrue(System.nanoTime() - start < 5_000_000_000L, "not retried until CONNECT_TIMEOUT");
  }

  @Test
  void aTlsClientOfAPlaintextServerFailsWithinTheConnectTimeout() throws Exception {
    WireServer s = server(null);
    long start = System.nanoTime();
    SQLException e = assertThrows(SQLException.class,
        () -> DriverManager.getConnection(url(s) + trusted() + ";CONNECT_TIMEOUT=800", Modes.USER, Modes.PASSWORD));
    assertEquals("08001", e.getSQLState());
    assertTrue(e.getMessage().contains("TLS handshake failed") && e.getMessage().contains("without SSL=true"),
        e.getMessage());
    assertTrue(System.nanoTime() - start < 5_000_000_000L);
  }

  @Test
  void aServerNotRequiringTlsAcceptsBoth() throws Exception {
    WireServer s = server(tls(false));
    try (Connection tls = DriverManager.getConnection(url(s) + trusted(), Modes.USER, Modes.PASSWORD);
         Connection plain = DriverManager.getConnection(url(s), Modes.USER, Modes.PASSWORD);
         Statement a = tls.createStatement(); Statement b = plain.createStatement()) {
      a.execute("CREATE TABLE both_ways (k INTEGER)");
      a.execute("INSERT INTO both_ways VALUES (7)");
      try (ResultSet rs = b.executeQuery("SELECT k FROM both_ways")) {
        assertTrue(rs.next());
        assertEquals(7, rs.getInt(1));
      }
    }
  }

  @Test
  void aRedirectToTheLeaderIsFollowedOverTls() throws Exception {
    WireServer leader = server(tls(true));
    String leaderAddress = "127.0.0.1:" + leader.port();
    WireServer follower = new WireServer(new InetSocketAddress("127.0.0.1", 0), new SessionSource() {
      @Override
      public String redirect() {
        return leaderAddress;
      }

      @Override
      public Session open() throws SQLException {
        throw new SQLException("a follower serves no sessions", "08006");
      }
    }, "test", Map.of(Modes.USER, Scram.newVerifier(Modes.PASSWORD)), tls(true));
    OPEN.add(follower);
    try (Connection c = DriverManager.getConnection(url(follower) + trusted(), Modes.USER, Modes.PASSWORD);
         Statement st = c.createStatement()) {
      assertTrue(st.execute("SELECT 1"));
      assertEquals(1, leader.connectionCount());
      assertEquals(0, follower.connectionCount());
    }
  }

  @Test
  void badSettingsAndKeyStoresAreNamed() throws Exception {
    WireServer s = server(tls(true));
    SQLException e = assertThrows(SQLException.class, () -> DriverManager.getConnection(
        url(s) + ";SSL=true;SSL_TRUSTSTORE=" + dir.resolve("missing.p12"), Modes.USER, Modes.PASSWORD));
    assertEquals("08001", e.getSQLState());
    assertTrue(e.getMessage().contains("SSL_TRUSTSTORE") && e.getMessage().contains("missing.p12"), e.getMessage());
    e = assertThrows(SQLException.class, () -> DriverManager.getConnection(
        url(s) + ";SSL=true;SSL_TRUSTSTORE=" + truststore + ";SSL_TRUSTSTORE_PASSWORD=wrong", Modes.USER,
        Modes.PASSWORD));
    assertEquals("08001", e.getSQLState());
    assertTrue(e.getMessage().contains("SSL_TRUSTSTORE_PASSWORD"), e.getMessage());
    e = assertThrows(SQLException.class, () -> DriverManager.getConnection(url(s) + ";SSL=yes", Modes.USER,
        Modes.PASSWORD));
    assertEquals("08001", e.getSQLState());
    e = assertThrows(SQLException.class, () -> DriverManager.getConnection(url(s) + ";SSL_TRUSTSTORE=" + truststore,
        Modes.USER, Modes.PASSWORD));
    assertEquals("08001", e.getSQLState());
    assertTrue(e.getMessage().contains("SSL=true"), e.getMessage());
    // the server names its key store and the YAML keys to check
    IOException io = assertThrows(IOException.class, () -> new WireServer(new InetSocketAddress("127.0.0.1", 0),
        new DatabaseSource(null), "test", Map.of(), new NodeConfig.Tls(keystore, "wrong", "PKCS12", true)));
    assertTrue(io.getMessage().contains(keystore.toString()) && io.getMessage().contains("tls.keystorePassword"),
        io.getMessage());
  }

  @Test
  void nodeYamlCarriesTlsWithTheKeyStoreBesideTheFile() throws Exception {
    Path f = Files.writeString(dir.resolve("n1.yaml"), "node: n1\ndata: d\n"
        + "peers:\n  - {id: n1, listen: 127.0.0.1:1, raft: 127.0.0.1:2}\n"
        + "tls: {keystore: node.p12, keystorePassword: " + KEY_PASSWORD + "}\n");
    NodeConfig c = NodeConfig.load(f);
    assertEquals(new NodeConfig.Tls(keystore.toAbsolutePath(), KEY_PASSWORD, "PKCS12", true), c.tls());
    Path g = Files.writeString(dir.resolve("n1b.yaml"), c.toYaml());
    assertEquals(c.tls(), NodeConfig.load(g).tls());
    Path bad = Files.writeString(dir.resolve("n1c.yaml"), "node: n1\ndata: d\n"
        + "peers:\n  - {id: n1, listen: 127.0.0.1:1, raft: 127.0.0.1:2}\ntls: {keystore: x.p12, keyStore: y}\n");
    IllegalArgumentException e = assertThrows(IllegalArgumentException.class, () -> NodeConfig.load(bad));
    assertTrue(e.getMessage().contains("tls.keyStore"), e.getMessage());
  }
}
