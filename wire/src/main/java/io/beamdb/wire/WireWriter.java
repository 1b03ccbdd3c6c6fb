package io.beamdb.wire;

import java.io.IOException;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.UUID;

/**
 * Builds one frame in memory: big-endian integers, length-prefixed UTF-8 strings and byte
 * arrays, and tagged SQL values ({@link #value}). Reusable through {@link #reset}. Not
 * thread-safe.
 */
public final class WireWriter {
  private byte[] buf = new byte[256];
  private int pos;

  /** Starts a new frame of {@code type}, discarding anything written before. */
  public WireWriter reset(byte type) {
    pos = 4; // length placeholder
    return writeByte(type);
  }

  public WireWriter writeByte(int b) {
    ensure(1);
    buf[pos++] = (byte) b;
    return this;
  }

  public WireWriter writeBoolean(boolean b) {
    return writeByte(b ? 1 : 0);
  }

  public WireWriter writeInt(int v) {
    ensure(4);
    buf[pos++] = (byte) (v >>> 24);
    buf[pos++] = (byte) (v >>> 16);
    buf[pos++] = (byte) (v >>> 8);
    buf[pos++] = (byte) v;
    return this;
  }

  public WireWriter writeLong(long v) {
    writeInt((int) (v >>> 32));
    return writeInt((int) v);
  }

  /** A byte array with an int length; null is written as length -1. */
  public WireWriter writeBytes(byte[] b) {
    if (b == null) {
      return writeInt(-1);
    }
    writeInt(b.length);
    ensure(b.length);
    System.arraycopy(b, 0, buf, pos, b.length);
    pos += b.length;
    return this;
  }

  /** A UTF-8 string with an int length; null is written as length -1. */
  public WireWriter writeString(String s) {
    return writeBytes(s == null ? null : s.getBytes(StandardCharsets.UTF_8));
  }

  /**
   * A tagged SQL value: null, Integer, Long, Short, Byte, BigDecimal, Double, Float, String,
   * Boolean, LocalDate, LocalTime, LocalDateTime, OffsetDateTime (also ZonedDateTime and Instant),
   * Duration, Period, byte[], UUID (the engine's external values,
   * see {@code io.beamdb.engine.RowCursor}).
   *
   * @throws IllegalArgumentException for any other class
   */
  public WireWriter value(Object v) {
    if (v == null) {
      return writeByte(ValueTag.NULL);
    } else if (v instanceof Integer i) {
      return writeByte(ValueTag.INT).writeInt(i);
    } else if (v instanceof Long l) {
      return writeByte(ValueTag.LONG).writeLong(l);
    } else if (v instanceof String s) {
      return writeByte(ValueTag.STRING).writeString(s);
    } else if (v instanceof BigDecimal d) {
      return writeByte(ValueTag.DECIMAL).writeInt(d.scale()).writeBytes(d.unscaledValue().toByteArray());
    } else if (v instanceof Double d) {
      return writeByte(ValueTag.DOUBLE).writeLong(Double.doubleToRawLongBits(d));
    } else if (v instanceof Boolean b) {
      return writeByte(b ? ValueTag.TRUE : ValueTag.FALSE);
    } else if (v instanceof Short s) {
      return writeByte(ValueTag.SHORT).writeInt(s);
    } else if (v instanceof Byte b) {
      return writeByte(ValueTag.BYTE).writeByte(b);
    } else if (v instanceof Float f) {
      return writeByte(ValueTag.FLOAT).writeInt(Float.floatToRawIntBits(f));
    } else if (v instanceof LocalDate d) {
      return writeByte(ValueTag.DATE).writeLong(d.toEpochDay());
    } else if (v instanceof LocalTime t) {
      return writeByte(ValueTag.TIME).writeLong(t.toNanoOfDay());
    } else if (v instanceof LocalDateTime t) {
      return writeByte(ValueTag.TIMESTAMP).writeLong(t.toLocalDate().toEpochDay())
          .writeLong(t.toLocalTime().toNanoOfDay());
    } else if (v instanceof byte[] b) {
      return writeByte(ValueTag.BYTES).writeBytes(b);
    } else if (v instanceof UUID u) {
      return writeByte(ValueTag.UUID).writeLong(u.getMostSignificantBits()).writeLong(u.getLeastSignificantBits());
    } else if (v instanceof java.time.OffsetDateTime t) {
      return writeByte(ValueTag.OFFSET_DATETIME).writeLong(t.toEpochSecond()).writeInt(t.getNano())
          .writeInt(t.getOffset().getTotalSeconds());
    } else if (v instanceof java.time.ZonedDateTime t) {
      return value(t.toOffsetDateTime());
    } else if (v instanceof java.time.Instant t) {
      return value(t.atOffset(java.time.ZoneOffset.UTC));
    } else if (v instanceof java.time.Duration d) {
      return writeByte(ValueTag.DURATION).writeLong(d.getSeconds()).writeInt(d.getNano());
    } else if (v instanceof java.time.Period p) {
      return writeByte(ValueTag.PERIOD).writeLong(p.toTotalMonths());
    }
    throw new IllegalArgumentException("cannot send a " + v.getClass().getName() + " over the wire");
  }

  /** Writes the frame (patching its length) to {@code out}; does not flush. */
  public void writeTo(OutputStream out) throws IOException {
    int length = pos - 4;
    buf[0] = (byte) (length >>> 24);
    buf[1] = (byte) (length >>> 16);
    buf[2] = (byte) (length >>> 8);
    buf[3] = (byte) length;
    out.write(buf, 0, pos);
  }

  /** Bytes written so far including the 4-byte length field. */
  public int size() {
    return pos;
  }

  private void ensure(int n) {
    if (pos + n > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, pos + n));
    }
  }
}
