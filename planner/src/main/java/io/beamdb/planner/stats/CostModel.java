package io.beamdb.planner.stats;

/**
 * BeamDB's cost model for reading a table, in abstract units of "one row read sequentially and
 * decoded" (PostgreSQL's {@code seq_page_cost} idea at row granularity). The constants were
 * calibrated on the in-memory LSM (see docs/02-planning.md, "Statistics and cost"):
 *
 * <ul>
 *   <li>full scan: {@code rows * SEQ_ROW};</li>
 *   <li>primary-key range: {@code SEEK + matched * SEQ_ROW} (rows are stored in key order);</li>
 *   <li>secondary-index range: {@code SEEK + matched * (INDEX_ENTRY + ROW_FETCH)}: each index
 *       entry is followed by a point get of its row, which costs a seek through the LSM
 *       (PostgreSQL's {@code random_page_cost = 4} plays the same part).</li>
 * </ul>
 *
 * So an index wins while it matches less than about {@code 1 / (INDEX_ENTRY + ROW_FETCH)} of
 * the rows ({@link #indexBreakEven()}), 20%. Selectivities come from {@link ColumnStats}; the
 * combination of several columns assumes independence (the textbook assumption, as in System R:
 * P. G. Selinger et al., "Access path selection in a relational database management system",
 * SIGMOD 1979). Stateless and thread-safe.
 */
public final class CostModel {
  /** Cost of reading and decoding one row in key order. */
  public static final double SEQ_ROW = 1.0;
  /** Cost of reading one secondary-index entry. */
  public static final double INDEX_ENTRY = 1.0;
  /** Cost of the point get that fetches the row behind an index entry. */
  public static final double ROW_FETCH = 4.0;
  /** Cost of positioning a cursor (or one point get). */
  public static final double SEEK = 4.0;
  /** Selectivity of a range whose bounds are not known when planning ({@code col > ?}). */
  public static final double UNKNOWN_RANGE = 1.0 / 3;
  /** Selectivity of a predicate the statistics say nothing about. */
  public static final double UNKNOWN_PREDICATE = 0.25;

  /** Marks a bound whose value is not known at planning time (a parameter or correlation variable). */
  public static final Object UNKNOWN = new Object() {
    @Override
    public String toString() {
      return "?";
    }
  };

  private CostModel() {
  }

  /** Cost of a full scan of {@code rows} rows. */
  public static double fullScan(double rows) {
    return rows * SEQ_ROW;
  }

  /** Cost of a range read that returns {@code matched} rows, by primary key or by a secondary index. */
  public static double rangeScan(double matched, boolean secondary) {
    return SEEK + matched * (secondary ? INDEX_ENTRY + ROW_FETCH : SEQ_ROW);
  }

  /** The fraction of rows above which a full scan is cheaper than a secondary-index range read. */
  public static double indexBreakEven() {
    return SEQ_ROW / (INDEX_ENTRY + ROW_FETCH);
  }

  /** True when reading {@code fraction} of {@code rows} rows by a secondary index costs more than a full scan. */
  public static boolean fullScanCheaper(double fraction, double rows) {
    return rangeScan(fraction * rows, true) > fullScan(rows);
  }

  /**
   * Fraction of the table's rows in a key range over columns {@code keyCols}: {@code eq[i]}
   * equals column {@code keyCols[i]}, then an optional range on {@code keyCols[eq.length]}. A
   * value may be {@link #UNKNOWN}; a null bound means unbounded. Columns are taken as independent.
   */
  public static double rangeSelectivity(TableStats s, int[] keyCols, Object[] eq, Object lower, boolean lowerIncl,
                                        Object upper, boolean upperIncl) {
    long rows = s.analyzedRows();
    double f = 1.0;
    for (int i = 0; i < eq.length; i++) {
      ColumnStats c = s.column(keyCols[i]);
      f *= eq[i] == UNKNOWN ? c.equalSelectivityUnknown(rows) : c.equalSelectivity(eq[i], rows);
    }
    if ((lower != null || upper != null) && eq.length < keyCols.length) {
      ColumnStats c = s.column(keyCols[eq.length]);
      if (lower == UNKNOWN || upper == UNKNOWN) {
        Object lo = lower == UNKNOWN ? null : lower;
        Object hi = upper == UNKNOWN ? null : upper;
        double known = c.rangeSelectivity(lo, lowerIncl, hi, upperIncl, rows);
        f *= Math.min(known, lower != null && upper != null ? UNKNOWN_RANGE * UNKNOWN_RANGE * 2 : UNKNOWN_RANGE);
      } else {
        f *= c.rangeSelectivity(lower, lowerIncl, upper, upperIncl, rows);
      }
    }
    return Math.max(0, Math.min(1, f));
  }
}
