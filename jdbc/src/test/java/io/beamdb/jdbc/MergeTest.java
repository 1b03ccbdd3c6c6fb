package io.beamdb.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Standard MERGE INTO ... USING ... WHEN [NOT] MATCHED. */
class MergeTest {
  private static List<String> rows(Connection c, String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (ResultSet rs = c.createStatement().executeQuery(sql)) {
      while (rs.next()) {
        out.add(rs.getString(1) + "," + rs.getString(2));
      }
    }
    return out;
  }

  @Test
  void upsertFromValuesAndFromAJoin() throws SQLException {
    try (Connection c = Db.mem()) {
      Db.exec(c, "CREATE TABLE stock (sku VARCHAR(10) PRIMARY KEY, qty INT NOT NULL)");
      Db.exec(c, "INSERT INTO stock VALUES ('a', 1), ('b', 2)");
      try (PreparedStatement ps = c.prepareStatement("MERGE INTO stock t USING (VALUES (CAST(? AS VARCHAR(10)), CAST(? AS INT))) AS s(sku, qty) "
          + "ON t.sku = s.sku WHEN MATCHED THEN UPDATE SET qty = t.qty + s.qty "
          + "WHEN NOT MATCHED THEN INSERT (sku, qty) VALUES (s.sku, s.qty)")) {
        ps.setString(1, "a");
        ps.setInt(2, 10);
        assertEquals(1, ps.executeUpdate());
        ps.setString(1, "z");
        ps.setInt(2, 5);
        assertEquals(1, ps.executeUpdate());
      }
      assertEquals(List.of("a,11", "b,2", "z,5"), rows(c, "SELECT sku, qty FROM stock ORDER BY sku"));
      // update-only MERGE driven by a join, as Hibernate's H2 dialect sends for bulk updates
      Db.exec(c, "CREATE TABLE delta (sku VARCHAR(10), d INT)");
      Db.exec(c, "INSERT INTO delta VALUES ('b', 3), ('q', 9)");
      assertEquals(1, c.createStatement().executeUpdate("merge into stock as t using (select d, sku from delta) "
          + "s(c0, id) on t.sku = s.id when matched then update set t.qty = s.c0"));
      assertEquals(List.of("a,11", "b,3", "z,5"), rows(c, "SELECT sku, qty FROM stock ORDER BY sku"));
      // insert-only
      Db.exec(c, "MERGE INTO stock t USING delta s ON t.sku = s.sku WHEN NOT MATCHED THEN INSERT VALUES (s.sku, s.d)");
      assertEquals(List.of("a,11", "b,3", "q,9", "z,5"), rows(c, "SELECT sku, qty FROM stock ORDER BY sku"));
      // a target row matched twice is an error, and nothing changes
      Db.exec(c, "INSERT INTO delta VALUES ('a', 1), ('a', 2)");
      Db.assertState("21000", () -> Db.exec(c, "MERGE INTO stock t USING delta s ON t.sku = s.sku "
          + "WHEN MATCHED THEN UPDATE SET qty = s.d"));
      assertEquals(List.of("a,11", "b,3", "q,9", "z,5"), rows(c, "SELECT sku, qty FROM stock ORDER BY sku"));
      Db.assertState("23502", () -> Db.exec(c, "MERGE INTO stock t USING (VALUES ('n')) s(sku) ON t.sku = s.sku "
          + "WHEN NOT MATCHED THEN INSERT (sku) VALUES (s.sku)"));
    }
  }

  @Test
  void systemTablesAreReadOnly() throws SQLException {
    try (Connection c = Db.mem()) {
      Db.assertState("42809", () -> Db.exec(c, "INSERT INTO DUAL VALUES (2)"));
      Db.assertState("42809", () -> Db.exec(c, "DELETE FROM INFORMATION_SCHEMA.TABLES"));
      assertEquals(1, Db.scalar(c, "SELECT COUNT(*) FROM DUAL"));
    }
  }
}
