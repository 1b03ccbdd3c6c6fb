package io.beamdb.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** ALTER TABLE as migrations use it: add/drop/rename columns, defaults, NOT NULL, unique constraints. */
class AlterTableTest {
  @TempDir
  Path dir;

  @Test
  void migrationsChangeTheSchemaAndKeepTheData() throws SQLException {
    String url = "jdbc:beam:file:" + dir.resolve("db");
    try (Connection c = DriverManager.getConnection(url)) {
      Db.exec(c, "CREATE TABLE acct (id INT PRIMARY KEY, owner VARCHAR(20), note VARCHAR(10))");
      Db.exec(c, "CREATE INDEX acct_note ON acct(note)");
      Db.exec(c, "INSERT INTO acct VALUES (1, 'ann', 'x'), (2, 'bob', 'y')");
      Db.exec(c, "ALTER TABLE acct ADD COLUMN balance DECIMAL(10,2) DEFAULT 0 NOT NULL");
      Db.exec(c, "ALTER TABLE acct DROP COLUMN note");
      Db.exec(c, "ALTER TABLE acct RENAME COLUMN owner TO holder");
      Db.exec(c, "ALTER TABLE acct ADD CONSTRAINT uk_holder UNIQUE (holder)");
      Db.assertState("23505", () -> Db.exec(c, "INSERT INTO acct (id, holder) VALUES (3, 'ann')"));
      Db.assertState("23502", () -> Db.exec(c, "ALTER TABLE acct ADD COLUMN must INT NOT NULL"));
      Db.assertState("42P16", () -> Db.exec(c, "ALTER TABLE acct DROP COLUMN id"));
      Db.exec(c, "alter table if exists missing add column x int");
    }
    try (Connection c = DriverManager.getConnection(url);
         ResultSet rs = c.createStatement().executeQuery("SELECT * FROM acct ORDER BY id")) {
      assertEquals(3, rs.getMetaData().getColumnCount());
      assertEquals("HOLDER", rs.getMetaData().getColumnName(2));
      assertTrue(rs.next());
      assertEquals("ann", rs.getString("HOLDER"));
      assertEquals(0, rs.getBigDecimal("BALANCE").signum());
      assertTrue(rs.next());
      assertEquals(2, rs.getInt(1));
      Db.exec(c, "ALTER TABLE acct RENAME TO account");
      Db.exec(c, "ALTER TABLE account ALTER COLUMN holder SET DEFAULT 'nobody'");
      Db.exec(c, "INSERT INTO account (id) VALUES (9)");
      try (ResultSet r2 = c.createStatement().executeQuery("SELECT holder, balance FROM account WHERE id = 9")) {
        assertTrue(r2.next());
        assertEquals("nobody", r2.getString(1));
      }
      Db.exec(c, "ALTER TABLE account ALTER COLUMN holder DROP DEFAULT");
      Db.exec(c, "INSERT INTO account (id) VALUES (10)");
      try (ResultSet r3 = c.createStatement().executeQuery("SELECT holder FROM account WHERE id = 10")) {
        assertTrue(r3.next());
        assertNull(r3.getString(1));
      }
    }
  }
}
