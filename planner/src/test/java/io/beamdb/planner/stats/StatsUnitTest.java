package io.beamdb.planner.stats;

import io.beamdb.sql.type.BeamType;
import org.junit.jupiter.api.Test;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** HyperLogLog accuracy, statistics encoding and the selectivity estimates. */
class StatsUnitTest {
  @Test
  void hyperLogLogIsWithinAFewPercent() {
    for (int n : new int[] {1, 10, 1000, 100_000, 1_000_000}) {
      HyperLogLog h = new HyperLogLog();
      for (int i = 0; i < n; i++) {
        h.addHash(HyperLogLog.mix(i));
        h.addHash(HyperLogLog.mix(i)); // duplicates do not count
      }
      double err = Math.abs(h.estimate() - n) / (double) n;
      assertTrue(err < 0.03, n + " -> " + h.estimate());
    }
  }

  @Test
  void statisticsRoundTrip() {
    ColumnStats a = new ColumnStats(3, 1, 1L, 9L, new Object[] {1L, 5L, 9L});
    ColumnStats b = new ColumnStats(2, 0, "a", "b", new Object[] {"a", "b"});
    ColumnStats c = new ColumnStats(0, 4, null, null, new Object[0]);
    TableStats s = new TableStats(4, 4, 123L, new BeamType[] {BeamType.BIGINT, BeamType.VARCHAR, BeamType.DATE},
        new ColumnStats[] {a, b, c});
    TableStats d = TableStats.decode(s.encode());
    assertEquals(4, d.rowCount());
    assertEquals(123L, d.analyzedAt());
    assertArrayEquals(s.types(), d.types());
    assertEquals(3, d.column(0).distinct());
    assertEquals(1, d.column(0).nullCount());
    assertEquals(9L, d.column(0).max());
    assertArrayEquals(new Object[] {"a", "b"}, d.column(1).quantiles());
    assertEquals(null, d.column(2).min());
  }

  @Test
  void selectivityFollowsTheHistogram() {
    Object[] q = new Object[101];
    for (int i = 0; i < q.length; i++) {
      q[i] = i < 91 ? 0L : (long) (i * 10); // 90% zeros, then a spread of distinct values
    }
    ColumnStats c = new ColumnStats(1001, 0, 0L, 1000L, q);
    long rows = 10_000;
    assertEquals(0.9, c.equalSelectivity(0L, rows), 0.01);
    assertTrue(c.equalSelectivity(950L, rows) <= 0.01);
    assertEquals(0, c.equalSelectivity(5000L, rows)); // above the max
    assertEquals(0.9, c.rangeSelectivity(null, false, 0L, true, rows), 0.02);
    assertEquals(1.0, c.rangeSelectivity(0L, true, null, false, rows), 1e-9);
    assertTrue(CostModel.fullScanCheaper(0.9, rows));
    assertTrue(!CostModel.fullScanCheaper(0.01, rows));
  }
}
