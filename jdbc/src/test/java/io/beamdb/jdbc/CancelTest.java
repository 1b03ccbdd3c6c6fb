package io.beamdb.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.Statement;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** setQueryTimeout and Statement.cancel really stop a running query; the connection stays usable. */
class CancelTest {
  private static final String SLOW = "SELECT COUNT(*) FROM n a, n b, n c, n d WHERE a.v + b.v + c.v + d.v < 0";
  private Connection c;

  @BeforeEach
  void setUp() throws SQLException {
    c = DriverManager.getConnection("jdbc:beam:mem:");
    Db.exec(c, "CREATE TABLE n (v INTEGER)");
    StringBuilder values = new StringBuilder("INSERT INTO n VALUES (0)");
    for (int i = 1; i < 200; i++) {
      values.append(", (").append(i).append(')');
    }
    Db.exec(c, values.toString());
  }

  @AfterEach
  void tearDown() throws SQLException {
    c.close();
  }

  @Test
  void queryTimeoutStopsARunawayJoin() throws SQLException {
    try (Statement s = c.createStatement()) {
      s.setQueryTimeout(1);
      long start = System.nanoTime();
      SQLException e = assertThrows(SQLException.class, () -> {
        try (ResultSet rs = s.executeQuery(SLOW)) {
          rs.next();
        }
      });
      assertTrue(e instanceof SQLTimeoutException, e.toString());
      assertEquals("57014", e.getSQLState());
      assertTrue(System.nanoTime() - start < TimeUnit.SECONDS.toNanos(30), "stopped long before finishing");
    }
    assertEquals(200, Db.count(c, "n"));
  }

  @Test
  void cancelFromAnotherThread() throws Exception {
    ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
    try (Statement s = c.createStatement()) {
      // cancel affects only a running statement, so keep cancelling until it has started
      timer.scheduleAtFixedRate(() -> {
        try {
          s.cancel();
        } catch (SQLException e) {
          throw new RuntimeException(e);
        }
      }, 100, 50, TimeUnit.MILLISECONDS);
      SQLException e = assertThrows(SQLException.class, () -> {
        try (ResultSet rs = s.executeQuery(SLOW)) {
          rs.next();
        }
      });
      assertEquals("57014", e.getSQLState());
    } finally {
      timer.shutdownNow();
    }
    assertEquals(200, Db.count(c, "n"));
  }
}
