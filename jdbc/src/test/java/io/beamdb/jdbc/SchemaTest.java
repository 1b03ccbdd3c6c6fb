package io.beamdb.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** CREATE/DROP SCHEMA, SET SCHEMA, Connection.setSchema, schemas in metadata. */
class SchemaTest {
  @TempDir
  Path dir;

  @Test
  void schemasHoldTheirOwnObjectsAndPersist() throws SQLException {
    String url = "jdbc:beam:file:" + dir.resolve("db");
    try (Connection c = DriverManager.getConnection(url)) {
      Db.assertState("3F000", () -> Db.exec(c, "CREATE TABLE app.t (id INT PRIMARY KEY)"));
      Db.exec(c, "CREATE SCHEMA app");
      Db.exec(c, "CREATE SCHEMA IF NOT EXISTS app");
      Db.assertState("42P06", () -> Db.exec(c, "CREATE SCHEMA app"));
      Db.exec(c, "CREATE TABLE app.t (id INT PRIMARY KEY, v VARCHAR(5))");
      Db.exec(c, "CREATE TABLE t (id INT PRIMARY KEY)"); // PUBLIC.T, a different table
      Db.exec(c, "INSERT INTO app.t VALUES (1, 'a')");
      Db.exec(c, "SET SCHEMA app");
      assertEquals("APP", c.getSchema());
      Db.exec(c, "INSERT INTO t VALUES (2, 'b')"); // resolves to APP.T now
      assertEquals(2, Db.count(c, "t"));
      assertEquals(0, Db.count(c, "public.t"));
      c.setSchema("PUBLIC");
      assertEquals(0, Db.count(c, "t"));
      Db.assertState("3F000", () -> c.setSchema("NOPE"));
      Db.assertState("3F000", () -> Db.exec(c, "SET SCHEMA nope"));
      List<String> schemas = new ArrayList<>();
      try (ResultSet rs = c.getMetaData().getSchemas()) {
        while (rs.next()) {
          schemas.add(rs.getString("TABLE_SCHEM"));
        }
      }
      assertTrue(schemas.containsAll(List.of("APP", "PUBLIC")), schemas.toString());
    }
    try (Connection c = DriverManager.getConnection(url)) {
      assertEquals(2, Db.count(c, "app.t"));
      Db.exec(c, "CREATE SCHEMA empty_one");
      Db.exec(c, "DROP SCHEMA empty_one");
      Db.assertState("2BP01", () -> Db.exec(c, "DROP SCHEMA app"));
      Db.assertState("42501", () -> Db.exec(c, "DROP SCHEMA public"));
      c.setAutoCommit(false);
      Db.exec(c, "DROP SCHEMA app CASCADE");
      Db.assertState("42P01", () -> Db.count(c, "app.t"));
      c.rollback(); // transactional, like all DDL
      assertEquals(2, Db.count(c, "app.t"));
      c.setAutoCommit(true);
      Db.exec(c, "DROP SCHEMA app CASCADE");
      Db.exec(c, "DROP SCHEMA IF EXISTS app");
      Db.assertState("3F000", () -> Db.exec(c, "DROP SCHEMA app"));
      assertEquals(0, Db.count(c, "t"));
    }
  }
}
