package io.beamdb.bench.sql;

import java.util.SplittableRandom;

/**
 * YCSB's scrambled Zipfian request distribution over {@code [0, n)}: a Zipfian rank (constant
 * 0.99, Gray et al., "Quickly generating billion-record synthetic databases", as in YCSB's
 * {@code ZipfianGenerator}) hashed with FNV-1a so the popular items are spread over the key
 * space ({@code ScrambledZipfianGenerator}). Immutable; safe to share between threads, each
 * passing its own random source.
 */
public final class Zipfian {
  private static final double THETA = 0.99;
  private final long n;
  private final double alpha;
  private final double zetan;
  private final double eta;

  public Zipfian(long n) {
    this.n = n;
    double zeta2 = 1 + Math.pow(0.5, THETA);
    double z = 0;
    for (long i = 1; i <= n; i++) {
      z += 1 / Math.pow(i, THETA);
    }
    this.zetan = z;
    this.alpha = 1 / (1 - THETA);
    this.eta = (1 - Math.pow(2.0 / n, 1 - THETA)) / (1 - zeta2 / zetan);
  }

  /** The next item, in {@code [0, n)}. */
  public long next(SplittableRandom rnd) {
    double u = rnd.nextDouble();
    double uz = u * zetan;
    long rank;
    if (uz < 1) {
      rank = 0;
    } else if (uz < 1 + Math.pow(0.5, THETA)) {
      rank = 1;
    } else {
      rank = (long) (n * Math.pow(eta * u - eta + 1, alpha));
    }
    return Math.floorMod(fnv(rank), n);
  }

  private static long fnv(long v) {
    long h = 0xCBF29CE484222325L;
    for (int i = 0; i < 8; i++) {
      h ^= v & 0xff;
      h *= 1099511628211L;
      v >>>= 8;
    }
    return h;
  }
}
