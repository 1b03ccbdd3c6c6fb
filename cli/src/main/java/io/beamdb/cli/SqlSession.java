package io.beamdb.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * The read-split-execute loop shared by {@code beam shell} and {@code beam run}: lines go into a
 * {@link StatementSplitter}, complete statements to a {@link SqlExecutor}, and lines starting
 * with a backslash (between statements) are meta commands.
 */
final class SqlSession {

  /** What the caller should do after a line. */
  enum Outcome { CONTINUE, QUIT }

  private static final Set<String> SYSTEM_SCHEMAS =
      Set.of("INFORMATION_SCHEMA", "SYS", "SYSTEM", "PG_CATALOG", "SYSIBM", "SYSTEM_LOBS");

  private final SqlExecutor executor;
  private final PrintWriter out;
  private final StatementSplitter splitter = new StatementSplitter();
  private final boolean stopOnError;
  private final boolean echo;
  private int failures;
  private boolean stopped;

  SqlSession(Connection connection, PrintWriter out, boolean stopOnError, boolean echo) {
    this.executor = new SqlExecutor(connection, out);
    this.out = out;
    this.stopOnError = stopOnError;
    this.echo = echo;
  }

  int failures() {
    return failures;
  }

  /** True while a statement is incomplete (the shell shows its continuation prompt). */
  boolean inStatement() {
    return !splitter.isEmpty();
  }

  /** Discards a partly typed statement (Ctrl-C in the shell). */
  void cancelStatement() {
    splitter.finish();
  }

  /** Runs every line of {@code reader}, then whatever statement is left unterminated at EOF. */
  void runAll(BufferedReader reader) throws IOException {
    String line;
    while ((line = reader.readLine()) != null) {
      if (handleLine(line) == Outcome.QUIT) {
        return;
      }
    }
    finish();
  }

  /** Feeds one input line. */
  Outcome handleLine(String line) {
    if (stopped) {
      return Outcome.QUIT;
    }
    if (splitter.isEmpty()) {
      String trimmed = line.strip();
      if (trimmed.startsWith("\\")) {
        return meta(trimmed);
      }
      String word = trimmed.endsWith(";") ? trimmed.substring(0, trimmed.length() - 1).strip() : trimmed;
      if (word.equalsIgnoreCase("quit") || word.equalsIgnoreCase("exit")) {
        return Outcome.QUIT;
      }
    }
    for (String sql : splitter.addLine(line)) {
      if (!run(sql)) {
        return Outcome.QUIT;
      }
    }
    return Outcome.CONTINUE;
  }

  /** Ends the input: executes an unterminated last statement. */
  void finish() {
    String rest = splitter.finish();
    if (rest != null && !stopped) {
      run(rest);
    }
  }

  /** Executes one statement; false when the session must stop (error with stop-on-error). */
  private boolean run(String sql) {
    if (echo) {
      out.println(sql + ";");
    }
    if (executor.execute(sql)) {
      return true;
    }
    failures++;
    if (stopOnError) {
      stopped = true;
      return false;
    }
    return true;
  }

  private Outcome meta(String command) {
    String[] parts = command.split("\\s+", 2);
    String name = parts[0];
    String arg = parts.length > 1 ? parts[1].strip() : "";
    if (arg.endsWith(";")) {
      arg = arg.substring(0, arg.length() - 1).strip();
    }
    try {
      switch (name) {
        case "\\q":
          return Outcome.QUIT;
        case "\\?":
        case "\\h":
          printHelp();
          break;
        case "\\timing":
          executor.setTiming(!executor.timing());
          out.println("Timing is " + (executor.timing() ? "on." : "off."));
          break;
        case "\\d":
          if (arg.isEmpty()) {
            listTables();
          } else {
            describeTable(arg);
          }
          break;
        default:
          out.println("Unknown command " + name + " (\\? for help)");
          failures++;
      }
    } catch (SQLException e) {
      executor.printError(e);
      failures++;
    }
    out.flush();
    return Outcome.CONTINUE;
  }

  private void printHelp() {
    out.println("""
        Statements end with ';' (a ';' inside quotes or comments does not count).
        Meta commands:
          \\d            list tables
          \\d TABLE      describe the columns of TABLE
          \\timing       toggle printing of elapsed time
          \\?            this help
          \\q, quit, exit leave the shell""");
  }

  private void listTables() throws SQLException {
    DatabaseMetaData md = executor.connection().getMetaData();
    List<String[]> rows = new ArrayList<>();
    try (ResultSet rs = md.getTables(null, null, "%", null)) {
      while (rs.next()) {
        String schema = rs.getString("TABLE_SCHEM");
        String type = rs.getString("TABLE_TYPE");
        if (schema != null && SYSTEM_SCHEMAS.contains(schema.toUpperCase(Locale.ROOT))) {
          continue;
        }
        if (type != null && type.toUpperCase(Locale.ROOT).contains("SYSTEM")) {
          continue;
        }
        rows.add(new String[] {schema, rs.getString("TABLE_NAME"), type});
      }
    }
    out.print(TableFormatter.format(List.of("SCHEMA", "NAME", "TYPE"), rows, null));
    out.println("(" + rows.size() + (rows.size() == 1 ? " table)" : " tables)"));
  }

  private void describeTable(String name) throws SQLException {
    DatabaseMetaData md = executor.connection().getMetaData();
    String schema = null;
    String table = name;
    int dot = name.indexOf('.');
    if (dot > 0) {
      schema = name.substring(0, dot);
      table = name.substring(dot + 1);
    }
    List<String[]> rows = columns(md, schema, table);
    if (rows.isEmpty()) {
      rows = columns(md, schema == null ? null : schema.toUpperCase(Locale.ROOT), table.toUpperCase(Locale.ROOT));
    }
    if (rows.isEmpty()) {
      rows = columns(md, schema == null ? null : schema.toLowerCase(Locale.ROOT), table.toLowerCase(Locale.ROOT));
    }
    if (rows.isEmpty()) {
      out.println("No table named " + name);
      failures++;
      return;
    }
    out.print(TableFormatter.format(List.of("COLUMN", "TYPE", "NULLABLE", "DEFAULT"), rows, null));
  }

  private static List<String[]> columns(DatabaseMetaData md, String schema, String table)
      throws SQLException {
    List<String[]> rows = new ArrayList<>();
    try (ResultSet rs = md.getColumns(null, schema, table, "%")) {
      while (rs.next()) {
        String type = rs.getString("TYPE_NAME");
        int size = rs.getInt("COLUMN_SIZE");
        boolean sized = !rs.wasNull() && size > 0 && type != null && !type.contains("(");
        String upper = type == null ? "" : type.toUpperCase(Locale.ROOT);
        if (sized && upper.matches(".*(DECIMAL|NUMERIC).*")) {
          type = type + "(" + size + "," + rs.getInt("DECIMAL_DIGITS") + ")";
        } else if (sized && upper.matches(".*(CHAR|BINARY).*")) {
          type = type + "(" + size + ")";
        }
        rows.add(new String[] {
          rs.getString("COLUMN_NAME"), type, rs.getString("IS_NULLABLE"), rs.getString("COLUMN_DEF")
        });
      }
    }
    return rows;
  }
}
