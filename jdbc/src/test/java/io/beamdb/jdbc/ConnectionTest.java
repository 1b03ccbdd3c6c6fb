package io.beamdb.jdbc;

import static io.beamdb.jdbc.Db.assertState;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.beamdb.engine.Session;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.concurrent.Executors;
import org.junit.jupiter.api.Test;

/** Connection properties that pools and ORMs touch. */
class ConnectionTest {
  @Test
  void properties() throws SQLException {
    try (Connection c = Db.mem()) {
      assertEquals("BEAM", c.getCatalog());
      c.setCatalog("whatever");
      assertEquals("BEAM", c.getCatalog());
      assertEquals("PUBLIC", c.getSchema());
      c.setSchema("PUBLIC");
      assertState("3F000", () -> c.setSchema("NOPE"));
      assertEquals(ResultSet.HOLD_CURSORS_OVER_COMMIT, c.getHoldability());
      c.setHoldability(ResultSet.CLOSE_CURSORS_AT_COMMIT);
      assertEquals(ResultSet.CLOSE_CURSORS_AT_COMMIT, c.getHoldability());
      assertNull(c.getWarnings());
      c.clearWarnings();
      assertEquals("SELECT 1", c.nativeSQL("SELECT 1"));
      c.setClientInfo("ApplicationName", "tests");
      assertEquals("tests", c.getClientInfo("ApplicationName"));
      c.setNetworkTimeout(Executors.newSingleThreadExecutor(), 1000);
      assertEquals(1000, c.getNetworkTimeout());
      assertTrue(c.isWrapperFor(Session.class));
      assertSame(c, c.unwrap(BeamConnection.class));
      assertTrue(c.unwrap(Session.class) != null);
      assertState("3B001", c::setSavepoint); // autocommit: no transaction to mark
      assertEquals(0, c.createBlob().length());
      assertTrue(c.getTypeMap().isEmpty());
    }
  }

  @Test
  void abortClosesTheConnection() throws Exception {
    Connection c = Db.mem();
    c.abort(Runnable::run);
    assertTrue(c.isClosed());
    assertState("08003", c::createStatement);
  }
}
