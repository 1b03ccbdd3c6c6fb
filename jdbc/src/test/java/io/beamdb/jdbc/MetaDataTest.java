package io.beamdb.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** DatabaseMetaData as tools use it. */
class MetaDataTest {
  private Connection c;
  private DatabaseMetaData md;

  @BeforeEach
  void open() throws SQLException {
    c = Db.mem();
    Db.exec(c, "CREATE TABLE customer (id BIGINT NOT NULL, region INTEGER NOT NULL, "
        + "name VARCHAR(40) NOT NULL, balance DECIMAL(12,2) DEFAULT 0, note VARCHAR(100), "
        + "PRIMARY KEY (region, id))");
    Db.exec(c, "CREATE TABLE orders (o_id INTEGER PRIMARY KEY, c_id BIGINT, amount DOUBLE)");
    Db.exec(c, "CREATE INDEX orders_by_customer ON orders (c_id)");
    md = c.getMetaData();
  }

  @AfterEach
  void close() throws SQLException {
    c.close();
  }

  private static List<String> labels(ResultSet rs) throws SQLException {
    ResultSetMetaData m = rs.getMetaData();
    List<String> out = new ArrayList<>();
    for (int i = 1; i <= m.getColumnCount(); i++) {
      out.add(m.getColumnLabel(i));
    }
    return out;
  }

  private static List<String> column(ResultSet rs, String label) throws SQLException {
    List<String> out = new ArrayList<>();
    while (rs.next()) {
      out.add(rs.getString(label));
    }
    rs.close();
    return out;
  }

  @Test
  void productFacts() throws SQLException {
    assertEquals("BeamDB", md.getDatabaseProductName());
    assertEquals("0.1", md.getDriverVersion());
    assertEquals(4, md.getJDBCMajorVersion());
    assertEquals(2, md.getJDBCMinorVersion());
    assertEquals(DatabaseMetaData.sqlStateSQL, md.getSQLStateType());
    assertEquals("\"", md.getIdentifierQuoteString());
    assertTrue(md.storesUpperCaseIdentifiers());
    assertTrue(md.supportsTransactions());
    assertTrue(md.supportsBatchUpdates());
    assertTrue(md.supportsGetGeneratedKeys());
    assertTrue(md.supportsResultSetType(ResultSet.TYPE_FORWARD_ONLY));
    assertTrue(md.supportsResultSetType(ResultSet.TYPE_SCROLL_INSENSITIVE));
    assertFalse(md.supportsResultSetType(ResultSet.TYPE_SCROLL_SENSITIVE));
    assertTrue(md.supportsTransactionIsolationLevel(Connection.TRANSACTION_READ_COMMITTED));
    assertEquals(Connection.TRANSACTION_READ_COMMITTED, md.getDefaultTransactionIsolation());
    assertEquals(c, md.getConnection());
    assertTrue(md.getSQLKeywords().contains("LIMIT"));
  }

  @Test
  void tables() throws SQLException {
    ResultSet rs = md.getTables(null, null, "%", new String[] {"TABLE"});
    assertEquals(List.of("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "TABLE_TYPE", "REMARKS",
        "TYPE_CAT", "TYPE_SCHEM", "TYPE_NAME", "SELF_REFERENCING_COL_NAME", "REF_GENERATION"), labels(rs));
    List<String[]> rows = new ArrayList<>();
    while (rs.next()) {
      rows.add(new String[] {rs.getString("TABLE_SCHEM"), rs.getString("TABLE_NAME"), rs.getString("TABLE_TYPE"),
          rs.getString("TABLE_CAT")});
    }
    assertEquals(2, rows.size());
    assertEquals("CUSTOMER", rows.get(0)[1]);
    assertEquals("ORDERS", rows.get(1)[1]);
    for (String[] r : rows) {
      assertEquals("PUBLIC", r[0]);
      assertEquals("TABLE", r[2]);
      assertEquals("BEAM", r[3]);
    }
    assertEquals(List.of("ORDERS"), column(md.getTables(null, "PUBLIC", "ORD%", null), "TABLE_NAME"));
    assertEquals(List.of("CUSTOMER"), column(md.getTables("BEAM", "PUB%", "C_STOMER", null), "TABLE_NAME"));
    assertEquals(List.of(), column(md.getTables(null, null, "%", new String[] {"VIEW"}), "TABLE_NAME"));
    assertEquals(List.of(), column(md.getTables(null, "NOPE", "%", null), "TABLE_NAME"));
    assertEquals(List.of("TABLE", "VIEW"), column(md.getTableTypes(), "TABLE_TYPE"));
    assertEquals(List.of("BEAM"), column(md.getCatalogs(), "TABLE_CAT"));
    assertTrue(column(md.getSchemas(), "TABLE_SCHEM").contains("PUBLIC"));
  }

  @Test
  void columnsInOrdinalOrder() throws SQLException {
    ResultSet rs = md.getColumns(null, null, "CUSTOMER", null);
    assertEquals(List.of("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "COLUMN_NAME", "DATA_TYPE",
        "TYPE_NAME", "COLUMN_SIZE", "BUFFER_LENGTH", "DECIMAL_DIGITS", "NUM_PREC_RADIX", "NULLABLE",
        "REMARKS", "COLUMN_DEF", "SQL_DATA_TYPE", "SQL_DATETIME_SUB", "CHAR_OCTET_LENGTH",
        "ORDINAL_POSITION", "IS_NULLABLE", "SCOPE_CATALOG", "SCOPE_SCHEMA", "SCOPE_TABLE",
        "SOURCE_DATA_TYPE", "IS_AUTOINCREMENT", "IS_GENERATEDCOLUMN"), labels(rs));
    String[] names = {"ID", "REGION", "NAME", "BALANCE", "NOTE"};
    int[] types = {Types.BIGINT, Types.INTEGER, Types.VARCHAR, Types.DECIMAL, Types.VARCHAR};
    for (int i = 0; i < names.length; i++) {
      assertTrue(rs.next());
      assertEquals("CUSTOMER", rs.getString("TABLE_NAME"));
      assertEquals(names[i], rs.getString("COLUMN_NAME"));
      assertEquals(types[i], rs.getInt("DATA_TYPE"));
      assertEquals(i + 1, rs.getInt("ORDINAL_POSITION"));
      assertEquals("NO", rs.getString("IS_AUTOINCREMENT"));
      boolean nullable = i >= 3;
      assertEquals(nullable ? "YES" : "NO", rs.getString("IS_NULLABLE"));
      assertEquals(nullable ? DatabaseMetaData.columnNullable : DatabaseMetaData.columnNoNulls,
          rs.getInt("NULLABLE"));
      if (names[i].equals("NAME")) {
        assertEquals(40, rs.getInt("COLUMN_SIZE"));
      }
      if (names[i].equals("BALANCE")) {
        assertEquals(12, rs.getInt("COLUMN_SIZE"));
        assertEquals(2, rs.getInt("DECIMAL_DIGITS"));
        assertEquals("0", rs.getString("COLUMN_DEF").trim());
      }
      if (names[i].equals("NOTE")) {
        assertNull(rs.getString("COLUMN_DEF"));
      }
    }
    assertFalse(rs.next());
    assertEquals(List.of("NAME", "NOTE"), column(md.getColumns(null, "PUBLIC", "CUSTOMER", "N%"), "COLUMN_NAME"));
  }

  @Test
  void primaryKeys() throws SQLException {
    ResultSet rs = md.getPrimaryKeys(null, null, "CUSTOMER");
    assertEquals(List.of("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "COLUMN_NAME", "KEY_SEQ", "PK_NAME"), labels(rs));
    // ordered by COLUMN_NAME; KEY_SEQ gives the key order
    assertTrue(rs.next());
    assertEquals("ID", rs.getString("COLUMN_NAME"));
    assertEquals(2, rs.getShort("KEY_SEQ"));
    assertTrue(rs.next());
    assertEquals("REGION", rs.getString("COLUMN_NAME"));
    assertEquals(1, rs.getShort("KEY_SEQ"));
    assertFalse(rs.next());
    assertEquals(List.of("O_ID"), column(md.getPrimaryKeys(null, "PUBLIC", "ORDERS"), "COLUMN_NAME"));
  }

  @Test
  void indexInfo() throws SQLException {
    ResultSet rs = md.getIndexInfo(null, null, "ORDERS", false, true);
    assertEquals(List.of("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "NON_UNIQUE", "INDEX_QUALIFIER",
        "INDEX_NAME", "TYPE", "ORDINAL_POSITION", "COLUMN_NAME", "ASC_OR_DESC", "CARDINALITY", "PAGES",
        "FILTER_CONDITION"), labels(rs));
    List<String> seen = new ArrayList<>();
    while (rs.next()) {
      seen.add(rs.getString("INDEX_NAME") + ":" + rs.getString("COLUMN_NAME") + ":" + rs.getBoolean("NON_UNIQUE"));
    }
    assertTrue(seen.contains("ORDERS_BY_CUSTOMER:C_ID:true"), seen.toString());
    assertTrue(seen.stream().anyMatch(s -> s.endsWith(":O_ID:false")), seen.toString());
    List<String> unique = column(md.getIndexInfo(null, null, "ORDERS", true, true), "COLUMN_NAME");
    assertEquals(List.of("O_ID"), unique);
  }

  @Test
  void emptyResultsHaveTheRightColumns() throws SQLException {
    ResultSet imported = md.getImportedKeys(null, null, "ORDERS");
    assertEquals(14, imported.getMetaData().getColumnCount());
    assertEquals("PKTABLE_CAT", imported.getMetaData().getColumnLabel(1));
    assertFalse(imported.next());
    assertFalse(md.getExportedKeys(null, null, "CUSTOMER").next());
    assertFalse(md.getProcedures(null, null, "%").next());
    ResultSet types = md.getTypeInfo();
    List<String> names = column(types, "TYPE_NAME");
    assertTrue(names.containsAll(List.of("INTEGER", "BIGINT", "VARCHAR", "DECIMAL", "BOOLEAN", "TIMESTAMP")));
  }

  @Test
  void metaDataSeesNewTables() throws SQLException {
    Db.exec(c, "CREATE TABLE later (x INTEGER)");
    assertEquals(List.of("LATER"), column(md.getTables(null, null, "LATER", null), "TABLE_NAME"));
  }
}
