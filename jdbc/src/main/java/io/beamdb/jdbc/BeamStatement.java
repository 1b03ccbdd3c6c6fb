package io.beamdb.jdbc;

import io.beamdb.engine.ColumnInfo;
import io.beamdb.engine.CommandResult;
import io.beamdb.engine.GeneratedKeysRequest;
import io.beamdb.engine.PreparedCommand;
import io.beamdb.engine.RowCursor;
import java.sql.BatchUpdateException;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/**
 * A JDBC statement that executes one SQL command at a time (several commands separated by
 * {@code ;} in one string are not supported; the engine rejects them).
 *
 * <p>Semantics: re-executing closes the previous result set; closing the statement closes its
 * result set; {@link #setMaxRows} is enforced on the rows returned; fetch size, query timeout,
 * escape processing and max field size are recorded only. {@link #getGeneratedKeys()} returns an
 * empty result set. A batch runs its commands one by one and stops at the first failure with a
 * {@link BatchUpdateException} holding the counts of the commands that succeeded.
 *
 * <p>Thread-safety: execution is serialized on the owning connection.
 *
 * <p>SQLStates: {@code 08003} connection closed; {@code 24000} statement closed; {@code 07005}
 * {@code executeQuery} on a command that returns no rows (checked before executing, so nothing
 * happens); {@code 07000} {@code executeUpdate} on a query (also checked before executing), or a
 * batch command that returns rows; {@code 07001} a command with {@code ?} parameters given to a
 * plain Statement; engine errors pass through.
 */
public class BeamStatement implements Statement {
  final BeamConnection connection;
  private boolean closed;
  private BeamResultSet resultSet;
  private long updateCount = -1;
  private long maxRows;
  private int fetchSize;
  private int queryTimeout;
  private int maxFieldSize;
  private boolean poolable;
  private boolean closeOnCompletion;
  private final List<String> batch = new ArrayList<>();
  /** Generated keys the next execution asks for (null: none); a PreparedStatement fixes it. */
  GeneratedKeysRequest keysRequest;
  private RowCursor generatedKeys;

  /** {@code ResultSet.TYPE_FORWARD_ONLY} or {@code TYPE_SCROLL_INSENSITIVE}, set by the connection. */
  int resultSetType = ResultSet.TYPE_FORWARD_ONLY;

  BeamStatement(BeamConnection connection) {
    this.connection = connection;
  }

  void checkOpen() throws SQLException {
    connection.checkOpen();
    if (closed) {
      throw Errors.statementClosed();
    }
  }

  /** Closes the current result set and forgets the last update count. */
  void clearResults() throws SQLException {
    BeamResultSet rs = resultSet;
    resultSet = null;
    updateCount = -1;
    if (rs != null) {
      rs.closeQuietly();
    }
  }

  /** Executes a prepared command and records the outcome; returns true for rows. */
  boolean run(PreparedCommand command, Object[] params) throws SQLException {
    synchronized (connection) {
      checkOpen();
      clearResults();
      if (connection.session() instanceof RemoteSession remote) {
        remote.fetchSizeHint(fetchSize);
      }
      CommandResult result;
      try {
        result = connection.session().execute(command, params, queryTimeout * 1000L, keysRequest);
      } catch (RuntimeException | StackOverflowError e) {
        throw Failures.unexpected(command.sql(), e);
      }
      generatedKeys = result.generatedKeys();
      if (result.hasRows()) {
        RowCursor cursor = result.cursor();
        if (maxRows > 0) {
          cursor = new LimitCursor(cursor, maxRows);
        }
        resultSet = new BeamResultSet(this, resultSetType == ResultSet.TYPE_FORWARD_ONLY ? cursor
            : ScrollCursor.materialize(cursor));
        return true;
      }
      updateCount = Math.max(0, result.updateCount());
      return false;
    }
  }

  PreparedCommand prepare(String sql) throws SQLException {
    if (sql == null) {
      throw Errors.invalidArgument("SQL is null");
    }
    synchronized (connection) {
      checkOpen();
      PreparedCommand command;
      try {
        command = connection.session().prepare(sql);
      } catch (RuntimeException | StackOverflowError e) {
        throw Failures.unexpected(sql, e);
      }
      if (command.parameterCount() > 0) {
        throw new SQLException("The SQL has " + command.parameterCount()
            + " ? parameter(s); use a PreparedStatement: " + sql, "07001");
      }
      return command;
    }
  }

  static SQLException notAQuery(String sql) {
    return new SQLException("The statement does not return a result set: " + sql, "07005");
  }

  static SQLException isAQuery(String sql) {
    return new SQLException("The statement returns a result set; use executeQuery: " + sql, "07000");
  }

  // ---- execution

  @Override
  public ResultSet executeQuery(String sql) throws SQLException {
    PreparedCommand command = prepare(sql);
    if (!command.returnsRows()) {
      throw notAQuery(sql);
    }
    synchronized (connection) { // another thread using this statement must not swap the result
      run(command, new Object[0]);
      return resultSet;
    }
  }

  @Override
  public int executeUpdate(String sql) throws SQLException {
    return clampCount(executeLargeUpdate(sql));
  }

  @Override
  public long executeLargeUpdate(String sql) throws SQLException {
    PreparedCommand command = prepare(sql);
    if (command.returnsRows()) {
      throw isAQuery(sql);
    }
    synchronized (connection) {
      run(command, new Object[0]);
      return updateCount;
    }
  }

  @Override
  public boolean execute(String sql) throws SQLException {
    return run(prepare(sql), new Object[0]);
  }

  /** Runs {@code action} with {@code request} as the generated-keys request of this call only. */
  private <T> T withKeys(GeneratedKeysRequest request, SqlCall<T> action) throws SQLException {
    GeneratedKeysRequest saved = keysRequest;
    keysRequest = request;
    try {
      return action.call();
    } finally {
      keysRequest = saved;
    }
  }

  /** A JDBC call that may throw SQLException. */
  interface SqlCall<T> {
    T call() throws SQLException;
  }

  static GeneratedKeysRequest keys(int autoGeneratedKeys) throws SQLException {
    if (autoGeneratedKeys == RETURN_GENERATED_KEYS) {
      return GeneratedKeysRequest.IDENTITY;
    }
    if (autoGeneratedKeys == NO_GENERATED_KEYS) {
      return null;
    }
    throw Errors.invalidArgument("Invalid autoGeneratedKeys value " + autoGeneratedKeys);
  }

  @Override
  public int executeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
    return withKeys(keys(autoGeneratedKeys), () -> executeUpdate(sql));
  }

  @Override
  public int executeUpdate(String sql, int[] columnIndexes) throws SQLException {
    return withKeys(new GeneratedKeysRequest(null, columnIndexes), () -> executeUpdate(sql));
  }

  @Override
  public int executeUpdate(String sql, String[] columnNames) throws SQLException {
    return withKeys(new GeneratedKeysRequest(columnNames, null), () -> executeUpdate(sql));
  }

  @Override
  public long executeLargeUpdate(String sql, int autoGeneratedKeys) throws SQLException {
    return withKeys(keys(autoGeneratedKeys), () -> executeLargeUpdate(sql));
  }

  @Override
  public long executeLargeUpdate(String sql, int[] columnIndexes) throws SQLException {
    return withKeys(new GeneratedKeysRequest(null, columnIndexes), () -> executeLargeUpdate(sql));
  }

  @Override
  public long executeLargeUpdate(String sql, String[] columnNames) throws SQLException {
    return withKeys(new GeneratedKeysRequest(columnNames, null), () -> executeLargeUpdate(sql));
  }

  @Override
  public boolean execute(String sql, int autoGeneratedKeys) throws SQLException {
    return withKeys(keys(autoGeneratedKeys), () -> execute(sql));
  }

  @Override
  public boolean execute(String sql, int[] columnIndexes) throws SQLException {
    return withKeys(new GeneratedKeysRequest(null, columnIndexes), () -> execute(sql));
  }

  @Override
  public boolean execute(String sql, String[] columnNames) throws SQLException {
    return withKeys(new GeneratedKeysRequest(columnNames, null), () -> execute(sql));
  }

  static int clampCount(long count) {
    return count > Integer.MAX_VALUE ? Integer.MAX_VALUE : (int) count;
  }

  // ---- batches

  @Override
  public void addBatch(String sql) throws SQLException {
    checkOpen();
    if (sql == null) {
      throw Errors.invalidArgument("SQL is null");
    }
    batch.add(sql);
  }

  @Override
  public void clearBatch() throws SQLException {
    checkOpen();
    batch.clear();
  }

  @Override
  public int[] executeBatch() throws SQLException {
    long[] counts = executeLargeBatch();
    int[] out = new int[counts.length];
    for (int i = 0; i < counts.length; i++) {
      out[i] = clampCount(counts[i]);
    }
    return out;
  }

  @Override
  public long[] executeLargeBatch() throws SQLException {
    checkOpen();
    List<String> commands = List.copyOf(batch);
    batch.clear();
    long[] counts = new long[commands.size()];
    for (int i = 0; i < commands.size(); i++) {
      try {
        PreparedCommand command = prepare(commands.get(i));
        if (command.returnsRows()) {
          throw new SQLException("Batch command " + (i + 1) + " returns a result set: "
              + commands.get(i), "07000");
        }
        run(command, new Object[0]);
        counts[i] = updateCount;
      } catch (SQLException e) {
        throw batchFailure(e, counts, i);
      }
    }
    clearResults();
    return counts;
  }

  static BatchUpdateException batchFailure(SQLException cause, long[] counts, int done) {
    return new BatchUpdateException("Batch entry " + (done + 1) + " failed: " + cause.getMessage(),
        cause.getSQLState(), cause.getErrorCode(), java.util.Arrays.copyOf(counts, done), cause);
  }

  // ---- results

  @Override
  public ResultSet getResultSet() throws SQLException {
    checkOpen();
    return resultSet;
  }

  @Override
  public int getUpdateCount() throws SQLException {
    checkOpen();
    return updateCount < 0 ? -1 : clampCount(updateCount);
  }

  @Override
  public long getLargeUpdateCount() throws SQLException {
    checkOpen();
    return updateCount;
  }

  @Override
  public boolean getMoreResults() throws SQLException {
    return getMoreResults(CLOSE_CURRENT_RESULT);
  }

  /** There is only ever one result: closes the current result set and returns false. */
  @Override
  public boolean getMoreResults(int current) throws SQLException {
    checkOpen();
    clearResults();
    return false;
  }

  /**
   * The keys generated by the last INSERT executed with a generated-keys request
   * ({@code RETURN_GENERATED_KEYS}: identity columns, else the primary key; or the named or
   * indexed columns), one row per inserted row; empty otherwise.
   */
  @Override
  public ResultSet getGeneratedKeys() throws SQLException {
    checkOpen();
    RowCursor keys = generatedKeys;
    generatedKeys = null;
    if (keys == null) {
      return new BeamResultSet(this, new ListCursor(List.<ColumnInfo>of(), List.of()));
    }
    return new BeamResultSet(this, keys);
  }

  // ---- settings

  @Override
  public int getMaxRows() throws SQLException {
    checkOpen();
    return clampCount(maxRows);
  }

  @Override
  public void setMaxRows(int max) throws SQLException {
    setLargeMaxRows(max);
  }

  @Override
  public long getLargeMaxRows() throws SQLException {
    checkOpen();
    return maxRows;
  }

  @Override
  public void setLargeMaxRows(long max) throws SQLException {
    checkOpen();
    if (max < 0) {
      throw Errors.invalidArgument("maxRows must be >= 0, was " + max);
    }
    maxRows = max;
  }

  @Override
  public void setFetchSize(int rows) throws SQLException {
    checkOpen();
    if (rows < 0) {
      throw Errors.invalidArgument("fetch size must be >= 0, was " + rows);
    }
    fetchSize = rows;
  }

  @Override
  public int getFetchSize() throws SQLException {
    checkOpen();
    return fetchSize;
  }

  @Override
  public void setFetchDirection(int direction) throws SQLException {
    checkOpen();
    if (direction != ResultSet.FETCH_FORWARD) {
      throw Errors.unsupported("Fetch direction " + direction);
    }
  }

  @Override
  public int getFetchDirection() throws SQLException {
    checkOpen();
    return ResultSet.FETCH_FORWARD;
  }

  /**
   * Statements (and fetching their rows) running longer than this fail with
   * {@code SQLTimeoutException}, SQLState 57014; 0 = no limit.
   */
  @Override
  public void setQueryTimeout(int seconds) throws SQLException {
    checkOpen();
    if (seconds < 0) {
      throw Errors.invalidArgument("query timeout must be >= 0, was " + seconds);
    }
    queryTimeout = seconds;
  }

  @Override
  public int getQueryTimeout() throws SQLException {
    checkOpen();
    return queryTimeout;
  }

  @Override
  public int getMaxFieldSize() throws SQLException {
    checkOpen();
    return maxFieldSize;
  }

  @Override
  public void setMaxFieldSize(int max) throws SQLException {
    checkOpen();
    if (max < 0) {
      throw Errors.invalidArgument("max field size must be >= 0, was " + max);
    }
    maxFieldSize = max;
  }

  @Override
  public void setEscapeProcessing(boolean enable) throws SQLException {
    checkOpen();
  }

  @Override
  /**
   * Cancels what this statement's connection is running, from any thread: the statement fails
   * with SQLState 57014 at its next check. Does not wait for the connection's lock.
   */
  public void cancel() throws SQLException {
    if (isClosed()) {
      throw Errors.statementClosed();
    }
    connection.session().cancel();
  }

  @Override
  public SQLWarning getWarnings() throws SQLException {
    checkOpen();
    return null;
  }

  @Override
  public void clearWarnings() throws SQLException {
    checkOpen();
  }

  @Override
  public void setCursorName(String name) throws SQLException {
    checkOpen();
    throw Errors.unsupported("Named cursors");
  }

  @Override
  public int getResultSetConcurrency() throws SQLException {
    checkOpen();
    return ResultSet.CONCUR_READ_ONLY;
  }

  @Override
  public int getResultSetType() throws SQLException {
    checkOpen();
    return resultSetType;
  }

  @Override
  public int getResultSetHoldability() throws SQLException {
    checkOpen();
    return connection.getHoldability();
  }

  @Override
  public Connection getConnection() throws SQLException {
    checkOpen();
    return connection;
  }

  @Override
  public void setPoolable(boolean poolable) throws SQLException {
    checkOpen();
    this.poolable = poolable;
  }

  @Override
  public boolean isPoolable() throws SQLException {
    checkOpen();
    return poolable;
  }

  @Override
  public void closeOnCompletion() throws SQLException {
    checkOpen();
    closeOnCompletion = true;
  }

  @Override
  public boolean isCloseOnCompletion() throws SQLException {
    checkOpen();
    return closeOnCompletion;
  }

  /** Called by a result set of this statement when it is closed. */
  void resultSetClosed(BeamResultSet rs) {
    if (rs == resultSet && closeOnCompletion && !closed) {
      resultSet = null;
      closed = true;
      connection.unregister(this);
    }
  }

  // ---- lifecycle

  @Override
  public void close() throws SQLException {
    if (closed) {
      return;
    }
    closeFromConnection();
    connection.unregister(this);
  }

  void closeFromConnection() throws SQLException {
    if (closed) {
      return;
    }
    closed = true;
    batch.clear();
    BeamResultSet rs = resultSet;
    resultSet = null;
    if (rs != null) {
      rs.closeQuietly();
    }
  }

  @Override
  public boolean isClosed() {
    return closed || connection.isClosed();
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    if (iface != null && iface.isInstance(this)) {
      return iface.cast(this);
    }
    throw new SQLException(getClass().getSimpleName() + " does not wrap " + iface, "HY000");
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) {
    return iface != null && iface.isInstance(this);
  }

  /** Caps a cursor at {@code limit} rows (setMaxRows). */
  static final class LimitCursor implements RowCursor {
    private final RowCursor inner;
    private final long limit;
    private long count;

    LimitCursor(RowCursor inner, long limit) {
      this.inner = inner;
      this.limit = limit;
    }

    @Override
    public List<ColumnInfo> columns() {
      return inner.columns();
    }

    @Override
    public boolean next() throws SQLException {
      if (count >= limit) {
        inner.close();
        return false;
      }
      if (inner.next()) {
        count++;
        return true;
      }
      return false;
    }

    @Override
    public Object get(int index) {
      return inner.get(index);
    }

    @Override
    public void close() {
      inner.close();
    }
  }
}
