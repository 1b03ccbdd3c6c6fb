package io.beamdb.planner.stats;

import io.beamdb.planner.expr.Values;

/**
 * Statistics of one column, gathered by {@link Analyzer}: the number of distinct non-null values
 * (a HyperLogLog estimate), the number of NULLs, the smallest and largest value, and an
 * equi-depth histogram given as {@code quantiles}: sorted values of a uniform random sample of
 * the non-null values at evenly spaced ranks ({@code quantiles[0]} the sample's minimum, the last
 * its maximum), as PostgreSQL's {@code pg_stats.histogram_bounds}. A value that fills many
 * quantiles is frequent: a value repeated in {@code c} of the {@code k} quantiles covers about
 * {@code c / k} of the non-null rows, which is how the estimates below see skew without a
 * separate most-common-values list. Values are BeamDB's internal representation (see
 * {@code BeamType}). Immutable (the arrays are not copied: do not modify them).
 *
 * @param distinct  estimated number of distinct non-null values (at least 1 when any are non-null)
 * @param nullCount number of NULLs when analyzed
 * @param min       smallest non-null value, null when the column was all NULL
 * @param max       largest non-null value, null when the column was all NULL
 * @param quantiles histogram bounds, possibly empty
 */
public record ColumnStats(long distinct, long nullCount, Object min, Object max, Object[] quantiles) {
  /**
   * Estimated fraction of all {@code rows} rows whose column equals {@code value}; a NULL value
   * matches nothing. {@code rows} is the analyzed row count.
   */
  public double equalSelectivity(Object value, long rows) {
    if (rows <= 0) {
      return 1.0;
    }
    if (value == null) {
      return 0;
    }
    double nonNull = nonNullFraction(rows);
    if (min != null && (Values.compare(value, min) < 0 || Values.compare(value, max) > 0)) {
      return 0;
    }
    if (quantiles.length >= 2) {
      int c = 0;
      for (Object q : quantiles) {
        if (Values.compare(q, value) == 0) {
          c++;
        }
      }
      int k = quantiles.length - 1;
      if (c >= 2) {
        return nonNull * Math.min(1.0, (double) (c - 1) / k);
      }
      // not frequent: share what the frequent values leave among the other distinct values,
      // and never more than one bucket (a value spanning a whole bucket would repeat a bound)
      double frequentShare = 0;
      int frequent = 0;
      int run = 1;
      for (int i = 1; i <= quantiles.length; i++) {
        if (i < quantiles.length && Values.compare(quantiles[i], quantiles[i - 1]) == 0) {
          run++;
          continue;
        }
        if (run >= 2) {
          frequentShare += (double) (run - 1) / k;
          frequent++;
        }
        run = 1;
      }
      double rest = Math.max(0, 1 - frequentShare) / Math.max(1, distinct - frequent);
      return nonNull * Math.max(1.0 / rows, Math.min(rest, 1.0 / k));
    }
    return equalSelectivityUnknown(rows);
  }

  /** Fraction of rows equal to a value not known at planning time ({@code ?}): 1 / distinct of the non-null rows. */
  public double equalSelectivityUnknown(long rows) {
    return rows <= 0 ? 1.0 : nonNullFraction(rows) / Math.max(1, distinct);
  }

  /**
   * Estimated fraction of all {@code rows} rows in the range; a null bound means unbounded on that
   * side. Uses the histogram (linear within the bucket that holds a bound, for numeric values),
   * else min/max interpolation for numbers, else one third.
   */
  public double rangeSelectivity(Object lower, boolean lowerIncl, Object upper, boolean upperIncl, long rows) {
    if (rows <= 0) {
      return 1.0;
    }
    double nonNull = nonNullFraction(rows);
    if (min == null) {
      return 0;
    }
    double lo = lower == null ? 0 : cumulative(lower, !lowerIncl);
    double hi = upper == null ? 1 : cumulative(upper, upperIncl);
    return nonNull * Math.max(0, Math.min(1, hi - lo));
  }

  /** Fraction of non-null values {@code < v} ({@code <= v} when {@code inclusive}). */
  private double cumulative(Object v, boolean inclusive) {
    if (Values.compare(v, min) < 0 || (!inclusive && Values.compare(v, min) == 0)) {
      return 0;
    }
    if (Values.compare(v, max) > 0 || (inclusive && Values.compare(v, max) == 0)) {
      return 1;
    }
    int k = quantiles.length - 1;
    if (k < 1) {
      Double f = interpolate(v, min, max);
      return f != null ? f : 1.0 / 3;
    }
    // first bucket i with quantiles[i+1] > v (or >= for exclusive), by scanning the bounds
    int below = 0; // number of bounds strictly below v (or <= v)
    for (Object q : quantiles) {
      int c = Values.compare(q, v);
      if (c < 0 || (inclusive && c == 0)) {
        below++;
      }
    }
    if (below == 0) {
      return 0;
    }
    if (below > k) {
      return 1;
    }
    double f = (below - 1.0) / k; // v lies in bucket [quantiles[below-1], quantiles[below]]
    Double within = interpolate(v, quantiles[below - 1], quantiles[below]);
    return f + (within == null ? 0.5 : within) / k;
  }

  /** Position of {@code v} between numbers {@code a} and {@code b} in [0, 1], or null for non-numbers. */
  private static Double interpolate(Object v, Object a, Object b) {
    if (!(v instanceof Number) || !(a instanceof Number) || !(b instanceof Number)) {
      return null;
    }
    double x = ((Number) v).doubleValue();
    double lo = ((Number) a).doubleValue();
    double hi = ((Number) b).doubleValue();
    if (!(hi > lo)) {
      return 0.5;
    }
    return Math.max(0, Math.min(1, (x - lo) / (hi - lo)));
  }

  private double nonNullFraction(long rows) {
    return Math.max(0, Math.min(1, 1 - (double) nullCount / rows));
  }
}
