package io.beamdb.cluster;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransactionRollbackException;
import java.sql.Savepoint;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * JDBC behaviour that must be the same embedded and remote: every test runs once per
 * {@link Modes} value against a fresh database.
 */
class BothModesTest {

  private static void exec(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement()) {
      s.execute(sql);
    }
  }

  private static long scalar(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      assertTrue(rs.next());
      return rs.getLong(1);
    }
  }

  private static String state(Connection c, String sql) {
    return assertThrows(SQLException.class, () -> exec(c, sql)).getSQLState();
  }

  @ParameterizedTest
  @EnumSource(Modes.class)
  void typesRoundTripThroughParametersAndRows(Modes mode) throws Exception {
    try (Modes.Db db = mode.open(); Connection c = db.connect()) {
      exec(c, "CREATE TABLE t (id INT PRIMARY KEY, b BIGINT, d DECIMAL(10,2), f DOUBLE, s VARCHAR(20), "
          + "ok BOOLEAN, dt DATE, tm TIME, ts TIMESTAMP, bin VARBINARY(8), u UUID, sm SMALLINT)");
      UUID u = UUID.randomUUID();
      try (PreparedStatement p = c.prepareStatement("INSERT INTO t VALUES (?,?,?,?,?,?,?,?,?,?,?,?)")) {
        p.setInt(1, 1);
        p.setLong(2, 1L << 40);
        p.setBigDecimal(3, new BigDecimal("12.34"));
        p.setDouble(4, 2.5);
        p.setString(5, "héllo");
        p.setBoolean(6, true);
        p.setObject(7, LocalDate.of(2024, 2, 29));
        p.setObject(8, LocalTime.of(13, 14, 15));
        p.setObject(9, LocalDateTime.of(2024, 2, 29, 13, 14, 15, 123_000_000));
        p.setBytes(10, new byte[] {1, 2, 3});
        p.setObject(11, u);
        p.setShort(12, (short) 7);
        assertEquals(1, p.executeUpdate());
        p.setInt(1, 2);
        for (int i = 2; i <= 12; i++) {
          p.setNull(i, java.sql.Types.NULL);
        }
        assertEquals(1, p.executeUpdate());
      }
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT * FROM t ORDER BY id")) {
        assertTrue(rs.next());
        assertEquals(1L << 40, rs.getLong("B"));
        assertEquals(new BigDecimal("12.34"), rs.getBigDecimal("D"));
        assertEquals(2.5, rs.getDouble("F"));
        assertEquals("héllo", rs.getString("S"));
        assertTrue(rs.getBoolean("OK"));
        assertEquals(LocalDate.of(2024, 2, 29), rs.getObject("DT", LocalDate.class));
        assertEquals(LocalTime.of(13, 14, 15), rs.getObject("TM", LocalTime.class));
        assertEquals(LocalDateTime.of(2024, 2, 29, 13, 14, 15, 123_000_000), rs.getObject("TS", LocalDateTime.class));
        assertArrayEquals(new byte[] {1, 2, 3}, rs.getBytes("BIN"));
        assertEquals(u, rs.getObject("U"));
        assertEquals(7, rs.getShort("SM"));
        assertEquals("DECIMAL", rs.getMetaData().getColumnTypeName(3));
        assertTrue(rs.next());
        assertNull(rs.getObject("S"));
        assertEquals(0, rs.getInt("B"));
        assertTrue(rs.wasNull());
        assertFalse(rs.next());
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Modes.class)
  void errorsCarrySqlStates(Modes mode) throws Exception {
    try (Modes.Db db = mode.open(); Connection c = db.connect()) {
      exec(c, "CREATE TABLE t (id INT PRIMARY KEY, v VARCHAR(3) NOT NULL)");
      exec(c, "INSERT INTO t VALUES (1, 'a')");
      assertEquals("23505", state(c, "INSERT INTO t VALUES (1, 'b')"));
      assertEquals("23502", state(c, "INSERT INTO t VALUES (2, NULL)"));
      assertEquals("22001", state(c, "INSERT INTO t VALUES (3, 'abcd')"));
      assertEquals("42P01", state(c, "SELECT * FROM missing"));
      assertTrue(state(c, "SELEC 1").startsWith("42"));
      assertEquals(1, scalar(c, "SELECT COUNT(*) FROM t"), "the connection stays usable");
    }
  }

  @ParameterizedTest
  @EnumSource(Modes.class)
  void transactionsCommitRollbackAndSavepoints(Modes mode) throws Exception {
    try (Modes.Db db = mode.open(); Connection a = db.connect(); Connection b = db.connect()) {
      exec(a, "CREATE TABLE acct (id INT PRIMARY KEY, bal INT)");
      exec(a, "INSERT INTO acct VALUES (1, 100), (2, 100)");
      a.setAutoCommit(false);
      assertFalse(a.getAutoCommit());
      exec(a, "UPDATE acct SET bal = bal - 10 WHERE id = 1");
      assertEquals(100, scalar(b, "SELECT bal FROM acct WHERE id = 1"), "uncommitted work is invisible");
      a.rollback();
      assertEquals(100, scalar(a, "SELECT bal FROM acct WHERE id = 1"));
      exec(a, "UPDATE acct SET bal = bal - 10 WHERE id = 1");
      Savepoint sp = a.setSavepoint();
      exec(a, "UPDATE acct SET bal = bal + 10 WHERE id = 2");
      a.rollback(sp);
      a.commit();
      assertEquals(90, scalar(b, "SELECT bal FROM acct WHERE id = 1"));
      assertEquals(100, scalar(b, "SELECT bal FROM acct WHERE id = 2"));
      a.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE);
      assertEquals(Connection.TRANSACTION_SERIALIZABLE, a.getTransactionIsolation());
      exec(a, "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
      assertEquals(Connection.TRANSACTION_REPEATABLE_READ, a.getTransactionIsolation(),
          "isolation set by SQL is reported");
      a.commit();
    }
  }

  @ParameterizedTest
  @EnumSource(Modes.class)
  void writeConflictIs40001(Modes mode) throws Exception {
    try (Modes.Db db = mode.open(); Connection a = db.connect(); Connection b = db.connect()) {
      exec(a, "CREATE TABLE k (id INT PRIMARY KEY, v INT)");
      exec(a, "INSERT INTO k VALUES (1, 0)");
      a.setAutoCommit(false);
      b.setAutoCommit(false);
      a.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      b.setTransactionIsolation(Connection.TRANSACTION_REPEATABLE_READ);
      assertEquals(0, scalar(a, "SELECT v FROM k WHERE id = 1"));
      assertEquals(0, scalar(b, "SELECT v FROM k WHERE id = 1"));
      exec(a, "UPDATE k SET v = 1 WHERE id = 1");
      a.commit();
      SQLException e = assertThrows(SQLException.class, () -> exec(b, "UPDATE k SET v = 2 WHERE id = 1"));
      assertEquals("40001", e.getSQLState());
      assertInstanceOf(SQLTransactionRollbackException.class, e);
      b.rollback();
    }
  }

  @ParameterizedTest
  @EnumSource(Modes.class)
  void batchesReportCountsAndStopAtTheFailingRow(Modes mode) throws Exception {
    try (Modes.Db db = mode.open(); Connection c = db.connect()) {
      exec(c, "CREATE TABLE t (id INT PRIMARY KEY)");
      try (PreparedStatement p = c.prepareStatement("INSERT INTO t VALUES (?)")) {
        for (int i = 1; i <= 3; i++) {
          p.setInt(1, i);
          p.addBatch();
        }
        assertArrayEquals(new int[] {1, 1, 1}, p.executeBatch());
        for (int i : new int[] {4, 2, 5}) {
          p.setInt(1, i);
          p.addBatch();
        }
        BatchUpdateException e = assertThrows(BatchUpdateException.class, p::executeBatch);
        assertEquals("23505", e.getSQLState());
        assertArrayEquals(new int[] {1}, e.getUpdateCounts());
      }
      assertEquals(4, scalar(c, "SELECT COUNT(*) FROM t"));
      try (PreparedStatement p = c.prepareStatement("UPDATE t SET id = id + 100 WHERE id > ?")) {
        p.setInt(1, 2);
        p.addBatch();
        p.setInt(1, 1000);
        p.addBatch();
        assertArrayEquals(new int[] {2, 0}, p.executeBatch());
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Modes.class)
  void largeResultsStreamInFetchSizeBatches(Modes mode) throws Exception {
    try (Modes.Db db = mode.open(); Connection c = db.connect()) {
      exec(c, "CREATE TABLE n (id INT PRIMARY KEY, s VARCHAR(40))");
      try (PreparedStatement p = c.prepareStatement("INSERT INTO n VALUES (?, ?)")) {
        for (int i = 0; i < 2_500; i++) {
          p.setInt(1, i);
          p.setString(2, "row " + i);
          p.addBatch();
        }
        p.executeBatch();
      }
      try (Statement s = c.createStatement()) {
        s.setFetchSize(100);
        long sum = 0;
        int rows = 0;
        try (ResultSet rs = s.executeQuery("SELECT id, s FROM n ORDER BY id")) {
          while (rs.next()) {
            assertEquals("row " + rs.getInt(1), rs.getString(2));
            sum += rs.getInt(1);
            rows++;
          }
        }
        assertEquals(2_500, rows);
        assertEquals(2_499L * 2_500 / 2, sum);
        // a result closed half way leaves the connection usable
        try (ResultSet rs = s.executeQuery("SELECT id FROM n ORDER BY id")) {
          assertTrue(rs.next());
        }
        assertEquals(2_500, scalar(c, "SELECT COUNT(*) FROM n"));
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Modes.class)
  void generatedKeysComeBack(Modes mode) throws Exception {
    try (Modes.Db db = mode.open(); Connection c = db.connect()) {
      exec(c, "CREATE TABLE g (id BIGINT GENERATED BY DEFAULT AS IDENTITY PRIMARY KEY, v VARCHAR(10))");
      try (PreparedStatement p = c.prepareStatement("INSERT INTO g (v) VALUES (?)", Statement.RETURN_GENERATED_KEYS)) {
        List<Long> ids = new ArrayList<>();
        for (String v : new String[] {"a", "b"}) {
          p.setString(1, v);
          p.executeUpdate();
          try (ResultSet keys = p.getGeneratedKeys()) {
            assertTrue(keys.next());
            ids.add(keys.getLong(1));
          }
        }
        assertEquals(ids.get(0) + 1, ids.get(1));
      }
    }
  }

  @ParameterizedTest
  @EnumSource(Modes.class)
  void metadataDescribesTables(Modes mode) throws Exception {
    try (Modes.Db db = mode.open(); Connection c = db.connect()) {
      exec(c, "CREATE TABLE person (id INT PRIMARY KEY, name VARCHAR(30) NOT NULL, age INT)");
      exec(c, "CREATE INDEX person_name ON person (name)");
      DatabaseMetaData md = c.getMetaData();
      try (ResultSet rs = md.getTables(null, null, "PERSON", new String[] {"TABLE"})) {
        assertTrue(rs.next());
        assertEquals("TABLE", rs.getString("TABLE_TYPE"));
        assertFalse(rs.next());
      }
      List<String> cols = new ArrayList<>();
      try (ResultSet rs = md.getColumns(null, null, "PERSON", "%")) {
        while (rs.next()) {
          cols.add(rs.getString("COLUMN_NAME") + ":" + rs.getString("IS_NULLABLE"));
        }
      }
      assertEquals(List.of("ID:NO", "NAME:NO", "AGE:YES"), cols);
      try (ResultSet rs = md.getPrimaryKeys(null, null, "PERSON")) {
        assertTrue(rs.next());
        assertEquals("ID", rs.getString("COLUMN_NAME"));
      }
      boolean found = false;
      try (ResultSet rs = md.getIndexInfo(null, null, "PERSON", false, false)) {
        while (rs.next()) {
          found |= "PERSON_NAME".equalsIgnoreCase(rs.getString("INDEX_NAME"));
        }
      }
      assertTrue(found);
      assertEquals("PUBLIC", c.getSchema());
      assertTrue(c.isValid(1));
    }
  }

  @ParameterizedTest
  @EnumSource(Modes.class)
  void queryTimeoutAndCancelStopRunningQueries(Modes mode) throws Exception {
    String slow = "SELECT COUNT(*) FROM n a, n b, n c, n d WHERE a.v + b.v + c.v + d.v < 0";
    try (Modes.Db db = mode.open(); Connection c = db.connect()) {
      exec(c, "CREATE TABLE n (v INTEGER)");
      StringBuilder values = new StringBuilder("INSERT INTO n VALUES (0)");
      for (int i = 1; i < 200; i++) {
        values.append(", (").append(i).append(')');
      }
      exec(c, values.toString());
      try (Statement s = c.createStatement()) {
        s.setQueryTimeout(1);
        SQLException e = assertThrows(SQLException.class, () -> {
          try (ResultSet rs = s.executeQuery(slow)) {
            rs.next();
          }
        });
        assertInstanceOf(SQLTimeoutException.class, e);
        assertEquals("57014", e.getSQLState());
      }
      ScheduledExecutorService timer = Executors.newSingleThreadScheduledExecutor();
      try (Statement s = c.createStatement()) {
        timer.scheduleAtFixedRate(() -> {
          try {
            s.cancel();
          } catch (SQLException ex) {
            throw new IllegalStateException(ex);
          }
        }, 100, 50, TimeUnit.MILLISECONDS);
        SQLException e = assertThrows(SQLException.class, () -> {
          try (ResultSet rs = s.executeQuery(slow)) {
            rs.next();
          }
        });
        assertEquals("57014", e.getSQLState());
      } finally {
        timer.shutdownNow();
      }
      assertEquals(200, scalar(c, "SELECT COUNT(*) FROM n"));
    }
  }
}
