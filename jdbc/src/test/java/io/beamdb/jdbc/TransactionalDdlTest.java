package io.beamdb.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** DDL inside a transaction is invisible to others until commit and undone by rollback. */
class TransactionalDdlTest {
  @TempDir
  Path dir;

  private static boolean tableExists(Connection c, String name) throws SQLException {
    try (ResultSet rs = c.getMetaData().getTables(null, null, name, null)) {
      return rs.next();
    }
  }

  @Test
  void uncommittedDdlIsPrivateAndRollbackUndoesIt() throws SQLException {
    String url = "jdbc:beam:file:" + dir.resolve("db");
    try (Connection a = DriverManager.getConnection(url); Connection b = DriverManager.getConnection(url)) {
      Db.exec(a, "CREATE TABLE keep (id INT PRIMARY KEY)");
      Db.exec(a, "INSERT INTO keep VALUES (1)");
      a.setAutoCommit(false);
      Db.exec(a, "CREATE TABLE fresh (id INT PRIMARY KEY, v VARCHAR(10))");
      Db.exec(a, "INSERT INTO fresh VALUES (1, 'a')");
      Db.exec(a, "CREATE INDEX fresh_v ON fresh(v)");
      Db.exec(a, "CREATE SEQUENCE fresh_seq");
      Db.exec(a, "ALTER TABLE keep ADD COLUMN note VARCHAR(5) DEFAULT 'n'");
      assertEquals(1, Db.count(a, "fresh"), "the creating transaction sees its own table");
      assertTrue(tableExists(a, "FRESH"));
      assertFalse(tableExists(b, "FRESH"), "others do not see uncommitted DDL");
      Db.assertState("42P01", () -> Db.count(b, "fresh"));
      try (ResultSet rs = b.createStatement().executeQuery("SELECT * FROM keep")) {
        assertEquals(1, rs.getMetaData().getColumnCount(), "others see the old shape of KEEP");
      }
      a.rollback();
      assertFalse(tableExists(a, "FRESH"), "rollback undoes CREATE TABLE");
      Db.assertState("42P01", () -> Db.count(a, "fresh"));
      Db.assertStateClass("42", () -> Db.exec(a, "SELECT NEXT VALUE FOR fresh_seq"));
      try (ResultSet rs = a.createStatement().executeQuery("SELECT * FROM keep")) {
        assertEquals(1, rs.getMetaData().getColumnCount(), "rollback undoes ALTER TABLE");
      }
      // the same DDL again, committed this time
      Db.exec(a, "CREATE TABLE fresh (id INT PRIMARY KEY, v VARCHAR(10))");
      Db.exec(a, "INSERT INTO fresh VALUES (2, 'b')");
      Db.exec(a, "DROP TABLE keep");
      assertEquals(1, Db.count(b, "keep"), "an uncommitted DROP TABLE hides nothing from others");
      a.commit();
      assertEquals(1, Db.count(b, "fresh"));
      Db.assertState("42P01", () -> Db.count(b, "keep"));
    }
    try (Connection c = DriverManager.getConnection(url)) {
      assertEquals(1, Db.count(c, "fresh"), "committed DDL and data survive reopen");
      assertFalse(tableExists(c, "KEEP"));
    }
  }

  @Test
  void ddlOnATableWaitsForItsOpenWritersButNotForOtherTables() throws Exception {
    String url = "jdbc:beam:mem:tddl" + System.nanoTime() + ";LOCK_TIMEOUT=5000";
    ExecutorService pool = Executors.newSingleThreadExecutor();
    try (Connection a = DriverManager.getConnection(url); Connection b = DriverManager.getConnection(url)) {
      Db.exec(a, "CREATE TABLE t1 (id INT PRIMARY KEY)");
      Db.exec(a, "CREATE TABLE t2 (id INT PRIMARY KEY)");
      a.setAutoCommit(false);
      Db.exec(a, "INSERT INTO t1 VALUES (1)");
      Db.exec(b, "CREATE INDEX t2_id ON t2(id)"); // another table: no wait
      Future<?> f = pool.submit(() -> {
        Db.exec(b, "CREATE INDEX t1_id ON t1(id)");
        return null;
      });
      Thread.sleep(200);
      assertFalse(f.isDone(), "DDL on t1 waits for the open writer of t1");
      a.commit();
      f.get(10, TimeUnit.SECONDS);
      try (ResultSet rs = a.createStatement().executeQuery("SELECT id FROM t1 WHERE id = 1")) {
        assertTrue(rs.next(), "the index built after the writer committed includes its row");
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
