package io.beamdb.planner.stats;

import io.beamdb.planner.expr.Values;
import io.beamdb.sql.catalog.TableDef;
import io.beamdb.sql.encoding.KeyEncoder;
import io.beamdb.sql.encoding.RowCodec;
import io.beamdb.sql.encoding.TableKeys;
import io.beamdb.sql.type.BeamType;
import io.beamdb.txn.KvCursor;
import io.beamdb.txn.Transaction;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Computes {@link TableStats} by reading every row of a table once through a transaction's
 * snapshot: exact row and NULL counts, exact min/max, distinct counts with one
 * {@link HyperLogLog} per column, and a histogram of {@value #BUCKETS} buckets per column from a
 * uniform sample of up to {@value #SAMPLE} rows (reservoir sampling, "Algorithm R" of J. S.
 * Vitter, "Random sampling with a reservoir", ACM TOMS 1985). Memory: 16 KiB per column for
 * the sketches plus the sample. Costs one full scan; {@code ANALYZE} and the automatic
 * re-analysis call it; an interrupt of the calling thread stops it (57014). Stateless and
 * thread-safe (each call has its own state).
 */
public final class Analyzer {
  /** Rows kept in the sample the histograms come from. */
  public static final int SAMPLE = 10_000;
  /** Buckets of each histogram (so {@code BUCKETS + 1} bounds). */
  public static final int BUCKETS = 100;
  /** String values longer than this are left out of histograms (they are not worth storing). */
  private static final int MAX_STRING = 200;

  private Analyzer() {
  }

  /**
   * Reads {@code table} through {@code txn} and returns its statistics.
   *
   * @throws SQLException as the transaction's scan reports (e.g. 57014 when interrupted)
   */
  public static TableStats analyze(TableDef table, Transaction txn) throws SQLException {
    BeamType[] types = table.types();
    int n = types.length;
    HyperLogLog[] hll = new HyperLogLog[n];
    long[] nulls = new long[n];
    Object[] min = new Object[n];
    Object[] max = new Object[n];
    boolean[] histo = new boolean[n];
    for (int i = 0; i < n; i++) {
      hll[i] = new HyperLogLog();
      histo[i] = histogramType(types[i]);
    }
    List<Object[]> sample = new ArrayList<>();
    SplittableRandom random = new SplittableRandom(0x5eed ^ table.id());
    long rows = 0;
    byte[] prefix = TableKeys.prefix(table.id(), 0);
    try (KvCursor c = txn.scan(prefix, KeyEncoder.prefixEnd(prefix))) {
      while (c.next()) {
        Object[] row = RowCodec.decode(types, c.value());
        rows++;
        if ((rows & 1023) == 0 && Thread.currentThread().isInterrupted()) {
          throw new SQLException("Analysis of " + table.qualifiedName() + " was interrupted", "57014");
        }
        for (int i = 0; i < n; i++) {
          Object v = row[i];
          if (v == null) {
            nulls[i]++;
            continue;
          }
          hll[i].addHash(HyperLogLog.mix(hash(v)));
          if (min[i] == null || Values.compare(v, min[i]) < 0) {
            min[i] = v;
          }
          if (max[i] == null || Values.compare(v, max[i]) > 0) {
            max[i] = v;
          }
        }
        if (sample.size() < SAMPLE) {
          sample.add(row.clone());
        } else {
          long j = random.nextLong(rows);
          if (j < SAMPLE) {
            sample.set((int) j, row.clone());
          }
        }
      }
    }
    ColumnStats[] cols = new ColumnStats[n];
    for (int i = 0; i < n; i++) {
      long nonNull = rows - nulls[i];
      long distinct = nonNull == 0 ? 0 : Math.max(1, Math.min(nonNull, hll[i].estimate()));
      Object[] q = histo[i] ? quantiles(sample, i) : new Object[0];
      cols[i] = new ColumnStats(distinct, nulls[i], min[i], max[i], q);
    }
    return new TableStats(rows, rows, System.currentTimeMillis(), types.clone(), cols);
  }

  private static boolean histogramType(BeamType t) {
    switch (t) {
      case BINARY: case VARBINARY: case UUID:
        return false;
      default:
        return t.ordinal() <= BeamType.TIMESTAMP.ordinal() || t == BeamType.TIMESTAMP_TZ;
    }
  }

  /** {@link #BUCKETS} + 1 evenly spaced order statistics of column {@code col} of the sample. */
  private static Object[] quantiles(List<Object[]> sample, int col) {
    List<Object> vals = new ArrayList<>();
    for (Object[] r : sample) {
      Object v = r[col];
      if (v != null && !(v instanceof String && ((String) v).length() > MAX_STRING)) {
        vals.add(v);
      }
    }
    if (vals.size() < 2) {
      return new Object[0];
    }
    vals.sort(Values::compare);
    int k = Math.min(BUCKETS, vals.size() - 1);
    Object[] out = new Object[k + 1];
    for (int i = 0; i <= k; i++) {
      out[i] = vals.get((int) Math.round((double) i * (vals.size() - 1) / k));
    }
    return out;
  }

  /** A 64-bit hash of a value such that SQL-equal values hash alike. */
  static long hash(Object v) {
    Object k = Values.hashKey(v);
    if (k instanceof Long) {
      return (Long) k;
    }
    if (k instanceof Double) {
      return Double.doubleToLongBits((Double) k);
    }
    if (k instanceof String) {
      String s = (String) k;
      long h = 1125899906842597L; // a 64-bit polynomial string hash, so strings do not collide at 2^32
      for (int i = 0; i < s.length(); i++) {
        h = 31 * h + s.charAt(i);
      }
      return h;
    }
    if (k instanceof java.nio.ByteBuffer) {
      return Arrays.hashCode(((java.nio.ByteBuffer) k).array()) * 0x9E3779B97F4A7C15L;
    }
    return k.hashCode() * 0x9E3779B97F4A7C15L;
  }
}
