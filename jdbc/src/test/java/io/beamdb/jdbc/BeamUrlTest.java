package io.beamdb.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.SQLException;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

class BeamUrlTest {
  @Test
  void namedMemory() throws SQLException {
    BeamUrl u = BeamUrl.parse("jdbc:beam:mem:orders");
    assertEquals(BeamUrl.Kind.MEMORY, u.kind());
    assertEquals("orders", u.target());
    assertTrue(u.settings().isEmpty());
  }

  @Test
  void privateMemory() throws SQLException {
    BeamUrl u = BeamUrl.parse("jdbc:beam:mem:");
    assertEquals(BeamUrl.Kind.MEMORY, u.kind());
    assertEquals("", u.target());
    BeamUrl withSettings = BeamUrl.parse("jdbc:beam:mem:;SYNC=OFF");
    assertEquals("", withSettings.target());
    assertEquals(Map.of("SYNC", "OFF"), withSettings.settings());
  }

  @Test
  void filePaths() throws SQLException {
    BeamUrl u = BeamUrl.parse("jdbc:beam:file:./data/app");
    assertEquals(BeamUrl.Kind.FILE, u.kind());
    assertEquals("./data/app", u.target());
    BeamUrl bare = BeamUrl.parse("jdbc:beam:/var/lib/beam/db");
    assertEquals(BeamUrl.Kind.FILE, bare.kind());
    assertEquals("/var/lib/beam/db", bare.target());
    BeamUrl windows = BeamUrl.parse("jdbc:beam:C:/data/db;SYNC=NORMAL");
    assertEquals(BeamUrl.Kind.FILE, windows.kind());
    assertEquals("C:/data/db", windows.target());
  }

  @Test
  void settingsAreUpperCasedAndTrimmed() throws SQLException {
    BeamUrl u = BeamUrl.parse("jdbc:beam:file:db;sync=NORMAL; IfExists = TRUE ;;memtable_size=8192;");
    assertEquals("db", u.target());
    assertEquals(Map.of("SYNC", "NORMAL", "IFEXISTS", "TRUE", "MEMTABLE_SIZE", "8192"), u.settings());
    assertEquals("[SYNC, IFEXISTS, MEMTABLE_SIZE]", u.settings().keySet().toString());
  }

  @Test
  void laterDuplicateWins() throws SQLException {
    assertEquals("OFF", BeamUrl.parse("jdbc:beam:mem:x;SYNC=FULL;SYNC=OFF").settings().get("SYNC"));
  }

  @Test
  void emptyValueAllowed() throws SQLException {
    assertEquals("", BeamUrl.parse("jdbc:beam:mem:x;PASSWORD=").settings().get("PASSWORD"));
  }

  @Test
  void prefixIsCaseInsensitive() throws SQLException {
    assertTrue(BeamUrl.accepts("JDBC:BEAM:mem:x"));
    assertEquals(BeamUrl.Kind.MEMORY, BeamUrl.parse("JDBC:Beam:MEM:x").kind());
    assertEquals(BeamUrl.Kind.FILE, BeamUrl.parse("jdbc:beam:FILE:x").kind());
  }

  @Test
  void remote() throws SQLException {
    BeamUrl u = BeamUrl.parse("jdbc:beam://localhost:7777/db;SYNC=FULL");
    assertEquals(BeamUrl.Kind.REMOTE, u.kind());
    assertEquals("localhost:7777/db", u.target());
    assertEquals("FULL", u.settings().get("SYNC"));
  }

  @Test
  void rejects() {
    assertFalse(BeamUrl.accepts(null));
    assertFalse(BeamUrl.accepts("jdbc:h2:mem:x"));
    assertFalse(BeamUrl.accepts("jdbc:bea"));
    assertState("08001", () -> BeamUrl.parse("jdbc:h2:mem:x"));
    assertState("08001", () -> BeamUrl.parse("jdbc:beam:"));
    assertState("08001", () -> BeamUrl.parse("jdbc:beam:file:"));
    assertState("08001", () -> BeamUrl.parse("jdbc:beam:file:;SYNC=OFF"));
    assertState("08001", () -> BeamUrl.parse("jdbc:beam:mem:x;SYNC"));
    assertState("08001", () -> BeamUrl.parse("jdbc:beam:mem:x;=OFF"));
    assertState("08001", () -> BeamUrl.parse("jdbc:beam://"));
  }

  @Test
  void urlSettingsWinOverProperties() throws SQLException {
    Properties p = new Properties();
    p.setProperty("sync", "FULL");
    p.setProperty("user", "sa");
    Map<String, String> merged = BeamDriver.mergeSettings(BeamUrl.parse("jdbc:beam:mem:x;Sync=OFF"), p);
    assertEquals("OFF", merged.get("SYNC"));
    assertEquals("sa", merged.get("USER"));
  }

  static void assertState(String state, org.junit.jupiter.api.function.Executable e) {
    SQLException ex = assertThrows(SQLException.class, e);
    assertEquals(state, ex.getSQLState(), ex.getMessage());
  }
}
