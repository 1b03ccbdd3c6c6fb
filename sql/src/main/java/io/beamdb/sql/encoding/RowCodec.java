package io.beamdb.sql.encoding;

import io.beamdb.sql.type.BeamType;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.io.ByteArrayInputStream;

/**
 * Encodes a table row (internal values in declared column order) as the value stored under its
 * primary key. Format, version 1: {@code [version=1][column count u16][null bitmap
 * ceil(n/8) bytes][non-null values in column order]}; integers as 8-byte longs, REAL/DOUBLE as
 * 8-byte doubles, BOOLEAN one byte, strings as u32 length + UTF-8, DECIMAL as i32 scale + u16
 * length + unscaled two's-complement bytes. A row written with fewer columns than the table
 * now has decodes with NULL for the missing trailing columns (so a future ADD COLUMN needs no rewrite).
 * Stateless and thread-safe.
 */
public final class RowCodec {
  /** Format version byte written first. */
  public static final int VERSION = 1;

  private RowCodec() {
  }

  /** Encodes {@code row}; {@code types[i]} is the type of column i. */
  public static byte[] encode(BeamType[] types, Object[] row) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream(16 + row.length * 8);
      DataOutputStream out = new DataOutputStream(bytes);
      int n = types.length;
      out.writeByte(VERSION);
      out.writeShort(n);
      byte[] nulls = new byte[(n + 7) / 8];
      for (int i = 0; i < n; i++) {
        if (row[i] == null) {
          nulls[i >> 3] |= (byte) (1 << (i & 7));
        }
      }
      out.write(nulls);
      for (int i = 0; i < n; i++) {
        Object v = row[i];
        if (v == null) {
          continue;
        }
        switch (types[i]) {
          case TINYINT: case SMALLINT: case INTEGER: case BIGINT: case DATE: case TIME: case TIMESTAMP: case TIMESTAMP_TZ: case INTERVAL_YM: case INTERVAL_DS:
            out.writeLong(((Number) v).longValue());
            break;
          case REAL: case DOUBLE:
            out.writeDouble(((Number) v).doubleValue());
            break;
          case BOOLEAN:
            out.writeByte(((Boolean) v) ? 1 : 0);
            break;
          case CHAR: case VARCHAR: {
            byte[] s = ((String) v).getBytes(java.nio.charset.StandardCharsets.UTF_8);
            out.writeInt(s.length);
            out.write(s);
            break;
          }
          case BINARY: case VARBINARY: {
            byte[] b = (byte[]) v;
            out.writeInt(b.length);
            out.write(b);
            break;
          }
          case UUID: {
            java.util.UUID u = (java.util.UUID) v;
            out.writeLong(u.getMostSignificantBits());
            out.writeLong(u.getLeastSignificantBits());
            break;
          }
          case DECIMAL: {
            BigDecimal d = (BigDecimal) v;
            byte[] u = d.unscaledValue().toByteArray();
            out.writeInt(d.scale());
            out.writeShort(u.length);
            out.write(u);
            break;
          }
          default:
            throw new IllegalArgumentException("type " + types[i]);
        }
      }
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Decodes a row encoded by {@link #encode} into internal values of {@code types}. */
  public static Object[] decode(BeamType[] types, byte[] data) {
    try {
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(data));
      int version = in.readUnsignedByte();
      if (version != VERSION) {
        throw new UncheckedIOException(new IOException("unknown row format version " + version));
      }
      int stored = in.readUnsignedShort();
      byte[] nulls = new byte[(stored + 7) / 8];
      in.readFully(nulls);
      Object[] row = new Object[types.length];
      for (int i = 0; i < stored && i < types.length; i++) {
        if ((nulls[i >> 3] & (1 << (i & 7))) != 0) {
          continue;
        }
        switch (types[i]) {
          case TINYINT: row[i] = (byte) in.readLong(); break;
          case SMALLINT: row[i] = (short) in.readLong(); break;
          case INTEGER: case DATE: case TIME: row[i] = (int) in.readLong(); break;
          case BIGINT: case TIMESTAMP: case TIMESTAMP_TZ: case INTERVAL_YM: case INTERVAL_DS: row[i] = in.readLong(); break;
          case REAL: row[i] = (float) in.readDouble(); break;
          case DOUBLE: row[i] = in.readDouble(); break;
          case BOOLEAN: row[i] = in.readByte() != 0; break;
          case CHAR: case VARCHAR: {
            byte[] s = new byte[in.readInt()];
            in.readFully(s);
            row[i] = new String(s, java.nio.charset.StandardCharsets.UTF_8);
            break;
          }
          case BINARY: case VARBINARY: {
            byte[] b = new byte[in.readInt()];
            in.readFully(b);
            row[i] = b;
            break;
          }
          case UUID:
            row[i] = new java.util.UUID(in.readLong(), in.readLong());
            break;
          case DECIMAL: {
            int scale = in.readInt();
            byte[] u = new byte[in.readUnsignedShort()];
            in.readFully(u);
            row[i] = new BigDecimal(new BigInteger(u), scale);
            break;
          }
          default:
            throw new IllegalArgumentException("type " + types[i]);
        }
      }
      return row;
    } catch (IOException e) {
      throw new UncheckedIOException("corrupt row encoding", e);
    }
  }
}
