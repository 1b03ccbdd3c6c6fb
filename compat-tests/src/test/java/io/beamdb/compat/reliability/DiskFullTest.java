package io.beamdb.compat.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.beamdb.engine.DatabaseConfig;
import io.beamdb.jdbc.BeamConnections;
import io.beamdb.storage.fs.FaultInjectingFileSystem;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Disk full and I/O errors through SQL, on a {@link FaultInjectingFileSystem}: a commit whose WAL
 * record cannot be written fails with SQLState 53100 (disk full) or 58030 (I/O error), its
 * transaction is rolled back (not visible to the session or to others, not replayed after a
 * reopen), every earlier commit stays readable, and later writes are refused with the same
 * SQLState rather than appended after a log tail of unknown state. Writing works again after the
 * database is reopened (all connections closed, then a new one) once space returns; reads keep
 * working meanwhile. A failed fsync (the record reached the file but may not be durable) leaves
 * the commit's outcome unknown: after the reopen it is either entirely there or entirely absent.
 */
class DiskFullTest {
  @TempDir Path tmp;

  private static DatabaseConfig config(Path dir, FaultInjectingFileSystem fs) throws SQLException {
    return DatabaseConfig.file(dir, Map.of("MEMTABLE_SIZE", "65536")).withFileSystem(fs);
  }

  private static int count(Connection c) throws SQLException {
    try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM t")) {
      rs.next();
      return rs.getInt(1);
    }
  }

  private static void load(Connection c) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute("CREATE TABLE t (id INT PRIMARY KEY, grp INT, pad VARCHAR(2000))");
      st.execute("CREATE INDEX t_grp ON t(grp)");
      for (int i = 0; i < 50; i++) {
        st.executeUpdate("INSERT INTO t VALUES (" + i + ", " + (i % 5) + ", '" + "x".repeat(200) + "')");
      }
    }
  }

  private void failedCommitIsRolledBack(boolean diskFull) throws Exception {
    Path dir = tmp.resolve(diskFull ? "full" : "eio");
    FaultInjectingFileSystem fs = new FaultInjectingFileSystem();
    String state = diskFull ? "53100" : "58030";
    try (Connection c = BeamConnections.open(config(dir, fs)); Connection other = BeamConnections.open(config(dir, fs))) {
      load(c);
      c.setAutoCommit(false);
      try (Statement st = c.createStatement()) {
        st.executeUpdate("INSERT INTO t VALUES (1000, 1, '" + "y".repeat(1500) + "'), (1001, 2, 'z')");
        st.executeUpdate("UPDATE t SET grp = 4 WHERE id < 10");
        if (diskFull) {
          fs.setSpaceLeft(100); // the commit's WAL record does not fit
        } else {
          fs.setIoErrors(true, false);
        }
        SQLException e = assertThrows(SQLException.class, c::commit);
        assertEquals(state, e.getSQLState(), e.toString());
        assertTrue(e.getMessage().contains(diskFull ? "No space left" : "Input/output error"), e.getMessage());
        // rolled back: the session is usable and sees only the earlier commits
        assertEquals(50, count(c));
        try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM t WHERE grp = 4")) {
          rs.next();
          assertEquals(10, rs.getInt(1), "the UPDATE was rolled back (index lookup)");
        }
        assertEquals(50, count(other));
        // later writes are refused with the same class of error, reads still work
        SQLException later = assertThrows(SQLException.class, () -> {
          st.executeUpdate("INSERT INTO t VALUES (2000, 1, 'a')");
          c.commit();
        });
        assertEquals(state, later.getSQLState(), later.toString());
        c.rollback();
        assertEquals(50, count(other));
      }
      fs.setSpaceLeft(Long.MAX_VALUE); // space returns / the device heals
      fs.setIoErrors(false, false);
    }
    try (Connection c = BeamConnections.open(config(dir, fs)); Statement st = c.createStatement()) {
      assertEquals(50, count(c), "every earlier commit survived, the failed one is not replayed");
      try (ResultSet rs = st.executeQuery("SELECT id FROM t WHERE id >= 1000")) {
        assertFalse(rs.next(), "a failed commit came back after the reopen");
      }
      assertEquals(1, st.executeUpdate("INSERT INTO t VALUES (3000, 3, 'after')"));
      assertEquals(51, count(c));
    }
    try (Connection c = BeamConnections.open(config(dir, fs))) {
      assertEquals(51, count(c));
      assertEquals(SqlWorkloadIndexCheck.ok(c), true);
    }
  }

  @Test
  void diskFullFailsTheCommitWith53100() throws Exception {
    failedCommitIsRolledBack(true);
  }

  @Test
  void ioErrorFailsTheCommitWith58030() throws Exception {
    failedCommitIsRolledBack(false);
  }

  @Test
  void failedSyncLeavesTheCommitAllOrNothing() throws Exception {
    Path dir = tmp.resolve("sync");
    FaultInjectingFileSystem fs = new FaultInjectingFileSystem();
    try (Connection c = BeamConnections.open(config(dir, fs))) {
      load(c);
      c.setAutoCommit(false);
      try (Statement st = c.createStatement()) {
        st.executeUpdate("INSERT INTO t VALUES (1000, 1, 'a'), (1001, 2, 'b')");
        fs.setIoErrors(false, true);
        SQLException e = assertThrows(SQLException.class, c::commit);
        assertEquals("58030", e.getSQLState(), e.toString());
        c.rollback();
      }
      fs.setIoErrors(false, false);
    }
    try (Connection c = BeamConnections.open(config(dir, fs)); Statement st = c.createStatement()) {
      int n = count(c);
      assertTrue(n == 50 || n == 52, "all or nothing: " + n);
      assertEquals(1, st.executeUpdate("INSERT INTO t VALUES (3000, 3, 'after')"));
    }
  }

  /** The index on grp agrees with the table. */
  static final class SqlWorkloadIndexCheck {
    static boolean ok(Connection c) throws SQLException {
      int viaIndex = 0;
      try (Statement st = c.createStatement()) {
        for (int g = 0; g < 5; g++) {
          try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM t WHERE grp = " + g)) {
            rs.next();
            viaIndex += rs.getInt(1);
          }
        }
      }
      return viaIndex == count(c);
    }
  }
}
