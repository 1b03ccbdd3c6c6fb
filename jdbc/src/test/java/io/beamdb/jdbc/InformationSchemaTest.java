package io.beamdb.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The INFORMATION_SCHEMA catalog views (H2 2.x column names): INDEXES, INDEX_COLUMNS,
 * TABLE_CONSTRAINTS, CONSTRAINTS, KEY_COLUMN_USAGE, REFERENTIAL_CONSTRAINTS, CHECK_CONSTRAINTS,
 * VIEWS, SCHEMATA, queried the way migration tools and applications do.
 */
class InformationSchemaTest {
  /** All rows of {@code sql}, each as its columns' strings joined by {@code |}. */
  private static List<String> rows(Connection c, String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        StringBuilder b = new StringBuilder();
        for (int i = 1; i <= n; i++) {
          b.append(i > 1 ? "|" : "").append(rs.getString(i));
        }
        out.add(b.toString());
      }
    }
    return out;
  }

  private static Connection schema() throws SQLException {
    Connection c = Db.mem();
    Db.exec(c, "CREATE TABLE dept (id INT PRIMARY KEY, code VARCHAR(10) UNIQUE, a INT, b INT)");
    Db.exec(c, "CREATE TABLE emp (id INT PRIMARY KEY, dept_id INT, qty INT,"
        + " CONSTRAINT fk_dept FOREIGN KEY (dept_id) REFERENCES dept(id) ON DELETE CASCADE ON UPDATE SET NULL,"
        + " CONSTRAINT ck_qty CHECK (qty > 0))");
    Db.exec(c, "CREATE INDEX ix_ab ON dept(a, b)");
    Db.exec(c, "CREATE VIEW dept_codes AS SELECT id, code FROM dept");
    return c;
  }

  @Test
  void indexes() throws SQLException {
    try (Connection c = schema()) {
      assertEquals(List.of("IX_AB|INDEX|A|1|TRUE|FALSE", "IX_AB|INDEX|B|2|TRUE|FALSE",
              "PRIMARY_KEY_DEPT|PRIMARY KEY|ID|1|FALSE|TRUE", "UK_DEPT_1|UNIQUE INDEX|CODE|1|FALSE|TRUE"),
          rows(c, "SELECT INDEX_NAME, INDEX_TYPE_NAME, COLUMN_NAME, ORDINAL_POSITION, NON_UNIQUE, IS_UNIQUE"
              + " FROM INFORMATION_SCHEMA.INDEXES WHERE TABLE_SCHEMA = 'PUBLIC' AND TABLE_NAME = 'DEPT'"
              + " ORDER BY INDEX_NAME, ORDINAL_POSITION"));
      assertEquals(List.of("IX_AB|A|1|FALSE", "IX_AB|B|2|FALSE"),
          rows(c, "SELECT INDEX_NAME, COLUMN_NAME, ORDINAL_POSITION, IS_UNIQUE FROM INFORMATION_SCHEMA.INDEX_COLUMNS"
              + " WHERE INDEX_NAME = 'IX_AB' ORDER BY ORDINAL_POSITION"));
      Db.exec(c, "DROP INDEX ix_ab");
      assertEquals(List.of(), rows(c, "SELECT * FROM INFORMATION_SCHEMA.INDEXES WHERE INDEX_NAME = 'IX_AB'"));
    }
  }

  @Test
  void constraints() throws SQLException {
    try (Connection c = schema()) {
      assertEquals(List.of("CK_QTY|CHECK|EMP", "FK_DEPT|FOREIGN KEY|EMP", "PRIMARY_KEY_DEPT|PRIMARY KEY|DEPT",
              "PRIMARY_KEY_EMP|PRIMARY KEY|EMP", "UK_DEPT_1|UNIQUE|DEPT"),
          rows(c, "SELECT CONSTRAINT_NAME, CONSTRAINT_TYPE, TABLE_NAME FROM INFORMATION_SCHEMA.TABLE_CONSTRAINTS"
              + " WHERE CONSTRAINT_SCHEMA = 'PUBLIC' ORDER BY CONSTRAINT_NAME"));
      assertEquals(List.of("FK_DEPT|EMP|DEPT_ID|1|1", "PRIMARY_KEY_DEPT|DEPT|ID|1|null", "UK_DEPT_1|DEPT|CODE|1|null"),
          rows(c, "SELECT CONSTRAINT_NAME, TABLE_NAME, COLUMN_NAME, ORDINAL_POSITION, POSITION_IN_UNIQUE_CONSTRAINT"
              + " FROM INFORMATION_SCHEMA.KEY_COLUMN_USAGE WHERE CONSTRAINT_NAME <> 'PRIMARY_KEY_EMP' ORDER BY 1"));
      assertEquals(List.of("FK_DEPT|PRIMARY_KEY_DEPT|SET NULL|CASCADE"),
          rows(c, "SELECT CONSTRAINT_NAME, UNIQUE_CONSTRAINT_NAME, UPDATE_RULE, DELETE_RULE"
              + " FROM INFORMATION_SCHEMA.REFERENTIAL_CONSTRAINTS"));
      // the usual join from a foreign key to the table it references
      assertEquals(List.of("EMP.DEPT_ID -> DEPT"),
          rows(c, "SELECT k.TABLE_NAME || '.' || k.COLUMN_NAME || ' -> ' || p.TABLE_NAME"
              + " FROM INFORMATION_SCHEMA.REFERENTIAL_CONSTRAINTS r"
              + " JOIN INFORMATION_SCHEMA.KEY_COLUMN_USAGE k ON k.CONSTRAINT_NAME = r.CONSTRAINT_NAME"
              + " JOIN INFORMATION_SCHEMA.TABLE_CONSTRAINTS p ON p.CONSTRAINT_NAME = r.UNIQUE_CONSTRAINT_NAME"));
      assertEquals(List.of("CK_QTY|qty > 0"),
          rows(c, "SELECT CONSTRAINT_NAME, CHECK_CLAUSE FROM INFORMATION_SCHEMA.CHECK_CONSTRAINTS"));
      assertEquals(List.of("FK_DEPT|REFERENTIAL|DEPT_ID", "UK_DEPT_1|UNIQUE|CODE"),
          rows(c, "SELECT CONSTRAINT_NAME, CONSTRAINT_TYPE, COLUMN_LIST FROM INFORMATION_SCHEMA.CONSTRAINTS"
              + " WHERE CONSTRAINT_TYPE IN ('REFERENTIAL', 'UNIQUE') ORDER BY 1"));
      Db.exec(c, "ALTER TABLE emp DROP CONSTRAINT ck_qty");
      assertEquals(List.of(), rows(c, "SELECT * FROM INFORMATION_SCHEMA.CHECK_CONSTRAINTS"));
    }
  }

  @Test
  void viewsAndSchemata() throws SQLException {
    try (Connection c = schema()) {
      assertEquals(List.of("PUBLIC|DEPT_CODES|SELECT id, code FROM dept"),
          rows(c, "SELECT TABLE_SCHEMA, TABLE_NAME, VIEW_DEFINITION FROM INFORMATION_SCHEMA.VIEWS"));
      List<String> schemas = rows(c, "SELECT SCHEMA_NAME FROM INFORMATION_SCHEMA.SCHEMATA ORDER BY 1");
      assertEquals(List.of("INFORMATION_SCHEMA", "PUBLIC"), schemas);
      assertTrue(rows(c, "SELECT TABLE_NAME FROM INFORMATION_SCHEMA.TABLES").contains("DEPT_CODES"));
    }
  }
}
