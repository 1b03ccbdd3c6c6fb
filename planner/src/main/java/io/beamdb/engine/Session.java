package io.beamdb.engine;

import java.sql.SQLException;

/**
 * One client's conversation with a {@link Database}: its transaction state and its prepared
 * commands. A JDBC {@code Connection} owns exactly one. Not thread-safe: a session is used by one
 * thread at a time (JDBC serializes calls per connection).
 *
 * <p>Errors are {@link SQLException}s with SQLStates: 42xxx syntax or unknown object, 23xxx
 * constraint violation (23505 duplicate key, 23502 NOT NULL), 22xxx data errors, 25xxx
 * transaction state, 08003 closed session, XX001 corruption, 58030 I/O error.
 */
public interface Session extends AutoCloseable {
  /** Parses, validates and plans {@code sql}. One statement; a trailing semicolon is allowed. */
  PreparedCommand prepare(String sql) throws SQLException;

  /**
   * Executes a prepared command. {@code params} has {@link PreparedCommand#parameterCount()}
   * entries of external Java values (see {@link RowCursor}; also any {@code Number},
   * {@code String}, {@code java.sql.Date/Time/Timestamp}); they are converted to the parameter's
   * type or rejected with 22018/22003. In autocommit mode the statement commits on success and
   * rolls back on failure; a cursor returned in autocommit mode reads a snapshot.
   */
  CommandResult execute(PreparedCommand command, Object[] params) throws SQLException;

  /**
   * Like {@link #execute(PreparedCommand, Object[])} with a statement timeout: the statement
   * (including fetching its rows) fails with SQLState 57014 ({@code SQLTimeoutException}) once
   * it runs longer than {@code timeoutMillis}; 0 means no timeout.
   */
  CommandResult execute(PreparedCommand command, Object[] params, long timeoutMillis) throws SQLException;

  /**
   * Like {@link #execute(PreparedCommand, Object[], long)}, also returning the keys an INSERT
   * generated ({@link CommandResult#generatedKeys()}) as {@code keys} asks; null asks for none.
   *
   * @throws SQLException 42703 when a requested column does not exist
   */
  CommandResult execute(PreparedCommand command, Object[] params, long timeoutMillis, GeneratedKeysRequest keys)
      throws SQLException;

  /**
   * Cancels every statement of this session that is running or has an open cursor: they fail
   * with SQLState 57014 at their next check. Thread-safe: meant to be called from another thread.
   */
  void cancel();

  /** Convenience: prepare and execute without parameters. */
  default CommandResult execute(String sql) throws SQLException {
    return execute(prepare(sql), new Object[0]);
  }

  /**
   * Sets the isolation level of the next transaction: READ COMMITTED (default; a fresh snapshot
   * per statement), REPEATABLE READ (snapshot isolation: one snapshot per transaction, a write to
   * a row changed since the snapshot aborts with 40001), SERIALIZABLE (snapshot isolation plus
   * commit-time validation of rows read and ranges scanned; the loser aborts with 40001).
   *
   * @throws SQLException 25001 when the open transaction has already written
   */
  void setIsolationLevel(io.beamdb.txn.IsolationLevel level) throws SQLException;

  /** The isolation level transactions of this session use. */
  io.beamdb.txn.IsolationLevel isolationLevel();

  /**
   * Marks a savepoint in the open transaction (starting one if needed). A later
   * {@link #rollbackToSavepoint} undoes the writes made after it; row locks taken after it are
   * kept until the transaction ends.
   *
   * @throws SQLException 3B001 in autocommit mode
   */
  void setSavepoint(String name) throws SQLException;

  /** Undoes the writes made after savepoint {@code name}; 3B001 when there is no such savepoint. */
  void rollbackToSavepoint(String name) throws SQLException;

  /** Forgets savepoint {@code name} (and later ones); 3B001 when there is no such savepoint. */
  void releaseSavepoint(String name) throws SQLException;

  boolean getAutoCommit();

  /** Switching autocommit on commits the open transaction, as JDBC requires. */
  void setAutoCommit(boolean autoCommit) throws SQLException;

  void commit() throws SQLException;

  void rollback() throws SQLException;

  /** True when a transaction has uncommitted work. */
  boolean inTransaction();

  /** The database this session belongs to. */
  Database database();

  /** Current schema name ({@code "PUBLIC"} by default). */
  String currentSchema();

  /** Read-only view of the catalog as this session sees it, for DatabaseMetaData. */
  CatalogView catalog() throws SQLException;

  /** Rolls back any open transaction and releases resources; idempotent. */
  @Override
  void close();

  boolean isClosed();
}
