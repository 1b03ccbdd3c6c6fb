package io.beamdb.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** JDBC and SQL savepoints, and SELECT ... FOR UPDATE row locks. */
class SavepointTest {
  @Test
  void rollbackToSavepointUndoesOnlyLaterWrites() throws SQLException {
    try (Connection c = Db.mem()) {
      Db.exec(c, "CREATE TABLE s (id INT PRIMARY KEY)");
      c.setAutoCommit(false);
      Db.exec(c, "INSERT INTO s VALUES (1)");
      Savepoint sp = c.setSavepoint();
      Db.exec(c, "INSERT INTO s VALUES (2)");
      Savepoint named = c.setSavepoint("after_two");
      Db.exec(c, "INSERT INTO s VALUES (3)");
      c.rollback(named);
      assertEquals(2, Db.count(c, "s"));
      c.rollback(sp);
      assertEquals(1, Db.count(c, "s"));
      Db.exec(c, "SAVEPOINT x");
      Db.exec(c, "INSERT INTO s VALUES (4)");
      Db.exec(c, "ROLLBACK TO SAVEPOINT x");
      Db.exec(c, "RELEASE SAVEPOINT x");
      Db.assertState("3B001", () -> Db.exec(c, "ROLLBACK TO SAVEPOINT x"));
      c.commit();
      assertEquals(1, Db.count(c, "s"));
      c.setAutoCommit(true);
      Db.assertState("3B001", c::setSavepoint);
    }
  }

  @Test
  void selectForUpdateLocksRowsUntilCommit() throws Exception {
    String url = "jdbc:beam:mem:fu" + System.nanoTime() + ";LOCK_TIMEOUT=5000";
    ExecutorService other = Executors.newSingleThreadExecutor();
    try (Connection a = DriverManager.getConnection(url); Connection b = DriverManager.getConnection(url)) {
      Db.exec(a, "CREATE TABLE acct (id INT PRIMARY KEY, bal INT)");
      Db.exec(a, "INSERT INTO acct VALUES (1, 100), (2, 100)");
      a.setAutoCommit(false);
      try (ResultSet rs = a.createStatement().executeQuery("SELECT bal FROM acct WHERE id = 1 FOR UPDATE")) {
        assertTrue(rs.next());
        assertEquals(100, rs.getInt(1));
      }
      // b's update of the locked row waits until a commits, then applies to a's committed value
      Future<?> f = other.submit(() -> {
        Db.exec(b, "UPDATE acct SET bal = bal + 1 WHERE id = 1");
        return null;
      });
      Thread.sleep(200);
      assertTrue(!f.isDone(), "the FOR UPDATE lock makes the writer wait");
      Db.exec(a, "UPDATE acct SET bal = 50 WHERE id = 1");
      a.commit();
      f.get(10, TimeUnit.SECONDS);
      try (ResultSet rs = a.createStatement().executeQuery("SELECT bal FROM acct WHERE id = 1")) {
        assertTrue(rs.next());
        assertEquals(51, rs.getInt(1));
      }
    } finally {
      other.shutdownNow();
    }
  }
}
