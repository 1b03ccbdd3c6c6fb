package io.beamdb.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** Remote-only connection behaviour: authentication, host lists, unreachable servers. */
class RemoteConnectTest {

  /** A loopback port nothing listens on (bound, then released). */
  private static int deadPort() throws Exception {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  @Test
  void wrongPasswordAndUnknownUserFailWith28P01() throws Exception {
    try (Modes.Db db = Modes.REMOTE.open()) {
      SQLException e = assertThrows(SQLException.class, () -> DriverManager.getConnection(db.url(), Modes.USER, "nope"));
      assertEquals("28P01", e.getSQLState());
      assertInstanceOf(SQLInvalidAuthorizationSpecException.class, e);
      e = assertThrows(SQLException.class, () -> DriverManager.getConnection(db.url(), "nobody", Modes.PASSWORD));
      assertEquals("28P01", e.getSQLState());
    }
  }

  @Test
  void unknownDatabaseAndUnknownSettingFailWith08001() throws Exception {
    try (Modes.Db db = Modes.REMOTE.open()) {
      String other = db.url().replace("/test", "/other");
      assertEquals("08001", assertThrows(SQLException.class,
          () -> DriverManager.getConnection(other, Modes.USER, Modes.PASSWORD)).getSQLState());
      assertEquals("08001", assertThrows(SQLException.class,
          () -> DriverManager.getConnection(db.url() + ";SYNC=FULL", Modes.USER, Modes.PASSWORD)).getSQLState());
    }
  }

  @Test
  void nothingListeningFailsWith08001() throws Exception {
    String url = "jdbc:beam://127.0.0.1:" + deadPort() + "/test;CONNECT_TIMEOUT=300";
    SQLException e = assertThrows(SQLException.class, () -> DriverManager.getConnection(url, "a", "b"));
    assertEquals("08001", e.getSQLState());
  }

  @Test
  void aDeadHostInTheListIsSkipped() throws Exception {
    try (Modes.Db db = Modes.REMOTE.open()) {
      String url = "jdbc:beam://127.0.0.1:" + deadPort() + ",127.0.0.1:" + db.server().port() + "/test";
      try (Connection c = DriverManager.getConnection(url, Modes.USER, Modes.PASSWORD);
           Statement s = c.createStatement()) {
        assertTrue(s.execute("SELECT 1"));
      }
    }
  }

  @Test
  void aHostThatAcceptsButNeverAnswersDoesNotHangTheConnect() throws Exception {
    try (ServerSocket silent = new ServerSocket(0, 50, java.net.InetAddress.getLoopbackAddress())) {
      String url = "jdbc:beam://127.0.0.1:" + silent.getLocalPort() + "/test;CONNECT_TIMEOUT=500";
      SQLException e = assertThrows(SQLException.class, () -> DriverManager.getConnection(url, "a", "b"));
      assertEquals("08001", e.getSQLState());
    }
  }

  @Test
  void aRequestLongerThanTheNetworkTimeoutFailsWith08006() throws Exception {
    try (Modes.Db db = Modes.REMOTE.open(); Connection c = db.connect(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE n (v INTEGER)");
      s.execute("INSERT INTO n VALUES (0), (1), (2), (3), (4), (5), (6), (7), (8), (9)");
      c.setNetworkTimeout(Runnable::run, 300);
      SQLException e = assertThrows(SQLException.class,
          () -> s.executeQuery("SELECT COUNT(*) FROM n a, n b, n c, n d, n e, n f, n g, n h, n i WHERE a.v + b.v < 0"));
      assertEquals("08006", e.getSQLState());
      assertTrue(c.isClosed());
    } // closing the server cancels the statement still running there
  }

  @Test
  void aDroppedConnectionFailsWith08006AndIsClosed() throws Exception {
    try (Modes.Db db = Modes.REMOTE.open(); Connection c = db.connect()) {
      db.server().closeConnections();
      SQLException e = assertThrows(SQLException.class, () -> {
        try (Statement s = c.createStatement()) {
          s.execute("SELECT 1");
        }
      });
      assertEquals("08006", e.getSQLState());
      assertTrue(c.isClosed());
      assertTrue(!c.isValid(1));
    }
  }
}
