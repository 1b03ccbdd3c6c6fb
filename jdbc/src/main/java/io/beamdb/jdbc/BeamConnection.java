package io.beamdb.jdbc;

import io.beamdb.engine.Session;
import java.sql.Array;
import java.sql.Blob;
import java.sql.CallableStatement;
import java.sql.ClientInfoStatus;
import java.sql.Clob;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.NClob;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLClientInfoException;
import java.sql.SQLException;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Savepoint;
import java.sql.Statement;
import java.sql.Struct;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Executor;

/**
 * A JDBC connection to a BeamDB database; owns one engine {@link Session}.
 *
 * <p>Behaviour worth knowing:
 * <ul>
 *   <li>{@link #commit()} and {@link #rollback()} in autocommit mode are silently ignored (H2's
 *       lenient behaviour, not PostgreSQL's error).</li>
 *   <li>{@link #close()} rolls back an open transaction, closes this connection's statements
 *       and result sets, and is idempotent.</li>
 *   <li>Transaction isolation: READ COMMITTED (default), REPEATABLE READ (snapshot isolation)
 *       and SERIALIZABLE are enforced by the engine; READ UNCOMMITTED behaves as READ COMMITTED.
 *       The level applies from the next transaction; changing it after the open transaction has
 *       written fails with 25001. {@link #setReadOnly} is recorded only.</li>
 *   <li>Only forward-only, read-only result sets are supported; other types or concurrencies are
 *       rejected with {@code 0A000}. Holdability is recorded; the default is
 *       {@code HOLD_CURSORS_OVER_COMMIT}.</li>
 *   <li>{@link #getCatalog()} is always {@code "BEAM"}; {@link #setCatalog} is ignored.</li>
 * </ul>
 *
 * <p>Thread-safety: calls are serialized on the connection object, so sharing a connection
 * between threads is safe but gives no concurrency; use one connection per thread.
 *
 * <p>SQLStates: {@code 08003} every method (except {@code close}, {@code isClosed},
 * {@code isValid}, {@code abort}) on a closed connection; {@code 0A000} unsupported features;
 * engine errors pass through with the engine's SQLState.
 */
public final class BeamConnection implements Connection {
  /** The catalog name reported for every database. */
  public static final String CATALOG = "BEAM";

  private final Session session;
  private final String url;
  private final String user;
  private final Set<BeamStatement> statements = new LinkedHashSet<>();
  private volatile boolean closed;
  private boolean readOnly;
  private int isolation = TRANSACTION_READ_COMMITTED;
  private int holdability = ResultSet.HOLD_CURSORS_OVER_COMMIT;
  private int networkTimeout;
  private final Properties clientInfo = new Properties();
  private Map<String, Class<?>> typeMap = new HashMap<>();

  BeamConnection(Session session, String url, String user) {
    this.session = session;
    this.url = url;
    this.user = user;
    if (session instanceof RemoteSession remote) {
      networkTimeout = remote.networkTimeout; // NETWORK_TIMEOUT in the URL
    }
  }

  // ---- internals used by statements and metadata

  Session session() {
    return session;
  }

  String url() {
    return url;
  }

  String user() {
    return user;
  }

  void checkOpen() throws SQLException {
    if (closed || session.isClosed()) {
      throw Errors.connectionClosed();
    }
  }

  synchronized void register(BeamStatement statement) {
    statements.add(statement);
  }

  synchronized void unregister(BeamStatement statement) {
    statements.remove(statement);
  }

  // ---- statements

  @Override
  public synchronized Statement createStatement() throws SQLException {
    checkOpen();
    BeamStatement s = new BeamStatement(this);
    statements.add(s);
    return s;
  }

  @Override
  public Statement createStatement(int resultSetType, int resultSetConcurrency) throws SQLException {
    checkOpen();
    checkResultSetOptions(resultSetType, resultSetConcurrency, holdability);
    return typed(createStatement(), resultSetType);
  }

  @Override
  public Statement createStatement(int resultSetType, int resultSetConcurrency,
                                   int resultSetHoldability) throws SQLException {
    checkOpen();
    checkResultSetOptions(resultSetType, resultSetConcurrency, resultSetHoldability);
    return typed(createStatement(), resultSetType);
  }

  @Override
  public synchronized PreparedStatement prepareStatement(String sql) throws SQLException {
    checkOpen();
    if (sql == null) {
      throw Errors.invalidArgument("SQL is null");
    }
    BeamPreparedStatement s = new BeamPreparedStatement(this, sql);
    statements.add(s);
    return s;
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency)
      throws SQLException {
    checkOpen();
    checkResultSetOptions(resultSetType, resultSetConcurrency, holdability);
    return typed(prepareStatement(sql), resultSetType);
  }

  @Override
  public PreparedStatement prepareStatement(String sql, int resultSetType, int resultSetConcurrency,
                                            int resultSetHoldability) throws SQLException {
    checkOpen();
    checkResultSetOptions(resultSetType, resultSetConcurrency, resultSetHoldability);
    return typed(prepareStatement(sql), resultSetType);
  }

  /** With RETURN_GENERATED_KEYS, {@link Statement#getGeneratedKeys()} returns identity (else primary-key) values. */
  @Override
  public PreparedStatement prepareStatement(String sql, int autoGeneratedKeys) throws SQLException {
    checkOpen();
    return withKeys(prepareStatement(sql), BeamStatement.keys(autoGeneratedKeys));
  }

  /** {@link Statement#getGeneratedKeys()} returns these columns (1-based) of the inserted rows. */
  @Override
  public PreparedStatement prepareStatement(String sql, int[] columnIndexes) throws SQLException {
    return withKeys(prepareStatement(sql), new io.beamdb.engine.GeneratedKeysRequest(null, columnIndexes));
  }

  /** {@link Statement#getGeneratedKeys()} returns these columns of the inserted rows. */
  @Override
  public PreparedStatement prepareStatement(String sql, String[] columnNames) throws SQLException {
    return withKeys(prepareStatement(sql), new io.beamdb.engine.GeneratedKeysRequest(columnNames, null));
  }

  private static PreparedStatement withKeys(PreparedStatement ps, io.beamdb.engine.GeneratedKeysRequest request) {
    ((BeamStatement) ps).keysRequest = request;
    return ps;
  }

  @Override
  public CallableStatement prepareCall(String sql) throws SQLException {
    checkOpen();
    throw Errors.unsupported("CallableStatement");
  }

  @Override
  public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency)
      throws SQLException {
    checkOpen();
    throw Errors.unsupported("CallableStatement");
  }

  @Override
  public CallableStatement prepareCall(String sql, int resultSetType, int resultSetConcurrency,
                                       int resultSetHoldability) throws SQLException {
    checkOpen();
    throw Errors.unsupported("CallableStatement");
  }

  /** {@code s} producing result sets of {@code type} (TYPE_SCROLL_INSENSITIVE ones are materialized). */
  private static <S extends Statement> S typed(S s, int type) {
    if (s instanceof BeamStatement) {
      ((BeamStatement) s).resultSetType = type;
    }
    return s;
  }

  private static void checkResultSetOptions(int type, int concurrency, int holdability)
      throws SQLException {
    if (type != ResultSet.TYPE_FORWARD_ONLY && type != ResultSet.TYPE_SCROLL_INSENSITIVE) {
      throw Errors.unsupported("Result set type " + type
          + " (TYPE_FORWARD_ONLY and TYPE_SCROLL_INSENSITIVE are supported; not TYPE_SCROLL_SENSITIVE)");
    }
    if (concurrency != ResultSet.CONCUR_READ_ONLY) {
      throw Errors.unsupported("Result set concurrency " + concurrency + " (only CONCUR_READ_ONLY)");
    }
    checkHoldability(holdability);
  }

  private static void checkHoldability(int holdability) throws SQLException {
    if (holdability != ResultSet.HOLD_CURSORS_OVER_COMMIT
        && holdability != ResultSet.CLOSE_CURSORS_AT_COMMIT) {
      throw Errors.invalidArgument("Invalid holdability " + holdability);
    }
  }

  @Override
  public String nativeSQL(String sql) throws SQLException {
    checkOpen();
    return sql;
  }

  // ---- transactions

  @Override
  public synchronized void setAutoCommit(boolean autoCommit) throws SQLException {
    checkOpen();
    session.setAutoCommit(autoCommit);
  }

  @Override
  public synchronized boolean getAutoCommit() throws SQLException {
    checkOpen();
    return session.getAutoCommit();
  }

  /** Commits the open transaction; a no-op in autocommit mode. */
  @Override
  public synchronized void commit() throws SQLException {
    checkOpen();
    if (!session.getAutoCommit()) {
      session.commit();
    }
  }

  /** Rolls back the open transaction; a no-op in autocommit mode. */
  @Override
  public synchronized void rollback() throws SQLException {
    checkOpen();
    if (!session.getAutoCommit()) {
      session.rollback();
    }
  }

  @Override
  public synchronized void setTransactionIsolation(int level) throws SQLException {
    checkOpen();
    switch (level) {
      case TRANSACTION_READ_UNCOMMITTED, TRANSACTION_READ_COMMITTED, TRANSACTION_REPEATABLE_READ,
          TRANSACTION_SERIALIZABLE -> {
        session.setIsolationLevel(switch (level) {
          case TRANSACTION_REPEATABLE_READ -> io.beamdb.txn.IsolationLevel.REPEATABLE_READ;
          case TRANSACTION_SERIALIZABLE -> io.beamdb.txn.IsolationLevel.SERIALIZABLE;
          default -> io.beamdb.txn.IsolationLevel.READ_COMMITTED;
        });
        isolation = level;
      }
      default -> throw Errors.invalidArgument("Invalid transaction isolation level " + level);
    }
  }

  @Override
  public synchronized int getTransactionIsolation() throws SQLException {
    checkOpen();
    switch (session.isolationLevel()) { // SET TRANSACTION ISOLATION LEVEL may have changed it
      case REPEATABLE_READ:
        return TRANSACTION_REPEATABLE_READ;
      case SERIALIZABLE:
        return TRANSACTION_SERIALIZABLE;
      default:
        return isolation == TRANSACTION_READ_UNCOMMITTED ? TRANSACTION_READ_UNCOMMITTED : TRANSACTION_READ_COMMITTED;
    }
  }

  private int nextSavepointId = 1;

  /** An unnamed savepoint (id only); 3B001 in autocommit mode. */
  @Override
  public synchronized Savepoint setSavepoint() throws SQLException {
    checkOpen();
    int id = nextSavepointId++;
    session.setSavepoint("JDBC_SAVEPOINT_" + id);
    return new BeamSavepoint(id, null);
  }

  /** A named savepoint; 3B001 in autocommit mode. */
  @Override
  public synchronized Savepoint setSavepoint(String name) throws SQLException {
    checkOpen();
    if (name == null) {
      throw Errors.invalidArgument("savepoint name must not be null");
    }
    session.setSavepoint(name);
    return new BeamSavepoint(0, name);
  }

  /** Undoes the writes made after {@code savepoint}; locks taken since are kept until the end. */
  @Override
  public synchronized void rollback(Savepoint savepoint) throws SQLException {
    checkOpen();
    session.rollbackToSavepoint(BeamSavepoint.engineName(savepoint));
  }

  @Override
  public synchronized void releaseSavepoint(Savepoint savepoint) throws SQLException {
    checkOpen();
    session.releaseSavepoint(BeamSavepoint.engineName(savepoint));
  }

  // ---- lifecycle

  /** Rolls back an open transaction, closes all statements and the session. Idempotent. */
  @Override
  public synchronized void close() throws SQLException {
    if (closed) {
      return;
    }
    closed = true;
    SQLException failure = null;
    for (BeamStatement s : List.copyOf(statements)) {
      try {
        s.closeFromConnection();
      } catch (SQLException e) {
        failure = e;
      }
    }
    statements.clear();
    try {
      if (!session.isClosed() && !session.getAutoCommit() && session.inTransaction()) {
        session.rollback();
      }
    } catch (SQLException e) {
      if (failure == null) {
        failure = e;
      }
    } finally {
      session.close();
    }
    if (failure != null) {
      throw failure;
    }
  }

  @Override
  public boolean isClosed() {
    return closed || session.isClosed();
  }

  @Override
  public boolean isValid(int timeout) throws SQLException {
    if (timeout < 0) {
      throw Errors.invalidArgument("timeout must be >= 0, was " + timeout);
    }
    if (!isClosed() && session instanceof RemoteSession remote) {
      return remote.ping();
    }
    return !isClosed();
  }

  @Override
  public void abort(Executor executor) throws SQLException {
    if (executor == null) {
      throw Errors.invalidArgument("executor is null");
    }
    if (closed) {
      return;
    }
    closed = true;
    executor.execute(() -> {
      synchronized (this) {
        for (BeamStatement s : List.copyOf(statements)) {
          try {
            s.closeFromConnection();
          } catch (SQLException ignored) {
            // best effort
          }
        }
        statements.clear();
        session.close();
      }
    });
  }

  @Override
  public synchronized void setNetworkTimeout(Executor executor, int milliseconds) throws SQLException {
    checkOpen();
    if (milliseconds < 0) {
      throw Errors.invalidArgument("timeout must be >= 0, was " + milliseconds);
    }
    networkTimeout = milliseconds;
    if (session instanceof RemoteSession remote) {
      remote.readTimeout(milliseconds);
    }
  }

  @Override
  public synchronized int getNetworkTimeout() throws SQLException {
    checkOpen();
    return networkTimeout;
  }

  // ---- properties

  @Override
  public DatabaseMetaData getMetaData() throws SQLException {
    checkOpen();
    return new BeamDatabaseMetaData(this);
  }

  /** Recorded only: the engine has no read-only session mode yet. */
  @Override
  public synchronized void setReadOnly(boolean readOnly) throws SQLException {
    checkOpen();
    this.readOnly = readOnly;
  }

  @Override
  public synchronized boolean isReadOnly() throws SQLException {
    checkOpen();
    return readOnly;
  }

  /** Ignored: every database has the single catalog {@value #CATALOG}. */
  @Override
  public void setCatalog(String catalog) throws SQLException {
    checkOpen();
  }

  @Override
  public String getCatalog() throws SQLException {
    checkOpen();
    return CATALOG;
  }

  /**
   * Accepts the current schema (case-insensitive); switching schemas is not supported yet
   * ({@code 0A000}).
   */
  @Override
  /** Runs {@code SET SCHEMA "schema"} (exact name); 3F000 when the schema does not exist. */
  public synchronized void setSchema(String schema) throws SQLException {
    checkOpen();
    if (schema == null) {
      throw Errors.invalidArgument("Schema name is null");
    }
    session.execute("SET SCHEMA \"" + schema.replace("\"", "\"\"") + "\"");
  }

  @Override
  public synchronized String getSchema() throws SQLException {
    checkOpen();
    return session.currentSchema();
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
  public synchronized Map<String, Class<?>> getTypeMap() throws SQLException {
    checkOpen();
    return typeMap;
  }

  /** Recorded only: BeamDB has no user-defined types. */
  @Override
  public synchronized void setTypeMap(Map<String, Class<?>> map) throws SQLException {
    checkOpen();
    typeMap = map == null ? new HashMap<>() : map;
  }

  @Override
  public synchronized void setHoldability(int holdability) throws SQLException {
    checkOpen();
    checkHoldability(holdability);
    this.holdability = holdability;
  }

  @Override
  public synchronized int getHoldability() throws SQLException {
    checkOpen();
    return holdability;
  }

  @Override
  public void setClientInfo(String name, String value) throws SQLClientInfoException {
    if (isClosed()) {
      throw new SQLClientInfoException("Connection is closed", "08003", 0,
          Map.of(String.valueOf(name), ClientInfoStatus.REASON_UNKNOWN));
    }
    synchronized (this) {
      if (value == null) {
        clientInfo.remove(name);
      } else {
        clientInfo.setProperty(name, value);
      }
    }
  }

  @Override
  public void setClientInfo(Properties properties) throws SQLClientInfoException {
    if (isClosed()) {
      throw new SQLClientInfoException("Connection is closed", "08003", 0, Collections.emptyMap());
    }
    synchronized (this) {
      clientInfo.clear();
      if (properties != null) {
        for (String key : properties.stringPropertyNames()) {
          clientInfo.setProperty(key, properties.getProperty(key));
        }
      }
    }
  }

  @Override
  public synchronized String getClientInfo(String name) throws SQLException {
    checkOpen();
    return clientInfo.getProperty(name);
  }

  @Override
  public synchronized Properties getClientInfo() throws SQLException {
    checkOpen();
    Properties copy = new Properties();
    copy.putAll(clientInfo);
    return copy;
  }

  // ---- unsupported object factories

  @Override
  /** An empty in-memory Clob to fill and bind with {@code setClob}; LOBs are held whole in memory. */
  public Clob createClob() throws SQLException {
    checkOpen();
    return new BeamClob("");
  }

  @Override
  /** An empty in-memory Blob to fill and bind with {@code setBlob}; LOBs are held whole in memory. */
  public Blob createBlob() throws SQLException {
    checkOpen();
    return new BeamBlob(new byte[0]);
  }

  @Override
  public NClob createNClob() throws SQLException {
    checkOpen();
    return new BeamClob("");
  }

  @Override
  public SQLXML createSQLXML() throws SQLException {
    checkOpen();
    throw Errors.unsupported("SQLXML");
  }

  @Override
  public Array createArrayOf(String typeName, Object[] elements) throws SQLException {
    checkOpen();
    throw Errors.unsupported("Array");
  }

  @Override
  public Struct createStruct(String typeName, Object[] attributes) throws SQLException {
    checkOpen();
    throw Errors.unsupported("Struct");
  }

  // ---- wrapper

  /** Unwraps to this connection or to its engine {@link Session}. */
  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    checkOpen();
    if (iface != null && iface.isInstance(this)) {
      return iface.cast(this);
    }
    if (iface != null && iface.isInstance(session)) {
      return iface.cast(session);
    }
    throw new SQLException("BeamConnection does not wrap " + iface, "HY000");
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    checkOpen();
    return iface != null && (iface.isInstance(this) || iface.isInstance(session));
  }

  @Override
  public String toString() {
    return "BeamConnection[" + url + (closed ? ", closed" : "") + "]";
  }
}
