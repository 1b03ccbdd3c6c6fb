package io.beamdb.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTimeoutPreemptively;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** On-disk databases: reopen, crash durability (kill -9 a child JVM), the lock file. */
class DiskTest {
  @TempDir
  Path dir;

  @Test
  void dataSurvivesCloseAndReopen() throws SQLException {
    String url = "jdbc:beam:file:" + dir.resolve("db");
    try (Connection c = DriverManager.getConnection(url)) {
      Db.exec(c, "CREATE TABLE t (id INTEGER PRIMARY KEY, name VARCHAR(20))");
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO t VALUES (?, ?)")) {
        for (int i = 0; i < 100; i++) {
          ps.setInt(1, i);
          ps.setString(2, "row" + i);
          ps.executeUpdate();
        }
      }
      c.setAutoCommit(false);
      Db.exec(c, "INSERT INTO t VALUES (1000, 'uncommitted')");
    } // close rolls back
    try (Connection c = DriverManager.getConnection(url)) {
      assertEquals(100, Db.count(c, "t"));
      try (ResultSet rs = c.createStatement().executeQuery("SELECT name FROM t WHERE id = 42")) {
        assertTrue(rs.next());
        assertEquals("row42", rs.getString(1));
      }
      Db.exec(c, "DELETE FROM t WHERE id < 50");
    }
    try (Connection c = DriverManager.getConnection("jdbc:beam:" + dir.resolve("db"))) {
      assertEquals(50, Db.count(c, "t"));
    }
  }

  private Process child(String mode, Path db, Path errFile) throws Exception {
    String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
    ProcessBuilder pb = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
        KillChild.class.getName(), mode, db.toString());
    pb.redirectError(errFile.toFile());
    return pb.start();
  }

  private static String stderr(Path errFile) throws Exception {
    return Files.exists(errFile) ? Files.readString(errFile) : "";
  }

  @Test
  void acknowledgedCommitsSurviveKill9() throws Exception {
    Path db = dir.resolve("crash");
    try (Connection c = DriverManager.getConnection("jdbc:beam:file:" + db)) {
      Db.exec(c, "CREATE TABLE acks (id INTEGER PRIMARY KEY)");
    }
    Path err = dir.resolve("child.err");
    Process p = child("insert", db, err);
    Set<Integer> acked = new HashSet<>();
    try {
      assertTimeoutPreemptively(Duration.ofSeconds(60), () -> {
        try (BufferedReader r = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
          while (acked.size() < 200) {
            String line = r.readLine();
            assertNotNull(line, () -> "child ended early; stderr:\n" + stderrQuiet(err));
            acked.add(Integer.parseInt(line.trim()));
          }
        }
      });
    } finally {
      p.destroyForcibly(); // SIGKILL
      assertTrue(p.waitFor(30, TimeUnit.SECONDS));
    }
    try (Connection c = DriverManager.getConnection("jdbc:beam:file:" + db)) {
      Set<Integer> present = new HashSet<>();
      try (ResultSet rs = c.createStatement().executeQuery("SELECT id FROM acks")) {
        while (rs.next()) {
          present.add(rs.getInt(1));
        }
      }
      Set<Integer> missing = new HashSet<>(acked);
      missing.removeAll(present);
      assertTrue(missing.isEmpty(), "acknowledged but lost: " + missing);
      // the database stays writable after recovery
      Db.exec(c, "INSERT INTO acks VALUES (-1)");
    }
  }

  private static String stderrQuiet(Path err) {
    try {
      return stderr(err);
    } catch (Exception e) {
      return e.toString();
    }
  }

  @Test
  void secondProcessGetsLockedError() throws Exception {
    Path db = dir.resolve("locked");
    Path err = dir.resolve("lock.err");
    try (Connection c = DriverManager.getConnection("jdbc:beam:file:" + db)) {
      Db.exec(c, "CREATE TABLE t (x INTEGER)");
      Process p = child("open", db, err);
      assertTrue(p.waitFor(60, TimeUnit.SECONDS), "child did not finish");
      List<String> out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))
          .lines().toList();
      assertEquals(List.of("ERROR 08004"), out, () -> "stderr:\n" + stderrQuiet(err));
    }
    // released: a new process can open it now
    Process p = child("open", db, err);
    assertTrue(p.waitFor(60, TimeUnit.SECONDS));
    List<String> out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))
        .lines().toList();
    assertEquals(List.of("OPENED"), out, () -> "stderr:\n" + stderrQuiet(err));
  }

  @Test
  void storageStatisticsAreReadableFromSql() throws SQLException {
    String url = "jdbc:beam:file:" + dir.resolve("stats") + ";MEMTABLE_SIZE=8192";
    try (Connection c = DriverManager.getConnection(url)) {
      Db.exec(c, "CREATE TABLE t (id INTEGER PRIMARY KEY, name VARCHAR(40))");
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO t VALUES (?, ?)")) {
        for (int i = 0; i < 300; i++) {
          ps.setInt(1, i);
          ps.setString(2, "row number " + i);
          ps.executeUpdate();
        }
      }
      try (ResultSet rs = c.createStatement().executeQuery(
          "SELECT amount FROM information_schema.storage_stats WHERE metric = 'user_bytes_written'")) {
        assertTrue(rs.next());
        assertTrue(rs.getDouble(1) > 300 * 10, "bytes written are counted");
      }
      try (ResultSet rs = c.createStatement().executeQuery(
          "SELECT SUM(files), SUM(bytes) FROM information_schema.storage_levels")) {
        assertTrue(rs.next());
        assertTrue(rs.getLong(1) > 0, "the small memtable was flushed to SSTables");
        assertTrue(rs.getLong(2) > 0);
      }
      Db.exec(c, "CREATE SEQUENCE s START WITH 5");
      try (ResultSet rs = c.createStatement().executeQuery(
          "select * from INFORMATION_SCHEMA.SEQUENCES where sequence_name = 'S'")) {
        assertTrue(rs.next());
        assertEquals(5, rs.getLong("START_VALUE"));
        assertEquals(1, rs.getLong("INCREMENT"));
      }
      try (ResultSet rs = c.createStatement().executeQuery(
          "SELECT column_name, data_type, is_nullable FROM information_schema.columns WHERE table_name = 'T' ORDER BY ordinal_position")) {
        assertTrue(rs.next());
        assertEquals("ID", rs.getString(1));
        assertEquals("NO", rs.getString(3));
        assertTrue(rs.next());
        assertEquals("VARCHAR", rs.getString(2));
      }
    }
  }
}
