package io.beamdb.jdbc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.beamdb.engine.ColumnInfo;
import java.math.BigDecimal;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Time;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.TimeZone;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** BeamResultSet and value conversions over an in-memory cursor: no engine needed. */
class ResultSetUnitTest {
  private static ColumnInfo col(String label, int type, String typeName, Class<?> cls) {
    return new ColumnInfo(label, label, "T", "PUBLIC", type, typeName, 0, 0, true, cls.getName());
  }

  private static final List<ColumnInfo> COLS = List.of(
      col("I", Types.INTEGER, "INTEGER", Integer.class),
      col("L", Types.BIGINT, "BIGINT", Long.class),
      col("D", Types.DECIMAL, "DECIMAL", BigDecimal.class),
      col("DBL", Types.DOUBLE, "DOUBLE", Double.class),
      col("S", Types.VARCHAR, "VARCHAR", String.class),
      col("B", Types.BOOLEAN, "BOOLEAN", Boolean.class),
      col("DT", Types.DATE, "DATE", LocalDate.class),
      col("TM", Types.TIME, "TIME", LocalTime.class),
      col("TS", Types.TIMESTAMP, "TIMESTAMP", LocalDateTime.class),
      col("i", Types.INTEGER, "INTEGER", Integer.class));

  private static ResultSet rs(Object[]... rows) {
    return new BeamResultSet(null, new ListCursor(COLS, new ArrayList<>(List.of(rows))));
  }

  private static Object[] fullRow() {
    return new Object[] {42, 9_000_000_000L, new BigDecimal("12.75"), 2.5, "17", true,
        LocalDate.of(2024, 2, 29), LocalTime.of(13, 45, 30, 123_000_000),
        LocalDateTime.of(2024, 2, 29, 13, 45, 30, 123_456_789), 7};
  }

  @Test
  void gettersAndConversions() throws SQLException {
    ResultSet rs = rs(fullRow());
    assertTrue(rs.next());
    assertEquals(42, rs.getInt(1));
    assertEquals(42L, rs.getLong("i"));
    assertEquals(42, rs.getObject("I"));
    assertEquals(9_000_000_000L, rs.getLong("L"));
    SQLException range = assertThrows(SQLException.class, () -> rs.getInt("L"));
    assertEquals("22003", range.getSQLState());
    assertEquals(12, rs.getInt("D"));
    assertEquals(12.75, rs.getDouble("D"));
    assertEquals(12.75f, rs.getFloat("D"));
    assertEquals(new BigDecimal("12.75"), rs.getBigDecimal("D"));
    assertEquals(new BigDecimal("12.8"), rs.getBigDecimal("D", 1));
    assertEquals("12.75", rs.getString("D"));
    assertEquals(2, rs.getInt("DBL"));
    assertEquals(new BigDecimal("2.5"), rs.getBigDecimal("DBL"));
    assertEquals(17, rs.getInt("S"));
    assertEquals(17.0, rs.getDouble("S"));
    assertEquals(new BigDecimal("17"), rs.getBigDecimal("S"));
    assertTrue(rs.getBoolean("B"));
    assertEquals("TRUE", rs.getString("B"));
    assertEquals(1, rs.getInt("B"));
    assertEquals(java.sql.Date.valueOf("2024-02-29"), rs.getDate("DT"));
    assertEquals(java.sql.Date.valueOf("2024-02-29"), rs.getObject("DT"));
    assertEquals(LocalDate.of(2024, 2, 29), rs.getObject("DT", LocalDate.class));
    assertEquals("2024-02-29", rs.getString("DT"));
    assertEquals(LocalTime.of(13, 45, 30, 123_000_000), Values.localTime(rs.getTime("TM"), null));
    assertEquals(Time.valueOf("13:45:30").toString(), rs.getTime("TM").toString());
    assertEquals(Time.class, rs.getObject("TM").getClass());
    assertEquals(LocalTime.of(13, 45, 30, 123_000_000), rs.getObject("TM", LocalTime.class));
    assertEquals("13:45:30.123", rs.getString("TM"));
    assertEquals(Timestamp.valueOf("2024-02-29 13:45:30.123456789"), rs.getTimestamp("TS"));
    assertEquals(Timestamp.class, rs.getObject("TS").getClass());
    assertEquals(LocalDateTime.of(2024, 2, 29, 13, 45, 30, 123_456_789),
        rs.getObject("TS", LocalDateTime.class));
    assertEquals("2024-02-29 13:45:30.123456789", rs.getString("TS"));
    assertEquals(java.sql.Date.valueOf("2024-02-29"), rs.getDate("TS"));
    assertEquals(Timestamp.valueOf("2024-02-29 00:00:00"), rs.getTimestamp("DT"));
    assertEquals(Long.valueOf(42), rs.getObject(1, Long.class));
    assertEquals("42", rs.getObject(1, String.class));
    assertEquals(Integer.valueOf(17), rs.getObject("S", Integer.class));
    SQLException bad = assertThrows(SQLException.class, () -> rs.getDate("I"));
    assertEquals("22018", bad.getSQLState());
    assertFalse(rs.wasNull());
    assertFalse(rs.next());
  }

  @Test
  void calendarGetters() throws SQLException {
    ResultSet rs = rs(fullRow());
    rs.next();
    java.util.Calendar utc = java.util.Calendar.getInstance(TimeZone.getTimeZone("UTC"));
    assertEquals(LocalDate.of(2024, 2, 29).atStartOfDay(java.time.ZoneOffset.UTC).toInstant().toEpochMilli(),
        rs.getDate("DT", utc).getTime());
    Timestamp ts = rs.getTimestamp("TS", utc);
    assertEquals(123_456_789, ts.getNanos());
    assertEquals(LocalDateTime.of(2024, 2, 29, 13, 45, 30).toEpochSecond(java.time.ZoneOffset.UTC),
        ts.getTime() / 1000);
  }

  @Test
  void badStringConversion() throws SQLException {
    ResultSet rs = rs(new Object[] {1, 2L, null, null, "abc", null, null, null, null, null});
    rs.next();
    for (org.junit.jupiter.api.function.Executable e : List.<org.junit.jupiter.api.function.Executable>of(
        () -> rs.getInt("S"), () -> rs.getLong("S"), () -> rs.getDouble("S"),
        () -> rs.getBigDecimal("S"), () -> rs.getBoolean("S"), () -> rs.getDate("S"),
        () -> rs.getTimestamp("S"), () -> rs.getTime("S"))) {
      assertEquals("22018", assertThrows(SQLException.class, e).getSQLState());
    }
  }

  @Test
  void nullsAndWasNull() throws SQLException {
    ResultSet rs = rs(new Object[COLS.size()]);
    rs.next();
    assertEquals(0, rs.getInt(1));
    assertTrue(rs.wasNull());
    assertEquals(0L, rs.getLong(2));
    assertEquals(0.0, rs.getDouble(4));
    assertEquals(0, rs.getShort(1));
    assertEquals(0, rs.getByte(1));
    assertEquals(0f, rs.getFloat(4));
    assertFalse(rs.getBoolean(6));
    assertTrue(rs.wasNull());
    assertNull(rs.getBigDecimal(3));
    assertNull(rs.getString(5));
    assertNull(rs.getDate(7));
    assertNull(rs.getTime(8));
    assertNull(rs.getTimestamp(9));
    assertNull(rs.getObject(1));
    assertNull(rs.getObject(1, Integer.class));
    assertTrue(rs.wasNull());
    assertEquals(0, rs.getInt(1));
    assertTrue(rs.wasNull());
  }

  @Test
  void findColumnIsCaseInsensitiveFirstMatchWins() throws SQLException {
    ResultSet rs = rs(fullRow());
    assertEquals(1, rs.findColumn("i"));
    assertEquals(1, rs.findColumn("I"));
    assertEquals(5, rs.findColumn("s"));
    assertEquals("42703", assertThrows(SQLException.class, () -> rs.findColumn("nope")).getSQLState());
  }

  @Test
  void positionAndLookahead() throws SQLException {
    ResultSet rs = rs(fullRow(), fullRow());
    assertTrue(rs.isBeforeFirst());
    assertFalse(rs.isFirst());
    assertEquals(0, rs.getRow());
    assertEquals("24000", assertThrows(SQLException.class, () -> rs.getInt(1)).getSQLState());
    assertTrue(rs.next());
    assertTrue(rs.isFirst());
    assertFalse(rs.isLast());
    assertEquals(42, rs.getInt(1));
    assertTrue(rs.next());
    assertEquals(2, rs.getRow());
    assertTrue(rs.isLast());
    assertEquals(42, rs.getInt(1)); // still readable after the lookahead
    assertFalse(rs.next());
    assertTrue(rs.isAfterLast());
    assertEquals(0, rs.getRow());
    assertFalse(rs.next());
    assertEquals("24000", assertThrows(SQLException.class, () -> rs.getInt(1)).getSQLState());
    assertEquals("07009", assertThrows(SQLException.class, () -> {
      ResultSet r2 = rs(fullRow());
      r2.next();
      r2.getInt(11);
    }).getSQLState());

    ResultSet empty = rs();
    assertFalse(empty.isBeforeFirst());
    assertFalse(empty.next());
    assertFalse(empty.isAfterLast());
  }

  @Test
  void closedAndForwardOnly() throws SQLException {
    ResultSet rs = rs(fullRow());
    assertEquals(ResultSet.TYPE_FORWARD_ONLY, rs.getType());
    assertEquals(ResultSet.CONCUR_READ_ONLY, rs.getConcurrency());
    assertEquals("0A000", assertThrows(SQLException.class, rs::previous).getSQLState());
    assertEquals("0A000", assertThrows(SQLException.class, () -> rs.updateInt(1, 1)).getSQLState());
    rs.close();
    rs.close();
    assertTrue(rs.isClosed());
    assertEquals("24000", assertThrows(SQLException.class, rs::next).getSQLState());
    assertEquals("24000", assertThrows(SQLException.class, () -> rs.getInt(1)).getSQLState());
  }

  @Test
  void metaData() throws SQLException {
    ResultSetMetaData md = rs().getMetaData();
    assertEquals(10, md.getColumnCount());
    assertEquals("DBL", md.getColumnLabel(4));
    assertEquals(Types.DOUBLE, md.getColumnType(4));
    assertEquals("java.sql.Date", md.getColumnClassName(7));
    assertEquals("java.lang.Integer", md.getColumnClassName(1));
    assertEquals(10, md.getPrecision(1));
    assertEquals("07009", assertThrows(SQLException.class, () -> md.getColumnType(0)).getSQLState());
  }

  @Test
  void parameterValues() throws SQLException {
    assertEquals(LocalDate.of(2024, 1, 2), Values.param(java.sql.Date.valueOf("2024-01-02")));
    assertEquals(LocalDateTime.of(2024, 1, 2, 3, 4, 5, 6), Values.param(
        Timestamp.valueOf(LocalDateTime.of(2024, 1, 2, 3, 4, 5, 6))));
    assertEquals(LocalTime.of(3, 4, 5), Values.param(Time.valueOf("03:04:05")));
    assertEquals(new BigDecimal("123"), Values.param(java.math.BigInteger.valueOf(123)));
    assertEquals("x", Values.param('x'));
    assertEquals(5, Values.param("5", Types.INTEGER, -1));
    assertEquals(new BigDecimal("1.50"), Values.param(1.5, Types.DECIMAL, 2));
    assertEquals(LocalDate.of(2024, 1, 2), Values.param("2024-01-02", Types.DATE, -1));
    assertEquals(Boolean.TRUE, Values.param(1, Types.BOOLEAN, -1));
    assertEquals("22018", assertThrows(SQLException.class, () -> Values.param(new Object())).getSQLState());
    assertArrayEquals(new byte[] {1}, (byte[]) Values.param(new byte[] {1}));
    assertEquals("0A000", assertThrows(SQLException.class, () -> Values.param(new java.io.StringReader("x"))).getSQLState());
  }

  @Test
  void likePatterns() {
    Pattern p = BeamDatabaseMetaData.like("T\\_%");
    assertTrue(p.matcher("T_X").matches());
    assertFalse(p.matcher("TAX").matches());
    assertTrue(BeamDatabaseMetaData.like("A_C").matcher("ABC").matches());
    assertNull(BeamDatabaseMetaData.like(null));
    assertTrue(BeamDatabaseMetaData.like("a.b").matcher("a.b").matches());
    assertFalse(BeamDatabaseMetaData.like("a.b").matcher("axb").matches());
  }

  @Test
  void listCursorColumns() {
    assertArrayEquals(new String[] {"A", "B"},
        ListCursor.columns("A", "B:INTEGER").stream().map(ColumnInfo::label).toArray());
  }
}
