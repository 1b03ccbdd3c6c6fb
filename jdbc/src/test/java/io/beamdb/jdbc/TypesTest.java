package io.beamdb.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.math.BigDecimal;
import java.sql.Connection;
import java.sql.Date;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Every supported column type through PreparedStatement setters and ResultSet getters. */
class TypesTest {
  private static final String DDL = "CREATE TABLE all_types (id INTEGER PRIMARY KEY, b BIGINT, "
      + "s SMALLINT, d DECIMAL(10,2), dbl DOUBLE, r REAL, v VARCHAR(20), c CHAR(5), bo BOOLEAN, "
      + "dt DATE, tm TIME, ts TIMESTAMP)";
  private static final String INSERT = "INSERT INTO all_types VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";

  private Connection c;

  @BeforeEach
  void open() throws SQLException {
    c = Db.mem();
    Db.exec(c, DDL);
  }

  @AfterEach
  void close() throws SQLException {
    c.close();
  }

  private void insertTypedRow(int id) throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(INSERT)) {
      ps.setInt(1, id);
      ps.setLong(2, 9_000_000_000L);
      ps.setShort(3, (short) -7);
      ps.setBigDecimal(4, new BigDecimal("12345.67"));
      ps.setDouble(5, 2.5);
      ps.setFloat(6, 1.25f);
      ps.setString(7, "hello");
      ps.setString(8, "abc");
      ps.setBoolean(9, true);
      ps.setDate(10, Date.valueOf("2024-02-29"));
      ps.setTime(11, Time.valueOf("13:45:30"));
      ps.setTimestamp(12, Timestamp.valueOf("2024-02-29 13:45:30"));
      assertEquals(1, ps.executeUpdate());
    }
  }

  @Test
  void settersAndGetters() throws SQLException {
    insertTypedRow(1);
    try (PreparedStatement ps = c.prepareStatement("SELECT * FROM all_types WHERE id = ?")) {
      ps.setInt(1, 1);
      try (ResultSet rs = ps.executeQuery()) {
        assertTrue(rs.next());
        assertEquals(1, rs.getInt("ID"));
        assertEquals(9_000_000_000L, rs.getLong("b"));
        assertEquals((short) -7, rs.getShort("S"));
        assertEquals(-7, rs.getByte("S"));
        assertEquals(0, new BigDecimal("12345.67").compareTo(rs.getBigDecimal("D")));
        assertEquals(12345.67, rs.getDouble("D"), 1e-9);
        assertEquals(2.5, rs.getDouble("DBL"));
        assertEquals(1.25f, rs.getFloat("R"));
        assertEquals("hello", rs.getString("V"));
        assertEquals("abc", rs.getString("C").stripTrailing());
        assertTrue(rs.getBoolean("BO"));
        assertEquals(Date.valueOf("2024-02-29"), rs.getDate("DT"));
        assertEquals(Time.valueOf("13:45:30"), rs.getTime("TM"));
        assertEquals(Timestamp.valueOf("2024-02-29 13:45:30"), rs.getTimestamp("TS"));
        assertFalse(rs.wasNull());

        assertInstanceOf(Integer.class, rs.getObject("ID"));
        assertInstanceOf(Long.class, rs.getObject("B"));
        assertInstanceOf(Short.class, rs.getObject("S"));
        assertInstanceOf(BigDecimal.class, rs.getObject("D"));
        assertInstanceOf(Double.class, rs.getObject("DBL"));
        assertInstanceOf(Float.class, rs.getObject("R"));
        assertInstanceOf(String.class, rs.getObject("V"));
        assertInstanceOf(Boolean.class, rs.getObject("BO"));
        assertInstanceOf(Date.class, rs.getObject("DT"));
        assertInstanceOf(Time.class, rs.getObject("TM"));
        assertInstanceOf(Timestamp.class, rs.getObject("TS"));
        assertEquals(LocalDate.of(2024, 2, 29), rs.getObject("DT", LocalDate.class));
        assertEquals(LocalTime.of(13, 45, 30), rs.getObject("TM", LocalTime.class));
        assertEquals(LocalDateTime.of(2024, 2, 29, 13, 45, 30), rs.getObject("TS", LocalDateTime.class));
        assertEquals(Long.valueOf(1), rs.getObject("ID", Long.class));
        assertEquals("9000000000", rs.getString("B"));
        assertEquals("2024-02-29", rs.getString("DT"));
        assertFalse(rs.next());
      }
    }
  }

  @Test
  void resultSetMetaData() throws SQLException {
    insertTypedRow(1);
    try (ResultSet rs = c.createStatement().executeQuery("SELECT * FROM all_types")) {
      ResultSetMetaData md = rs.getMetaData();
      assertEquals(12, md.getColumnCount());
      String[] names = {"ID", "B", "S", "D", "DBL", "R", "V", "C", "BO", "DT", "TM", "TS"};
      int[] types = {Types.INTEGER, Types.BIGINT, Types.SMALLINT, Types.DECIMAL, Types.DOUBLE,
          Types.REAL, Types.VARCHAR, Types.CHAR, Types.BOOLEAN, Types.DATE, Types.TIME, Types.TIMESTAMP};
      for (int i = 0; i < names.length; i++) {
        assertEquals(names[i], md.getColumnLabel(i + 1));
        assertEquals(names[i], md.getColumnName(i + 1));
        assertEquals(types[i], md.getColumnType(i + 1), names[i]);
      }
      assertEquals(10, md.getPrecision(4));
      assertEquals(2, md.getScale(4));
      assertEquals(20, md.getPrecision(7));
      assertEquals(5, md.getPrecision(8));
      assertEquals(ResultSetMetaData.columnNoNulls, md.isNullable(1));
      assertEquals(ResultSetMetaData.columnNullable, md.isNullable(2));
      assertEquals("java.sql.Timestamp", md.getColumnClassName(12));
      assertEquals("java.lang.Integer", md.getColumnClassName(1));
    }
    try (PreparedStatement ps = c.prepareStatement("SELECT id, v AS label FROM all_types WHERE id = ?")) {
      ResultSetMetaData md = ps.getMetaData(); // before execution
      assertEquals(2, md.getColumnCount());
      assertEquals("LABEL", md.getColumnLabel(2));
      ParameterMetaData pmd = ps.getParameterMetaData();
      assertEquals(1, pmd.getParameterCount());
      assertEquals(Types.INTEGER, pmd.getParameterType(1));
    }
  }

  @Test
  void resultSetMetaDataTableNames() throws SQLException {
    try (ResultSet rs = c.createStatement().executeQuery("SELECT id, v, id + 1 AS calc FROM all_types")) {
      ResultSetMetaData md = rs.getMetaData();
      assertEquals("ALL_TYPES", md.getTableName(1));
      assertEquals("PUBLIC", md.getSchemaName(2));
      assertEquals("", md.getTableName(3));
    }
  }

  @Test
  void nullsEverySetterStyle() throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(INSERT)) {
      ps.setInt(1, 1);
      for (int i = 2; i <= 12; i++) {
        ps.setNull(i, Types.NULL);
      }
      assertEquals(1, ps.executeUpdate());
      ps.setInt(1, 2);
      int[] types = {Types.BIGINT, Types.SMALLINT, Types.DECIMAL, Types.DOUBLE, Types.REAL,
          Types.VARCHAR, Types.CHAR, Types.BOOLEAN, Types.DATE, Types.TIME, Types.TIMESTAMP};
      for (int i = 2; i <= 12; i++) {
        ps.setNull(i, types[i - 2]);
      }
      assertEquals(1, ps.executeUpdate());
      ps.setInt(1, 3);
      for (int i = 2; i <= 12; i++) {
        ps.setObject(i, null);
      }
      assertEquals(1, ps.executeUpdate());
      ps.setInt(1, 4);
      ps.setString(7, null);
      ps.setBigDecimal(4, null);
      ps.setDate(10, null);
      ps.setTime(11, null);
      ps.setTimestamp(12, null);
      assertEquals(1, ps.executeUpdate());
    }
    try (ResultSet rs = c.createStatement().executeQuery("SELECT * FROM all_types ORDER BY id")) {
      int rows = 0;
      while (rs.next()) {
        rows++;
        assertEquals(0L, rs.getLong(2));
        assertTrue(rs.wasNull());
        assertEquals(0, rs.getShort(3));
        assertTrue(rs.wasNull());
        assertNull(rs.getBigDecimal(4));
        assertEquals(0.0, rs.getDouble(5));
        assertTrue(rs.wasNull());
        assertEquals(0f, rs.getFloat(6));
        assertTrue(rs.wasNull());
        assertNull(rs.getString(7));
        assertTrue(rs.wasNull());
        assertNull(rs.getString(8));
        assertFalse(rs.getBoolean(9));
        assertTrue(rs.wasNull());
        assertNull(rs.getDate(10));
        assertNull(rs.getTime(11));
        assertNull(rs.getTimestamp(12));
        assertNull(rs.getObject(12));
        assertTrue(rs.wasNull());
        assertEquals(rows, rs.getInt(1));
        assertFalse(rs.wasNull());
      }
      assertEquals(4, rows);
    }
  }

  @Test
  void setObjectWithAndWithoutTargetType() throws SQLException {
    try (PreparedStatement ps = c.prepareStatement(INSERT)) {
      ps.setObject(1, 1);
      ps.setObject(2, 5L);
      ps.setObject(3, (short) 3);
      ps.setObject(4, new BigDecimal("1.50"));
      ps.setObject(5, 2.25d);
      ps.setObject(6, 0.5f);
      ps.setObject(7, "x");
      ps.setObject(8, "y");
      ps.setObject(9, Boolean.FALSE);
      ps.setObject(10, LocalDate.of(2000, 1, 1));
      ps.setObject(11, LocalTime.of(1, 2, 3));
      ps.setObject(12, LocalDateTime.of(2000, 1, 1, 1, 2, 3));
      assertEquals(1, ps.executeUpdate());

      ps.setObject(1, "2", Types.INTEGER);
      ps.setObject(2, "6", Types.BIGINT);
      ps.setObject(3, 4, Types.SMALLINT);
      ps.setObject(4, 2.5, Types.DECIMAL, 2);
      ps.setObject(5, "3.5", Types.DOUBLE);
      ps.setObject(6, 1, Types.REAL);
      ps.setObject(7, 42, Types.VARCHAR);
      ps.setObject(8, "z", Types.CHAR);
      ps.setObject(9, "true", Types.BOOLEAN);
      ps.setObject(10, Date.valueOf("2001-02-03"), Types.DATE);
      ps.setObject(11, Time.valueOf("04:05:06"), Types.TIME);
      ps.setObject(12, Timestamp.valueOf("2001-02-03 04:05:06"), Types.TIMESTAMP);
      assertEquals(1, ps.executeUpdate());
    }
    try (ResultSet rs = c.createStatement().executeQuery("SELECT * FROM all_types ORDER BY id")) {
      assertTrue(rs.next());
      assertEquals(5L, rs.getLong(2));
      assertEquals(0, new BigDecimal("1.50").compareTo(rs.getBigDecimal(4)));
      assertFalse(rs.getBoolean(9));
      assertFalse(rs.wasNull());
      assertEquals(LocalDate.of(2000, 1, 1), rs.getObject(10, LocalDate.class));
      assertEquals(LocalTime.of(1, 2, 3), rs.getObject(11, LocalTime.class));
      assertEquals(LocalDateTime.of(2000, 1, 1, 1, 2, 3), rs.getObject(12, LocalDateTime.class));
      assertTrue(rs.next());
      assertEquals(2, rs.getInt(1));
      assertEquals(6L, rs.getLong(2));
      assertEquals(4, rs.getInt(3));
      assertEquals(0, new BigDecimal("2.50").compareTo(rs.getBigDecimal(4)));
      assertEquals(3.5, rs.getDouble(5));
      assertEquals(1.0f, rs.getFloat(6));
      assertEquals("42", rs.getString(7));
      assertTrue(rs.getBoolean(9));
      assertEquals(Date.valueOf("2001-02-03"), rs.getDate(10));
      assertEquals(Time.valueOf("04:05:06"), rs.getTime(11));
      assertEquals(Timestamp.valueOf("2001-02-03 04:05:06"), rs.getTimestamp(12));
      assertFalse(rs.next());
    }
  }

  @Test
  void calendarSettersRoundTrip() throws SQLException {
    java.util.Calendar tokyo = java.util.Calendar.getInstance(java.util.TimeZone.getTimeZone("Asia/Tokyo"));
    Timestamp ts = Timestamp.valueOf("2024-06-01 10:00:00");
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO all_types (id, ts, dt) VALUES (?, ?, ?)")) {
      ps.setInt(1, 1);
      ps.setTimestamp(2, ts, tokyo);
      ps.setDate(3, Date.valueOf("2024-06-01"), tokyo);
      ps.executeUpdate();
    }
    try (ResultSet rs = c.createStatement().executeQuery("SELECT ts, dt FROM all_types")) {
      assertTrue(rs.next());
      assertEquals(ts, rs.getTimestamp(1, tokyo));
      // the date was stored as it reads in Tokyo, and reads back as midnight Tokyo time
      LocalDate stored = rs.getObject(2, LocalDate.class);
      assertEquals(stored.atStartOfDay(java.time.ZoneId.of("Asia/Tokyo")).toInstant().toEpochMilli(),
          rs.getDate(2, tokyo).getTime());
      assertEquals(java.time.Instant.ofEpochMilli(Date.valueOf("2024-06-01").getTime())
          .atZone(java.time.ZoneId.of("Asia/Tokyo")).toLocalDate(), stored);
    }
  }

  @Test
  void clientConventionsFromDesign() throws SQLException {
    // setLong on INT, setDouble on DECIMAL, positional VALUES, getFloat on a SUM alias
    try (PreparedStatement ps = c.prepareStatement(INSERT)) {
      for (int id = 1; id <= 3; id++) {
        ps.setLong(1, id);
        ps.setLong(2, id);
        ps.setInt(3, id);
        ps.setDouble(4, id + 0.25);
        for (int i = 5; i <= 12; i++) {
          ps.setNull(i, Types.NULL);
        }
        ps.executeUpdate();
      }
    }
    try (ResultSet rs = c.createStatement().executeQuery("SELECT SUM(d) AS total FROM all_types")) {
      assertTrue(rs.next());
      assertEquals(6.75f, rs.getFloat("TOTAL"));
      assertEquals(6.75f, rs.getFloat("total"));
      assertEquals(6, rs.getInt("TOTAL"));
    }
  }

  @Test
  void badCastAndConversions() throws SQLException {
    Db.assertStateClass("22", () -> Db.scalar(c, "SELECT CAST('abc' AS INTEGER)"));
    try (PreparedStatement ps = c.prepareStatement("INSERT INTO all_types (id, b) VALUES (?, ?)")) {
      ps.setInt(1, 1);
      ps.setString(2, "not a number");
      Db.assertStateClass("22", ps::executeUpdate);
    }
    assertEquals(0, Db.count(c, "all_types"));
  }
}
