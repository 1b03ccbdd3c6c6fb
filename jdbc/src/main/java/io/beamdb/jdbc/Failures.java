package io.beamdb.jdbc;

import java.sql.SQLException;

/**
 * The last line of defence between the engine and the application: an unchecked exception or a
 * stack overflow that escaped the engine while preparing or executing a statement becomes a
 * {@link SQLException} instead of reaching the application as something JDBC callers do not
 * expect. {@code 54001} (statement too complex) for a {@link StackOverflowError}, {@code XX000}
 * (internal error) for anything else, naming the exception and the statement. Each one met here
 * is a bug to fix where it was thrown; this only keeps the contract.
 */
final class Failures {
  private Failures() {
  }

  static SQLException unexpected(String sql, Throwable e) {
    String shown = sql == null ? "" : sql.length() > 200 ? sql.substring(0, 200) + "..." : sql;
    if (e instanceof StackOverflowError) {
      return new SQLException("Statement is too deeply nested or too long to process: " + shown, "54001", e);
    }
    return new SQLException("Internal error (" + e + ") processing: " + shown, "XX000", e);
  }
}
