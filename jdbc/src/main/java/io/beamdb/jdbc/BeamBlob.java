package io.beamdb.jdbc;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.io.OutputStream;
import java.sql.Blob;
import java.sql.SQLException;
import java.util.Arrays;

/**
 * An in-memory, growable Blob: what {@code Connection.createBlob} returns and
 * {@code ResultSet.getBlob} wraps. Positions are 1-based as JDBC specifies. Not thread-safe.
 */
final class BeamBlob implements Blob {
  private byte[] data;
  private int length;

  BeamBlob(byte[] initial) {
    this.data = initial.clone();
    this.length = initial.length;
  }

  private byte[] data() throws SQLException {
    if (data == null) {
      throw new SQLException("Blob was freed", "HY000");
    }
    return data;
  }

  private void checkPos(long pos) throws SQLException {
    if (pos < 1 || pos > length + 1L) {
      throw new SQLException("Blob position " + pos + " out of range 1.." + (length + 1), "22011");
    }
  }

  /** The current content. */
  byte[] bytes() throws SQLException {
    return Arrays.copyOf(data(), length);
  }

  @Override
  public long length() throws SQLException {
    data();
    return length;
  }

  @Override
  public byte[] getBytes(long pos, int len) throws SQLException {
    checkPos(pos);
    int from = (int) pos - 1;
    return Arrays.copyOfRange(data(), from, Math.min(length, from + Math.max(0, len)));
  }

  @Override
  public InputStream getBinaryStream() throws SQLException {
    return new ByteArrayInputStream(data(), 0, length);
  }

  @Override
  public InputStream getBinaryStream(long pos, long len) throws SQLException {
    return new ByteArrayInputStream(getBytes(pos, (int) Math.min(Integer.MAX_VALUE, len)));
  }

  @Override
  public long position(byte[] pattern, long start) throws SQLException {
    byte[] d = data();
    outer:
    for (int i = (int) Math.max(0, start - 1); i + pattern.length <= length; i++) {
      for (int j = 0; j < pattern.length; j++) {
        if (d[i + j] != pattern[j]) {
          continue outer;
        }
      }
      return i + 1;
    }
    return -1;
  }

  @Override
  public long position(Blob pattern, long start) throws SQLException {
    return position(pattern.getBytes(1, (int) pattern.length()), start);
  }

  @Override
  public int setBytes(long pos, byte[] bytes) throws SQLException {
    return setBytes(pos, bytes, 0, bytes.length);
  }

  @Override
  public int setBytes(long pos, byte[] bytes, int offset, int len) throws SQLException {
    checkPos(pos);
    int from = (int) pos - 1;
    if (from + len > data().length) {
      data = Arrays.copyOf(data, Math.max(from + len, data.length * 2));
    }
    System.arraycopy(bytes, offset, data, from, len);
    length = Math.max(length, from + len);
    return len;
  }

  @Override
  public OutputStream setBinaryStream(long pos) throws SQLException {
    checkPos(pos);
    long[] at = {pos};
    return new ByteArrayOutputStream() {
      @Override
      public void write(byte[] b, int off, int len) {
        try {
          setBytes(at[0], b, off, len);
          at[0] += len;
        } catch (SQLException e) {
          throw new IllegalStateException(e);
        }
      }

      @Override
      public void write(int b) {
        write(new byte[] {(byte) b}, 0, 1);
      }
    };
  }

  @Override
  public void truncate(long len) throws SQLException {
    data();
    length = (int) Math.min(len, length);
  }

  @Override
  public void free() {
    data = null;
  }
}
