package io.beamdb.jdbc;

import static io.beamdb.jdbc.Db.assertStateClass;
import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;

/** Named in-memory databases are shared while open; {@code mem:} is private. */
class MemoryDatabaseTest {
  @Test
  void namedDatabaseSharedWhileOpenAndGoneAfterLastClose() throws SQLException {
    String url = Db.sharedUrl();
    try (Connection a = DriverManager.getConnection(url); Connection b = DriverManager.getConnection(url)) {
      Db.exec(a, "CREATE TABLE t (id INTEGER PRIMARY KEY)");
      Db.exec(a, "INSERT INTO t VALUES (1), (2)");
      assertEquals(2, Db.count(b, "t"));
      Db.exec(b, "INSERT INTO t VALUES (3)");
      assertEquals(3, Db.count(a, "t"));
      a.close();
      assertEquals(3, Db.count(b, "t")); // still open through b
    }
    try (Connection c = DriverManager.getConnection(url)) {
      assertStateClass("42", () -> Db.count(c, "t"));
      Db.exec(c, "CREATE TABLE t (id INTEGER PRIMARY KEY)"); // name is free again
      assertEquals(0, Db.count(c, "t"));
    }
  }

  @Test
  void anonymousDatabaseIsPrivate() throws SQLException {
    try (Connection a = Db.mem(); Connection b = Db.mem()) {
      Db.exec(a, "CREATE TABLE t (id INTEGER)");
      Db.exec(a, "INSERT INTO t VALUES (1)");
      assertEquals(1, Db.count(a, "t"));
      assertStateClass("42", () -> Db.count(b, "t"));
      Db.exec(b, "CREATE TABLE t (id INTEGER)");
      assertEquals(0, Db.count(b, "t"));
    }
  }

  @Test
  void differentNamesAreDifferentDatabases() throws SQLException {
    try (Connection a = DriverManager.getConnection(Db.sharedUrl());
         Connection b = DriverManager.getConnection(Db.sharedUrl())) {
      Db.exec(a, "CREATE TABLE t (id INTEGER)");
      assertStateClass("42", () -> Db.count(b, "t"));
    }
  }
}
