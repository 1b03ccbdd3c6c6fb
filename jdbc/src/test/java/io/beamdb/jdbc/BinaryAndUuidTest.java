package io.beamdb.jdbc;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Types;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/** BINARY/VARBINARY/BLOB, CLOB and UUID columns through JDBC, including as keys. */
class BinaryAndUuidTest {
  @Test
  void roundTripAndLookUpByKey() throws SQLException {
    UUID id = UUID.fromString("f81d4fae-7dec-11d0-a765-00a0c91e6bf6");
    byte[] payload = {0, 1, -1, 42};
    try (Connection c = Db.mem()) {
      Db.exec(c, "CREATE TABLE doc (id UUID PRIMARY KEY, body VARBINARY(16), big BLOB, text CLOB, tag BINARY(2))");
      Db.exec(c, "CREATE INDEX doc_body ON doc(body)");
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO doc VALUES (?, ?, ?, ?, ?)")) {
        ps.setObject(1, id);
        ps.setBytes(2, payload);
        ps.setBinaryStream(3, new java.io.ByteArrayInputStream(new byte[1000]));
        ps.setString(4, "x".repeat(5000));
        ps.setBytes(5, new byte[] {7});
        assertEquals(1, ps.executeUpdate());
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT body, big, text, tag, id FROM doc WHERE id = ?")) {
        ps.setObject(1, id);
        try (ResultSet rs = ps.executeQuery()) {
          assertTrue(rs.next());
          assertArrayEquals(payload, rs.getBytes(1));
          assertEquals(1000, rs.getBytes(2).length);
          assertEquals(5000, rs.getString(3).length());
          assertArrayEquals(new byte[] {7, 0}, rs.getBytes(4), "BINARY(n) pads with zero bytes");
          assertEquals(id, rs.getObject(5));
          assertEquals(id.toString(), rs.getString(5));
          assertEquals(Types.VARBINARY, rs.getMetaData().getColumnType(1));
        }
      }
      try (PreparedStatement ps = c.prepareStatement("SELECT COUNT(*) FROM doc WHERE body = ?")) {
        ps.setBytes(1, payload);
        try (ResultSet rs = ps.executeQuery()) {
          assertTrue(rs.next());
          assertEquals(1, rs.getInt(1));
        }
      }
      Db.assertState("23505", () -> {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO doc (id) VALUES (?)")) {
          ps.setString(1, id.toString());
          ps.executeUpdate();
        }
      });
      Db.assertState("22001", () -> {
        try (PreparedStatement ps = c.prepareStatement("INSERT INTO doc (id, body) VALUES (?, ?)")) {
          ps.setObject(1, UUID.randomUUID());
          ps.setBytes(2, new byte[17]);
          ps.executeUpdate();
        }
      });
    }
  }

  @Test
  void clobsAndBlobsAsWholeValues() throws SQLException {
    try (Connection c = Db.mem()) {
      Db.exec(c, "CREATE TABLE lob (id INT PRIMARY KEY, t CLOB, b BLOB)");
      java.sql.Clob clob = c.createClob();
      clob.setString(1, "hello clob");
      java.sql.Blob blob = c.createBlob();
      blob.setBytes(1, new byte[] {9, 8, 7});
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO lob VALUES (1, ?, ?)")) {
        ps.setClob(1, clob);
        ps.setBlob(2, blob);
        ps.executeUpdate();
      }
      try (ResultSet rs = c.createStatement().executeQuery("SELECT t, b FROM lob")) {
        assertTrue(rs.next());
        assertEquals("hello clob", rs.getClob(1).getSubString(1, 10));
        assertArrayEquals(new byte[] {9, 8, 7}, rs.getBlob(2).getBytes(1, 3));
      }
    }
  }
}
