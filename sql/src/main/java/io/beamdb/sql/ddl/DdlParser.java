package io.beamdb.sql.ddl;

import io.beamdb.sql.SqlErrors;
import io.beamdb.sql.SqlText;
import io.beamdb.sql.catalog.ColumnDef;
import io.beamdb.sql.type.BeamType;
import io.beamdb.sql.type.ColumnType;
import net.sf.jsqlparser.parser.CCJSqlParserUtil;
import net.sf.jsqlparser.schema.Table;
import net.sf.jsqlparser.statement.Statement;
import net.sf.jsqlparser.statement.create.index.CreateIndex;
import net.sf.jsqlparser.statement.create.table.ColDataType;
import net.sf.jsqlparser.statement.create.table.ColumnDefinition;
import net.sf.jsqlparser.statement.create.table.CreateTable;
import net.sf.jsqlparser.statement.create.table.Index;
import net.sf.jsqlparser.statement.drop.Drop;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Parses DDL with JSqlParser (Calcite's core parser has no DDL; see DESIGN.md section 3) into
 * {@link DdlCommand}s. Unquoted identifiers fold to upper case, quoted ones keep their case.
 * Stateless and thread-safe.
 *
 * <p>Errors: 42000 for syntax errors and unsupported column types, 0A000 for DDL that BeamDB
 * does not support yet (ALTER, views, sequences).
 */
public final class DdlParser {
  private static final Set<String> SPEC_KEYWORDS =
      Set.of("NOT", "NULL", "PRIMARY", "UNIQUE", "CHECK", "CONSTRAINT", "REFERENCES", "DEFAULT", "KEY");

  private DdlParser() {
  }

  /** True when {@code sql} starts with CREATE, DROP, ALTER, TRUNCATE or COMMENT (after comments and spaces). */
  public static boolean isDdl(String sql) {
    String w = firstWord(sql);
    return w.equals("CREATE") || w.equals("DROP") || w.equals("ALTER") || w.equals("TRUNCATE") || w.equals("COMMENT");
  }

  private static final java.util.regex.Pattern CREATE_SCHEMA = java.util.regex.Pattern.compile(
      "(?is)\\s*CREATE\\s+SCHEMA\\s+(IF\\s+NOT\\s+EXISTS\\s+)?(\"[^\"]+\"|[\\w$]+)(?:\\s+AUTHORIZATION\\s+(?:\"[^\"]+\"|[\\w$]+))?\\s*;?\\s*");
  private static final java.util.regex.Pattern DROP_SCHEMA = java.util.regex.Pattern.compile(
      "(?is)\\s*DROP\\s+SCHEMA\\s+(IF\\s+EXISTS\\s+)?(\"[^\"]+\"|[\\w$]+)(?:\\s+(CASCADE|RESTRICT))?\\s*;?\\s*");
  private static final java.util.regex.Pattern ALTER_SEQUENCE = java.util.regex.Pattern.compile(
      "(?is)\\s*ALTER\\s+SEQUENCE\\s+(IF\\s+EXISTS\\s+)?((?:\"[^\"]+\"|[\\w$]+)(?:\\.(?:\"[^\"]+\"|[\\w$]+))?)(.*?);?\\s*");
  private static final java.util.regex.Pattern TRUNCATE = java.util.regex.Pattern.compile(
      "(?is)\\s*TRUNCATE\\s+(?:TABLE\\s+)?((?:\"[^\"]+\"|[\\w$]+)(?:\\.(?:\"[^\"]+\"|[\\w$]+))?)"
          + "(?:\\s+(RESTART|CONTINUE)\\s+IDENTITY)?(?:\\s+(CASCADE|RESTRICT))?\\s*;?\\s*");

  /** {@code [schema.]name} split and normalized; the default schema when none is given. */
  private static String[] qualifiedName(String text, String defaultSchema) {
    String[] parts = text.split("\\.(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)", 2);
    return parts.length == 2 ? new String[] {ident(parts[0]), ident(parts[1])} : new String[] {defaultSchema, ident(parts[0])};
  }

  private static final java.util.regex.Pattern COMMENT_ON = java.util.regex.Pattern.compile(
      "(?is)\\s*COMMENT\\s+ON\\s+(TABLE|VIEW|COLUMN)\\s+((?:\"[^\"]+\"|[\\w$]+)(?:\\.(?:\"[^\"]+\"|[\\w$]+)){0,2})"
          + "\\s+IS\\s+(NULL|'(?:[^']|'')*')\\s*;?\\s*");

  /** {@code COMMENT ON TABLE|VIEW [schema.]t IS 'text'|NULL}, {@code COMMENT ON COLUMN [schema.]t.c IS ...}. */
  private static DdlCommand comment(java.util.regex.Matcher m, String defaultSchema) throws SQLException {
    String kind = m.group(1).toUpperCase(Locale.ROOT);
    String[] parts = m.group(2).split("\\.(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)");
    String literal = m.group(3);
    String text = literal.equalsIgnoreCase("NULL") ? null
        : literal.substring(1, literal.length() - 1).replace("''", "'");
    if (text != null && text.isEmpty()) {
      text = null; // PostgreSQL: an empty comment removes it
    }
    boolean column = kind.equals("COLUMN");
    if (column ? parts.length < 2 : parts.length > 2) {
      throw SqlErrors.syntax("COMMENT ON " + kind + " needs " + (column ? "table.column" : "[schema.]name")
          + ", got " + m.group(2));
    }
    int tableAt = column ? parts.length - 2 : parts.length - 1;
    String schema = tableAt > 0 ? ident(parts[0]) : defaultSchema;
    return new DdlCommand.Comment(schema, ident(parts[tableAt]), column ? ident(parts[parts.length - 1]) : null, text);
  }

  private static void columnTypeChanges(net.sf.jsqlparser.statement.alter.AlterExpression e, String table,
                                        List<DdlCommand.AlterAction> actions) throws SQLException {
    for (net.sf.jsqlparser.statement.alter.AlterExpression.ColumnDataType d : e.getColDataTypeList()) {
      if (d.getColumnSpecs() != null && !d.getColumnSpecs().isEmpty()) {
        throw SqlErrors.unsupported("ALTER TABLE " + table + " ALTER COLUMN " + d.getColumnName() + " ... "
            + String.join(" ", d.getColumnSpecs()) + " (only the type can change here: use SET DEFAULT, SET NOT NULL"
            + " or UPDATE separately)");
      }
      String column = ident(d.getColumnName());
      actions.add(new DdlCommand.AlterColumnType(column, columnType(d.getColDataType(), column)));
    }
  }

  /** {@code ALTER SEQUENCE [IF EXISTS] s [RESTART [WITH n]] [INCREMENT BY n] [CACHE n | NO CACHE]}. */
  private static DdlCommand alterSequence(java.util.regex.Matcher m, String defaultSchema) throws SQLException {
    String[] qn = qualifiedName(m.group(2), defaultSchema);
    String rest = m.group(3).trim();
    boolean restart = false;
    Long restartWith = null;
    Long increment = null;
    Long cache = null;
    java.util.regex.Matcher o = java.util.regex.Pattern.compile(
        "(?is)\\G\\s*(?:(RESTART)(?:\\s+WITH\\s+(-?\\d+))?|INCREMENT\\s+BY\\s+(-?\\d+)|CACHE\\s+(\\d+)|(NO\\s*CACHE))").matcher(rest);
    int end = 0;
    while (o.find()) {
      if (o.group(1) != null) {
        restart = true;
        restartWith = o.group(2) == null ? null : Long.parseLong(o.group(2));
      } else if (o.group(3) != null) {
        increment = Long.parseLong(o.group(3));
        if (increment == 0) {
          throw SqlErrors.syntax("INCREMENT BY must not be 0 for sequence " + qn[1]);
        }
      } else if (o.group(4) != null) {
        cache = Math.max(1, Long.parseLong(o.group(4)));
      } else {
        cache = 1L;
      }
      end = o.end();
    }
    if (!rest.substring(end).isBlank()) {
      throw SqlErrors.unsupported("ALTER SEQUENCE option '" + rest.substring(end).trim()
          + "' (supported: RESTART [WITH n], INCREMENT BY n, CACHE n, NO CACHE)");
    }
    return new DdlCommand.AlterSequence(qn[0], qn[1], m.group(1) != null, restart, restartWith, increment, cache);
  }

  /** The first keyword of {@code sql}, upper case, skipping whitespace and comments. */
  public static String firstWord(String sql) {
    return SqlText.firstWord(sql);
  }

  private static final java.util.regex.Pattern CREATE_VIEW = java.util.regex.Pattern.compile(
      "(?is)\\s*CREATE\\s+(OR\\s+REPLACE\\s+)?(?:FORCE\\s+)?VIEW\\s+(IF\\s+NOT\\s+EXISTS\\s+)?"
          + "((?:\"[^\"]+\"|[\\w$]+)(?:\\.(?:\"[^\"]+\"|[\\w$]+))?)\\s*(?:\\(([^)]*)\\))?\\s*AS\\s+(.+?)\\s*;?\\s*");

  /** JSqlParser needs a name in ALTER TABLE ADD CHECK; this placeholder stands for "generate one". */
  private static final String UNNAMED = "BEAM_UNNAMED_CONSTRAINT";
  private static final java.util.regex.Pattern ADD_CONSTRAINT_IF_NOT_EXISTS = java.util.regex.Pattern.compile(
      "(?i)\\bADD\\s+CONSTRAINT\\s+IF\\s+NOT\\s+EXISTS\\s+(\"[^\"]+\"|[\\w$]+)");
  private static final java.util.regex.Pattern SEQUENCE_IF_NOT_EXISTS = java.util.regex.Pattern.compile(
      "(?i)\\bSEQUENCE\\s+IF\\s+NOT\\s+EXISTS\\s+");
  /** {@code ALTER COLUMN c SET DATA TYPE t}: JSqlParser reads the equivalent {@code ALTER COLUMN c TYPE t}. */
  private static final java.util.regex.Pattern SET_DATA_TYPE = java.util.regex.Pattern.compile("(?i)\\s+SET\\s+DATA\\s+TYPE\\s+");
  private static final java.util.regex.Pattern ADD_UNNAMED_CHECK =
      java.util.regex.Pattern.compile("(?i)\\bADD\\s+CHECK\\s*\\(");
  private static final java.util.regex.Pattern REFERENCES = java.util.regex.Pattern.compile(
      "(?is)\\s*REFERENCES\\s+((?:\"[^\"]+\"|[\\w$]+)(?:\\.(?:\"[^\"]+\"|[\\w$]+))?)\\s*(?:\\(([^)]*)\\))?(.*)");
  private static final java.util.regex.Pattern REFERENTIAL_ACTION = java.util.regex.Pattern.compile(
      "(?is)\\s*ON\\s+(DELETE|UPDATE)\\s+(CASCADE|RESTRICT|NO\\s+ACTION|SET\\s+NULL|SET\\s+DEFAULT)");

  /** Parses one DDL statement; {@code defaultSchema} qualifies unqualified names. */
  public static DdlCommand parse(String sql, String defaultSchema) throws SQLException {
    if (nestingDepth(sql) > MAX_NESTING) {
      // JSqlParser's time grows faster than linearly with nesting (seconds at ~1,000 levels)
      throw new SQLException("DDL statement nested deeper than " + MAX_NESTING + " parentheses", "54001");
    }
    DdlCommand command;
    try {
      command = parseStatement(sql, defaultSchema);
    } catch (RuntimeException e) {
      // JSqlParser accepts some malformed statements with parts missing (e.g. ALTER TABLE t ADD
      // COLUMN IF): the conversion then meets nulls; that is a syntax error, not a crash
      throw SqlErrors.syntax("Syntax error in DDL statement: " + SqlText.firstLine(sql.trim()) + " (" + e + ")");
    }
    DdlLimits.check(command);
    return command;
  }

  /** Deepest parenthesis nesting a DDL statement may have (SQLState 54001 beyond). */
  public static final int MAX_NESTING = 100;

  /** Deepest nesting of parentheses outside quoted strings and identifiers. */
  static int nestingDepth(String sql) {
    int depth = 0;
    int max = 0;
    char quote = 0;
    for (int i = 0; i < sql.length(); i++) {
      char c = sql.charAt(i);
      if (quote != 0) {
        if (c == quote) {
          quote = 0;
        }
      } else if (c == '\'' || c == '"') {
        quote = c;
      } else if (c == '(') {
        max = Math.max(max, ++depth);
      } else if (c == ')') {
        depth--;
      }
    }
    return max;
  }

  private static DdlCommand parseStatement(String sql, String defaultSchema) throws SQLException {
    if (TriggerParser.isTriggerDdl(sql)) {
      return TriggerParser.parse(sql, defaultSchema);
    }
    if (ReindexParser.isReindex(sql)) {
      return ReindexParser.parse(sql, defaultSchema);
    }
    if (firstWord(sql).equals("TRUNCATE")) {
      java.util.regex.Matcher t = TRUNCATE.matcher(sql);
      if (!t.matches()) {
        throw SqlErrors.syntax("Syntax error in TRUNCATE: " + SqlText.firstLine(sql.trim())
            + " (expected TRUNCATE TABLE name [RESTART|CONTINUE IDENTITY] [CASCADE|RESTRICT])");
      }
      String[] qn = qualifiedName(t.group(1), defaultSchema);
      return new DdlCommand.Truncate(qn[0], qn[1], "CASCADE".equalsIgnoreCase(t.group(3)),
          "RESTART".equalsIgnoreCase(t.group(2)));
    }
    java.util.regex.Matcher comment = COMMENT_ON.matcher(sql);
    if (comment.matches()) {
      return comment(comment, defaultSchema);
    }
    if (firstWord(sql).equals("COMMENT")) {
      throw SqlErrors.syntax("Syntax error in COMMENT: " + SqlText.firstLine(sql.trim())
          + " (expected COMMENT ON TABLE name IS 'text' or COMMENT ON COLUMN table.column IS 'text'|NULL)");
    }
    java.util.regex.Matcher schemaDdl = CREATE_SCHEMA.matcher(sql);
    if (schemaDdl.matches()) {
      return new DdlCommand.CreateSchema(ident(schemaDdl.group(2)), schemaDdl.group(1) != null);
    }
    schemaDdl = DROP_SCHEMA.matcher(sql);
    if (schemaDdl.matches()) {
      return new DdlCommand.DropSchema(ident(schemaDdl.group(2)), schemaDdl.group(1) != null,
          "CASCADE".equalsIgnoreCase(schemaDdl.group(3)));
    }
    java.util.regex.Matcher alterSeq = ALTER_SEQUENCE.matcher(sql);
    if (alterSeq.matches()) {
      return alterSequence(alterSeq, defaultSchema);
    }
    java.util.regex.Matcher view = CREATE_VIEW.matcher(sql);
    if (view.matches()) {
      String[] name = view.group(3).split("\\.(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)", 2);
      String schema = name.length == 2 ? ident(name[0]) : defaultSchema;
      List<String> cols = new ArrayList<>();
      if (view.group(4) != null) {
        for (String c : view.group(4).split(",")) {
          cols.add(ident(c.trim()));
        }
      }
      return new DdlCommand.CreateView(schema, ident(name[name.length - 1]), view.group(1) != null, view.group(2) != null,
          cols, view.group(5));
    }
    Statement st;
    String constraintIfNotExists = null;
    String parseText = sql;
    if (firstWord(sql).equals("ALTER")) {
      sql = ADD_UNNAMED_CHECK.matcher(sql).replaceAll("ADD CONSTRAINT " + UNNAMED + " CHECK (");
      sql = SET_DATA_TYPE.matcher(sql).replaceAll(" TYPE ");
      java.util.regex.Matcher ine = ADD_CONSTRAINT_IF_NOT_EXISTS.matcher(sql);
      if (ine.find()) {
        constraintIfNotExists = ident(ine.group(1));
        sql = ine.replaceFirst("ADD CONSTRAINT $1");
      }
      parseText = sql;
    } else {
      // H2's CREATE SEQUENCE IF NOT EXISTS: JSqlParser reads it without the clause; the flag is
      // taken from the original text
      parseText = SEQUENCE_IF_NOT_EXISTS.matcher(sql).replaceFirst("SEQUENCE ");
    }
    try {
      st = CCJSqlParserUtil.newParser(SqlText.stripSemicolon(parseText)).Statement();
    } catch (Exception e) {
      throw SqlErrors.syntax("Syntax error in DDL statement: " + SqlText.firstLine(e.getMessage()));
    }
    if (st == null || st instanceof net.sf.jsqlparser.statement.UnsupportedStatement) {
      throw SqlErrors.syntax("Syntax error in DDL statement: " + sql.trim());
    }
    if (st instanceof CreateTable) {
      return createTable((CreateTable) st, defaultSchema);
    }
    if (st instanceof net.sf.jsqlparser.statement.create.sequence.CreateSequence) {
      return createSequence((net.sf.jsqlparser.statement.create.sequence.CreateSequence) st, sql, defaultSchema);
    }
    if (st instanceof net.sf.jsqlparser.statement.alter.Alter) {
      DdlCommand.AlterTable a = (DdlCommand.AlterTable) alterTable((net.sf.jsqlparser.statement.alter.Alter) st, defaultSchema);
      if (constraintIfNotExists != null) {
        if (a.actions().size() != 1) {
          throw SqlErrors.unsupported("ADD CONSTRAINT IF NOT EXISTS together with other changes; give it its own ALTER TABLE");
        }
        a = new DdlCommand.AlterTable(a.schema(), a.table(), a.ifExists(),
            List.of(new DdlCommand.IfConstraintMissing(constraintIfNotExists, a.actions().get(0))));
      }
      return a;
    }
    if (st instanceof CreateIndex) {
      return createIndex((CreateIndex) st, sql, defaultSchema);
    }
    if (st instanceof Drop) {
      Drop d = (Drop) st;
      String type = d.getType() == null ? "" : d.getType().toUpperCase(Locale.ROOT);
      Table t = d.getName();
      String schema = t.getSchemaName() == null ? defaultSchema : ident(t.getSchemaName());
      if (type.equals("TABLE")) {
        boolean cascade = d.getParameters() != null
            && d.getParameters().stream().anyMatch(x -> x.equalsIgnoreCase("CASCADE"));
        return new DdlCommand.DropTable(schema, ident(t.getName()), d.isIfExists(), cascade);
      }
      if (type.equals("INDEX")) {
        return new DdlCommand.DropIndex(schema, ident(t.getName()), d.isIfExists());
      }
      if (type.equals("VIEW")) {
        return new DdlCommand.DropView(schema, ident(t.getName()), d.isIfExists());
      }
      if (type.equals("SEQUENCE")) {
        return new DdlCommand.DropSequence(schema, ident(t.getName()), d.isIfExists());
      }
      throw SqlErrors.unsupported("DROP " + type);
    }
    throw SqlErrors.unsupported("Statement '" + firstWord(sql) + " " + secondWord(sql) + "'");
  }

  private static String secondWord(String sql) {
    String[] parts = sql.trim().split("\\s+");
    return parts.length > 1 ? parts[1].toUpperCase(Locale.ROOT) : "";
  }

  /** Folds an identifier: quoted keeps its case (quotes removed), unquoted goes upper case. */
  public static String ident(String raw) {
    if (raw == null) {
      return null;
    }
    if (raw.length() >= 2 && (raw.startsWith("\"") && raw.endsWith("\"") || raw.startsWith("`") && raw.endsWith("`"))) {
      return raw.substring(1, raw.length() - 1).replace("\"\"", "\"");
    }
    return raw.toUpperCase(Locale.ROOT);
  }

  private static DdlCommand createSequence(net.sf.jsqlparser.statement.create.sequence.CreateSequence cs, String sql,
                                          String defaultSchema) throws SQLException {
    net.sf.jsqlparser.schema.Sequence seq = cs.getSequence();
    String schema = seq.getSchemaName() == null ? defaultSchema : ident(seq.getSchemaName());
    long start = 1;
    long increment = 1;
    long cache = 32;
    boolean startGiven = false;
    if (seq.getParameters() != null) {
      for (net.sf.jsqlparser.schema.Sequence.Parameter p : seq.getParameters()) {
        switch (p.getOption()) {
          case START_WITH: case START: start = p.getValue(); startGiven = true; break;
          case INCREMENT_BY: case INCREMENT: increment = p.getValue(); break;
          case CACHE: cache = Math.max(1, p.getValue() == null ? 32 : p.getValue()); break;
          case NOCACHE: cache = 1; break;
          case MINVALUE: case NOMINVALUE: case NO_MINVALUE: case MAXVALUE: case NOMAXVALUE: case NOCYCLE:
          case ORDER: case NOORDER:
            break; // accepted; bounds are not enforced
          default:
            throw SqlErrors.unsupported("Sequence option " + p.getOption());
        }
      }
    }
    if (increment == 0) {
      throw SqlErrors.syntax("INCREMENT BY must not be 0 for sequence " + seq.getName());
    }
    if (!startGiven && increment < 0) {
      start = -1;
    }
    boolean ifNotExists = sql.toUpperCase(Locale.ROOT).matches("(?s).*\\bSEQUENCE\\s+IF\\s+NOT\\s+EXISTS\\b.*");
    return new DdlCommand.CreateSequence(schema, ident(seq.getName()), ifNotExists, start, increment, cache);
  }

  private static DdlCommand createTable(CreateTable ct, String defaultSchema) throws SQLException {
    if (ct.getSelect() != null) {
      throw SqlErrors.unsupported("CREATE TABLE ... AS SELECT");
    }
    if (ct.getCreateOptionsStrings() != null
        && ct.getCreateOptionsStrings().stream().anyMatch(o -> o.equalsIgnoreCase("TEMPORARY") || o.equalsIgnoreCase("TEMP"))) {
      throw SqlErrors.unsupported("TEMPORARY tables (" + ct.getTable().getName() + "); create a regular table");
    }
    Table t = ct.getTable();
    String schema = t.getSchemaName() == null ? defaultSchema : ident(t.getSchemaName());
    String name = ident(t.getName());
    List<String> pk = new ArrayList<>();
    List<DdlCommand.UniqueConstraint> uniques = new ArrayList<>();
    List<DdlCommand.Identity> identities = new ArrayList<>();
    List<ColumnDef> cols = new ArrayList<>();
    List<DdlCommand.ForeignKey> fks = new ArrayList<>();
    List<DdlCommand.Check> checks = new ArrayList<>();
    if (ct.getColumnDefinitions() == null || ct.getColumnDefinitions().isEmpty()) {
      throw SqlErrors.syntax("CREATE TABLE " + name + " needs at least one column");
    }
    for (ColumnDefinition cd : ct.getColumnDefinitions()) {
      String cname = ident(cd.getColumnName());
      for (ColumnDef other : cols) {
        if (other.name().equals(cname)) {
          throw SqlErrors.duplicateObject("Column", cname);
        }
      }
      String rawType = cd.getColDataType().getDataType().toUpperCase(Locale.ROOT).trim();
      boolean serial = rawType.equals("SERIAL") || rawType.equals("BIGSERIAL") || rawType.equals("SMALLSERIAL");
      ColumnType type;
      if (rawType.equals("ENUM")) {
        // H2's ENUM('A','B') (Hibernate's H2 dialect declares @Enumerated(STRING) this way):
        // a VARCHAR restricted to the listed values by a CHECK constraint
        List<String> values = cd.getColDataType().getArgumentsStringList();
        if (values == null || values.isEmpty()) {
          throw SqlErrors.syntax("ENUM column " + cname + " needs at least one value");
        }
        int max = 1;
        for (String v : values) {
          String lit = v.trim();
          if (!(lit.startsWith("'") && lit.endsWith("'") && lit.length() >= 2)) {
            throw SqlErrors.syntax("ENUM values of column " + cname + " must be string literals, not " + lit);
          }
          max = Math.max(max, lit.length() - 2);
        }
        type = new ColumnType(BeamType.VARCHAR, max, 0);
        checks.add(new DdlCommand.Check(null, "\"" + cname.replace("\"", "\"\"") + "\" IN ("
            + String.join(", ", values) + ")"));
      } else {
        type = serial
            ? ColumnType.of(rawType.equals("BIGSERIAL") ? BeamType.BIGINT : rawType.equals("SMALLSERIAL") ? BeamType.SMALLINT : BeamType.INTEGER)
            : columnType(cd.getColDataType(), cname);
      }
      List<String> specs = tokens(columnConstraints(cd.getColumnSpecs(), cname, schema, fks, checks));
      boolean nullable = !serial;
      String dflt = null;
      if (serial) {
        identities.add(new DdlCommand.Identity(cname, 1, 1));
      }
      for (int i = 0; i < specs.size(); i++) {
        String s = specs.get(i).toUpperCase(Locale.ROOT);
        if (s.equals("GENERATED")) {
          // GENERATED {ALWAYS | BY DEFAULT} AS IDENTITY [( START WITH n INCREMENT BY m )]
          StringBuilder rest = new StringBuilder();
          int j = i + 1;
          boolean sawIdentity = false;
          while (j < specs.size()) {
            String tok = specs.get(j);
            rest.append(tok).append(' ');
            j++;
            if (tok.equalsIgnoreCase("IDENTITY")) {
              sawIdentity = true;
              if (j < specs.size() && specs.get(j).startsWith("(")) {
                int depth = 0;
                do {
                  String o = specs.get(j++);
                  rest.append(o).append(' ');
                  depth += count(o, '(') - count(o, ')');
                } while (depth > 0 && j < specs.size());
              }
              break;
            }
          }
          if (!sawIdentity) {
            throw SqlErrors.unsupported("Generated column '" + cname + "' other than AS IDENTITY");
          }
          identities.add(identity(cname, rest.toString()));
          nullable = false;
          i = j - 1;
        } else if (s.equals("AUTO_INCREMENT") || s.equals("AUTOINCREMENT") || s.equals("IDENTITY")) {
          identities.add(new DdlCommand.Identity(cname, 1, 1));
          nullable = false;
        } else if (s.equals("NOT") && i + 1 < specs.size() && specs.get(i + 1).equalsIgnoreCase("NULL")) {
          nullable = false;
          i++;
        } else if (s.equals("PRIMARY") && i + 1 < specs.size() && specs.get(i + 1).equalsIgnoreCase("KEY")) {
          pk.add(cname);
          i++;
        } else if (s.equals("UNIQUE")) {
          uniques.add(new DdlCommand.UniqueConstraint(null, List.of(cname)));
        } else if (s.equals("DEFAULT")) {
          StringBuilder b = new StringBuilder();
          int j = i + 1;
          int depth = 0;
          while (j < specs.size()) {
            String tok = specs.get(j);
            if (depth == 0 && SPEC_KEYWORDS.contains(tok.toUpperCase(Locale.ROOT)) && b.length() > 0
                && !tok.equalsIgnoreCase("NULL")) {
              break;
            }
            depth += count(tok, '(') - count(tok, ')');
            if (b.length() > 0) {
              b.append(' ');
            }
            b.append(tok);
            j++;
          }
          dflt = b.toString().trim();
          if (dflt.isEmpty()) {
            throw SqlErrors.syntax("DEFAULT without a value for column " + cname);
          }
          if (dflt.equalsIgnoreCase("NULL")) {
            dflt = null;
          }
          i = j - 1;
        } else if (s.equals("NULL")) {
          nullable = true;
        } else {
          throw SqlErrors.unsupported("Column option '" + specs.get(i) + "' on column " + cname);
        }
      }
      cols.add(new ColumnDef(cname, type, nullable, dflt));
    }
    if (ct.getIndexes() != null) {
      for (Index ix : ct.getIndexes()) {
        if (ix instanceof net.sf.jsqlparser.statement.create.table.ForeignKeyIndex) {
          fks.add(foreignKey((net.sf.jsqlparser.statement.create.table.ForeignKeyIndex) ix, schema));
          continue;
        }
        if (ix instanceof net.sf.jsqlparser.statement.create.table.CheckConstraint) {
          checks.add(check((net.sf.jsqlparser.statement.create.table.CheckConstraint) ix));
          continue;
        }
        String kind = ix.getType() == null ? "" : ix.getType().toUpperCase(Locale.ROOT);
        List<String> names = new ArrayList<>();
        for (String c : ix.getColumnsNames()) {
          names.add(ident(c));
        }
        if (kind.contains("PRIMARY")) {
          if (!pk.isEmpty()) {
            throw SqlErrors.syntax("Table " + name + " declares more than one primary key");
          }
          pk.addAll(names);
        } else if (kind.contains("UNIQUE")) {
          uniques.add(new DdlCommand.UniqueConstraint(ix.getName() == null ? null : ident(ix.getName()), names));
        } else {
          throw SqlErrors.unsupported("Table constraint '" + ix.getType() + "'");
        }
      }
    }
    if (pk.size() > 1 && pk.size() != new java.util.HashSet<>(pk).size()) {
      throw SqlErrors.syntax("Duplicate column in primary key of " + name);
    }
    // primary-key columns are NOT NULL
    for (int i = 0; i < cols.size(); i++) {
      ColumnDef c = cols.get(i);
      if (pk.contains(c.name()) && c.nullable()) {
        cols.set(i, new ColumnDef(c.name(), c.type(), false, c.defaultSql()));
      }
    }
    for (String p : pk) {
      if (cols.stream().noneMatch(c -> c.name().equals(p))) {
        throw SqlErrors.unknownColumn(p, name);
      }
    }
    return new DdlCommand.CreateTable(schema, name, ct.isIfNotExists(), cols, pk, uniques, identities, fks, checks);
  }

  private static DdlCommand alterTable(net.sf.jsqlparser.statement.alter.Alter al, String defaultSchema)
      throws SQLException {
    Table t = al.getTable();
    String schema = t.getSchemaName() == null ? defaultSchema : ident(t.getSchemaName());
    String table = ident(t.getName());
    List<DdlCommand.AlterAction> actions = new ArrayList<>();
    for (net.sf.jsqlparser.statement.alter.AlterExpression e : al.getAlterExpressions()) {
      net.sf.jsqlparser.statement.alter.AlterOperation op = e.getOperation();
      switch (op) {
        case ADD: {
          if (e.getColDataTypeList() != null && !e.getColDataTypeList().isEmpty()) {
            for (net.sf.jsqlparser.statement.alter.AlterExpression.ColumnDataType cd : e.getColDataTypeList()) {
              actions.add(new DdlCommand.AddColumn(alterColumn(cd.getColumnName(), cd.getColDataType(),
                  cd.getColumnSpecs()), e.isUseIfNotExists()));
            }
          } else if (e.getIndex() instanceof net.sf.jsqlparser.statement.create.table.ForeignKeyIndex) {
            actions.add(new DdlCommand.AddForeignKey(
                foreignKey((net.sf.jsqlparser.statement.create.table.ForeignKeyIndex) e.getIndex(), schema)));
          } else if (e.getIndex() instanceof net.sf.jsqlparser.statement.create.table.CheckConstraint) {
            actions.add(new DdlCommand.AddCheck(check((net.sf.jsqlparser.statement.create.table.CheckConstraint) e.getIndex())));
          } else if (e.getIndex() != null) {
            String kind = e.getIndex().getType() == null ? "" : e.getIndex().getType().toUpperCase(Locale.ROOT);
            List<String> cols = new ArrayList<>();
            for (String c : e.getIndex().getColumnsNames()) {
              cols.add(ident(c));
            }
            String name = e.getIndex().getName() == null ? null : ident(e.getIndex().getName());
            if (kind.contains("UNIQUE")) {
              actions.add(new DdlCommand.AddUnique(name, cols));
            } else if (kind.contains("FOREIGN")) {
              throw SqlErrors.unsupported("FOREIGN KEY constraints (constraint " + name + " on table " + table + ")");
            } else if (kind.contains("PRIMARY")) {
              throw SqlErrors.unsupported("Adding a PRIMARY KEY to an existing table " + table
                  + " (declare it in CREATE TABLE)");
            } else {
              throw SqlErrors.unsupported("ALTER TABLE ADD " + e.getIndex().getType());
            }
          } else {
            throw SqlErrors.unsupported("ALTER TABLE " + table + " " + e);
          }
          break;
        }
        case DROP:
          if (e.getColumnName() != null) {
            actions.add(new DdlCommand.DropColumn(ident(e.getColumnName()), e.isUsingIfExists()));
          } else if (e.getConstraintName() != null) {
            actions.add(new DdlCommand.DropConstraint(ident(e.getConstraintName()), e.isUsingIfExists()));
          } else {
            throw SqlErrors.unsupported("ALTER TABLE " + table + " " + e);
          }
          break;
        case RENAME:
          actions.add(new DdlCommand.RenameColumn(ident(e.getColumnOldName()), ident(e.getColumnName())));
          break;
        case RENAME_TABLE:
          actions.add(new DdlCommand.RenameTable(ident(e.getNewTableName())));
          break;
        case ALTER:
          if (e.getColumnSetDefaultList() != null) {
            for (net.sf.jsqlparser.statement.alter.AlterExpression.ColumnSetDefault d : e.getColumnSetDefaultList()) {
              String dflt = d.getDefaultExpression() != null ? d.getDefaultExpression().toString() : d.getDefaultValue();
              actions.add(new DdlCommand.SetDefault(ident(d.getColumnName()), dflt));
            }
          } else if (e.getColumnDropDefaultList() != null) {
            for (net.sf.jsqlparser.statement.alter.AlterExpression.ColumnDropDefault d : e.getColumnDropDefaultList()) {
              actions.add(new DdlCommand.SetDefault(ident(d.getColumnName()), null));
            }
          } else if (e.getColumnSetNotNullList() != null) {
            for (net.sf.jsqlparser.statement.alter.AlterExpression.ColumnSetNotNull d : e.getColumnSetNotNullList()) {
              actions.add(new DdlCommand.SetNotNull(ident(d.getColumnName()), true));
            }
          } else if (e.getColumnDropNotNullList() != null) {
            for (net.sf.jsqlparser.statement.alter.AlterExpression.ColumnDropNotNull d : e.getColumnDropNotNullList()) {
              actions.add(new DdlCommand.SetNotNull(ident(d.getColumnName()), false));
            }
          } else if (e.getColDataTypeList() != null) {
            columnTypeChanges(e, table, actions);
          } else {
            throw SqlErrors.unsupported("ALTER TABLE " + table + " " + e);
          }
          break;
        case MODIFY:
          if (e.getColDataTypeList() == null) {
            throw SqlErrors.unsupported("ALTER TABLE " + table + " " + e);
          }
          columnTypeChanges(e, table, actions);
          break;
        default:
          throw SqlErrors.unsupported("ALTER TABLE " + table + " " + op);
      }
    }
    return new DdlCommand.AlterTable(schema, table, al.isUseTableIfExists(), actions);
  }

  /**
   * Takes the column-level CHECK and REFERENCES constraints (optionally named by CONSTRAINT)
   * out of {@code rawSpecs} into {@code fks} and {@code checks}; returns the other options.
   */
  private static List<String> columnConstraints(List<String> rawSpecs, String column, String schema,
                                                List<DdlCommand.ForeignKey> fks, List<DdlCommand.Check> checks)
      throws SQLException {
    List<String> rest = new ArrayList<>();
    if (rawSpecs == null) {
      return rest;
    }
    String name = null;
    for (int i = 0; i < rawSpecs.size(); i++) {
      String raw = rawSpecs.get(i);
      String u = raw.trim().toUpperCase(Locale.ROOT);
      if (u.equals("CONSTRAINT") && i + 1 < rawSpecs.size()) {
        name = ident(rawSpecs.get(++i).trim());
      } else if (u.equals("CHECK") && i + 1 < rawSpecs.size()) {
        checks.add(new DdlCommand.Check(name, unparenthesize(rawSpecs.get(++i))));
        name = null;
      } else if (u.startsWith("REFERENCES")) {
        fks.add(references(name, List.of(column), raw, schema));
        name = null;
      } else {
        rest.add(raw);
        name = null; // a name for PRIMARY KEY / UNIQUE is not kept
      }
    }
    return rest;
  }

  /** {@code REFERENCES t [(cols)] [ON DELETE a] [ON UPDATE a]} as written after a column. */
  private static DdlCommand.ForeignKey references(String name, List<String> columns, String text, String schema)
      throws SQLException {
    java.util.regex.Matcher m = REFERENCES.matcher(text);
    if (!m.matches()) {
      throw SqlErrors.syntax("Cannot parse the REFERENCES clause '" + text.trim() + "'");
    }
    String[] qn = m.group(1).split("\\.(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)", 2);
    String refSchema = qn.length == 2 ? ident(qn[0]) : schema;
    String refTable = ident(qn[qn.length - 1]);
    List<String> refCols = new ArrayList<>();
    if (m.group(2) != null) {
      for (String c : m.group(2).split(",")) {
        refCols.add(ident(c.trim()));
      }
    }
    io.beamdb.sql.catalog.ForeignKeyDef.Action onDelete = io.beamdb.sql.catalog.ForeignKeyDef.Action.NO_ACTION;
    io.beamdb.sql.catalog.ForeignKeyDef.Action onUpdate = io.beamdb.sql.catalog.ForeignKeyDef.Action.NO_ACTION;
    String rest = m.group(3);
    java.util.regex.Matcher a = REFERENTIAL_ACTION.matcher(rest);
    int end = 0;
    while (a.find() && a.start() == end) {
      io.beamdb.sql.catalog.ForeignKeyDef.Action act = io.beamdb.sql.catalog.ForeignKeyDef.Action.parse(a.group(2));
      if (a.group(1).equalsIgnoreCase("DELETE")) {
        onDelete = act;
      } else {
        onUpdate = act;
      }
      end = a.end();
    }
    if (!rest.substring(end).isBlank()) {
      throw SqlErrors.unsupported("FOREIGN KEY option '" + rest.substring(end).trim() + "' on " + columns);
    }
    return new DdlCommand.ForeignKey(name, columns, refSchema, refTable, refCols, onDelete, onUpdate);
  }

  /** A table-level or ALTER TABLE ADD FOREIGN KEY constraint. */
  private static DdlCommand.ForeignKey foreignKey(net.sf.jsqlparser.statement.create.table.ForeignKeyIndex fk,
                                                  String schema) throws SQLException {
    List<String> cols = new ArrayList<>();
    for (String c : fk.getColumnsNames()) {
      cols.add(ident(c.trim()));
    }
    Table ref = fk.getTable();
    List<String> refCols = new ArrayList<>();
    if (fk.getReferencedColumnNames() != null) {
      for (String c : fk.getReferencedColumnNames()) {
        refCols.add(ident(c.trim()));
      }
    }
    String name = fk.getName() == null || fk.getName().equals(UNNAMED) ? null : ident(fk.getName());
    return new DdlCommand.ForeignKey(name, cols, ref.getSchemaName() == null ? schema : ident(ref.getSchemaName()),
        ident(ref.getName()), refCols, action(fk.getOnDeleteReferenceOption()), action(fk.getOnUpdateReferenceOption()));
  }

  private static io.beamdb.sql.catalog.ForeignKeyDef.Action action(String text) throws SQLException {
    if (text == null) {
      return io.beamdb.sql.catalog.ForeignKeyDef.Action.NO_ACTION;
    }
    try {
      return io.beamdb.sql.catalog.ForeignKeyDef.Action.parse(text);
    } catch (IllegalArgumentException e) {
      throw SqlErrors.syntax("Unknown referential action '" + text + "'; use CASCADE, RESTRICT, NO ACTION, SET NULL or SET DEFAULT");
    }
  }

  /** A table-level or ALTER TABLE ADD CHECK constraint. */
  private static DdlCommand.Check check(net.sf.jsqlparser.statement.create.table.CheckConstraint c) {
    String name = c.getName() == null || c.getName().equals(UNNAMED) ? null : ident(c.getName());
    return new DdlCommand.Check(name, unparenthesize(c.getExpression().toString()));
  }

  /** {@code (x > 0)} as {@code x > 0}; other text unchanged apart from trimming. */
  private static String unparenthesize(String expr) {
    String t = expr.trim();
    while (t.startsWith("(") && t.endsWith(")") && balanced(t.substring(1, t.length() - 1))) {
      t = t.substring(1, t.length() - 1).trim();
    }
    return t;
  }

  private static boolean balanced(String s) {
    int depth = 0;
    boolean quoted = false;
    for (int i = 0; i < s.length(); i++) {
      char ch = s.charAt(i);
      if (ch == '\'') {
        quoted = !quoted;
      } else if (!quoted && ch == '(') {
        depth++;
      } else if (!quoted && ch == ')' && --depth < 0) {
        return false;
      }
    }
    return depth == 0;
  }

  /** A column added by ALTER TABLE ADD: type plus NULL/NOT NULL/DEFAULT options. */
  private static ColumnDef alterColumn(String rawName, ColDataType type, List<String> rawSpecs) throws SQLException {
    String name = ident(rawName);
    ColumnType ct = columnType(type, name);
    List<String> specs = tokens(rawSpecs);
    boolean nullable = true;
    String dflt = null;
    for (int i = 0; i < specs.size(); i++) {
      String s = specs.get(i).toUpperCase(Locale.ROOT);
      if (s.equals("NOT") && i + 1 < specs.size() && specs.get(i + 1).equalsIgnoreCase("NULL")) {
        nullable = false;
        i++;
      } else if (s.equals("NULL")) {
        nullable = true;
      } else if (s.equals("DEFAULT") && i + 1 < specs.size()) {
        StringBuilder b = new StringBuilder();
        int j = i + 1;
        while (j < specs.size() && !(b.length() > 0 && SPEC_KEYWORDS.contains(specs.get(j).toUpperCase(Locale.ROOT))
            && !specs.get(j).equalsIgnoreCase("NULL"))) {
          b.append(b.length() > 0 ? " " : "").append(specs.get(j++));
        }
        dflt = b.toString().equalsIgnoreCase("NULL") ? null : b.toString();
        i = j - 1;
      } else {
        throw SqlErrors.unsupported("Column option '" + specs.get(i) + "' in ALTER TABLE ADD " + name);
      }
    }
    return new ColumnDef(name, ct, nullable, dflt);
  }

  /** Column options as single tokens (JSqlParser returns some multi-word options as one string). */
  private static List<String> tokens(List<String> specs) {
    List<String> out = new ArrayList<>();
    if (specs == null) {
      return out;
    }
    for (String s : specs) {
      String t = s.trim();
      if (t.startsWith("'") || t.startsWith("\"") || !t.contains(" ")) {
        out.add(t);
      } else {
        out.addAll(List.of(t.split("\\s+")));
      }
    }
    return out;
  }

  private static DdlCommand.Identity identity(String column, String options) {
    long start = 1;
    long increment = 1;
    java.util.regex.Matcher m = java.util.regex.Pattern.compile("(?i)START\\s+WITH\\s+(-?\\d+)").matcher(options);
    if (m.find()) {
      start = Long.parseLong(m.group(1));
    }
    m = java.util.regex.Pattern.compile("(?i)INCREMENT\\s+BY\\s+(-?\\d+)").matcher(options);
    if (m.find()) {
      increment = Long.parseLong(m.group(1));
    }
    return new DdlCommand.Identity(column, start, increment == 0 ? 1 : increment);
  }

  private static int count(String s, char c) {
    int n = 0;
    for (int i = 0; i < s.length(); i++) {
      if (s.charAt(i) == c) {
        n++;
      }
    }
    return n;
  }

  private static DdlCommand createIndex(CreateIndex ci, String sql, String defaultSchema) throws SQLException {
    Index ix = ci.getIndex();
    Table t = ci.getTable();
    String schema = t.getSchemaName() == null ? defaultSchema : ident(t.getSchemaName());
    String type = ix.getType() == null ? "" : ix.getType().toUpperCase(Locale.ROOT);
    boolean unique = type.contains("UNIQUE");
    List<String> cols = new ArrayList<>();
    for (String c : ix.getColumnsNames()) {
      cols.add(ident(c.trim().split("\\s+")[0]));
    }
    boolean ifNotExists = sql.toUpperCase(Locale.ROOT).matches("(?s).*\\bINDEX\\s+IF\\s+NOT\\s+EXISTS\\b.*");
    if (ix.getName() == null) {
      throw SqlErrors.syntax("CREATE INDEX needs a name");
    }
    return new DdlCommand.CreateIndex(schema, ident(ix.getName()), ident(t.getName()), unique, cols, ifNotExists);
  }

  /** Maps a declared type (name and arguments) to a {@link ColumnType}. */
  static ColumnType columnType(ColDataType dt, String column) throws SQLException {
    String raw = dt.getDataType().toUpperCase(Locale.ROOT).trim().replaceAll("\\s+", " ");
    List<String> args = dt.getArgumentsStringList() == null ? List.of() : dt.getArgumentsStringList();
    // JSqlParser may keep "(n)" inside the type name for some types
    int paren = raw.indexOf('(');
    if (paren >= 0) {
      String inner = raw.substring(paren + 1, raw.indexOf(')', paren));
      args = List.of(inner.split("\\s*,\\s*"));
      raw = (raw.substring(0, paren) + raw.substring(raw.indexOf(')', paren) + 1)).trim();
    }
    int a0 = args.isEmpty() ? -1 : intArg(args.get(0), column);
    int a1 = args.size() < 2 ? 0 : intArg(args.get(1), column);
    switch (raw) {
      case "TINYINT":
        return ColumnType.of(BeamType.TINYINT);
      case "SMALLINT": case "INT2":
        return ColumnType.of(BeamType.SMALLINT);
      case "INT": case "INTEGER": case "INT4": case "MEDIUMINT": case "SIGNED":
        return ColumnType.of(BeamType.INTEGER);
      case "BIGINT": case "INT8":
        return ColumnType.of(BeamType.BIGINT);
      case "DECIMAL": case "NUMERIC": case "DEC": case "NUMBER":
        if (a0 == 0 || a0 > 1000) {
          throw SqlErrors.syntax("Invalid precision " + a0 + " for column " + column + "; use 1..1000");
        }
        if (a0 > 0 && (a1 < 0 || a1 > a0)) {
          throw SqlErrors.syntax("Invalid scale " + a1 + " for column " + column + "; use 0.." + a0);
        }
        return new ColumnType(BeamType.DECIMAL, a0, a0 < 0 ? 0 : a1);
      case "REAL": case "FLOAT4":
        return ColumnType.of(BeamType.REAL);
      case "FLOAT":
        return ColumnType.of(a0 > 0 && a0 <= 24 ? BeamType.REAL : BeamType.DOUBLE);
      case "DOUBLE": case "DOUBLE PRECISION": case "FLOAT8":
        return ColumnType.of(BeamType.DOUBLE);
      case "BOOLEAN": case "BOOL": case "BIT":
        return ColumnType.of(BeamType.BOOLEAN);
      case "CHAR": case "CHARACTER": case "NCHAR":
        return new ColumnType(BeamType.CHAR, a0 < 0 ? 1 : a0, 0);
      case "VARCHAR": case "CHARACTER VARYING": case "VARCHAR2": case "NVARCHAR": case "TEXT":
      case "STRING":
        return new ColumnType(BeamType.VARCHAR, a0, 0);
      case "BINARY":
        return new ColumnType(BeamType.BINARY, a0 < 0 ? 1 : a0, 0);
      case "VARBINARY": case "BINARY VARYING": case "BYTEA": case "LONGVARBINARY": case "IMAGE":
        return new ColumnType(BeamType.VARBINARY, a0, 0);
      case "BLOB": case "BINARY LARGE OBJECT":
        return ColumnType.largeObject(BeamType.VARBINARY);
      case "LONGVARCHAR":
        return new ColumnType(BeamType.VARCHAR, -1, 0);
      case "CLOB": case "CHARACTER LARGE OBJECT": case "NCLOB":
        return ColumnType.largeObject(BeamType.VARCHAR);
      case "UUID":
        return ColumnType.of(BeamType.UUID);
      case "DATE":
        return ColumnType.of(BeamType.DATE);
      case "TIME": case "TIME WITHOUT TIME ZONE":
        return ColumnType.of(BeamType.TIME);
      case "TIMESTAMP": case "DATETIME": case "TIMESTAMP WITHOUT TIME ZONE":
        return ColumnType.of(BeamType.TIMESTAMP);
      case "TIMESTAMP WITH TIME ZONE": case "TIMESTAMPTZ":
        return ColumnType.of(BeamType.TIMESTAMP_TZ);
      default:
        throw SqlErrors.syntax("Unknown data type '" + dt.getDataType() + "' for column " + column
            + "; supported: INTEGER, BIGINT, SMALLINT, TINYINT, DECIMAL(p,s), DOUBLE, REAL, VARCHAR(n), CHAR(n), CLOB, BOOLEAN,"
            + " DATE, TIME, TIMESTAMP, TIMESTAMP WITH TIME ZONE, BINARY(n), VARBINARY(n), BLOB, UUID");
    }
  }

  private static int intArg(String s, String column) throws SQLException {
    try {
      return Integer.parseInt(s.trim());
    } catch (NumberFormatException e) {
      throw SqlErrors.syntax("Invalid type argument '" + s + "' for column " + column);
    }
  }
}
