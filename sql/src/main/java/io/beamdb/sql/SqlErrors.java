package io.beamdb.sql;

import java.sql.SQLException;
import java.sql.SQLIntegrityConstraintViolationException;
import java.sql.SQLSyntaxErrorException;
import java.sql.SQLDataException;
import java.sql.SQLFeatureNotSupportedException;

/**
 * Factory for the {@link SQLException}s the engine raises, one method per SQLState class so that
 * every user-caused error carries the right state. Messages name the object and the fix.
 */
public final class SqlErrors {
  private SqlErrors() {
  }

  /** 42000: syntax error or access rule violation. */
  public static SQLException syntax(String message) {
    return new SQLSyntaxErrorException(message, "42000");
  }

  /** 42P01: the table does not exist. */
  public static SQLException unknownTable(String name) {
    return new SQLSyntaxErrorException("Table \"" + name + "\" not found; check the name or create it with CREATE TABLE", "42P01");
  }

  /** 42P07: the table, index or other object already exists. */
  public static SQLException duplicateObject(String kind, String name) {
    return new SQLSyntaxErrorException(kind + " \"" + name + "\" already exists; use IF NOT EXISTS or choose another name", "42P07");
  }

  /** 42703: unknown column. */
  public static SQLException unknownColumn(String name, String table) {
    return new SQLSyntaxErrorException("Column \"" + name + "\" not found in table \"" + table + "\"", "42703");
  }

  /** 42704: an undefined object such as an index. */
  public static SQLException undefinedObject(String kind, String name) {
    return new SQLSyntaxErrorException(kind + " \"" + name + "\" not found", "42704");
  }

  /** 23505: unique or primary key violation. */
  public static SQLException duplicateKey(String constraint, String table, String key) {
    return new SQLIntegrityConstraintViolationException("Duplicate key " + key + " violates " + constraint
        + " of table \"" + table + "\"", "23505");
  }

  /** 23502: NULL into a NOT NULL column. */
  public static SQLException notNull(String table, String column) {
    return new SQLIntegrityConstraintViolationException("NULL not allowed for column \"" + column
        + "\" of table \"" + table + "\"; give it a value or declare it nullable", "23502");
  }

  /** 22003: numeric value out of range. */
  public static SQLException outOfRange(String what) {
    return new SQLDataException("Numeric value out of range: " + what, "22003");
  }

  /** 22001: string too long for its column. */
  public static SQLException stringTooLong(String value, int max) {
    String shown = value.length() > 40 ? value.substring(0, 40) + "..." : value;
    return new SQLDataException("Value too long for type VARCHAR(" + max + "): '" + shown + "'", "22001");
  }

  /** 22012: division by zero. */
  public static SQLException divisionByZero() {
    return new SQLDataException("Division by zero", "22012");
  }

  /** 22018: invalid character value for cast. */
  public static SQLException invalidCast(Object value, String type) {
    return new SQLDataException("Cannot convert '" + value + "' to " + type, "22018");
  }

  /** 22007: invalid date/time format. */
  public static SQLException invalidDatetime(Object value, String type) {
    return new SQLDataException("Invalid " + type + " value '" + value + "'", "22007");
  }

  /** 21000: a scalar subquery returned more than one row. */
  public static SQLException cardinality() {
    return new SQLException("Scalar subquery returned more than one row", "21000");
  }

  /** 0A000: a feature BeamDB does not support yet. */
  public static SQLException unsupported(String what) {
    return new SQLFeatureNotSupportedException(what + " is not supported", "0A000");
  }

  /** XX000: an internal error; the message says what failed. */
  public static SQLException internal(String message, Throwable cause) {
    return new SQLException("Internal error: " + message, "XX000", cause);
  }

  /**
   * Wraps a {@link SQLException} in an unchecked exception so it can cross interfaces that do
   * not declare it (operators, expression closures); {@link #unwrap} restores it.
   */
  public static RuntimeException wrap(SQLException e) {
    return new SqlRuntimeException(e);
  }

  /** Unchecked carrier of a {@link SQLException}. */
  public static final class SqlRuntimeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    SqlRuntimeException(SQLException cause) {
      super(cause.getMessage(), cause, false, false);
    }

    /** The carried exception. */
    public SQLException sqlException() {
      return (SQLException) getCause();
    }
  }
}
