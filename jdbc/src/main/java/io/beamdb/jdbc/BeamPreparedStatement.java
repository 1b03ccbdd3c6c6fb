package io.beamdb.jdbc;

import io.beamdb.engine.PreparedCommand;
import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.math.BigDecimal;
import java.net.URL;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.ParameterMetaData;
import java.sql.PreparedStatement;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLXML;
import java.sql.Time;
import java.sql.Timestamp;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Calendar;
import java.util.List;

/**
 * A prepared statement: the SQL is parsed and planned once, in the constructor, through
 * {@code Session.prepare}; each execution binds the current parameters. Parameter values are
 * normalized to the engine's external Java values (java.sql date/time types become
 * {@code java.time} local values in the JVM time zone or the given Calendar's zone); the engine
 * converts them to the parameter types (22018/22003 on failure).
 *
 * <p>Thread-safety: execution is serialized on the owning connection; setting parameters from
 * several threads at once is not supported.
 *
 * <p>SQLStates, in addition to {@link BeamStatement}'s: {@code 07001} a parameter was not set;
 * {@code 07009} parameter index out of range; {@code 07000} the {@code String}-taking execute
 * methods, which JDBC forbids on a PreparedStatement; {@code 0A000} binary, LOB, array and
 * similar parameter types.
 */
public class BeamPreparedStatement extends BeamStatement implements PreparedStatement {
  private static final Object UNSET = new Object();

  private final String sql;
  private final PreparedCommand command;
  private final Object[] params;
  private final List<Object[]> batchParams = new ArrayList<>();

  BeamPreparedStatement(BeamConnection connection, String sql) throws SQLException {
    super(connection);
    this.sql = sql;
    synchronized (connection) {
      try {
        this.command = connection.session().prepare(sql);
      } catch (RuntimeException | StackOverflowError e) {
        throw Failures.unexpected(sql, e);
      }
    }
    this.params = new Object[command.parameterCount()];
    Arrays.fill(params, UNSET);
  }

  /** The engine command, planned once. */
  PreparedCommand command() {
    return command;
  }

  private Object[] boundParams(Object[] values) throws SQLException {
    for (int i = 0; i < values.length; i++) {
      if (values[i] == UNSET) {
        throw new SQLException("Parameter " + (i + 1) + " is not set", "07001");
      }
    }
    return values.clone();
  }

  // ---- execution

  @Override
  public ResultSet executeQuery() throws SQLException {
    checkOpen();
    if (!command.returnsRows()) {
      throw notAQuery(sql);
    }
    synchronized (connection) { // another thread using this statement must not swap the result
      run(command, boundParams(params));
      return getResultSet();
    }
  }

  @Override
  public int executeUpdate() throws SQLException {
    return clampCount(executeLargeUpdate());
  }

  @Override
  public long executeLargeUpdate() throws SQLException {
    checkOpen();
    if (command.returnsRows()) {
      throw isAQuery(sql);
    }
    synchronized (connection) {
      run(command, boundParams(params));
      return getLargeUpdateCount();
    }
  }

  @Override
  public boolean execute() throws SQLException {
    checkOpen();
    return run(command, boundParams(params));
  }

  @Override
  public void addBatch() throws SQLException {
    checkOpen();
    batchParams.add(boundParams(params));
  }

  @Override
  public void clearBatch() throws SQLException {
    checkOpen();
    batchParams.clear();
  }

  @Override
  public long[] executeLargeBatch() throws SQLException {
    checkOpen();
    List<Object[]> rows = List.copyOf(batchParams);
    batchParams.clear();
    long[] counts = new long[rows.size()];
    if (command.returnsRows() && !rows.isEmpty()) {
      throw batchFailure(isAQuery(sql), counts, 0);
    }
    if (connection.session() instanceof RemoteSession remote && !rows.isEmpty()) {
      synchronized (connection) { // one round trip for the whole batch
        clearResults();
        return remote.executeBatch(command, rows, getQueryTimeout() * 1000L);
      }
    }
    for (int i = 0; i < rows.size(); i++) {
      try {
        run(command, rows.get(i));
        counts[i] = getLargeUpdateCount();
      } catch (SQLException e) {
        throw batchFailure(e, counts, i);
      }
    }
    clearResults();
    return counts;
  }

  private static SQLException notOnPrepared() {
    return new SQLException("This method is not allowed on a PreparedStatement", "07000");
  }

  @Override
  public ResultSet executeQuery(String sql) throws SQLException {
    checkOpen();
    throw notOnPrepared();
  }

  @Override
  public int executeUpdate(String sql) throws SQLException {
    checkOpen();
    throw notOnPrepared();
  }

  @Override
  public long executeLargeUpdate(String sql) throws SQLException {
    checkOpen();
    throw notOnPrepared();
  }

  @Override
  public boolean execute(String sql) throws SQLException {
    checkOpen();
    throw notOnPrepared();
  }

  @Override
  public void addBatch(String sql) throws SQLException {
    checkOpen();
    throw notOnPrepared();
  }

  // ---- metadata

  /** Describes the result columns, or null when the command returns no rows. */
  @Override
  public ResultSetMetaData getMetaData() throws SQLException {
    checkOpen();
    return command.returnsRows() ? new BeamResultSetMetaData(command.resultColumns()) : null;
  }

  @Override
  public ParameterMetaData getParameterMetaData() throws SQLException {
    checkOpen();
    return new BeamParameterMetaData(command);
  }

  // ---- parameters

  private void set(int index, Object value) throws SQLException {
    checkOpen();
    if (index < 1 || index > params.length) {
      throw Errors.badIndex("Parameter", index, params.length);
    }
    params[index - 1] = value;
  }

  @Override
  public void clearParameters() throws SQLException {
    checkOpen();
    Arrays.fill(params, UNSET);
  }

  @Override
  public void setNull(int parameterIndex, int sqlType) throws SQLException {
    set(parameterIndex, null);
  }

  @Override
  public void setNull(int parameterIndex, int sqlType, String typeName) throws SQLException {
    set(parameterIndex, null);
  }

  @Override
  public void setBoolean(int parameterIndex, boolean x) throws SQLException {
    set(parameterIndex, x);
  }

  @Override
  public void setByte(int parameterIndex, byte x) throws SQLException {
    set(parameterIndex, x);
  }

  @Override
  public void setShort(int parameterIndex, short x) throws SQLException {
    set(parameterIndex, x);
  }

  @Override
  public void setInt(int parameterIndex, int x) throws SQLException {
    set(parameterIndex, x);
  }

  @Override
  public void setLong(int parameterIndex, long x) throws SQLException {
    set(parameterIndex, x);
  }

  @Override
  public void setFloat(int parameterIndex, float x) throws SQLException {
    set(parameterIndex, x);
  }

  @Override
  public void setDouble(int parameterIndex, double x) throws SQLException {
    set(parameterIndex, x);
  }

  @Override
  public void setBigDecimal(int parameterIndex, BigDecimal x) throws SQLException {
    set(parameterIndex, x);
  }

  @Override
  public void setString(int parameterIndex, String x) throws SQLException {
    set(parameterIndex, x);
  }

  @Override
  public void setNString(int parameterIndex, String value) throws SQLException {
    set(parameterIndex, value);
  }

  @Override
  public void setDate(int parameterIndex, Date x) throws SQLException {
    set(parameterIndex, x == null ? null : x.toLocalDate());
  }

  @Override
  public void setDate(int parameterIndex, Date x, Calendar cal) throws SQLException {
    set(parameterIndex, x == null ? null : Values.localDate(x, cal));
  }

  @Override
  public void setTime(int parameterIndex, Time x) throws SQLException {
    set(parameterIndex, x == null ? null : Values.localTime(x, null));
  }

  @Override
  public void setTime(int parameterIndex, Time x, Calendar cal) throws SQLException {
    set(parameterIndex, x == null ? null : Values.localTime(x, cal == null ? null : cal.getTimeZone()));
  }

  @Override
  public void setTimestamp(int parameterIndex, Timestamp x) throws SQLException {
    set(parameterIndex, x == null ? null : x.toLocalDateTime());
  }

  @Override
  public void setTimestamp(int parameterIndex, Timestamp x, Calendar cal) throws SQLException {
    set(parameterIndex, x == null ? null : Values.localDateTime(x, cal));
  }

  @Override
  public void setObject(int parameterIndex, Object x) throws SQLException {
    set(parameterIndex, Values.param(x));
  }

  @Override
  public void setObject(int parameterIndex, Object x, int targetSqlType) throws SQLException {
    set(parameterIndex, Values.param(x, targetSqlType, -1));
  }

  @Override
  public void setObject(int parameterIndex, Object x, int targetSqlType, int scaleOrLength)
      throws SQLException {
    set(parameterIndex, Values.param(x, targetSqlType, scaleOrLength));
  }

  @Override
  public void setObject(int parameterIndex, Object x, SQLType targetSqlType) throws SQLException {
    setObject(parameterIndex, x, vendorType(targetSqlType));
  }

  @Override
  public void setObject(int parameterIndex, Object x, SQLType targetSqlType, int scaleOrLength)
      throws SQLException {
    setObject(parameterIndex, x, vendorType(targetSqlType), scaleOrLength);
  }

  private static int vendorType(SQLType type) throws SQLException {
    if (type == null || type.getVendorTypeNumber() == null) {
      throw Errors.unsupported("SQL type " + type);
    }
    return type.getVendorTypeNumber();
  }

  // ---- character streams (read fully into a String)

  private static String read(Reader reader, long length) throws SQLException {
    if (reader == null) {
      return null;
    }
    try {
      StringBuilder sb = new StringBuilder();
      char[] buf = new char[8192];
      long left = length < 0 ? Long.MAX_VALUE : length;
      while (left > 0) {
        int n = reader.read(buf, 0, (int) Math.min(buf.length, left));
        if (n < 0) {
          break;
        }
        sb.append(buf, 0, n);
        left -= n;
      }
      return sb.toString();
    } catch (IOException e) {
      throw new SQLException("Cannot read the character stream: " + e.getMessage(), "22000", e);
    }
  }

  private static String readAscii(InputStream in, long length) throws SQLException {
    if (in == null) {
      return null;
    }
    try {
      byte[] bytes = length < 0 ? in.readAllBytes() : in.readNBytes((int) Math.min(length, Integer.MAX_VALUE));
      return new String(bytes, StandardCharsets.US_ASCII);
    } catch (IOException e) {
      throw new SQLException("Cannot read the ASCII stream: " + e.getMessage(), "22000", e);
    }
  }

  @Override
  public void setCharacterStream(int parameterIndex, Reader reader, int length) throws SQLException {
    set(parameterIndex, read(reader, length));
  }

  @Override
  public void setCharacterStream(int parameterIndex, Reader reader, long length) throws SQLException {
    set(parameterIndex, read(reader, length));
  }

  @Override
  public void setCharacterStream(int parameterIndex, Reader reader) throws SQLException {
    set(parameterIndex, read(reader, -1));
  }

  @Override
  public void setNCharacterStream(int parameterIndex, Reader value, long length) throws SQLException {
    set(parameterIndex, read(value, length));
  }

  @Override
  public void setNCharacterStream(int parameterIndex, Reader value) throws SQLException {
    set(parameterIndex, read(value, -1));
  }

  @Override
  public void setClob(int parameterIndex, Reader reader, long length) throws SQLException {
    set(parameterIndex, read(reader, length));
  }

  @Override
  public void setClob(int parameterIndex, Reader reader) throws SQLException {
    set(parameterIndex, read(reader, -1));
  }

  @Override
  public void setNClob(int parameterIndex, Reader reader, long length) throws SQLException {
    set(parameterIndex, read(reader, length));
  }

  @Override
  public void setNClob(int parameterIndex, Reader reader) throws SQLException {
    set(parameterIndex, read(reader, -1));
  }

  @Override
  public void setAsciiStream(int parameterIndex, InputStream x, int length) throws SQLException {
    set(parameterIndex, readAscii(x, length));
  }

  @Override
  public void setAsciiStream(int parameterIndex, InputStream x, long length) throws SQLException {
    set(parameterIndex, readAscii(x, length));
  }

  @Override
  public void setAsciiStream(int parameterIndex, InputStream x) throws SQLException {
    set(parameterIndex, readAscii(x, -1));
  }

  @Override
  public void setClob(int parameterIndex, Clob x) throws SQLException {
    set(parameterIndex, x == null ? null : x.getSubString(1, (int) Math.min(Integer.MAX_VALUE, x.length())));
  }

  @Override
  public void setNClob(int parameterIndex, NClob value) throws SQLException {
    setClob(parameterIndex, value);
  }

  // ---- unsupported parameter types

  @Override
  public void setBytes(int parameterIndex, byte[] x) throws SQLException {
    set(parameterIndex, x == null ? null : x.clone());
  }

  @Override
  public void setBinaryStream(int parameterIndex, InputStream x, int length) throws SQLException {
    checkOpen();
    try {
      set(parameterIndex, x == null ? null : x.readNBytes((int) Math.min(Integer.MAX_VALUE, length)));
    } catch (java.io.IOException e) {
      throw new SQLException("Cannot read the binary stream for parameter " + parameterIndex + ": " + e.getMessage(), "22000", e);
    }
  }

  @Override
  public void setBinaryStream(int parameterIndex, InputStream x, long length) throws SQLException {
    checkOpen();
    try {
      set(parameterIndex, x == null ? null : x.readNBytes((int) Math.min(Integer.MAX_VALUE, length)));
    } catch (java.io.IOException e) {
      throw new SQLException("Cannot read the binary stream for parameter " + parameterIndex + ": " + e.getMessage(), "22000", e);
    }
  }

  @Override
  public void setBinaryStream(int parameterIndex, InputStream x) throws SQLException {
    checkOpen();
    try {
      set(parameterIndex, x == null ? null : x.readAllBytes());
    } catch (java.io.IOException e) {
      throw new SQLException("Cannot read the binary stream for parameter " + parameterIndex + ": " + e.getMessage(), "22000", e);
    }
  }

  @Override
  @SuppressWarnings("deprecation")
  public void setUnicodeStream(int parameterIndex, InputStream x, int length) throws SQLException {
    checkOpen();
    throw Errors.unsupported("setUnicodeStream");
  }

  @Override
  public void setBlob(int parameterIndex, Blob x) throws SQLException {
    set(parameterIndex, x == null ? null : x.getBytes(1, (int) Math.min(Integer.MAX_VALUE, x.length())));
  }

  @Override
  public void setBlob(int parameterIndex, InputStream inputStream, long length) throws SQLException {
    setBinaryStream(parameterIndex, inputStream, length);
  }

  @Override
  public void setBlob(int parameterIndex, InputStream inputStream) throws SQLException {
    setBinaryStream(parameterIndex, inputStream);
  }

  @Override
  public void setRef(int parameterIndex, Ref x) throws SQLException {
    checkOpen();
    throw Errors.unsupported("Ref parameters");
  }

  @Override
  public void setArray(int parameterIndex, Array x) throws SQLException {
    checkOpen();
    throw Errors.unsupported("Array parameters");
  }

  @Override
  public void setURL(int parameterIndex, URL x) throws SQLException {
    checkOpen();
    throw Errors.unsupported("URL parameters");
  }

  @Override
  public void setRowId(int parameterIndex, RowId x) throws SQLException {
    checkOpen();
    throw Errors.unsupported("RowId parameters");
  }

  @Override
  public void setSQLXML(int parameterIndex, SQLXML xmlObject) throws SQLException {
    checkOpen();
    throw Errors.unsupported("SQLXML parameters");
  }

  @Override
  public String toString() {
    return "BeamPreparedStatement[" + sql + "]";
  }
}
