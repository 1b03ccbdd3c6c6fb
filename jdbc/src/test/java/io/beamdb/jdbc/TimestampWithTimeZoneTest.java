package io.beamdb.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.Period;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import org.junit.jupiter.api.Test;

/**
 * TIMESTAMP WITH TIME ZONE (an instant, shown in the session zone, as in PostgreSQL) and INTERVAL
 * results ({@code ts - ts}, interval literals and arithmetic).
 */
class TimestampWithTimeZoneTest {
  private static final Instant NOON_UTC = Instant.parse("2024-05-01T12:00:00Z");

  @Test
  void storesTheInstantWhateverOffsetItWasWrittenWith() throws Exception {
    try (Connection c = Db.mem()) {
      Db.exec(c, "CREATE TABLE ev (id INT PRIMARY KEY, happened TIMESTAMP WITH TIME ZONE)");
      Db.exec(c, "INSERT INTO ev VALUES (1, TIMESTAMP WITH TIME ZONE '2024-05-01 14:00:00+02:00')");
      Db.exec(c, "INSERT INTO ev VALUES (2, '2024-05-01 07:30:00-04:30')");
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO ev VALUES (?, ?)")) {
        ps.setInt(1, 3);
        ps.setObject(2, OffsetDateTime.of(2024, 5, 1, 21, 0, 0, 0, ZoneOffset.ofHours(9)));
        ps.executeUpdate();
        ps.setInt(1, 4);
        ps.setObject(2, NOON_UTC);
        ps.executeUpdate();
        ps.setInt(1, 5);
        ps.setObject(2, ZonedDateTime.of(2024, 5, 1, 8, 0, 0, 0, ZoneId.of("America/New_York")));
        ps.executeUpdate();
        ps.setInt(1, 6);
        ps.setTimestamp(2, Timestamp.from(NOON_UTC));
        ps.executeUpdate();
        ps.setInt(1, 7);
        ps.setObject(2, null, Types.TIMESTAMP_WITH_TIMEZONE);
        ps.executeUpdate();
      }
      // every non-null row names the same instant
      assertEquals(6, Db.scalar(c, "SELECT COUNT(*) FROM ev WHERE happened = TIMESTAMP WITH TIME ZONE '2024-05-01 12:00:00Z'"));
      assertEquals(6, Db.scalar(c, "SELECT COUNT(DISTINCT happened) * 6 FROM ev"));
      try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id, happened FROM ev ORDER BY id")) {
        assertEquals("TIMESTAMP WITH TIME ZONE", rs.getMetaData().getColumnTypeName(2));
        assertEquals(Types.TIMESTAMP_WITH_TIMEZONE, rs.getMetaData().getColumnType(2));
        assertEquals(OffsetDateTime.class.getName(), rs.getMetaData().getColumnClassName(2));
        for (int i = 1; i <= 6; i++) {
          rs.next();
          assertEquals(NOON_UTC, rs.getObject(2, OffsetDateTime.class).toInstant());
          assertEquals(NOON_UTC, rs.getObject(2, Instant.class));
          assertEquals(NOON_UTC, rs.getObject(2, ZonedDateTime.class).toInstant());
          assertEquals(NOON_UTC, ((OffsetDateTime) rs.getObject(2)).toInstant());
          assertEquals(NOON_UTC, rs.getTimestamp(2).toInstant());
          assertEquals(LocalDateTime.ofInstant(NOON_UTC, ZoneId.systemDefault()), rs.getObject(2, LocalDateTime.class));
          OffsetDateTime shown = OffsetDateTime.ofInstant(NOON_UTC, ZoneId.systemDefault());
          assertEquals(io.beamdb.sql.type.ColumnType.formatTimestampTz(shown), rs.getString(2));
        }
        rs.next();
        assertNull(rs.getObject(2));
      }
    }
  }

  @Test
  void comparesOrdersIndexesAndConvertsToLocalTimestamps() throws SQLException {
    try (Connection c = Db.mem()) {
      Db.exec(c, "CREATE TABLE ev (happened TIMESTAMP(3) WITH TIME ZONE PRIMARY KEY, n INT)");
      Db.exec(c, "INSERT INTO ev VALUES ('2024-01-01 00:00:00+01', 1), ('2023-12-31 23:30:00Z', 2),"
          + " ('2024-01-01 00:00:00.5-01', 3)");
      // 2023-12-31 23:00Z < 23:30Z < 2024-01-01 01:00:00.5Z
      assertEquals("1,2,3", string(c, "SELECT LISTAGG(CAST(n AS VARCHAR), ',') WITHIN GROUP (ORDER BY happened) FROM ev"));
      assertEquals(2, Db.scalar(c, "SELECT n FROM ev WHERE happened = TIMESTAMP WITH TIME ZONE '2024-01-01 01:30:00+02'"));
      assertEquals(3, Db.scalar(c, "SELECT n FROM ev WHERE happened > '2024-01-01 00:00:00Z'"));
      // in a zone-less TIMESTAMP the instant becomes the session zone's wall-clock time, and back
      Db.exec(c, "CREATE TABLE loc (id INT PRIMARY KEY, t TIMESTAMP)");
      Db.exec(c, "INSERT INTO loc SELECT n, happened FROM ev");
      assertEquals(3, Db.scalar(c, "SELECT COUNT(*) FROM ev JOIN loc ON n = id AND CAST(t AS TIMESTAMP WITH TIME ZONE) = happened"));
      // EXTRACT and interval arithmetic work on the session zone's wall-clock time
      assertEquals(3, Db.scalar(c, "SELECT COUNT(*) FROM ev WHERE EXTRACT(DAY FROM happened + INTERVAL '30' DAY)"
          + " = EXTRACT(DAY FROM CAST(happened AS TIMESTAMP) + INTERVAL '30' DAY)"
          + " AND EXTRACT(HOUR FROM CAST(happened AS TIMESTAMP)) = EXTRACT(HOUR FROM happened)"));
      Db.assertState("22007", () -> Db.exec(c, "INSERT INTO ev VALUES ('not a time', 9)"));
    }
  }

  @Test
  void survivesReopenAndIsDescribedInMetadata() throws Exception {
    Path dir = Files.createTempDirectory("beam-tstz");
    String url = "jdbc:beam:file:" + dir.resolve("db");
    try (Connection c = DriverManager.getConnection(url)) {
      Db.exec(c, "CREATE TABLE ev (id INT PRIMARY KEY, happened TIMESTAMPTZ)");
      Db.exec(c, "INSERT INTO ev VALUES (1, TIMESTAMP WITH TIME ZONE '2024-05-01 14:00:00+02:00')");
    }
    try (Connection c = DriverManager.getConnection(url)) {
      try (PreparedStatement ps = c.prepareStatement("SELECT happened FROM ev WHERE id = ?")) {
        ps.setInt(1, 1);
        try (ResultSet rs = ps.executeQuery()) {
          rs.next();
          assertEquals(NOON_UTC, rs.getObject(1, Instant.class));
        }
      }
      DatabaseMetaData md = c.getMetaData();
      try (ResultSet rs = md.getColumns(null, "PUBLIC", "EV", "HAPPENED")) {
        rs.next();
        assertEquals(Types.TIMESTAMP_WITH_TIMEZONE, rs.getInt("DATA_TYPE"));
        assertEquals("TIMESTAMP WITH TIME ZONE", rs.getString("TYPE_NAME"));
      }
      boolean listed = false;
      try (ResultSet rs = md.getTypeInfo()) {
        while (rs.next()) {
          listed |= rs.getInt("DATA_TYPE") == Types.TIMESTAMP_WITH_TIMEZONE;
        }
      }
      assertEquals(true, listed);
    }
  }

  @Test
  void intervalResults() throws SQLException {
    try (Connection c = Db.mem(); Statement s = c.createStatement()) {
      try (ResultSet rs = s.executeQuery("SELECT TIMESTAMP '2024-03-02 12:00:00' - TIMESTAMP '2024-02-28 06:30:00',"
          + " DATE '2024-03-01' - DATE '2024-02-01', INTERVAL '1-2' YEAR TO MONTH, INTERVAL '90' MINUTE * 2,"
          + " TIMESTAMP '2024-01-01 00:00:00' - TIMESTAMP '2024-01-01 00:00:01.5'")) {
        rs.next();
        assertEquals(Duration.ofDays(3).plusHours(5).plusMinutes(30), rs.getObject(1));
        assertEquals("INTERVAL '3 05:30:00' DAY TO SECOND", rs.getString(1));
        assertEquals(Duration.ofDays(29), rs.getObject(2, Duration.class));
        assertEquals(Period.of(1, 2, 0), rs.getObject(3));
        assertEquals("INTERVAL '1-2' YEAR TO MONTH", rs.getString(3));
        assertEquals(Duration.ofHours(3), rs.getObject(4));
        assertEquals("INTERVAL '-0 00:00:01.5' DAY TO SECOND", rs.getString(5));
        assertEquals("INTERVAL DAY TO SECOND", rs.getMetaData().getColumnTypeName(1));
      }
      // a difference used to move another timestamp
      Db.exec(c, "CREATE TABLE shift (id INT PRIMARY KEY, s TIMESTAMP, e TIMESTAMP)");
      Db.exec(c, "INSERT INTO shift VALUES (1, '2024-01-01 08:00:00', '2024-01-01 16:30:00')");
      assertEquals("2024-01-02 01:00:00", string(c, "SELECT CAST(e + (e - s) AS VARCHAR) FROM shift"));
      assertEquals(1, Db.scalar(c, "SELECT COUNT(*) FROM shift WHERE e - s > INTERVAL '8' HOUR"));
    }
  }

  private static String string(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
