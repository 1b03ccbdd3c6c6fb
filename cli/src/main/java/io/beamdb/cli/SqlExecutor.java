package io.beamdb.cli;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * Executes one SQL statement on a connection and prints its outcome the way the shell shows it:
 *
 * <pre>
 *   a query      an aligned table, then "(N rows, 1.23 ms)"
 *   DML          "N rows affected (0.41 ms)"
 *   anything else "OK (2.10 ms)"
 *   a failure    "Error [SQLSTATE]: message"
 * </pre>
 */
final class SqlExecutor {

  private static final Pattern DML =
      Pattern.compile("(?is)^\\s*(INSERT|UPDATE|DELETE|MERGE|UPSERT|REPLACE)\\b.*");

  private final Connection connection;
  private final PrintWriter out;
  private boolean timing = true;

  SqlExecutor(Connection connection, PrintWriter out) {
    this.connection = connection;
    this.out = out;
  }

  Connection connection() {
    return connection;
  }

  boolean timing() {
    return timing;
  }

  void setTiming(boolean timing) {
    this.timing = timing;
  }

  /** Runs {@code sql}, prints its result or error; returns false when it failed. */
  boolean execute(String sql) {
    long start = System.nanoTime();
    try (Statement statement = connection.createStatement()) {
      boolean isQuery = statement.execute(sql);
      boolean first = true;
      while (true) {
        if (isQuery) {
          try (ResultSet rs = statement.getResultSet()) {
            TableFormatter.Table table = TableFormatter.read(rs);
            out.print(TableFormatter.format(table));
            int n = table.rows().size();
            out.println("(" + n + (n == 1 ? " row" : " rows") + elapsed(start, ", ", "") + ")");
          }
        } else {
          long count = updateCount(statement);
          if (count < 0) {
            break;
          }
          if (first || count > 0) {
            if (DML.matcher(sql).matches()) {
              out.println(count + (count == 1 ? " row" : " rows") + " affected" + elapsed(start, " (", ")"));
            } else {
              out.println("OK" + elapsed(start, " (", ")"));
            }
          }
        }
        first = false;
        isQuery = statement.getMoreResults();
        if (!isQuery && updateCount(statement) < 0) {
          break;
        }
      }
      return true;
    } catch (SQLException e) {
      printError(e);
      return false;
    } catch (RuntimeException | StackOverflowError e) {
      out.println("Error [XX000]: " + e);
      return false;
    } finally {
      out.flush();
    }
  }

  void printError(SQLException e) {
    String state = e.getSQLState();
    String message = e.getMessage() == null ? e.toString() : e.getMessage();
    out.println(state == null ? "Error: " + message : "Error [" + state + "]: " + message);
  }

  private static long updateCount(Statement statement) throws SQLException {
    try {
      return statement.getLargeUpdateCount();
    } catch (UnsupportedOperationException | SQLException e) {
      return statement.getUpdateCount();
    }
  }

  private String elapsed(long startNanos, String prefix, String suffix) {
    if (!timing) {
      return "";
    }
    double ms = (System.nanoTime() - startNanos) / 1e6;
    return prefix + String.format(Locale.ROOT, "%.2f ms", ms) + suffix;
  }
}
