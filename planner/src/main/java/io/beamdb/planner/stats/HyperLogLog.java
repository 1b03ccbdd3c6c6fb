package io.beamdb.planner.stats;

/**
 * A small HyperLogLog distinct-value counter, used by {@link Analyzer} to estimate each column's
 * number of distinct values in one pass with fixed memory.
 *
 * <p>Algorithm: P. Flajolet, É. Fusy, O. Gandouet, F. Meunier, "HyperLogLog: the analysis of a
 * near-optimal cardinality estimation algorithm", AofA 2007, with the small-range correction
 * (linear counting while registers are still empty) recommended by S. Heule, M. Nunkesser,
 * A. Hall, "HyperLogLog in Practice", EDBT 2013. Each 64-bit hash picks one of {@code m = 2^p}
 * registers with its top {@code p} bits; the register keeps the largest "position of the first
 * 1-bit" seen in the remaining bits; the estimate is {@code alpha_m * m^2 / sum(2^-register)}.
 * With {@code p = 14} (16,384 one-byte registers, 16 KiB) the standard error is about
 * {@code 1.04 / sqrt(m)} = 0.8%.
 *
 * <p>Hashing: callers pass a 64-bit hash; {@link #mix(long)} is MurmurHash3's 64-bit finalizer
 * (fmix64), which spreads Java hash codes over all 64 bits. Apache DataSketches' HLL would do
 * the same job; it is not used because this is the only sketch needed and it keeps the engine
 * free of a dependency whose memory module needs JVM flags on some JDKs.
 *
 * <p>Not thread-safe.
 */
public final class HyperLogLog {
  private final int p;
  private final byte[] registers;

  /** A counter with {@code 2^p} registers; {@code p} between 4 and 18. */
  public HyperLogLog(int p) {
    if (p < 4 || p > 18) {
      throw new IllegalArgumentException("precision " + p + " not in [4, 18]");
    }
    this.p = p;
    this.registers = new byte[1 << p];
  }

  /** A counter with 16,384 registers (standard error about 0.8%). */
  public HyperLogLog() {
    this(14);
  }

  /** MurmurHash3 fmix64: a bijective mix of all 64 bits. */
  public static long mix(long k) {
    k ^= k >>> 33;
    k *= 0xff51afd7ed558ccdL;
    k ^= k >>> 33;
    k *= 0xc4ceb9fe1a85ec53L;
    k ^= k >>> 33;
    return k;
  }

  /** Adds a value by its 64-bit hash (already well mixed, e.g. by {@link #mix(long)}). */
  public void addHash(long hash) {
    int idx = (int) (hash >>> (64 - p));
    long rest = hash << p;
    // position of the first 1-bit in the remaining 64 - p bits, 1-based; all zero -> 64 - p + 1
    int rank = rest == 0 ? 64 - p + 1 : Long.numberOfLeadingZeros(rest) + 1;
    if (rank > registers[idx]) {
      registers[idx] = (byte) rank;
    }
  }

  /** The estimated number of distinct hashes added. */
  public long estimate() {
    int m = registers.length;
    double sum = 0;
    int zeros = 0;
    for (byte r : registers) {
      sum += 1.0 / (1L << r);
      if (r == 0) {
        zeros++;
      }
    }
    double alpha = m == 16 ? 0.673 : m == 32 ? 0.697 : m == 64 ? 0.709 : 0.7213 / (1 + 1.079 / m);
    double e = alpha * m * (double) m / sum;
    if (e <= 2.5 * m && zeros > 0) {
      e = m * Math.log((double) m / zeros); // linear counting for small cardinalities
    }
    return Math.round(e);
  }
}
