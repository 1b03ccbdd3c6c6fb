package io.beamdb.jdbc;

import static io.beamdb.jdbc.Db.assertState;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Arrays;
import java.util.Properties;
import java.util.ServiceLoader;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Driver registration, URL handling and connect-time errors. */
class DriverTest {
  @TempDir
  Path dir;

  @Test
  void registeredThroughServiceLoaderAndDriverManager() throws SQLException {
    assertTrue(ServiceLoader.load(Driver.class).stream().anyMatch(p -> p.type() == BeamDriver.class));
    Driver d = DriverManager.getDriver("jdbc:beam:mem:x");
    assertInstanceOf(BeamDriver.class, d);
    assertEquals(0, d.getMajorVersion());
    assertEquals(1, d.getMinorVersion());
    assertFalse(d.jdbcCompliant());
    assertTrue(d.acceptsURL("jdbc:beam:file:/tmp/x"));
    assertFalse(d.acceptsURL("jdbc:h2:mem:x"));
    assertNull(d.connect("jdbc:h2:mem:x", new Properties()));
  }

  @Test
  void propertyInfoListsKnownSettings() throws SQLException {
    DriverPropertyInfo[] info = BeamDriver.instance().getPropertyInfo("jdbc:beam:mem:x;sync=OFF", null);
    String[] names = Arrays.stream(info).map(p -> p.name).sorted().toArray(String[]::new);
    assertEquals(Arrays.asList("IFEXISTS", "LOCK_TIMEOUT", "MEMTABLE_SIZE", "PASSWORD", "ROW_CACHE", "SYNC", "USER"), Arrays.asList(names));
    DriverPropertyInfo sync = Arrays.stream(info).filter(p -> p.name.equals("SYNC")).findFirst().orElseThrow();
    assertEquals("OFF", sync.value);
    assertEquals(3, sync.choices.length);
  }

  @Test
  void unknownSettingIs08001() {
    assertState("08001", () -> DriverManager.getConnection("jdbc:beam:mem:x;NO_SUCH_SETTING=1"));
    Properties p = new Properties();
    p.setProperty("bogus", "1");
    assertState("08001", () -> DriverManager.getConnection("jdbc:beam:mem:x", p));
    assertState("08001", () -> DriverManager.getConnection("jdbc:beam:mem:x;SYNC=SOMETIMES"));
  }

  @Test
  void unreachableRemoteIs08001() {
    // port 1 on loopback: nothing listens there (remote mode itself is tested in the cluster module)
    SQLException e = Db.fails(() -> DriverManager.getConnection("jdbc:beam://127.0.0.1:1/db;CONNECT_TIMEOUT=200"));
    assertEquals("08001", e.getSQLState());
    assertTrue(e.getMessage().contains("Cannot connect"), e.getMessage());
  }

  @Test
  void regularFileAsPathIs08001() throws Exception {
    Path file = Files.writeString(dir.resolve("plain.txt"), "not a database");
    SQLException e = Db.fails(() -> DriverManager.getConnection("jdbc:beam:file:" + file));
    assertEquals("08001", e.getSQLState());
    assertTrue(e.getMessage().contains(file.toString()), e.getMessage());
    SQLException e2 = Db.fails(() -> DriverManager.getConnection("jdbc:beam:" + file.resolve("sub")));
    assertEquals("08001", e2.getSQLState());
    assertTrue(e2.getMessage().contains(file.toString()), e2.getMessage());
  }

  @Test
  void connectViaDriverManager() throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:beam:mem:", "sa", "")) {
      assertFalse(c.isClosed());
      assertTrue(c.isValid(1));
      assertEquals("sa", c.getMetaData().getUserName());
      assertEquals("jdbc:beam:mem:", c.getMetaData().getURL());
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 1")) {
        assertTrue(rs.next());
        assertEquals(1, rs.getInt(1));
      }
    }
  }

  @Test
  void connectViaDataSource() throws SQLException {
    BeamDataSource ds = new BeamDataSource();
    assertState("08001", ds::getConnection);
    ds.setUrl("jdbc:beam:mem:");
    ds.setUser("app");
    ds.setPassword("secret");
    ds.setLoginTimeout(5);
    assertEquals(5, ds.getLoginTimeout());
    assertTrue(ds.isWrapperFor(DataSource.class));
    assertSame(ds, ds.unwrap(BeamDataSource.class));
    try (Connection c = ds.getConnection()) {
      assertEquals("app", c.getMetaData().getUserName());
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT 2")) {
        assertTrue(rs.next());
        assertEquals(2, rs.getInt(1));
      }
    }
    ds.setUrl("jdbc:beam:mem:;BAD=1");
    assertState("08001", ds::getConnection);
  }

  @Test
  void filePathForms(@TempDir Path d2) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:beam:" + d2.resolve("a/b"))) {
      Db.exec(c, "CREATE TABLE t (x INTEGER)");
    }
    assertTrue(Files.isDirectory(d2.resolve("a/b")));
    try (Connection c = DriverManager.getConnection("jdbc:beam:file:" + d2.resolve("a/b") + ";SYNC=NORMAL")) {
      assertEquals(0, Db.count(c, "t"));
    }
  }

  @Test
  void ifExistsOnMissingDatabase() {
    assertState("08001", () -> DriverManager.getConnection(
        "jdbc:beam:file:" + dir.resolve("missing") + ";IFEXISTS=TRUE"));
  }
}
