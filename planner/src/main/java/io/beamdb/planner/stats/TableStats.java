package io.beamdb.planner.stats;

import io.beamdb.sql.catalog.TableDef;
import io.beamdb.sql.encoding.RowCodec;
import io.beamdb.sql.type.BeamType;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;

/**
 * Statistics of one table as of its last analysis ({@code ANALYZE} or automatic re-analysis):
 * the row count, the column types they were computed for (stale after ALTER TABLE changes them,
 * see {@link #matches}) and one {@link ColumnStats} per column. {@link #rowCount} may be
 * adjusted between analyses by committed inserts and deletes ({@link #withRowCount}).
 * Immutable and thread-safe.
 *
 * <p>Stored format ({@link #encode}), version 1: {@code [1][rowCount i64][analyzedAt i64 ms]
 * [column count u16][per column: type ordinal u8][per column: distinct i64, nullCount i64,
 * quantile count u16, then a RowCodec row of (min, max, quantiles...) all of the column's type]}.
 *
 * @param rowCount       rows in the table (estimated; exact when just analyzed)
 * @param analyzedRows   rows counted by the last analysis
 * @param analyzedAt     wall-clock time of the last analysis, milliseconds since 1970
 * @param types          column types when analyzed
 * @param columns        per-column statistics, in column order
 */
public record TableStats(long rowCount, long analyzedRows, long analyzedAt, BeamType[] types, ColumnStats[] columns) {
  private static final int VERSION = 1;

  /** True when these statistics were computed for {@code table}'s current columns. */
  public boolean matches(TableDef table) {
    return Arrays.equals(types, table.types());
  }

  /** The same statistics with another current row count. */
  public TableStats withRowCount(long rows) {
    return new TableStats(Math.max(0, rows), analyzedRows, analyzedAt, types, columns);
  }

  /** Statistics of column {@code i}. */
  public ColumnStats column(int i) {
    return columns[i];
  }

  /** Serializes in the format described in the class comment. */
  public byte[] encode() {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeByte(VERSION);
      out.writeLong(rowCount);
      out.writeLong(analyzedAt);
      out.writeShort(types.length);
      for (BeamType t : types) {
        out.writeByte(t.ordinal());
      }
      for (int i = 0; i < types.length; i++) {
        ColumnStats c = columns[i];
        out.writeLong(c.distinct());
        out.writeLong(c.nullCount());
        out.writeShort(c.quantiles().length);
        Object[] vals = new Object[2 + c.quantiles().length];
        vals[0] = c.min();
        vals[1] = c.max();
        System.arraycopy(c.quantiles(), 0, vals, 2, c.quantiles().length);
        BeamType[] ts = new BeamType[vals.length];
        Arrays.fill(ts, types[i]);
        byte[] row = RowCodec.encode(ts, vals);
        out.writeInt(row.length);
        out.write(row);
      }
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * Reads statistics written by {@link #encode}.
   *
   * @throws IllegalArgumentException for an unknown version or a damaged value
   */
  public static TableStats decode(byte[] data) {
    try {
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(data));
      int v = in.readUnsignedByte();
      if (v != VERSION) {
        throw new IllegalArgumentException("unknown statistics format version " + v);
      }
      long rows = in.readLong();
      long at = in.readLong();
      int n = in.readUnsignedShort();
      BeamType[] types = new BeamType[n];
      BeamType[] all = BeamType.values();
      for (int i = 0; i < n; i++) {
        types[i] = all[in.readUnsignedByte()];
      }
      ColumnStats[] cols = new ColumnStats[n];
      for (int i = 0; i < n; i++) {
        long distinct = in.readLong();
        long nulls = in.readLong();
        int q = in.readUnsignedShort();
        byte[] row = new byte[in.readInt()];
        in.readFully(row);
        BeamType[] ts = new BeamType[2 + q];
        Arrays.fill(ts, types[i]);
        Object[] vals = RowCodec.decode(ts, row);
        cols[i] = new ColumnStats(distinct, nulls, vals[0], vals[1], Arrays.copyOfRange(vals, 2, vals.length));
      }
      return new TableStats(rows, rows, at, types, cols);
    } catch (IOException | RuntimeException e) {
      throw new IllegalArgumentException("damaged table statistics: " + e, e);
    }
  }
}
