package io.beamdb.wire;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;

/**
 * Reads the payload of one received frame (see {@link Frames#read}). Reading past the end or an
 * unknown value tag throws {@link ProtocolException}. Not thread-safe.
 */
public final class WireReader {
  private final byte type;
  private final byte[] buf;
  private int pos;

  WireReader(byte type, byte[] payload) {
    this.type = type;
    this.buf = payload;
  }

  /** The frame type ({@link Protocol} constants). */
  public byte type() {
    return type;
  }

  /** True when unread bytes remain. */
  public boolean hasMore() {
    return pos < buf.length;
  }

  public byte readByte() {
    need(1);
    return buf[pos++];
  }

  public boolean readBoolean() {
    return readByte() != 0;
  }

  public int readInt() {
    need(4);
    int v = ((buf[pos] & 0xff) << 24) | ((buf[pos + 1] & 0xff) << 16) | ((buf[pos + 2] & 0xff) << 8)
        | (buf[pos + 3] & 0xff);
    pos += 4;
    return v;
  }

  public long readLong() {
    return ((long) readInt() << 32) | (readInt() & 0xffffffffL);
  }

  /** A byte array written by {@link WireWriter#writeBytes}; may be null. */
  public byte[] readBytes() {
    int n = readInt();
    if (n < 0) {
      return null;
    }
    need(n);
    byte[] out = new byte[n];
    System.arraycopy(buf, pos, out, 0, n);
    pos += n;
    return out;
  }

  /** A string written by {@link WireWriter#writeString}; may be null. */
  public String readString() {
    int n = readInt();
    if (n < 0) {
      return null;
    }
    need(n);
    String s = new String(buf, pos, n, StandardCharsets.UTF_8);
    pos += n;
    return s;
  }

  /** A value written by {@link WireWriter#value}. */
  public Object value() {
    byte tag = readByte();
    return switch (tag) {
      case ValueTag.NULL -> null;
      case ValueTag.INT -> readInt();
      case ValueTag.LONG -> readLong();
      case ValueTag.SHORT -> (short) readInt();
      case ValueTag.BYTE -> readByte();
      case ValueTag.DECIMAL -> {
        int scale = readInt();
        yield new BigDecimal(new BigInteger(readBytes()), scale);
      }
      case ValueTag.DOUBLE -> Double.longBitsToDouble(readLong());
      case ValueTag.FLOAT -> Float.intBitsToFloat(readInt());
      case ValueTag.STRING -> readString();
      case ValueTag.TRUE -> Boolean.TRUE;
      case ValueTag.FALSE -> Boolean.FALSE;
      case ValueTag.DATE -> LocalDate.ofEpochDay(readLong());
      case ValueTag.TIME -> LocalTime.ofNanoOfDay(readLong());
      case ValueTag.TIMESTAMP -> LocalDateTime.of(LocalDate.ofEpochDay(readLong()), LocalTime.ofNanoOfDay(readLong()));
      case ValueTag.BYTES -> readBytes();
      case ValueTag.UUID -> new java.util.UUID(readLong(), readLong());
      case ValueTag.OFFSET_DATETIME -> {
        long seconds = readLong();
        int nano = readInt();
        java.time.ZoneOffset offset = java.time.ZoneOffset.ofTotalSeconds(readInt());
        yield java.time.OffsetDateTime.ofInstant(java.time.Instant.ofEpochSecond(seconds, nano), offset);
      }
      case ValueTag.DURATION -> java.time.Duration.ofSeconds(readLong(), readInt());
      case ValueTag.PERIOD -> java.time.Period.ofMonths(Math.toIntExact(readLong())).normalized();
      default -> throw new ProtocolException("unknown value tag " + tag);
    };
  }

  private void need(int n) {
    if (n < 0 || pos + n > buf.length) {
      throw new ProtocolException("frame of type " + type + " ends early (" + buf.length + " bytes, need "
          + (pos + n) + ")");
    }
  }
}
