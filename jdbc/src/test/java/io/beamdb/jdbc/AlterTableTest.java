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

  @Test
  void alterColumnTypeConvertsRowsRekeysAndRebuildsIndexes() throws SQLException {
    try (Connection c = Db.mem()) {
      Db.exec(c, "CREATE TABLE m (code VARCHAR(10) PRIMARY KEY, qty VARCHAR(10), price DOUBLE, note INT)");
      Db.exec(c, "CREATE INDEX m_qty ON m(qty)");
      Db.exec(c, "INSERT INTO m VALUES ('10', '7', 1.5, 1), ('9', '12', 2.0, NULL), ('11', NULL, 3.25, 3)");
      // H2's form, the standard's SET DATA TYPE and PostgreSQL's TYPE
      Db.exec(c, "ALTER TABLE m ALTER COLUMN qty INT");
      Db.exec(c, "ALTER TABLE m ALTER COLUMN note SET DATA TYPE VARCHAR(5)");
      Db.exec(c, "ALTER TABLE m ALTER COLUMN price TYPE DECIMAL(6,2)");
      // a primary-key column: rows are re-keyed, so the key order becomes numeric
      Db.exec(c, "ALTER TABLE m ALTER COLUMN code TYPE INT");
      try (java.sql.Statement s = c.createStatement();
           java.sql.ResultSet rs = s.executeQuery("SELECT code, qty, price, note FROM m ORDER BY code")) {
        assertEquals(java.sql.Types.INTEGER, rs.getMetaData().getColumnType(1));
        assertEquals(java.sql.Types.INTEGER, rs.getMetaData().getColumnType(2));
        assertEquals(java.sql.Types.DECIMAL, rs.getMetaData().getColumnType(3));
        assertEquals(java.sql.Types.VARCHAR, rs.getMetaData().getColumnType(4));
        rs.next();
        assertEquals(9, rs.getInt(1));
        assertEquals(12, rs.getInt(2));
        assertEquals(new java.math.BigDecimal("2.00"), rs.getBigDecimal(3));
        rs.next();
        assertEquals(10, rs.getInt(1));
        assertEquals("1", rs.getString(4));
      }
      assertEquals(10, Db.scalar(c, "SELECT code FROM m WHERE code = 10"));
      assertEquals(1, Db.scalar(c, "SELECT COUNT(*) FROM m WHERE qty = 12")); // the rebuilt index
      assertEquals(2, Db.scalar(c, "SELECT COUNT(*) FROM m WHERE qty > 5"));
      // values that do not fit fail the statement and change nothing
      Db.exec(c, "INSERT INTO m VALUES (12, 5, 9.99, 'abc')");
      Db.assertState("22018", () -> Db.exec(c, "ALTER TABLE m ALTER COLUMN note TYPE INT"));
      Db.assertState("22001", () -> Db.exec(c, "ALTER TABLE m ALTER COLUMN note TYPE VARCHAR(2)"));
      assertEquals("abc", string(c, "SELECT note FROM m WHERE code = 12"));
      Db.exec(c, "CREATE TABLE k (d DOUBLE PRIMARY KEY)");
      Db.exec(c, "INSERT INTO k VALUES (1.2), (1.4)");
      Db.assertState("23505", () -> Db.exec(c, "ALTER TABLE k ALTER COLUMN d TYPE INT"));
      assertEquals(2, Db.count(c, "k"));
      Db.exec(c, "CREATE TABLE child (id INT PRIMARY KEY, m_code INT REFERENCES m(code))");
      Db.assertState("2BP01", () -> Db.exec(c, "ALTER TABLE m ALTER COLUMN code TYPE BIGINT"));
      Db.assertState("42703", () -> Db.exec(c, "ALTER TABLE m ALTER COLUMN nope TYPE INT"));
    }
  }

  @Test
  void ifNotExistsOnConstraintsAndSequences() throws SQLException {
    try (Connection c = Db.mem()) {
      Db.exec(c, "CREATE TABLE p (id INT PRIMARY KEY, v INT)");
      Db.exec(c, "ALTER TABLE p ADD CONSTRAINT IF NOT EXISTS p_v_pos CHECK (v > 0)");
      Db.exec(c, "ALTER TABLE p ADD CONSTRAINT IF NOT EXISTS p_v_pos CHECK (v > 100)"); // kept as it was
      Db.exec(c, "INSERT INTO p VALUES (1, 5)");
      Db.assertState("23514", () -> Db.exec(c, "INSERT INTO p VALUES (2, -1)"));
      Db.exec(c, "ALTER TABLE p ADD CONSTRAINT IF NOT EXISTS p_v_uq UNIQUE (v)");
      Db.exec(c, "ALTER TABLE p ADD CONSTRAINT IF NOT EXISTS p_v_uq UNIQUE (v)");
      Db.assertState("23505", () -> Db.exec(c, "INSERT INTO p VALUES (3, 5)"));
      Db.assertState("42P07", () -> Db.exec(c, "ALTER TABLE p ADD CONSTRAINT p_v_uq UNIQUE (v)"));
      Db.exec(c, "CREATE SEQUENCE IF NOT EXISTS s START WITH 10");
      Db.exec(c, "CREATE SEQUENCE IF NOT EXISTS s START WITH 99");
      assertEquals(10, Db.scalar(c, "SELECT NEXT VALUE FOR s"));
    }
  }

  private static String string(Connection c, String sql) throws SQLException {
    try (java.sql.Statement s = c.createStatement(); java.sql.ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
