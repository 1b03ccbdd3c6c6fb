package io.beamdb.sql.encoding;

import io.beamdb.sql.type.BeamType;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;

/**
 * Memcomparable encoding of key values: the unsigned lexicographic order of the encoded bytes
 * equals the SQL order of the values, so the LSM can seek and range-scan by key. Layout per
 * value: a null marker ({@code 0x00} NULL, sorts first; {@code 0x01} present) followed by
 * <ul>
 *   <li>integers, DATE, TIME, TIMESTAMP [WITH TIME ZONE], intervals: 8 bytes big-endian with the sign bit flipped;</li>
 *   <li>REAL, DOUBLE: the IEEE-754 bits of the double, sign-flipped (negatives inverted);</li>
 *   <li>BOOLEAN: one byte 0 or 1;</li>
 *   <li>CHAR, VARCHAR: UTF-8 with {@code 0x00} escaped as {@code 0x00 0xFF}, terminated by
 *       {@code 0x00 0x01};</li>
 *   <li>BINARY, VARBINARY: the bytes escaped and terminated like strings;</li>
 *   <li>UUID: its 16 bytes, most significant first (unsigned order);</li>
 *   <li>DECIMAL: a sign class byte (1 negative, 2 zero, 3 positive); for non-zero values the
 *       decimal exponent (4 bytes, sign-flipped) and the significant digits as ASCII with a
 *       {@code 0x00} terminator; negative values invert every byte after the class.</li>
 * </ul>
 * The same scheme is used by CockroachDB and MyRocks ("memcomparable format"). Not
 * thread-safe: one encoder per key being built.
 */
public final class KeyEncoder {
  private final ByteArrayOutputStream out;

  public KeyEncoder() {
    this.out = new ByteArrayOutputStream(32);
  }

  /** Starts with {@code prefix} already written. */
  public KeyEncoder(byte[] prefix) {
    this.out = new ByteArrayOutputStream(prefix.length + 32);
    out.write(prefix, 0, prefix.length);
  }

  /** Appends one value of {@code type} (internal representation, may be null). */
  public KeyEncoder add(BeamType type, Object value) {
    if (value == null) {
      out.write(0x00);
      return this;
    }
    out.write(0x01);
    switch (type) {
      case TINYINT:
      case SMALLINT:
      case INTEGER:
      case BIGINT:
      case DATE:
      case TIME:
      case TIMESTAMP:
      case TIMESTAMP_TZ:
      case INTERVAL_YM:
      case INTERVAL_DS:
        writeLong(((Number) value).longValue());
        break;
      case REAL:
      case DOUBLE:
        writeDouble(((Number) value).doubleValue());
        break;
      case BOOLEAN:
        out.write(((Boolean) value) ? 1 : 0);
        break;
      case CHAR:
      case VARCHAR:
        writeString((String) value);
        break;
      case DECIMAL:
        writeDecimal((BigDecimal) value);
        break;
      case BINARY:
      case VARBINARY:
        writeBytes((byte[]) value);
        break;
      case UUID: {
        java.util.UUID u = (java.util.UUID) value;
        writeLongRaw(u.getMostSignificantBits());
        writeLongRaw(u.getLeastSignificantBits());
        break;
      }
      default:
        throw new IllegalArgumentException("type " + type);
    }
    return this;
  }

  /** Appends raw bytes (e.g. an already encoded primary key). */
  public KeyEncoder addRaw(byte[] bytes) {
    out.write(bytes, 0, bytes.length);
    return this;
  }

  /** Appends a big-endian unsigned int (used for table and index ids). */
  public KeyEncoder addInt(int v) {
    out.write(v >>> 24);
    out.write(v >>> 16);
    out.write(v >>> 8);
    out.write(v);
    return this;
  }

  /** Appends a single byte. */
  public KeyEncoder addByte(int b) {
    out.write(b);
    return this;
  }

  /** The encoded bytes so far. */
  public byte[] toBytes() {
    return out.toByteArray();
  }

  private void writeLong(long v) {
    long u = v ^ Long.MIN_VALUE;
    for (int shift = 56; shift >= 0; shift -= 8) {
      out.write((int) (u >>> shift));
    }
  }

  private void writeDouble(double d) {
    if (d == 0.0) {
      d = 0.0; // -0.0 sorts with 0.0
    }
    long bits = Double.doubleToLongBits(d);
    bits = bits < 0 ? ~bits : bits ^ Long.MIN_VALUE;
    for (int shift = 56; shift >= 0; shift -= 8) {
      out.write((int) (bits >>> shift));
    }
  }

  private void writeLongRaw(long v) {
    for (int shift = 56; shift >= 0; shift -= 8) {
      out.write((int) (v >>> shift));
    }
  }

  private void writeString(String s) {
    writeBytes(s.getBytes(StandardCharsets.UTF_8));
  }

  private void writeBytes(byte[] b) {
    for (byte x : b) {
      out.write(x);
      if (x == 0) {
        out.write(0xFF);
      }
    }
    out.write(0x00);
    out.write(0x01);
  }

  private void writeDecimal(BigDecimal v) {
    int signum = v.signum();
    if (signum == 0) {
      out.write(2);
      return;
    }
    out.write(signum < 0 ? 1 : 3);
    BigDecimal abs = v.abs().stripTrailingZeros();
    String digits = abs.unscaledValue().toString();
    int exponent = digits.length() - abs.scale();
    byte[] body = new byte[4 + digits.length() + 1];
    int e = exponent ^ Integer.MIN_VALUE;
    body[0] = (byte) (e >>> 24);
    body[1] = (byte) (e >>> 16);
    body[2] = (byte) (e >>> 8);
    body[3] = (byte) e;
    for (int i = 0; i < digits.length(); i++) {
      body[4 + i] = (byte) digits.charAt(i);
    }
    body[body.length - 1] = 0;
    if (signum < 0) {
      for (int i = 0; i < body.length; i++) {
        body[i] = (byte) ~body[i];
      }
    }
    out.write(body, 0, body.length);
  }

  /**
   * The smallest key greater than every key that starts with {@code prefix}, for use as an
   * exclusive upper bound of a prefix scan; null when no such key exists (all 0xFF).
   */
  public static byte[] prefixEnd(byte[] prefix) {
    byte[] end = prefix.clone();
    for (int i = end.length - 1; i >= 0; i--) {
      if ((end[i] & 0xFF) != 0xFF) {
        end[i]++;
        return java.util.Arrays.copyOf(end, i + 1);
      }
    }
    return null;
  }
}
