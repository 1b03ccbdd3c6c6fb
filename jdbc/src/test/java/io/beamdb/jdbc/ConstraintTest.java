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

/** FOREIGN KEY and CHECK constraints: enforcement, referential actions, DDL, persistence. */
class ConstraintTest {
  @TempDir
  Path dir;

  private static List<String> rows(Connection c, String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (ResultSet rs = c.createStatement().executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        StringBuilder b = new StringBuilder();
        for (int i = 1; i <= n; i++) {
          b.append(i > 1 ? "," : "").append(rs.getString(i));
        }
        out.add(b.toString());
      }
    }
    return out;
  }

  @Test
  void foreignKeyRejectsOrphansAndRestrictsParentDeletes() throws SQLException {
    try (Connection c = Db.mem()) {
      Db.exec(c, "CREATE TABLE customer (id INT PRIMARY KEY, name VARCHAR(20))");
      Db.exec(c, "CREATE TABLE orders (id INT PRIMARY KEY, customer_id INT REFERENCES customer(id), amount INT)");
      Db.exec(c, "INSERT INTO customer VALUES (1, 'ann'), (2, 'bob')");
      Db.exec(c, "INSERT INTO orders VALUES (10, 1, 5), (11, NULL, 7)");
      SQLException e = Db.fails(() -> Db.exec(c, "INSERT INTO orders VALUES (12, 3, 1)"));
      assertEquals("23503", e.getSQLState());
      assertTrue(e.getMessage().contains("CUSTOMER"), e.getMessage());
      Db.assertState("23503", () -> Db.exec(c, "UPDATE orders SET customer_id = 9 WHERE id = 10"));
      Db.assertState("23503", () -> Db.exec(c, "DELETE FROM customer WHERE id = 1"));
      Db.assertState("23503", () -> Db.exec(c, "UPDATE customer SET id = 5 WHERE id = 1"));
      // the failed statements changed nothing and the database stays usable
      assertEquals(List.of("10,1,5", "11,null,7"), rows(c, "SELECT * FROM orders ORDER BY id"));
      Db.exec(c, "DELETE FROM customer WHERE id = 2");
      Db.exec(c, "UPDATE customer SET name = 'anne' WHERE id = 1");
      // rows of one statement may reference each other in any order (checked at statement end)
      Db.exec(c, "CREATE TABLE node (id INT PRIMARY KEY, parent INT REFERENCES node)");
      Db.exec(c, "INSERT INTO node VALUES (2, 1), (1, NULL), (3, 2)");
      Db.exec(c, "DELETE FROM node");
      assertEquals(0, Db.count(c, "node"));
    }
  }

  @Test
  void cascadeAndSetNullActions() throws SQLException {
    try (Connection c = Db.mem()) {
      Db.exec(c, "CREATE TABLE p (id INT PRIMARY KEY)");
      Db.exec(c, "CREATE TABLE c1 (id INT PRIMARY KEY, pid INT, "
          + "CONSTRAINT fk_c1 FOREIGN KEY (pid) REFERENCES p (id) ON DELETE CASCADE ON UPDATE CASCADE)");
      Db.exec(c, "CREATE TABLE c2 (id INT PRIMARY KEY, pid INT, FOREIGN KEY (pid) REFERENCES p ON DELETE SET NULL)");
      Db.exec(c, "CREATE TABLE grandchild (id INT PRIMARY KEY, c1 INT REFERENCES c1 (id) ON DELETE CASCADE)");
      Db.exec(c, "INSERT INTO p VALUES (1), (2)");
      Db.exec(c, "INSERT INTO c1 VALUES (10, 1), (11, 1), (12, 2)");
      Db.exec(c, "INSERT INTO c2 VALUES (20, 1), (21, 1)");
      Db.exec(c, "INSERT INTO grandchild VALUES (100, 10), (101, 12)");
      Db.exec(c, "UPDATE p SET id = 3 WHERE id = 2");
      assertEquals(List.of("10,1", "11,1", "12,3"), rows(c, "SELECT * FROM c1 ORDER BY id"));
      Db.exec(c, "DELETE FROM p WHERE id = 1");
      assertEquals(List.of("12,3"), rows(c, "SELECT * FROM c1 ORDER BY id"));
      assertEquals(List.of("20,null", "21,null"), rows(c, "SELECT * FROM c2 ORDER BY id"));
      assertEquals(List.of("101,12"), rows(c, "SELECT * FROM grandchild ORDER BY id"));
      Db.exec(c, "INSERT INTO c2 VALUES (22, 3)");
      Db.assertState("23503", () -> Db.exec(c, "UPDATE p SET id = 4 WHERE id = 3")); // c2: NO ACTION on update
      // an index on the referencing columns was created for the child lookups
      try (ResultSet rs = c.getMetaData().getIndexInfo(null, null, "C1", false, false)) {
        boolean found = false;
        while (rs.next()) {
          found |= "PID".equals(rs.getString("COLUMN_NAME"));
        }
        assertTrue(found, "index on C1.PID");
      }
    }
  }

  @Test
  void checkConstraints() throws SQLException {
    try (Connection c = Db.mem()) {
      Db.exec(c, "CREATE TABLE item (id INT PRIMARY KEY, price DECIMAL(10,2) CHECK (price > 0), "
          + "qty INT CONSTRAINT qty_ok CHECK (qty >= 0), CHECK (qty < 1000 OR price < 5))");
      Db.exec(c, "INSERT INTO item VALUES (1, 9.5, 3), (2, NULL, NULL)"); // NULL passes a CHECK
      SQLException e = Db.fails(() -> Db.exec(c, "INSERT INTO item VALUES (3, 1, -1)"));
      assertEquals("23514", e.getSQLState());
      assertTrue(e.getMessage().contains("QTY_OK"), e.getMessage());
      Db.assertState("23514", () -> Db.exec(c, "UPDATE item SET price = 0 WHERE id = 1"));
      Db.assertState("23514", () -> Db.exec(c, "INSERT INTO item VALUES (4, 10, 2000)"));
      Db.exec(c, "INSERT INTO item VALUES (4, 1, 2000)");
      Db.assertState("23514", () -> Db.exec(c, "ALTER TABLE item ADD CONSTRAINT small CHECK (qty < 10)"));
      Db.exec(c, "DELETE FROM item WHERE id = 4");
      Db.exec(c, "ALTER TABLE item ADD CONSTRAINT small CHECK (qty < 10)");
      Db.assertState("23514", () -> Db.exec(c, "UPDATE item SET qty = 10 WHERE id = 1"));
      Db.exec(c, "ALTER TABLE item DROP CONSTRAINT small");
      Db.exec(c, "UPDATE item SET qty = 10 WHERE id = 1");
      Db.exec(c, "ALTER TABLE item ADD CHECK (id > 0)");
      Db.assertState("23514", () -> Db.exec(c, "INSERT INTO item VALUES (-1, 1, 1)"));
      Db.assertState("42804", () -> Db.exec(c, "ALTER TABLE item ADD CONSTRAINT bad CHECK (qty + 1)"));
      Db.assertState("42P07", () -> Db.exec(c, "ALTER TABLE item ADD CONSTRAINT qty_ok CHECK (qty > 1)"));
    }
  }

  @Test
  void alterTableForeignKeysAndDropRules() throws SQLException {
    String url = "jdbc:beam:file:" + dir.resolve("db");
    try (Connection c = DriverManager.getConnection(url)) {
      Db.exec(c, "CREATE TABLE customer (id BIGINT PRIMARY KEY, email VARCHAR(50) UNIQUE)");
      Db.exec(c, "CREATE TABLE purchase (id BIGINT PRIMARY KEY, customer_id BIGINT, email VARCHAR(50))");
      Db.exec(c, "INSERT INTO customer VALUES (1, 'a@x')");
      Db.exec(c, "INSERT INTO purchase VALUES (1, 1, 'a@x'), (2, 7, 'a@x')");
      // existing orphan blocks the constraint
      Db.assertState("23503", () -> Db.exec(c,
          "alter table if exists purchase add constraint FK1 foreign key (customer_id) references customer"));
      Db.exec(c, "DELETE FROM purchase WHERE id = 2");
      Db.exec(c, "alter table if exists purchase add constraint FK1 foreign key (customer_id) references customer");
      Db.exec(c, "ALTER TABLE purchase ADD CONSTRAINT fk_email FOREIGN KEY (email) REFERENCES customer (email)");
      Db.assertState("42830", () -> Db.exec(c,
          "ALTER TABLE purchase ADD FOREIGN KEY (id) REFERENCES purchase (customer_id)"));
      Db.assertState("2BP01", () -> Db.exec(c, "DROP TABLE customer"));
    }
    try (Connection c = DriverManager.getConnection(url)) {
      // constraints survive reopen
      Db.assertState("23503", () -> Db.exec(c, "INSERT INTO purchase VALUES (3, 2, 'a@x')"));
      Db.assertState("23503", () -> Db.exec(c, "INSERT INTO purchase VALUES (3, 1, 'b@x')"));
      Db.exec(c, "ALTER TABLE purchase DROP CONSTRAINT fk_email");
      Db.exec(c, "INSERT INTO purchase VALUES (3, 1, 'b@x')");
      Db.exec(c, "drop table if exists customer cascade");
      Db.exec(c, "INSERT INTO purchase VALUES (4, 99, 'c@x')"); // constraint went with the parent
      assertEquals(3, Db.count(c, "purchase"));
    }
  }

  @Test
  void foreignKeyRollsBackWithTheStatementInATransaction() throws SQLException {
    try (Connection c = Db.mem()) {
      Db.exec(c, "CREATE TABLE p (id INT PRIMARY KEY)");
      Db.exec(c, "CREATE TABLE ch (id INT PRIMARY KEY, pid INT NOT NULL REFERENCES p ON DELETE SET NULL)");
      Db.exec(c, "INSERT INTO p VALUES (1)");
      Db.exec(c, "INSERT INTO ch VALUES (1, 1)");
      c.setAutoCommit(false);
      Db.exec(c, "INSERT INTO p VALUES (2)");
      Db.assertState("23502", () -> Db.exec(c, "DELETE FROM p WHERE id = 1")); // SET NULL meets NOT NULL
      assertEquals(2, Db.count(c, "p")); // the failed statement is undone, the transaction goes on
      c.commit();
      assertEquals(List.of("1", "2"), rows(c, "SELECT id FROM p ORDER BY id"));
    }
  }

  @Test
  void metadataReportsForeignKeys() throws SQLException {
    try (Connection c = Db.mem()) {
      Db.exec(c, "CREATE TABLE p (a INT, b INT, PRIMARY KEY (a, b))");
      Db.exec(c, "CREATE TABLE ch (id INT PRIMARY KEY, x INT, y INT, "
          + "CONSTRAINT fk_ch FOREIGN KEY (x, y) REFERENCES p (a, b) ON DELETE CASCADE)");
      java.sql.DatabaseMetaData md = c.getMetaData();
      List<String> imported = new ArrayList<>();
      try (ResultSet rs = md.getImportedKeys(null, "PUBLIC", "CH")) {
        while (rs.next()) {
          imported.add(rs.getString("PKTABLE_NAME") + "." + rs.getString("PKCOLUMN_NAME") + "<-"
              + rs.getString("FKTABLE_NAME") + "." + rs.getString("FKCOLUMN_NAME") + "#" + rs.getShort("KEY_SEQ")
              + " " + rs.getString("FK_NAME") + " del=" + rs.getShort("DELETE_RULE") + " upd=" + rs.getShort("UPDATE_RULE"));
        }
      }
      assertEquals(List.of("P.A<-CH.X#1 FK_CH del=" + java.sql.DatabaseMetaData.importedKeyCascade + " upd="
              + java.sql.DatabaseMetaData.importedKeyNoAction,
          "P.B<-CH.Y#2 FK_CH del=" + java.sql.DatabaseMetaData.importedKeyCascade + " upd="
              + java.sql.DatabaseMetaData.importedKeyNoAction), imported);
      try (ResultSet rs = md.getExportedKeys(null, "PUBLIC", "P")) {
        assertTrue(rs.next());
        assertEquals("CH", rs.getString("FKTABLE_NAME"));
      }
      try (ResultSet rs = md.getCrossReference(null, "PUBLIC", "CH", null, "PUBLIC", "P")) {
        assertTrue(!rs.next(), "CH references P, not the other way round");
      }
    }
  }
}
