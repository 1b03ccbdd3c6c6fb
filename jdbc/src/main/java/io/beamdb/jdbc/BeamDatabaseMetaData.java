package io.beamdb.jdbc;

import io.beamdb.engine.CatalogView;
import io.beamdb.engine.CatalogView.ColumnMeta;
import io.beamdb.engine.CatalogView.IndexInfo;
import io.beamdb.engine.CatalogView.TableInfo;
import io.beamdb.engine.ColumnInfo;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.RowIdLifetime;
import java.sql.SQLException;
import java.sql.Types;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Database metadata for a {@link BeamConnection}. Catalog queries read
 * {@code Session.catalog()} at call time and return forward-only result sets whose columns are
 * exactly those the JDBC specification lists, in its order (result sets for objects BeamDB does
 * not have, such as procedures or foreign keys, are empty but have the right columns).
 *
 * <p>Conventions: the only catalog is {@value BeamConnection#CATALOG} (a null or empty catalog
 * argument matches it too); ordinary tables have TABLE_TYPE exactly {@code "TABLE"}; schema,
 * table and column patterns use LIKE syntax ({@code %}, {@code _}, escape {@code \}) and match the
 * stored (upper-case unless quoted) names exactly; the primary key is also reported by
 * {@link #getIndexInfo} as a unique index named {@code PRIMARY_KEY_<table>}.
 *
 * <p>Thread-safety: as the connection. SQLStates: {@code 08003} when the connection is closed;
 * engine errors from reading the catalog pass through.
 */
public final class BeamDatabaseMetaData implements DatabaseMetaData {
  private static final String CAT = BeamConnection.CATALOG;

  private final BeamConnection connection;

  BeamDatabaseMetaData(BeamConnection connection) {
    this.connection = connection;
  }

  // ---- helpers

  private CatalogView catalog() throws SQLException {
    connection.checkOpen();
    synchronized (connection) {
      return connection.session().catalog();
    }
  }

  private static ResultSet result(List<ColumnInfo> columns, List<Object[]> rows) {
    return new BeamResultSet(null, new ListCursor(columns, rows));
  }

  private static ResultSet empty(String... columns) {
    return result(ListCursor.columns(columns), List.of());
  }

  private static boolean catalogMatches(String catalog) {
    return catalog == null || catalog.isEmpty() || catalog.equalsIgnoreCase(CAT);
  }

  /** A JDBC LIKE pattern ({@code %}, {@code _}, escape {@code \}); null matches everything. */
  static Pattern like(String pattern) {
    if (pattern == null || pattern.equals("%")) {
      return null;
    }
    StringBuilder re = new StringBuilder();
    for (int i = 0; i < pattern.length(); i++) {
      char c = pattern.charAt(i);
      if (c == '\\' && i + 1 < pattern.length()) {
        re.append(Pattern.quote(String.valueOf(pattern.charAt(++i))));
      } else if (c == '%') {
        re.append(".*");
      } else if (c == '_') {
        re.append('.');
      } else {
        re.append(Pattern.quote(String.valueOf(c)));
      }
    }
    return Pattern.compile(re.toString(), Pattern.DOTALL);
  }

  private static boolean matches(Pattern p, String s) {
    return p == null || (s != null && p.matcher(s).matches());
  }

  private List<TableInfo> tables(String catalog, String schemaPattern, String tablePattern)
      throws SQLException {
    List<TableInfo> out = new ArrayList<>();
    if (!catalogMatches(catalog)) {
      connection.checkOpen();
      return out;
    }
    Pattern sp = like(schemaPattern);
    Pattern tp = like(tablePattern);
    for (TableInfo t : catalog().tables()) {
      if (matches(sp, t.schema()) && matches(tp, t.name())) {
        out.add(t);
      }
    }
    out.sort(Comparator.comparing(TableInfo::schema).thenComparing(TableInfo::name));
    return out;
  }

  /** Exact (non-pattern) table lookup; a null schema matches every schema. */
  private List<TableInfo> exactTables(String catalog, String schema, String table)
      throws SQLException {
    List<TableInfo> out = new ArrayList<>();
    if (!catalogMatches(catalog)) {
      connection.checkOpen();
      return out;
    }
    for (TableInfo t : catalog().tables()) {
      if ((schema == null || schema.equals(t.schema())) && (table == null || table.equals(t.name()))) {
        out.add(t);
      }
    }
    out.sort(Comparator.comparing(TableInfo::schema).thenComparing(TableInfo::name));
    return out;
  }

  private static Integer columnSize(ColumnMeta c) {
    return c.precision() > 0 ? c.precision() : BeamResultSetMetaData.defaultPrecision(c.jdbcType());
  }

  private static Integer decimalDigits(ColumnMeta c) {
    return switch (c.jdbcType()) {
      case Types.DECIMAL, Types.NUMERIC, Types.TIME, Types.TIMESTAMP, Types.TIMESTAMP_WITH_TIMEZONE -> c.scale();
      case Types.TINYINT, Types.SMALLINT, Types.INTEGER, Types.BIGINT -> 0;
      default -> null;
    };
  }

  private static Integer radix(int jdbcType) {
    return BeamResultSetMetaData.isNumeric(jdbcType) ? 10 : null;
  }

  // ---- catalog queries

  @Override
  public ResultSet getTables(String catalog, String schemaPattern, String tableNamePattern,
                             String[] types) throws SQLException {
    List<ColumnInfo> cols = ListCursor.columns("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME",
        "TABLE_TYPE", "REMARKS", "TYPE_CAT", "TYPE_SCHEM", "TYPE_NAME", "SELF_REFERENCING_COL_NAME",
        "REF_GENERATION");
    List<Object[]> rows = new ArrayList<>();
    boolean wantTables = types == null
        || Arrays.stream(types).anyMatch(t -> "TABLE".equalsIgnoreCase(t) || "BASE TABLE".equalsIgnoreCase(t));
    boolean wantViews = types == null || Arrays.stream(types).anyMatch("VIEW"::equalsIgnoreCase);
    if (wantTables || wantViews) {
      for (TableInfo t : tables(catalog, schemaPattern, tableNamePattern)) {
        if (t.type().equals("VIEW") ? wantViews : wantTables) {
          rows.add(new Object[] {CAT, t.schema(), t.name(), t.type(), t.remarks() == null ? "" : t.remarks(),
              null, null, null, null, null});
        }
      }
    } else {
      connection.checkOpen();
    }
    return result(cols, rows);
  }

  @Override
  public ResultSet getColumns(String catalog, String schemaPattern, String tableNamePattern,
                              String columnNamePattern) throws SQLException {
    List<ColumnInfo> cols = ListCursor.columns("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME",
        "COLUMN_NAME", "DATA_TYPE:INTEGER", "TYPE_NAME", "COLUMN_SIZE:INTEGER",
        "BUFFER_LENGTH:INTEGER", "DECIMAL_DIGITS:INTEGER", "NUM_PREC_RADIX:INTEGER",
        "NULLABLE:INTEGER", "REMARKS", "COLUMN_DEF", "SQL_DATA_TYPE:INTEGER",
        "SQL_DATETIME_SUB:INTEGER", "CHAR_OCTET_LENGTH:INTEGER", "ORDINAL_POSITION:INTEGER",
        "IS_NULLABLE", "SCOPE_CATALOG", "SCOPE_SCHEMA", "SCOPE_TABLE", "SOURCE_DATA_TYPE:SMALLINT",
        "IS_AUTOINCREMENT", "IS_GENERATEDCOLUMN");
    List<Object[]> rows = new ArrayList<>();
    Pattern cp = like(columnNamePattern);
    for (TableInfo t : tables(catalog, schemaPattern, tableNamePattern)) {
      int ordinal = 0;
      for (ColumnMeta c : t.columns()) {
        ordinal++;
        if (!matches(cp, c.name())) {
          continue;
        }
        Integer size = columnSize(c);
        rows.add(new Object[] {CAT, t.schema(), t.name(), c.name(), c.jdbcType(), c.typeName(), size,
            null, decimalDigits(c), radix(c.jdbcType()),
            c.nullable() ? columnNullable : columnNoNulls, c.remarks() == null ? "" : c.remarks(), c.defaultSql(), null, null,
            BeamResultSetMetaData.isCharacter(c.jdbcType()) ? size : null, ordinal,
            c.nullable() ? "YES" : "NO", null, null, null, null, "NO", "NO"});
      }
    }
    return result(cols, rows);
  }

  @Override
  public ResultSet getPrimaryKeys(String catalog, String schema, String table) throws SQLException {
    List<ColumnInfo> cols = ListCursor.columns("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME",
        "COLUMN_NAME", "KEY_SEQ:SMALLINT", "PK_NAME");
    List<Object[]> rows = new ArrayList<>();
    for (TableInfo t : exactTables(catalog, schema, table)) {
      List<String> pk = t.primaryKey();
      for (int i = 0; i < pk.size(); i++) {
        rows.add(new Object[] {CAT, t.schema(), t.name(), pk.get(i), (short) (i + 1),
            "PRIMARY_KEY_" + t.name()});
      }
    }
    // the specification orders by COLUMN_NAME
    rows.sort(Comparator.comparing((Object[] r) -> (String) r[1]).thenComparing(r -> (String) r[2])
        .thenComparing(r -> (String) r[3]));
    return result(cols, rows);
  }

  @Override
  public ResultSet getIndexInfo(String catalog, String schema, String table, boolean unique,
                                boolean approximate) throws SQLException {
    List<ColumnInfo> cols = ListCursor.columns("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME",
        "NON_UNIQUE:BOOLEAN", "INDEX_QUALIFIER", "INDEX_NAME", "TYPE:SMALLINT",
        "ORDINAL_POSITION:SMALLINT", "COLUMN_NAME", "ASC_OR_DESC", "CARDINALITY:BIGINT",
        "PAGES:BIGINT", "FILTER_CONDITION");
    List<Object[]> rows = new ArrayList<>();
    for (TableInfo t : exactTables(catalog, schema, table)) {
      if (!t.primaryKey().isEmpty()) {
        addIndex(rows, t, "PRIMARY_KEY_" + t.name(), true, t.primaryKey());
      }
      for (IndexInfo ix : t.indexes()) {
        if (!unique || ix.unique()) {
          addIndex(rows, t, ix.name(), ix.unique(), ix.columns());
        }
      }
    }
    rows.sort(Comparator.comparing((Object[] r) -> (Boolean) r[3])
        .thenComparing(r -> (String) r[5]).thenComparing(r -> (Short) r[7]));
    return result(cols, rows);
  }

  private static void addIndex(List<Object[]> rows, TableInfo t, String name, boolean unique,
                               List<String> columns) {
    for (int i = 0; i < columns.size(); i++) {
      rows.add(new Object[] {CAT, t.schema(), t.name(), !unique, CAT, name,
          tableIndexOther, (short) (i + 1), columns.get(i), "A", null, null, null});
    }
  }

  @Override
  public ResultSet getSchemas() throws SQLException {
    return getSchemas(null, null);
  }

  @Override
  public ResultSet getSchemas(String catalog, String schemaPattern) throws SQLException {
    List<ColumnInfo> cols = ListCursor.columns("TABLE_SCHEM", "TABLE_CATALOG");
    List<Object[]> rows = new ArrayList<>();
    if (catalogMatches(catalog)) {
      TreeSet<String> names = new TreeSet<>();
      for (TableInfo t : catalog().tables()) {
        names.add(t.schema());
      }
      names.addAll(catalog().schemas());
      synchronized (connection) {
        names.add(connection.session().currentSchema());
      }
      Pattern sp = like(schemaPattern);
      for (String s : names) {
        if (matches(sp, s)) {
          rows.add(new Object[] {s, CAT});
        }
      }
    } else {
      connection.checkOpen();
    }
    return result(cols, rows);
  }

  @Override
  public ResultSet getCatalogs() throws SQLException {
    connection.checkOpen();
    List<Object[]> rows = new ArrayList<>();
    rows.add(new Object[] {CAT});
    return result(ListCursor.columns("TABLE_CAT"), rows);
  }

  @Override
  public ResultSet getTableTypes() throws SQLException {
    connection.checkOpen();
    List<Object[]> rows = new ArrayList<>();
    rows.add(new Object[] {"TABLE"});
    rows.add(new Object[] {"VIEW"});
    return result(ListCursor.columns("TABLE_TYPE"), rows);
  }

  @Override
  public ResultSet getTypeInfo() throws SQLException {
    connection.checkOpen();
    List<ColumnInfo> cols = ListCursor.columns("TYPE_NAME", "DATA_TYPE:INTEGER", "PRECISION:INTEGER",
        "LITERAL_PREFIX", "LITERAL_SUFFIX", "CREATE_PARAMS", "NULLABLE:SMALLINT",
        "CASE_SENSITIVE:BOOLEAN", "SEARCHABLE:SMALLINT", "UNSIGNED_ATTRIBUTE:BOOLEAN",
        "FIXED_PREC_SCALE:BOOLEAN", "AUTO_INCREMENT:BOOLEAN", "LOCAL_TYPE_NAME",
        "MINIMUM_SCALE:SMALLINT", "MAXIMUM_SCALE:SMALLINT", "SQL_DATA_TYPE:INTEGER",
        "SQL_DATETIME_SUB:INTEGER", "NUM_PREC_RADIX:INTEGER");
    List<Object[]> rows = new ArrayList<>();
    // ordered by DATA_TYPE
    rows.add(type("TINYINT", Types.TINYINT, 3, null, null, null, 0));
    rows.add(type("BIGINT", Types.BIGINT, 19, null, null, null, 0));
    rows.add(type("VARBINARY", Types.VARBINARY, 1_000_000, "X'", "'", "LENGTH", 0));
    rows.add(type("BINARY", Types.BINARY, 1_000_000, "X'", "'", "LENGTH", 0));
    rows.add(type("CHAR", Types.CHAR, 1_000_000, "'", "'", "LENGTH", 0));
    rows.add(type("DECIMAL", Types.DECIMAL, 38, null, null, "PRECISION,SCALE", 38));
    rows.add(type("INTEGER", Types.INTEGER, 10, null, null, null, 0));
    rows.add(type("SMALLINT", Types.SMALLINT, 5, null, null, null, 0));
    rows.add(type("REAL", Types.REAL, 7, null, null, null, 0));
    rows.add(type("DOUBLE", Types.DOUBLE, 17, null, null, null, 0));
    rows.add(type("VARCHAR", Types.VARCHAR, 1_000_000, "'", "'", "LENGTH", 0));
    rows.add(type("BOOLEAN", Types.BOOLEAN, 1, null, null, null, 0));
    rows.add(type("DATE", Types.DATE, 10, "DATE '", "'", null, 0));
    rows.add(type("TIME", Types.TIME, 18, "TIME '", "'", null, 9));
    rows.add(type("TIMESTAMP", Types.TIMESTAMP, 29, "TIMESTAMP '", "'", null, 9));
    rows.add(type("UUID", Types.OTHER, 16, "'", "'", null, 0));
    rows.add(type("BLOB", Types.BLOB, Integer.MAX_VALUE, "X'", "'", null, 0));
    rows.add(type("CLOB", Types.CLOB, Integer.MAX_VALUE, "'", "'", null, 0));
    rows.add(type("TIMESTAMP WITH TIME ZONE", Types.TIMESTAMP_WITH_TIMEZONE, 35, "TIMESTAMP WITH TIME ZONE '", "'", null, 9));
    return result(cols, rows);
  }

  private static Object[] type(String name, int jdbcType, int precision, String prefix,
                               String suffix, String params, int maxScale) {
    boolean numeric = BeamResultSetMetaData.isNumeric(jdbcType);
    return new Object[] {name, jdbcType, precision, prefix, suffix, params, (short) typeNullable,
        BeamResultSetMetaData.isCharacter(jdbcType), (short) typeSearchable, false,
        false, false, name, (short) 0, (short) maxScale, null, null, numeric ? 10 : null};
  }

  private static final String[] KEY_COLUMNS = {"PKTABLE_CAT", "PKTABLE_SCHEM", "PKTABLE_NAME",
      "PKCOLUMN_NAME", "FKTABLE_CAT", "FKTABLE_SCHEM", "FKTABLE_NAME", "FKCOLUMN_NAME",
      "KEY_SEQ:SMALLINT", "UPDATE_RULE:SMALLINT", "DELETE_RULE:SMALLINT", "FK_NAME", "PK_NAME",
      "DEFERRABILITY:SMALLINT"};

  /** FOREIGN KEY columns of {@code table} (it references others), ordered by parent table and KEY_SEQ. */
  @Override
  public ResultSet getImportedKeys(String catalog, String schema, String table) throws SQLException {
    return foreignKeys(catalog, null, null, schema, table);
  }

  /** FOREIGN KEY columns that reference {@code table}, ordered by child table and KEY_SEQ. */
  @Override
  public ResultSet getExportedKeys(String catalog, String schema, String table) throws SQLException {
    return foreignKeys(catalog, schema, table, null, null);
  }

  /** FOREIGN KEY columns from {@code foreignTable} that reference {@code parentTable}. */
  @Override
  public ResultSet getCrossReference(String parentCatalog, String parentSchema, String parentTable,
                                     String foreignCatalog, String foreignSchema,
                                     String foreignTable) throws SQLException {
    if (!catalogMatches(foreignCatalog)) {
      connection.checkOpen();
      return empty(KEY_COLUMNS);
    }
    return foreignKeys(parentCatalog, parentSchema, parentTable, foreignSchema, foreignTable);
  }

  /** Rows of the FOREIGN KEYs matching the given parent and child (null matches any; names are exact). */
  private ResultSet foreignKeys(String catalog, String pkSchema, String pkTable, String fkSchema, String fkTable)
      throws SQLException {
    connection.checkOpen();
    if (!catalogMatches(catalog)) {
      return empty(KEY_COLUMNS);
    }
    List<Object[]> rows = new ArrayList<>();
    List<io.beamdb.engine.CatalogView.ForeignKeyInfo> fks = new ArrayList<>(catalog().foreignKeys());
    boolean exported = pkTable != null && fkTable == null;
    fks.sort(exported
        ? Comparator.comparing(io.beamdb.engine.CatalogView.ForeignKeyInfo::fkSchema)
            .thenComparing(io.beamdb.engine.CatalogView.ForeignKeyInfo::fkTable)
            .thenComparing(io.beamdb.engine.CatalogView.ForeignKeyInfo::name)
        : Comparator.comparing(io.beamdb.engine.CatalogView.ForeignKeyInfo::pkSchema)
            .thenComparing(io.beamdb.engine.CatalogView.ForeignKeyInfo::pkTable)
            .thenComparing(io.beamdb.engine.CatalogView.ForeignKeyInfo::name));
    for (io.beamdb.engine.CatalogView.ForeignKeyInfo fk : fks) {
      if ((pkSchema != null && !pkSchema.equals(fk.pkSchema())) || (pkTable != null && !pkTable.equals(fk.pkTable()))
          || (fkSchema != null && !fkSchema.equals(fk.fkSchema())) || (fkTable != null && !fkTable.equals(fk.fkTable()))) {
        continue;
      }
      for (int i = 0; i < fk.fkColumns().size(); i++) {
        rows.add(new Object[] {CAT, fk.pkSchema(), fk.pkTable(), fk.pkColumns().get(i), CAT, fk.fkSchema(),
            fk.fkTable(), fk.fkColumns().get(i), (short) (i + 1), (short) fk.updateRule(), (short) fk.deleteRule(),
            fk.name(), fk.pkName(), (short) importedKeyNotDeferrable});
      }
    }
    return result(ListCursor.columns(KEY_COLUMNS), rows);
  }

  /** The primary-key columns (the best unique row identifier), for every scope. */
  @Override
  public ResultSet getBestRowIdentifier(String catalog, String schema, String table, int scope,
                                        boolean nullable) throws SQLException {
    List<ColumnInfo> cols = ListCursor.columns("SCOPE:SMALLINT", "COLUMN_NAME", "DATA_TYPE:INTEGER",
        "TYPE_NAME", "COLUMN_SIZE:INTEGER", "BUFFER_LENGTH:INTEGER", "DECIMAL_DIGITS:SMALLINT",
        "PSEUDO_COLUMN:SMALLINT");
    List<Object[]> rows = new ArrayList<>();
    for (TableInfo t : exactTables(catalog, schema, table)) {
      for (String pkCol : t.primaryKey()) {
        for (ColumnMeta c : t.columns()) {
          if (c.name().equals(pkCol)) {
            Integer digits = decimalDigits(c);
            rows.add(new Object[] {(short) bestRowSession, c.name(), c.jdbcType(), c.typeName(),
                columnSize(c), null, digits == null ? null : (short) (int) digits,
                (short) bestRowNotPseudo});
          }
        }
      }
    }
    return result(cols, rows);
  }

  @Override
  public ResultSet getVersionColumns(String catalog, String schema, String table) throws SQLException {
    connection.checkOpen();
    return empty("SCOPE:SMALLINT", "COLUMN_NAME", "DATA_TYPE:INTEGER", "TYPE_NAME",
        "COLUMN_SIZE:INTEGER", "BUFFER_LENGTH:INTEGER", "DECIMAL_DIGITS:SMALLINT",
        "PSEUDO_COLUMN:SMALLINT");
  }

  @Override
  public ResultSet getProcedures(String catalog, String schemaPattern, String procedureNamePattern)
      throws SQLException {
    connection.checkOpen();
    return empty("PROCEDURE_CAT", "PROCEDURE_SCHEM", "PROCEDURE_NAME", "RESERVED1", "RESERVED2",
        "RESERVED3", "REMARKS", "PROCEDURE_TYPE:SMALLINT", "SPECIFIC_NAME");
  }

  @Override
  public ResultSet getProcedureColumns(String catalog, String schemaPattern,
                                       String procedureNamePattern, String columnNamePattern)
      throws SQLException {
    connection.checkOpen();
    return empty("PROCEDURE_CAT", "PROCEDURE_SCHEM", "PROCEDURE_NAME", "COLUMN_NAME",
        "COLUMN_TYPE:SMALLINT", "DATA_TYPE:INTEGER", "TYPE_NAME", "PRECISION:INTEGER",
        "LENGTH:INTEGER", "SCALE:SMALLINT", "RADIX:SMALLINT", "NULLABLE:SMALLINT", "REMARKS",
        "COLUMN_DEF", "SQL_DATA_TYPE:INTEGER", "SQL_DATETIME_SUB:INTEGER",
        "CHAR_OCTET_LENGTH:INTEGER", "ORDINAL_POSITION:INTEGER", "IS_NULLABLE", "SPECIFIC_NAME");
  }

  @Override
  public ResultSet getFunctions(String catalog, String schemaPattern, String functionNamePattern)
      throws SQLException {
    connection.checkOpen();
    return empty("FUNCTION_CAT", "FUNCTION_SCHEM", "FUNCTION_NAME", "REMARKS",
        "FUNCTION_TYPE:SMALLINT", "SPECIFIC_NAME");
  }

  @Override
  public ResultSet getFunctionColumns(String catalog, String schemaPattern,
                                      String functionNamePattern, String columnNamePattern)
      throws SQLException {
    connection.checkOpen();
    return empty("FUNCTION_CAT", "FUNCTION_SCHEM", "FUNCTION_NAME", "COLUMN_NAME",
        "COLUMN_TYPE:SMALLINT", "DATA_TYPE:INTEGER", "TYPE_NAME", "PRECISION:INTEGER",
        "LENGTH:INTEGER", "SCALE:SMALLINT", "RADIX:SMALLINT", "NULLABLE:SMALLINT", "REMARKS",
        "CHAR_OCTET_LENGTH:INTEGER", "ORDINAL_POSITION:INTEGER", "IS_NULLABLE", "SPECIFIC_NAME");
  }

  @Override
  public ResultSet getColumnPrivileges(String catalog, String schema, String table,
                                      String columnNamePattern) throws SQLException {
    connection.checkOpen();
    return empty("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "COLUMN_NAME", "GRANTOR", "GRANTEE",
        "PRIVILEGE", "IS_GRANTABLE");
  }

  @Override
  public ResultSet getTablePrivileges(String catalog, String schemaPattern, String tableNamePattern)
      throws SQLException {
    connection.checkOpen();
    return empty("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "GRANTOR", "GRANTEE", "PRIVILEGE",
        "IS_GRANTABLE");
  }

  @Override
  public ResultSet getUDTs(String catalog, String schemaPattern, String typeNamePattern, int[] types)
      throws SQLException {
    connection.checkOpen();
    return empty("TYPE_CAT", "TYPE_SCHEM", "TYPE_NAME", "CLASS_NAME", "DATA_TYPE:INTEGER",
        "REMARKS", "BASE_TYPE:SMALLINT");
  }

  @Override
  public ResultSet getSuperTypes(String catalog, String schemaPattern, String typeNamePattern)
      throws SQLException {
    connection.checkOpen();
    return empty("TYPE_CAT", "TYPE_SCHEM", "TYPE_NAME", "SUPERTYPE_CAT", "SUPERTYPE_SCHEM",
        "SUPERTYPE_NAME");
  }

  @Override
  public ResultSet getSuperTables(String catalog, String schemaPattern, String tableNamePattern)
      throws SQLException {
    connection.checkOpen();
    return empty("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "SUPERTABLE_NAME");
  }

  @Override
  public ResultSet getAttributes(String catalog, String schemaPattern, String typeNamePattern,
                                 String attributeNamePattern) throws SQLException {
    connection.checkOpen();
    return empty("TYPE_CAT", "TYPE_SCHEM", "TYPE_NAME", "ATTR_NAME", "DATA_TYPE:INTEGER",
        "ATTR_TYPE_NAME", "ATTR_SIZE:INTEGER", "DECIMAL_DIGITS:INTEGER", "NUM_PREC_RADIX:INTEGER",
        "NULLABLE:INTEGER", "REMARKS", "ATTR_DEF", "SQL_DATA_TYPE:INTEGER",
        "SQL_DATETIME_SUB:INTEGER", "CHAR_OCTET_LENGTH:INTEGER", "ORDINAL_POSITION:INTEGER",
        "IS_NULLABLE", "SCOPE_CATALOG", "SCOPE_SCHEMA", "SCOPE_TABLE", "SOURCE_DATA_TYPE:SMALLINT");
  }

  @Override
  public ResultSet getClientInfoProperties() throws SQLException {
    connection.checkOpen();
    return empty("NAME", "MAX_LEN:INTEGER", "DEFAULT_VALUE", "DESCRIPTION");
  }

  @Override
  public ResultSet getPseudoColumns(String catalog, String schemaPattern, String tableNamePattern,
                                    String columnNamePattern) throws SQLException {
    connection.checkOpen();
    return empty("TABLE_CAT", "TABLE_SCHEM", "TABLE_NAME", "COLUMN_NAME", "DATA_TYPE:INTEGER",
        "COLUMN_SIZE:INTEGER", "DECIMAL_DIGITS:INTEGER", "NUM_PREC_RADIX:INTEGER", "COLUMN_USAGE",
        "REMARKS", "CHAR_OCTET_LENGTH:INTEGER", "IS_NULLABLE");
  }

  // ---- product and driver

  @Override
  public String getDatabaseProductName() {
    return "BeamDB";
  }

  @Override
  public String getDatabaseProductVersion() {
    return BeamDriver.VERSION;
  }

  @Override
  public int getDatabaseMajorVersion() {
    return BeamDriver.MAJOR_VERSION;
  }

  @Override
  public int getDatabaseMinorVersion() {
    return BeamDriver.MINOR_VERSION;
  }

  @Override
  public String getDriverName() {
    return "BeamDB JDBC Driver";
  }

  @Override
  public String getDriverVersion() {
    return BeamDriver.VERSION;
  }

  @Override
  public int getDriverMajorVersion() {
    return BeamDriver.MAJOR_VERSION;
  }

  @Override
  public int getDriverMinorVersion() {
    return BeamDriver.MINOR_VERSION;
  }

  @Override
  public int getJDBCMajorVersion() {
    return 4;
  }

  @Override
  public int getJDBCMinorVersion() {
    return 2;
  }

  @Override
  public String getURL() {
    return connection.url();
  }

  @Override
  public String getUserName() {
    return connection.user();
  }

  @Override
  public Connection getConnection() {
    return connection;
  }

  @Override
  public boolean isReadOnly() throws SQLException {
    return connection.isReadOnly();
  }

  // ---- SQL dialect facts

  @Override
  public String getIdentifierQuoteString() {
    return "\"";
  }

  @Override
  public String getSQLKeywords() {
    return "EXPLAIN,IF,LIMIT,MINUS,OFFSET,PLAN";
  }

  @Override
  public String getNumericFunctions() {
    return "ABS,ACOS,ASIN,ATAN,ATAN2,CEILING,COS,COT,DEGREES,EXP,FLOOR,LOG,LOG10,MOD,PI,POWER,"
        + "RADIANS,RAND,ROUND,SIGN,SIN,SQRT,TAN,TRUNCATE";
  }

  @Override
  public String getStringFunctions() {
    return "ASCII,CHAR,CHAR_LENGTH,CHARACTER_LENGTH,CONCAT,INITCAP,LCASE,LEFT,LENGTH,LOCATE,LOWER,"
        + "LTRIM,OCTET_LENGTH,POSITION,REPLACE,RIGHT,RTRIM,SUBSTRING,TRIM,UCASE,UPPER";
  }

  @Override
  public String getSystemFunctions() {
    return "IFNULL,USER";
  }

  @Override
  public String getTimeDateFunctions() {
    return "CURDATE,CURRENT_DATE,CURRENT_TIME,CURRENT_TIMESTAMP,CURTIME,DAYOFMONTH,DAYOFWEEK,"
        + "DAYOFYEAR,EXTRACT,HOUR,MINUTE,MONTH,NOW,QUARTER,SECOND,TIMESTAMPADD,TIMESTAMPDIFF,WEEK,"
        + "YEAR";
  }

  @Override
  public String getSearchStringEscape() {
    return "\\";
  }

  @Override
  public String getExtraNameCharacters() {
    return "";
  }

  @Override
  public String getSchemaTerm() {
    return "schema";
  }

  @Override
  public String getProcedureTerm() {
    return "procedure";
  }

  @Override
  public String getCatalogTerm() {
    return "catalog";
  }

  @Override
  public boolean isCatalogAtStart() {
    return true;
  }

  @Override
  public String getCatalogSeparator() {
    return ".";
  }

  @Override
  public boolean storesUpperCaseIdentifiers() {
    return true;
  }

  @Override
  public boolean storesLowerCaseIdentifiers() {
    return false;
  }

  @Override
  public boolean storesMixedCaseIdentifiers() {
    return false;
  }

  @Override
  public boolean supportsMixedCaseIdentifiers() {
    return false;
  }

  @Override
  public boolean supportsMixedCaseQuotedIdentifiers() {
    return true;
  }

  @Override
  public boolean storesUpperCaseQuotedIdentifiers() {
    return false;
  }

  @Override
  public boolean storesLowerCaseQuotedIdentifiers() {
    return false;
  }

  @Override
  public boolean storesMixedCaseQuotedIdentifiers() {
    return false;
  }

  @Override
  public boolean nullsAreSortedHigh() {
    return false;
  }

  @Override
  public boolean nullsAreSortedLow() {
    return true;
  }

  @Override
  public boolean nullsAreSortedAtStart() {
    return false;
  }

  @Override
  public boolean nullsAreSortedAtEnd() {
    return false;
  }

  @Override
  public boolean nullPlusNonNullIsNull() {
    return true;
  }

  @Override
  public boolean usesLocalFiles() {
    return true;
  }

  @Override
  public boolean usesLocalFilePerTable() {
    return false;
  }

  @Override
  public boolean allProceduresAreCallable() {
    return false;
  }

  @Override
  public boolean allTablesAreSelectable() {
    return true;
  }

  @Override
  public boolean supportsAlterTableWithAddColumn() {
    return false;
  }

  @Override
  public boolean supportsAlterTableWithDropColumn() {
    return false;
  }

  @Override
  public boolean supportsColumnAliasing() {
    return true;
  }

  @Override
  public boolean supportsConvert() {
    return false;
  }

  @Override
  public boolean supportsConvert(int fromType, int toType) {
    return false;
  }

  @Override
  public boolean supportsTableCorrelationNames() {
    return true;
  }

  @Override
  public boolean supportsDifferentTableCorrelationNames() {
    return false;
  }

  @Override
  public boolean supportsExpressionsInOrderBy() {
    return true;
  }

  @Override
  public boolean supportsOrderByUnrelated() {
    return true;
  }

  @Override
  public boolean supportsGroupBy() {
    return true;
  }

  @Override
  public boolean supportsGroupByUnrelated() {
    return true;
  }

  @Override
  public boolean supportsGroupByBeyondSelect() {
    return true;
  }

  @Override
  public boolean supportsLikeEscapeClause() {
    return true;
  }

  @Override
  public boolean supportsMultipleResultSets() {
    return false;
  }

  @Override
  public boolean supportsMultipleTransactions() {
    return true;
  }

  @Override
  public boolean supportsNonNullableColumns() {
    return true;
  }

  @Override
  public boolean supportsMinimumSQLGrammar() {
    return true;
  }

  @Override
  public boolean supportsCoreSQLGrammar() {
    return false;
  }

  @Override
  public boolean supportsExtendedSQLGrammar() {
    return false;
  }

  @Override
  public boolean supportsANSI92EntryLevelSQL() {
    return false;
  }

  @Override
  public boolean supportsANSI92IntermediateSQL() {
    return false;
  }

  @Override
  public boolean supportsANSI92FullSQL() {
    return false;
  }

  @Override
  public boolean supportsIntegrityEnhancementFacility() {
    return false;
  }

  @Override
  public boolean supportsOuterJoins() {
    return true;
  }

  @Override
  public boolean supportsFullOuterJoins() {
    return true;
  }

  @Override
  public boolean supportsLimitedOuterJoins() {
    return true;
  }

  @Override
  public boolean supportsSchemasInDataManipulation() {
    return true;
  }

  @Override
  public boolean supportsSchemasInProcedureCalls() {
    return false;
  }

  @Override
  public boolean supportsSchemasInTableDefinitions() {
    return true;
  }

  @Override
  public boolean supportsSchemasInIndexDefinitions() {
    return true;
  }

  @Override
  public boolean supportsSchemasInPrivilegeDefinitions() {
    return false;
  }

  @Override
  public boolean supportsCatalogsInDataManipulation() {
    return false;
  }

  @Override
  public boolean supportsCatalogsInProcedureCalls() {
    return false;
  }

  @Override
  public boolean supportsCatalogsInTableDefinitions() {
    return false;
  }

  @Override
  public boolean supportsCatalogsInIndexDefinitions() {
    return false;
  }

  @Override
  public boolean supportsCatalogsInPrivilegeDefinitions() {
    return false;
  }

  @Override
  public boolean supportsPositionedDelete() {
    return false;
  }

  @Override
  public boolean supportsPositionedUpdate() {
    return false;
  }

  @Override
  public boolean supportsSelectForUpdate() {
    return true;
  }

  @Override
  public boolean supportsStoredProcedures() {
    return false;
  }

  @Override
  public boolean supportsSubqueriesInComparisons() {
    return true;
  }

  @Override
  public boolean supportsSubqueriesInExists() {
    return true;
  }

  @Override
  public boolean supportsSubqueriesInIns() {
    return true;
  }

  @Override
  public boolean supportsSubqueriesInQuantifieds() {
    return true;
  }

  @Override
  public boolean supportsCorrelatedSubqueries() {
    return true;
  }

  @Override
  public boolean supportsUnion() {
    return true;
  }

  @Override
  public boolean supportsUnionAll() {
    return true;
  }

  @Override
  public boolean supportsOpenCursorsAcrossCommit() {
    return false;
  }

  @Override
  public boolean supportsOpenCursorsAcrossRollback() {
    return false;
  }

  @Override
  public boolean supportsOpenStatementsAcrossCommit() {
    return true;
  }

  @Override
  public boolean supportsOpenStatementsAcrossRollback() {
    return true;
  }

  // ---- limits (0 = no known limit)

  @Override
  public int getMaxBinaryLiteralLength() {
    return 0;
  }

  @Override
  public int getMaxCharLiteralLength() {
    return 0;
  }

  @Override
  public int getMaxColumnNameLength() {
    return 0;
  }

  @Override
  public int getMaxColumnsInGroupBy() {
    return 0;
  }

  @Override
  public int getMaxColumnsInIndex() {
    return 0;
  }

  @Override
  public int getMaxColumnsInOrderBy() {
    return 0;
  }

  @Override
  public int getMaxColumnsInSelect() {
    return 0;
  }

  @Override
  public int getMaxColumnsInTable() {
    return 0;
  }

  @Override
  public int getMaxConnections() {
    return 0;
  }

  @Override
  public int getMaxCursorNameLength() {
    return 0;
  }

  @Override
  public int getMaxIndexLength() {
    return 0;
  }

  @Override
  public int getMaxSchemaNameLength() {
    return 0;
  }

  @Override
  public int getMaxProcedureNameLength() {
    return 0;
  }

  @Override
  public int getMaxCatalogNameLength() {
    return 0;
  }

  @Override
  public int getMaxRowSize() {
    return 0;
  }

  @Override
  public boolean doesMaxRowSizeIncludeBlobs() {
    return false;
  }

  @Override
  public int getMaxStatementLength() {
    return 0;
  }

  @Override
  public int getMaxStatements() {
    return 0;
  }

  @Override
  public int getMaxTableNameLength() {
    return 0;
  }

  @Override
  public int getMaxTablesInSelect() {
    return 0;
  }

  @Override
  public int getMaxUserNameLength() {
    return 0;
  }

  // ---- transactions

  @Override
  public int getDefaultTransactionIsolation() {
    return Connection.TRANSACTION_READ_COMMITTED;
  }

  @Override
  public boolean supportsTransactions() {
    return true;
  }

  /** READ COMMITTED, REPEATABLE READ and SERIALIZABLE; READ UNCOMMITTED runs as READ COMMITTED. */
  @Override
  public boolean supportsTransactionIsolationLevel(int level) {
    return level == Connection.TRANSACTION_READ_COMMITTED || level == Connection.TRANSACTION_REPEATABLE_READ
        || level == Connection.TRANSACTION_SERIALIZABLE || level == Connection.TRANSACTION_READ_UNCOMMITTED;
  }

  @Override
  public boolean supportsDataDefinitionAndDataManipulationTransactions() {
    return false;
  }

  @Override
  public boolean supportsDataManipulationTransactionsOnly() {
    return true;
  }

  @Override
  public boolean dataDefinitionCausesTransactionCommit() {
    return true;
  }

  @Override
  public boolean dataDefinitionIgnoredInTransactions() {
    return false;
  }

  @Override
  public boolean supportsSavepoints() {
    return true;
  }

  @Override
  public boolean autoCommitFailureClosesAllResultSets() {
    return false;
  }

  // ---- result sets and statements

  @Override
  public boolean supportsResultSetType(int type) {
    return type == ResultSet.TYPE_FORWARD_ONLY || type == ResultSet.TYPE_SCROLL_INSENSITIVE;
  }

  @Override
  public boolean supportsResultSetConcurrency(int type, int concurrency) {
    return supportsResultSetType(type) && concurrency == ResultSet.CONCUR_READ_ONLY;
  }

  @Override
  public boolean ownUpdatesAreVisible(int type) {
    return false;
  }

  @Override
  public boolean ownDeletesAreVisible(int type) {
    return false;
  }

  @Override
  public boolean ownInsertsAreVisible(int type) {
    return false;
  }

  @Override
  public boolean othersUpdatesAreVisible(int type) {
    return false;
  }

  @Override
  public boolean othersDeletesAreVisible(int type) {
    return false;
  }

  @Override
  public boolean othersInsertsAreVisible(int type) {
    return false;
  }

  @Override
  public boolean updatesAreDetected(int type) {
    return false;
  }

  @Override
  public boolean deletesAreDetected(int type) {
    return false;
  }

  @Override
  public boolean insertsAreDetected(int type) {
    return false;
  }

  @Override
  public boolean supportsBatchUpdates() {
    return true;
  }

  @Override
  public boolean supportsNamedParameters() {
    return false;
  }

  @Override
  public boolean supportsMultipleOpenResults() {
    return false;
  }

  @Override
  public boolean supportsGetGeneratedKeys() {
    return true;
  }

  @Override
  public boolean generatedKeyAlwaysReturned() {
    return false;
  }

  @Override
  public boolean supportsResultSetHoldability(int holdability) {
    return holdability == ResultSet.HOLD_CURSORS_OVER_COMMIT;
  }

  @Override
  public int getResultSetHoldability() {
    return ResultSet.HOLD_CURSORS_OVER_COMMIT;
  }

  @Override
  public int getSQLStateType() {
    return sqlStateSQL;
  }

  @Override
  public boolean locatorsUpdateCopy() {
    return false;
  }

  @Override
  public boolean supportsStatementPooling() {
    return false;
  }

  @Override
  public RowIdLifetime getRowIdLifetime() {
    return RowIdLifetime.ROWID_UNSUPPORTED;
  }

  @Override
  public boolean supportsStoredFunctionsUsingCallSyntax() {
    return false;
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    if (iface != null && iface.isInstance(this)) {
      return iface.cast(this);
    }
    throw new SQLException("BeamDatabaseMetaData does not wrap " + iface, "HY000");
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) {
    return iface != null && iface.isInstance(this);
  }

  @Override
  public String toString() {
    return "BeamDatabaseMetaData[" + connection.url() + "]";
  }
}
