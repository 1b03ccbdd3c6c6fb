package io.beamdb.jdbc;

import io.beamdb.engine.ColumnInfo;
import io.beamdb.engine.RowCursor;
import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.Reader;
import java.io.StringReader;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.sql.Array;
import java.sql.Blob;
import java.sql.Clob;
import java.sql.Date;
import java.sql.NClob;
import java.sql.Ref;
import java.sql.ResultSet;
import java.sql.ResultSetMetaData;
import java.sql.RowId;
import java.sql.SQLException;
import java.sql.SQLType;
import java.sql.SQLWarning;
import java.sql.SQLXML;
import java.sql.Statement;
import java.sql.Time;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.OffsetDateTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.Calendar;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A read-only result set over an engine {@link RowCursor}: forward-only (streamed), or
 * {@code TYPE_SCROLL_INSENSITIVE} over a {@link ScrollCursor} (materialized at execution).
 *
 * <p>Values: {@link #getObject(int)} returns the engine's Java value for numbers, strings and
 * booleans, and {@code java.sql.Date/Time/Timestamp} for DATE/TIME/TIMESTAMP (as H2 does);
 * {@link #getObject(int, Class)} also gives {@code LocalDate/LocalTime/LocalDateTime} and every
 * numeric wrapper. Getters convert between numeric types (fractions truncate toward zero), from
 * strings, and booleans to 1/0. Numeric getters return 0 for SQL NULL and {@link #wasNull()}
 * then returns true. Column labels are matched case-insensitively; the first match wins.
 * {@link #isBeforeFirst()} and {@link #isLast()} look one row ahead.
 *
 * <p>Thread-safety: cursor access is serialized on the owning connection; a result set is meant
 * for one thread.
 *
 * <p>SQLStates: {@code 24000} the result set is closed, or there is no current row;
 * {@code 07009} column index out of range; {@code 42703} unknown column label; {@code 22018}
 * value not convertible; {@code 22003} numeric value out of range; {@code 0A000} scrolling a
 * forward-only result set, updating, binary and LOB getters; engine errors from {@link #next()} pass through.
 */
public class BeamResultSet implements ResultSet {
  private final BeamStatement statement;
  private final RowCursor cursor;
  private final List<ColumnInfo> columns;
  private final Object lock;
  private Map<String, Integer> labels;
  private boolean closed;
  private boolean wasNull;
  private int row;
  private boolean afterLast;
  /** Lookahead: null none; TRUE the cursor already sits on the next row; FALSE it is exhausted. */
  private Boolean pending;
  /** Copy of the current row when the cursor has moved ahead of it. */
  private Object[] snapshot;
  private int fetchSize;
  /** Non-null for a TYPE_SCROLL_INSENSITIVE result set: the materialized rows and the position. */
  private final ScrollCursor scroll;

  /** A result set produced by {@code statement} (null for DatabaseMetaData results). */
  BeamResultSet(BeamStatement statement, RowCursor cursor) {
    this.statement = statement;
    this.cursor = cursor;
    this.columns = cursor.columns();
    this.lock = statement == null ? this : statement.connection;
    this.scroll = cursor instanceof ScrollCursor ? (ScrollCursor) cursor : null;
  }

  /** Scroll mode: moves to {@code p} (clamped) and keeps {@code row}/{@code afterLast} in step. */
  private boolean scrollTo(long p) throws SQLException {
    checkOpen();
    boolean on = scroll.moveTo(p);
    row = scroll.position();
    afterLast = row > scroll.size();
    return on;
  }

  private void checkOpen() throws SQLException {
    if (closed) {
      throw Errors.resultSetClosed();
    }
  }

  private Object value(int columnIndex) throws SQLException {
    checkOpen();
    if (row == 0 || afterLast) {
      throw Errors.noCurrentRow();
    }
    if (columnIndex < 1 || columnIndex > columns.size()) {
      throw Errors.badIndex("Column", columnIndex, columns.size());
    }
    Object v = snapshot != null ? snapshot[columnIndex - 1] : cursor.get(columnIndex - 1);
    wasNull = v == null;
    return v;
  }

  private boolean advanceCursor() throws SQLException {
    synchronized (lock) {
      if (statement != null) {
        statement.connection.checkOpen();
      }
      return cursor.next();
    }
  }

  // ---- navigation

  @Override
  public boolean next() throws SQLException {
    checkOpen();
    if (scroll != null) {
      return scrollTo(scroll.position() + 1L);
    }
    if (afterLast) {
      return false;
    }
    boolean has;
    if (pending != null) {
      has = pending;
      pending = null;
      snapshot = null;
    } else {
      has = advanceCursor();
    }
    if (has) {
      row++;
      return true;
    }
    afterLast = true;
    cursor.close();
    return false;
  }

  @Override
  public boolean isBeforeFirst() throws SQLException {
    checkOpen();
    if (scroll != null) {
      return scroll.position() == 0 && scroll.size() > 0;
    }
    if (row > 0 || afterLast) {
      return false;
    }
    if (pending == null) {
      pending = advanceCursor();
    }
    return pending;
  }

  @Override
  public boolean isAfterLast() throws SQLException {
    checkOpen();
    if (scroll != null) {
      return scroll.size() > 0 && scroll.position() > scroll.size();
    }
    return afterLast && row > 0;
  }

  @Override
  public boolean isFirst() throws SQLException {
    checkOpen();
    return row == 1 && !afterLast;
  }

  @Override
  public boolean isLast() throws SQLException {
    checkOpen();
    if (scroll != null) {
      return scroll.size() > 0 && scroll.position() == scroll.size();
    }
    if (row == 0 || afterLast) {
      return false;
    }
    if (pending == null) {
      Object[] copy = new Object[columns.size()];
      for (int i = 0; i < copy.length; i++) {
        copy[i] = cursor.get(i);
      }
      snapshot = copy;
      pending = advanceCursor();
    }
    return !pending;
  }

  @Override
  public int getRow() throws SQLException {
    checkOpen();
    return afterLast ? 0 : row;
  }

  private SQLException forwardOnly() {
    return Errors.unsupported("Scrolling a TYPE_FORWARD_ONLY result set (create the statement with "
        + "ResultSet.TYPE_SCROLL_INSENSITIVE)");
  }

  private void checkScrollable() throws SQLException {
    checkOpen();
    if (scroll == null) {
      throw forwardOnly();
    }
  }

  @Override
  public void beforeFirst() throws SQLException {
    checkScrollable();
    scrollTo(0);
  }

  @Override
  public void afterLast() throws SQLException {
    checkScrollable();
    scrollTo(scroll.size() + 1L);
  }

  @Override
  public boolean first() throws SQLException {
    checkScrollable();
    return scrollTo(1);
  }

  @Override
  public boolean last() throws SQLException {
    checkScrollable();
    return scrollTo(scroll.size());
  }

  /** Row {@code row} (1-based); negative counts from the end (-1 is the last row); 0 is before the first. */
  @Override
  public boolean absolute(int row) throws SQLException {
    checkScrollable();
    return scrollTo(row >= 0 ? row : scroll.size() + 1L + row);
  }

  @Override
  public boolean relative(int rows) throws SQLException {
    checkScrollable();
    return scrollTo((long) scroll.position() + rows);
  }

  @Override
  public boolean previous() throws SQLException {
    checkScrollable();
    return scrollTo(scroll.position() - 1L);
  }

  // ---- lifecycle

  @Override
  public void close() throws SQLException {
    if (closed) {
      return;
    }
    closeQuietly();
    if (statement != null) {
      statement.resultSetClosed(this);
    }
  }

  void closeQuietly() {
    if (!closed) {
      closed = true;
      snapshot = null;
      cursor.close();
    }
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  @Override
  public boolean wasNull() throws SQLException {
    checkOpen();
    return wasNull;
  }

  @Override
  public int findColumn(String columnLabel) throws SQLException {
    checkOpen();
    if (labels == null) {
      Map<String, Integer> m = new HashMap<>();
      for (int i = 0; i < columns.size(); i++) {
        m.putIfAbsent(columns.get(i).label().toUpperCase(Locale.ROOT), i + 1);
      }
      labels = m;
    }
    Integer index = columnLabel == null ? null : labels.get(columnLabel.toUpperCase(Locale.ROOT));
    if (index == null) {
      throw new SQLException("Column '" + columnLabel + "' not found in the result set", "42703");
    }
    return index;
  }

  // ---- getters by index

  @Override
  public String getString(int columnIndex) throws SQLException {
    return Values.toStringValue(value(columnIndex));
  }

  @Override
  public String getNString(int columnIndex) throws SQLException {
    return getString(columnIndex);
  }

  @Override
  public boolean getBoolean(int columnIndex) throws SQLException {
    Object v = value(columnIndex);
    return v != null && Values.toBoolean(v);
  }

  @Override
  public byte getByte(int columnIndex) throws SQLException {
    Object v = value(columnIndex);
    return v == null ? 0 : Values.toByte(v);
  }

  @Override
  public short getShort(int columnIndex) throws SQLException {
    Object v = value(columnIndex);
    return v == null ? 0 : Values.toShort(v);
  }

  @Override
  public int getInt(int columnIndex) throws SQLException {
    Object v = value(columnIndex);
    return v == null ? 0 : Values.toInt(v);
  }

  @Override
  public long getLong(int columnIndex) throws SQLException {
    Object v = value(columnIndex);
    return v == null ? 0 : Values.toLong(v);
  }

  @Override
  public float getFloat(int columnIndex) throws SQLException {
    Object v = value(columnIndex);
    return v == null ? 0 : Values.toFloat(v);
  }

  @Override
  public double getDouble(int columnIndex) throws SQLException {
    Object v = value(columnIndex);
    return v == null ? 0 : Values.toDouble(v);
  }

  @Override
  public BigDecimal getBigDecimal(int columnIndex) throws SQLException {
    return Values.toBigDecimal(value(columnIndex));
  }

  @Override
  @Deprecated
  public BigDecimal getBigDecimal(int columnIndex, int scale) throws SQLException {
    BigDecimal v = getBigDecimal(columnIndex);
    return v == null ? null : v.setScale(scale, RoundingMode.HALF_UP);
  }

  @Override
  public Date getDate(int columnIndex) throws SQLException {
    return Values.sqlDate(Values.toLocalDate(value(columnIndex)), null);
  }

  @Override
  public Date getDate(int columnIndex, Calendar cal) throws SQLException {
    return Values.sqlDate(Values.toLocalDate(value(columnIndex)), cal);
  }

  @Override
  public Time getTime(int columnIndex) throws SQLException {
    return Values.sqlTime(Values.toLocalTime(value(columnIndex)), null);
  }

  @Override
  public Time getTime(int columnIndex, Calendar cal) throws SQLException {
    return Values.sqlTime(Values.toLocalTime(value(columnIndex)), cal);
  }

  @Override
  public Timestamp getTimestamp(int columnIndex) throws SQLException {
    return Values.sqlTimestamp(Values.toLocalDateTime(value(columnIndex)), null);
  }

  @Override
  public Timestamp getTimestamp(int columnIndex, Calendar cal) throws SQLException {
    return Values.sqlTimestamp(Values.toLocalDateTime(value(columnIndex)), cal);
  }

  @Override
  public Object getObject(int columnIndex) throws SQLException {
    Object v = value(columnIndex);
    if (v instanceof LocalDate d) {
      return Values.sqlDate(d, null);
    }
    if (v instanceof LocalTime t) {
      return Values.sqlTime(t, null);
    }
    if (v instanceof LocalDateTime t) {
      return Values.sqlTimestamp(t, null);
    }
    return v;
  }

  @Override
  public Object getObject(int columnIndex, Map<String, Class<?>> map) throws SQLException {
    return getObject(columnIndex);
  }

  @Override
  public <T> T getObject(int columnIndex, Class<T> type) throws SQLException {
    if (type == null) {
      throw Errors.invalidArgument("type is null");
    }
    Object v = value(columnIndex);
    if (v == null) {
      return null;
    }
    Class<?> t = wrap(type);
    Object out;
    if (t == Object.class) {
      out = getObject(columnIndex);
    } else if (t == String.class) {
      out = Values.toStringValue(v);
    } else if (t == Integer.class) {
      out = Values.toInt(v);
    } else if (t == Long.class) {
      out = Values.toLong(v);
    } else if (t == Short.class) {
      out = Values.toShort(v);
    } else if (t == Byte.class) {
      out = Values.toByte(v);
    } else if (t == Double.class) {
      out = Values.toDouble(v);
    } else if (t == Float.class) {
      out = Values.toFloat(v);
    } else if (t == BigDecimal.class) {
      out = Values.toBigDecimal(v);
    } else if (t == BigInteger.class) {
      out = Values.toBigDecimal(v).toBigInteger();
    } else if (t == Boolean.class) {
      out = Values.toBoolean(v);
    } else if (t == LocalDate.class) {
      out = Values.toLocalDate(v);
    } else if (t == LocalTime.class) {
      out = Values.toLocalTime(v);
    } else if (t == LocalDateTime.class) {
      out = Values.toLocalDateTime(v);
    } else if (t == Date.class) {
      out = Values.sqlDate(Values.toLocalDate(v), null);
    } else if (t == Time.class) {
      out = Values.sqlTime(Values.toLocalTime(v), null);
    } else if (t == Timestamp.class || t == java.util.Date.class) {
      out = Values.sqlTimestamp(Values.toLocalDateTime(v), null);
    } else if (t == OffsetDateTime.class) {
      out = v instanceof OffsetDateTime odt ? odt : Values.toLocalDateTime(v).atZone(ZoneId.systemDefault()).toOffsetDateTime();
    } else if (t == ZonedDateTime.class) {
      out = v instanceof OffsetDateTime odt ? odt.toZonedDateTime() : Values.toLocalDateTime(v).atZone(ZoneId.systemDefault());
    } else if (t == Instant.class) {
      out = v instanceof OffsetDateTime odt ? odt.toInstant() : Values.toLocalDateTime(v).atZone(ZoneId.systemDefault()).toInstant();
    } else if (t.isInstance(v)) {
      out = v;
    } else {
      throw Errors.conversion(v, t.getSimpleName());
    }
    @SuppressWarnings("unchecked")
    T result = (T) out;
    return result;
  }

  private static Class<?> wrap(Class<?> c) {
    if (!c.isPrimitive()) {
      return c;
    }
    if (c == int.class) {
      return Integer.class;
    } else if (c == long.class) {
      return Long.class;
    } else if (c == short.class) {
      return Short.class;
    } else if (c == byte.class) {
      return Byte.class;
    } else if (c == double.class) {
      return Double.class;
    } else if (c == float.class) {
      return Float.class;
    } else if (c == boolean.class) {
      return Boolean.class;
    }
    return c;
  }

  @Override
  public Reader getCharacterStream(int columnIndex) throws SQLException {
    String s = getString(columnIndex);
    return s == null ? null : new StringReader(s);
  }

  @Override
  public Reader getNCharacterStream(int columnIndex) throws SQLException {
    return getCharacterStream(columnIndex);
  }

  @Override
  public InputStream getAsciiStream(int columnIndex) throws SQLException {
    String s = getString(columnIndex);
    return s == null ? null : new ByteArrayInputStream(s.getBytes(StandardCharsets.US_ASCII));
  }

  @Override
  @Deprecated
  public InputStream getUnicodeStream(int columnIndex) throws SQLException {
    checkOpen();
    throw Errors.unsupported("getUnicodeStream");
  }

  @Override
  public byte[] getBytes(int columnIndex) throws SQLException {
    Object v = value(columnIndex);
    if (v == null) {
      return null;
    }
    if (v instanceof byte[] b) {
      return b.clone();
    }
    if (v instanceof java.util.UUID u) {
      return java.nio.ByteBuffer.allocate(16).putLong(u.getMostSignificantBits()).putLong(u.getLeastSignificantBits()).array();
    }
    if (v instanceof String s) {
      return s.getBytes(StandardCharsets.UTF_8);
    }
    throw Errors.conversion(v, "byte[]");
  }

  @Override
  public InputStream getBinaryStream(int columnIndex) throws SQLException {
    byte[] b = getBytes(columnIndex);
    return b == null ? null : new ByteArrayInputStream(b);
  }

  @Override
  public Blob getBlob(int columnIndex) throws SQLException {
    byte[] b = getBytes(columnIndex);
    return b == null ? null : new BeamBlob(b);
  }

  @Override
  public Clob getClob(int columnIndex) throws SQLException {
    String s = getString(columnIndex);
    return s == null ? null : new BeamClob(s);
  }

  @Override
  public NClob getNClob(int columnIndex) throws SQLException {
    checkOpen();
    throw Errors.unsupported("NClob");
  }

  @Override
  public Array getArray(int columnIndex) throws SQLException {
    checkOpen();
    throw Errors.unsupported("Array");
  }

  @Override
  public Ref getRef(int columnIndex) throws SQLException {
    checkOpen();
    throw Errors.unsupported("Ref");
  }

  @Override
  public RowId getRowId(int columnIndex) throws SQLException {
    checkOpen();
    throw Errors.unsupported("RowId");
  }

  @Override
  public SQLXML getSQLXML(int columnIndex) throws SQLException {
    checkOpen();
    throw Errors.unsupported("SQLXML");
  }

  @Override
  public java.net.URL getURL(int columnIndex) throws SQLException {
    checkOpen();
    throw Errors.unsupported("URL");
  }

  // ---- getters by label

  @Override
  public String getString(String columnLabel) throws SQLException {
    return getString(findColumn(columnLabel));
  }

  @Override
  public String getNString(String columnLabel) throws SQLException {
    return getString(findColumn(columnLabel));
  }

  @Override
  public boolean getBoolean(String columnLabel) throws SQLException {
    return getBoolean(findColumn(columnLabel));
  }

  @Override
  public byte getByte(String columnLabel) throws SQLException {
    return getByte(findColumn(columnLabel));
  }

  @Override
  public short getShort(String columnLabel) throws SQLException {
    return getShort(findColumn(columnLabel));
  }

  @Override
  public int getInt(String columnLabel) throws SQLException {
    return getInt(findColumn(columnLabel));
  }

  @Override
  public long getLong(String columnLabel) throws SQLException {
    return getLong(findColumn(columnLabel));
  }

  @Override
  public float getFloat(String columnLabel) throws SQLException {
    return getFloat(findColumn(columnLabel));
  }

  @Override
  public double getDouble(String columnLabel) throws SQLException {
    return getDouble(findColumn(columnLabel));
  }

  @Override
  public BigDecimal getBigDecimal(String columnLabel) throws SQLException {
    return getBigDecimal(findColumn(columnLabel));
  }

  @Override
  @Deprecated
  public BigDecimal getBigDecimal(String columnLabel, int scale) throws SQLException {
    return getBigDecimal(findColumn(columnLabel), scale);
  }

  @Override
  public Date getDate(String columnLabel) throws SQLException {
    return getDate(findColumn(columnLabel));
  }

  @Override
  public Date getDate(String columnLabel, Calendar cal) throws SQLException {
    return getDate(findColumn(columnLabel), cal);
  }

  @Override
  public Time getTime(String columnLabel) throws SQLException {
    return getTime(findColumn(columnLabel));
  }

  @Override
  public Time getTime(String columnLabel, Calendar cal) throws SQLException {
    return getTime(findColumn(columnLabel), cal);
  }

  @Override
  public Timestamp getTimestamp(String columnLabel) throws SQLException {
    return getTimestamp(findColumn(columnLabel));
  }

  @Override
  public Timestamp getTimestamp(String columnLabel, Calendar cal) throws SQLException {
    return getTimestamp(findColumn(columnLabel), cal);
  }

  @Override
  public Object getObject(String columnLabel) throws SQLException {
    return getObject(findColumn(columnLabel));
  }

  @Override
  public Object getObject(String columnLabel, Map<String, Class<?>> map) throws SQLException {
    return getObject(findColumn(columnLabel));
  }

  @Override
  public <T> T getObject(String columnLabel, Class<T> type) throws SQLException {
    return getObject(findColumn(columnLabel), type);
  }

  @Override
  public Reader getCharacterStream(String columnLabel) throws SQLException {
    return getCharacterStream(findColumn(columnLabel));
  }

  @Override
  public Reader getNCharacterStream(String columnLabel) throws SQLException {
    return getCharacterStream(findColumn(columnLabel));
  }

  @Override
  public InputStream getAsciiStream(String columnLabel) throws SQLException {
    return getAsciiStream(findColumn(columnLabel));
  }

  @Override
  @Deprecated
  public InputStream getUnicodeStream(String columnLabel) throws SQLException {
    return getUnicodeStream(findColumn(columnLabel));
  }

  @Override
  public byte[] getBytes(String columnLabel) throws SQLException {
    return getBytes(findColumn(columnLabel));
  }

  @Override
  public InputStream getBinaryStream(String columnLabel) throws SQLException {
    return getBinaryStream(findColumn(columnLabel));
  }

  @Override
  public Blob getBlob(String columnLabel) throws SQLException {
    return getBlob(findColumn(columnLabel));
  }

  @Override
  public Clob getClob(String columnLabel) throws SQLException {
    return getClob(findColumn(columnLabel));
  }

  @Override
  public NClob getNClob(String columnLabel) throws SQLException {
    return getNClob(findColumn(columnLabel));
  }

  @Override
  public Array getArray(String columnLabel) throws SQLException {
    return getArray(findColumn(columnLabel));
  }

  @Override
  public Ref getRef(String columnLabel) throws SQLException {
    return getRef(findColumn(columnLabel));
  }

  @Override
  public RowId getRowId(String columnLabel) throws SQLException {
    return getRowId(findColumn(columnLabel));
  }

  @Override
  public SQLXML getSQLXML(String columnLabel) throws SQLException {
    return getSQLXML(findColumn(columnLabel));
  }

  @Override
  public java.net.URL getURL(String columnLabel) throws SQLException {
    return getURL(findColumn(columnLabel));
  }

  // ---- properties

  @Override
  public ResultSetMetaData getMetaData() throws SQLException {
    checkOpen();
    return new BeamResultSetMetaData(columns);
  }

  /** The statement that produced this result set, or null for DatabaseMetaData results. */
  @Override
  public Statement getStatement() throws SQLException {
    checkOpen();
    return statement;
  }

  @Override
  public int getType() throws SQLException {
    checkOpen();
    return scroll != null ? TYPE_SCROLL_INSENSITIVE : TYPE_FORWARD_ONLY;
  }

  @Override
  public int getConcurrency() throws SQLException {
    checkOpen();
    return CONCUR_READ_ONLY;
  }

  @Override
  public int getHoldability() throws SQLException {
    checkOpen();
    return statement == null ? HOLD_CURSORS_OVER_COMMIT : statement.connection.getHoldability();
  }

  @Override
  public void setFetchDirection(int direction) throws SQLException {
    checkOpen();
    if (direction != FETCH_FORWARD) {
      throw Errors.unsupported("Fetch direction " + direction);
    }
  }

  @Override
  public int getFetchDirection() throws SQLException {
    checkOpen();
    return FETCH_FORWARD;
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
  public SQLWarning getWarnings() throws SQLException {
    checkOpen();
    return null;
  }

  @Override
  public void clearWarnings() throws SQLException {
    checkOpen();
  }

  @Override
  public String getCursorName() throws SQLException {
    checkOpen();
    throw Errors.unsupported("Named cursors");
  }

  @Override
  public boolean rowUpdated() throws SQLException {
    checkOpen();
    return false;
  }

  @Override
  public boolean rowInserted() throws SQLException {
    checkOpen();
    return false;
  }

  @Override
  public boolean rowDeleted() throws SQLException {
    checkOpen();
    return false;
  }

  @Override
  public void insertRow() throws SQLException {
    throw Errors.unsupported("Updating a ResultSet");
  }

  @Override
  public void updateRow() throws SQLException {
    throw Errors.unsupported("Updating a ResultSet");
  }

  @Override
  public void deleteRow() throws SQLException {
    throw Errors.unsupported("Updating a ResultSet");
  }

  @Override
  public void refreshRow() throws SQLException {
    throw Errors.unsupported("Refreshing a row");
  }

  @Override
  public void cancelRowUpdates() throws SQLException {
    throw Errors.unsupported("Updating a ResultSet");
  }

  @Override
  public void moveToInsertRow() throws SQLException {
    throw Errors.unsupported("Updating a ResultSet");
  }

  @Override
  public void moveToCurrentRow() throws SQLException {
    throw Errors.unsupported("Updating a ResultSet");
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    if (iface != null && iface.isInstance(this)) {
      return iface.cast(this);
    }
    throw new SQLException("BeamResultSet does not wrap " + iface, "HY000");
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) {
    return iface != null && iface.isInstance(this);
  }

  // ---- updaters: this result set is read-only (0A000)

  @Override
  public void updateArray(String a0, Array a1) throws SQLException {
    throw Errors.unsupported("Updating a ResultSet");
  }
  @Override
  public void updateArray(int a0, Array a1) throws SQLException {
    throw Errors.unsupported("Updating a ResultSet");
  }
  @Override
  public void updateAsciiStream(String a0, InputStream a1, int a2) throws SQLException {
    throw Errors.unsupported("Updating a ResultSet");
  }
  @Override
  public void updateAsciiStream(String a0, InputStream a1, long a2) throws SQLException {
    throw Errors.unsupported("Updating a ResultSet");
  }
  @Override
  public void updateAsciiStream(String a0, InputStream a1) throws SQLException {
    throw Errors.unsupported("Updating a ResultSet");
  }
  @Override
  public void updateAsciiStream(int a0, InputStream a1, int a2) throws SQLException {
    throw Errors.unsupported("Updating a ResultSet");
  }
  @Override
  public void updateAsciiStream(int a0, InputStream a1, long a2) throws SQLException {
    throw Errors.unsupported("Updating a ResultSet");
  }
  @Override
  public void updateAsciiStream(int a0, InputStream a1) throws SQLException {
    throw Errors.unsupported("Updating a ResultSet");
  }
  @Override
  public void updateBigDecimal(String a0, java.math.BigDecimal a1) throws SQLException {
    throw Errors.unsupported("Updating a ResultSet");
  }
  @Override
  public void updateBigDecimal(int a0, java.math.BigDecimal a1) throws SQLException {
    throw Errors.unsupported("Updating a ResultSet");
  }
  @Override
  public void updateBinaryStream(String a0, InputStream a1, int a2) throws SQLException {
    throw Errors.unsupported("Updating a ResultSet");
  }
  @Override
  public void updateBinaryStream(String a0, InputStream a1, long a2) throws SQLException {
    throw Errors.unsupported("Updating a ResultSet");
  }
  @Override
  public void updateBinaryStream(String a0, InputStream a1) throws SQLException {
    throw Errors.unsupported("Updating a ResultSet");
  }
  @Override
  public void updateBinaryStream(int a0, InputStream a1, int a2) throws SQLException {
    throw Errors.unsupported("Updating a ResultSet");
  }
  @Override
  public void updateBinaryStream(int a0, InputStream a1, long a2) throws SQLException {
    throw Errors.unsupported("Updating a ResultSet");
  }
  @Override
  public void updateBinaryStream(int a0, InputStream a1) throws SQLException {
    throw Errors.unsupported("Updating a ResultSet");
  }
  @Override
  public void updateBlob(String a0, InputStream a1, long a2) throws SQLException {
    throw Errors.unsupported("Updating a ResultSet");
  }
  @Override
  public void updateBlob(String a0, InputStream a1) throws SQLException {
    throw Errors.unsupported("Updating a ResultSet");
  }
  @Override
  public void updateBlob(String a0, Blob a1) throws SQLException {
    throw Errors.unsupported("Updating a ResultSet");
  }
  @Override
  public void updateBlob(int a0, InputStream a1, long a2) throws SQLException {
    throw Errors.unsupported("Updating a ResultSet");
  }
  @Override
  public void updateBlob(int a0, InputStream a1) throws SQLException {
    throw Errors.unsupported("Updating a ResultSet");
  }
  @Override
  public void updateBlob(int a0, Blob a1) throws SQLException {
    throw Errors.unsupported("Updating a ResultSet");
  }
  @Override
  public void updateBoolean(String a0, boolean a1) throws SQLException {
    throw Errors.unsupported("Updating a ResultSet");
  }
  @Override
  public void updateBoolean(int a0, boolean a1) throws SQLException {
    throw Errors.unsupported("Updating a ResultSet");
  }
  @Override
  public void updateByte(String a0, byte a1) throws SQLException {
    throw Errors.unsupported("Updating a ResultSet");
  }
  @Override
  public void updateByte(int a0, byte a1) throws SQLException {
    throw Errors.unsupported("Updating a ResultSet");
  }
  @Override
  public void updateBytes(String a0, byte[] a1) throws SQLException {
    throw Errors.unsupported("Updating a ResultSet");
  }
  @Override
  public void updateBytes(int a0, byte[] a1) throws SQLException {
    throw Errors.unsupported("Updating a ResultSet");
  }
  @Override
  public void updateCharacterStream(String a0, Reader a1, int a2) throws SQLException {
    throw Errors.unsupported("Updating a ResultSet");
  }
  @Override
  public void updateCharacterStream(String a0, Reader a1, long a2) throws SQLException {
    throw Errors.unsupported("Updating a ResultSet");
  }
  @Override
  public void updateCharacterStream(String a0, Reader a1) throws SQLException {
    throw Errors.unsupported("Updating a ResultSet");
  }
  @Override
  public void updateCharacterStream(int a0, Reader a1, int a2) throws SQLException {
    throw Errors.unsupported("Updating a ResultSet");
  }
  @Override
  public void updateCharacterStream(int a0, Reader a1, long a2) throws SQLException {
    throw Errors.unsupported("Updating a ResultSet");
  }
  @Override
  public void updateCharacterStream(int a0, Reader a1) throws SQLException {
    throw Errors.unsupported("Updating a ResultSet");
  }
  @Override
  public void updateClob(String a0, Reader a1, long a2) throws SQLException {
    throw Errors.unsupported("Updating a ResultSet");
  }
  @Override
  public void updateClob(String a0, Reader a1) throws SQLException {
    throw Errors.unsupported("Updating a ResultSet");
  }
  @Override
  public void updateClob(String a0, Clob a1) throws SQLException {
    throw Errors.unsupported("Updating a ResultSet");
  }
  @Override
  public void updateClob(int a0, Reader a1, long a2) throws SQLException {
    throw Errors.unsupported("Updating a ResultSet");
  }
  @Override
  public void updateClob(int a0, Reader a1) throws SQLException {
    throw Errors.unsupported("Updating a ResultSet");
  }
  @Override
  public void updateClob(int a0, Clob a1) throws SQLException {
    throw Errors.unsupported("Updating a ResultSet");
  }
  @Override
  public void updateDate(String a0, Date a1) throws SQLException {
    throw Errors.unsupported("Updating a ResultSet");
  }
  @Override
  public void updateDate(int a0, Date a1) throws SQLException {
    throw Errors.unsupported("Updating a ResultSet");
  }
  @Override
  public void updateDouble(String a0, double a1) throws SQLException {
    throw Errors.unsupported("Updating a ResultSet");
  }
  @Override
  public void updateDouble(int a0, double a1) throws SQLException {
    throw Errors.unsupported("Updating a ResultSet");
  }
  @Override
  public void updateFloat(String a0, float a1) throws SQLException {
    throw Errors.unsupported("Updating a ResultSet");
  }
  @Override
  public void updateFloat(int a0, float a1) throws SQLException {
    throw Errors.unsupported("Updating a ResultSet");
  }
  @Override
  public void updateInt(String a0, int a1) throws SQLException {
    throw Errors.unsupported("Updating a ResultSet");
  }
  @Override
  public void updateInt(int a0, int a1) throws SQLException {
    throw Errors.unsupported("Updating a ResultSet");
  }
  @Override
  public void updateLong(String a0, long a1) throws SQLException {
    throw Errors.unsupported("Updating a ResultSet");
  }
  @Override
  public void updateLong(int a0, long a1) throws SQLException {
    throw Errors.unsupported("Updating a ResultSet");
  }
  @Override
  public void updateNCharacterStream(String a0, Reader a1, long a2) throws SQLException {
    throw Errors.unsupported("Updating a ResultSet");
  }
  @Override
  public void updateNCharacterStream(String a0, Reader a1) throws SQLException {
    throw Errors.unsupported("Updating a ResultSet");
  }
  @Override
  public void updateNCharacterStream(int a0, Reader a1, long a2) throws SQLException {
    throw Errors.unsupported("Updating a ResultSet");
  }
  @Override
  public void updateNCharacterStream(int a0, Reader a1) throws SQLException {
    throw Errors.unsupported("Updating a ResultSet");
  }
  @Override
  public void updateNClob(String a0, Reader a1, long a2) throws SQLException {
    throw Errors.unsupported("Updating a ResultSet");
  }
  @Override
  public void updateNClob(String a0, Reader a1) throws SQLException {
    throw Errors.unsupported("Updating a ResultSet");
  }
  @Override
  public void updateNClob(String a0, NClob a1) throws SQLException {
    throw Errors.unsupported("Updating a ResultSet");
  }
  @Override
  public void updateNClob(int a0, Reader a1, long a2) throws SQLException {
    throw Errors.unsupported("Updating a ResultSet");
  }
  @Override
  public void updateNClob(int a0, Reader a1) throws SQLException {
    throw Errors.unsupported("Updating a ResultSet");
  }
  @Override
  public void updateNClob(int a0, NClob a1) throws SQLException {
    throw Errors.unsupported("Updating a ResultSet");
  }
  @Override
  public void updateNString(String a0, String a1) throws SQLException {
    throw Errors.unsupported("Updating a ResultSet");
  }
  @Override
  public void updateNString(int a0, String a1) throws SQLException {
    throw Errors.unsupported("Updating a ResultSet");
  }
  @Override
  public void updateNull(String a0) throws SQLException {
    throw Errors.unsupported("Updating a ResultSet");
  }
  @Override
  public void updateNull(int a0) throws SQLException {
    throw Errors.unsupported("Updating a ResultSet");
  }
  @Override
  public void updateObject(String a0, Object a1, int a2) throws SQLException {
    throw Errors.unsupported("Updating a ResultSet");
  }
  @Override
  public void updateObject(String a0, Object a1) throws SQLException {
    throw Errors.unsupported("Updating a ResultSet");
  }
  @Override
  public void updateObject(int a0, Object a1, int a2) throws SQLException {
    throw Errors.unsupported("Updating a ResultSet");
  }
  @Override
  public void updateObject(int a0, Object a1) throws SQLException {
    throw Errors.unsupported("Updating a ResultSet");
  }
  @Override
  public void updateRef(String a0, Ref a1) throws SQLException {
    throw Errors.unsupported("Updating a ResultSet");
  }
  @Override
  public void updateRef(int a0, Ref a1) throws SQLException {
    throw Errors.unsupported("Updating a ResultSet");
  }
  @Override
  public void updateRowId(String a0, RowId a1) throws SQLException {
    throw Errors.unsupported("Updating a ResultSet");
  }
  @Override
  public void updateRowId(int a0, RowId a1) throws SQLException {
    throw Errors.unsupported("Updating a ResultSet");
  }
  @Override
  public void updateSQLXML(String a0, SQLXML a1) throws SQLException {
    throw Errors.unsupported("Updating a ResultSet");
  }
  @Override
  public void updateSQLXML(int a0, SQLXML a1) throws SQLException {
    throw Errors.unsupported("Updating a ResultSet");
  }
  @Override
  public void updateShort(String a0, short a1) throws SQLException {
    throw Errors.unsupported("Updating a ResultSet");
  }
  @Override
  public void updateShort(int a0, short a1) throws SQLException {
    throw Errors.unsupported("Updating a ResultSet");
  }
  @Override
  public void updateString(String a0, String a1) throws SQLException {
    throw Errors.unsupported("Updating a ResultSet");
  }
  @Override
  public void updateString(int a0, String a1) throws SQLException {
    throw Errors.unsupported("Updating a ResultSet");
  }
  @Override
  public void updateTime(String a0, Time a1) throws SQLException {
    throw Errors.unsupported("Updating a ResultSet");
  }
  @Override
  public void updateTime(int a0, Time a1) throws SQLException {
    throw Errors.unsupported("Updating a ResultSet");
  }
  @Override
  public void updateTimestamp(String a0, Timestamp a1) throws SQLException {
    throw Errors.unsupported("Updating a ResultSet");
  }
  @Override
  public void updateTimestamp(int a0, Timestamp a1) throws SQLException {
    throw Errors.unsupported("Updating a ResultSet");
  }
}
