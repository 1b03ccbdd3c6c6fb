package io.beamdb.jdbc;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.Reader;
import java.io.StringReader;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.sql.Clob;
import java.sql.NClob;
import java.sql.SQLException;

/**
 * An in-memory, growable Clob: what {@code Connection.createClob} returns and
 * {@code ResultSet.getClob} wraps. Positions are 1-based as JDBC specifies. Not thread-safe.
 */
final class BeamClob implements NClob {
  private StringBuilder text;

  BeamClob(String initial) {
    this.text = new StringBuilder(initial);
  }

  private StringBuilder text() throws SQLException {
    if (text == null) {
      throw new SQLException("Clob was freed", "HY000");
    }
    return text;
  }

  private static void checkPos(long pos, long max) throws SQLException {
    if (pos < 1 || pos > max + 1) {
      throw new SQLException("Clob position " + pos + " out of range 1.." + (max + 1), "22011");
    }
  }

  @Override
  public long length() throws SQLException {
    return text().length();
  }

  @Override
  public String getSubString(long pos, int length) throws SQLException {
    StringBuilder t = text();
    checkPos(pos, t.length());
    int from = (int) pos - 1;
    return t.substring(from, Math.min(t.length(), from + Math.max(0, length)));
  }

  @Override
  public Reader getCharacterStream() throws SQLException {
    return new StringReader(text().toString());
  }

  @Override
  public Reader getCharacterStream(long pos, long length) throws SQLException {
    return new StringReader(getSubString(pos, (int) Math.min(Integer.MAX_VALUE, length)));
  }

  @Override
  public InputStream getAsciiStream() throws SQLException {
    return new ByteArrayInputStream(text().toString().getBytes(StandardCharsets.US_ASCII));
  }

  @Override
  public long position(String searchstr, long start) throws SQLException {
    int i = text().indexOf(searchstr, (int) Math.max(0, start - 1));
    return i < 0 ? -1 : i + 1;
  }

  @Override
  public long position(Clob searchstr, long start) throws SQLException {
    return position(searchstr.getSubString(1, (int) searchstr.length()), start);
  }

  @Override
  public int setString(long pos, String str) throws SQLException {
    return setString(pos, str, 0, str.length());
  }

  @Override
  public int setString(long pos, String str, int offset, int len) throws SQLException {
    StringBuilder t = text();
    checkPos(pos, t.length());
    String part = str.substring(offset, offset + len);
    int from = (int) pos - 1;
    t.replace(from, Math.min(t.length(), from + part.length()), part);
    return part.length();
  }

  @Override
  public OutputStream setAsciiStream(long pos) throws SQLException {
    throw Errors.unsupported("Clob.setAsciiStream (use setString)");
  }

  @Override
  public Writer setCharacterStream(long pos) throws SQLException {
    StringBuilder t = text();
    checkPos(pos, t.length());
    t.setLength((int) pos - 1);
    return new Writer() {
      @Override
      public void write(char[] cbuf, int off, int len) {
        t.append(cbuf, off, len);
      }

      @Override
      public void flush() {
      }

      @Override
      public void close() {
      }
    };
  }

  @Override
  public void truncate(long len) throws SQLException {
    text().setLength((int) Math.min(len, text().length()));
  }

  @Override
  public void free() {
    text = null;
  }

  @Override
  public String toString() {
    return text == null ? "<freed clob>" : text.toString();
  }
}
