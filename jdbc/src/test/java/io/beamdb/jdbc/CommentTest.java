package io.beamdb.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import org.junit.jupiter.api.Test;

/** COMMENT ON TABLE / COLUMN: stored in the catalog, shown as REMARKS in metadata and INFORMATION_SCHEMA. */
class CommentTest {
  @Test
  void commentsSurviveReopenAndFollowRenames() throws Exception {
    Path dir = Files.createTempDirectory("beam-comment");
    String url = "jdbc:beam:file:" + dir.resolve("db");
    try (Connection c = DriverManager.getConnection(url)) {
      Db.exec(c, "CREATE TABLE account (id INT PRIMARY KEY, owner VARCHAR(20), note VARCHAR(10))");
      Db.exec(c, "COMMENT ON TABLE account IS 'Customer accounts; one per owner'");
      Db.exec(c, "COMMENT ON COLUMN account.owner IS 'Who''s paying'");
      Db.exec(c, "COMMENT ON COLUMN public.account.note IS 'free text'");
    }
    try (Connection c = DriverManager.getConnection(url)) {
      DatabaseMetaData md = c.getMetaData();
      assertEquals("Customer accounts; one per owner", tableRemarks(md, "ACCOUNT"));
      assertEquals("Who's paying", columnRemarks(md, "ACCOUNT", "OWNER"));
      assertEquals("free text", columnRemarks(md, "ACCOUNT", "NOTE"));
      assertEquals("", columnRemarks(md, "ACCOUNT", "ID"));
      assertEquals("Customer accounts; one per owner", string(c,
          "SELECT REMARKS FROM INFORMATION_SCHEMA.TABLES WHERE TABLE_NAME = 'ACCOUNT'"));
      assertEquals("Who's paying", string(c,
          "SELECT REMARKS FROM INFORMATION_SCHEMA.COLUMNS WHERE TABLE_NAME = 'ACCOUNT' AND COLUMN_NAME = 'OWNER'"));

      Db.exec(c, "ALTER TABLE account RENAME COLUMN owner TO holder");
      Db.exec(c, "ALTER TABLE account RENAME TO acct");
      assertEquals("Who's paying", columnRemarks(md, "ACCT", "HOLDER"));
      assertEquals("Customer accounts; one per owner", tableRemarks(md, "ACCT"));
      // a dropped column takes its comment with it
      Db.exec(c, "ALTER TABLE acct DROP COLUMN note");
      Db.exec(c, "ALTER TABLE acct ADD COLUMN note VARCHAR(10)");
      assertEquals("", columnRemarks(md, "ACCT", "NOTE"));
      // IS NULL and '' remove a comment
      Db.exec(c, "COMMENT ON TABLE acct IS NULL");
      Db.exec(c, "COMMENT ON COLUMN acct.holder IS ''");
      assertEquals("", tableRemarks(md, "ACCT"));
      assertNull(string(c, "SELECT REMARKS FROM INFORMATION_SCHEMA.COLUMNS WHERE COLUMN_NAME = 'HOLDER'"));
    }
  }

  @Test
  void commentsOnMissingObjectsFail() throws SQLException {
    try (Connection c = Db.mem()) {
      Db.exec(c, "CREATE TABLE t (id INT PRIMARY KEY)");
      Db.assertState("42P01", () -> Db.exec(c, "COMMENT ON TABLE nope IS 'x'"));
      Db.assertState("42703", () -> Db.exec(c, "COMMENT ON COLUMN t.nope IS 'x'"));
      Db.assertState("42000", () -> Db.exec(c, "COMMENT ON TABLE t IS x"));
      // a comment is transactional DDL like the rest: rolled back with the transaction
      c.setAutoCommit(false);
      Db.exec(c, "COMMENT ON TABLE t IS 'draft'");
      c.rollback();
      assertEquals("", tableRemarks(c.getMetaData(), "T"));
    }
  }

  private static String tableRemarks(DatabaseMetaData md, String table) throws SQLException {
    try (ResultSet rs = md.getTables(null, "PUBLIC", table, null)) {
      rs.next();
      return rs.getString("REMARKS");
    }
  }

  private static String columnRemarks(DatabaseMetaData md, String table, String column) throws SQLException {
    try (ResultSet rs = md.getColumns(null, "PUBLIC", table, column)) {
      rs.next();
      return rs.getString("REMARKS");
    }
  }

  private static String string(Connection c, String sql) throws SQLException {
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      rs.next();
      return rs.getString(1);
    }
  }
}
