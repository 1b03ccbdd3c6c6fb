package io.beamdb.jdbc;

import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;

/**
 * The SQLExceptions the JDBC layer itself raises (engine errors pass through unchanged).
 *
 * <ul>
 *   <li>{@code 08001} bad URL, bad setting, unusable path, remote mode</li>
 *   <li>{@code 08003} operation on a closed connection</li>
 *   <li>{@code 24000} operation on a closed Statement or ResultSet, or no current row</li>
 *   <li>{@code 07001} a PreparedStatement parameter was not set</li>
 *   <li>{@code 07009} parameter or column index out of range</li>
 *   <li>{@code 07005} {@code executeQuery} on a statement that returns no rows</li>
 *   <li>{@code 07000} {@code executeUpdate} on a query, or a method not allowed on this object</li>
 *   <li>{@code 42703} unknown column label in {@code findColumn}</li>
 *   <li>{@code 22018} value cannot be converted; {@code 22003} numeric value out of range</li>
 *   <li>{@code 0A000} feature not supported ({@link SQLFeatureNotSupportedException})</li>
 *   <li>{@code HY000} invalid argument to a JDBC method (negative sizes and the like)</li>
 * </ul>
 */
final class Errors {
  private Errors() {
  }

  static SQLException connectionClosed() {
    return new SQLException("Connection is closed", "08003");
  }

  static SQLException statementClosed() {
    return new SQLException("Statement is closed", "24000");
  }

  static SQLException resultSetClosed() {
    return new SQLException("ResultSet is closed", "24000");
  }

  static SQLException noCurrentRow() {
    return new SQLException("No current row: call next() first, or the result set is exhausted", "24000");
  }

  static SQLFeatureNotSupportedException unsupported(String what) {
    return new SQLFeatureNotSupportedException(what + " is not supported", "0A000");
  }

  static SQLException badIndex(String kind, int index, int count) {
    return new SQLException(kind + " index " + index + " is out of range (1.." + count + ")", "07009");
  }

  static SQLException conversion(Object value, String target) {
    String shown = value instanceof String ? "'" + value + "'" : String.valueOf(value);
    return new SQLException("Cannot convert " + shown
        + (value == null ? "" : " (" + value.getClass().getSimpleName() + ")") + " to " + target, "22018");
  }

  static SQLException outOfRange(Object value, String target) {
    return new SQLException("Value " + value + " is out of range for " + target, "22003");
  }

  static SQLException invalidArgument(String message) {
    return new SQLException(message, "HY000");
  }

  static SQLException connect(String message) {
    return new SQLException(message, "08001");
  }
}
