package io.beamdb.engine;

import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.LongAdder;
import java.util.concurrent.locks.LockSupport;

/**
 * Contention regulation for internal retries, after Cicada (Lim, Kaminsky, Andersen, SIGMOD
 * 2017, section 3.8): a statement that lost a write-write race waits a random time up to a
 * maximum backoff before retrying, and the maximum is tuned by hill climbing on the commit
 * throughput: every adjustment period in which retries happened, the maximum moves by a factor
 * in the current direction, and the direction flips when throughput fell. So backoff grows when
 * the abort rate is high and waiting helps, and shrinks when it only costs time. Thread-safe.
 */
final class ContentionRegulator {
  private static final long MIN_BACKOFF_NANOS = 1_000;
  private static final long MAX_BACKOFF_NANOS = 10_000_000;
  private static final long PERIOD_NANOS = 20_000_000;

  private final LongAdder commits = new LongAdder();
  private volatile long maxBackoffNanos = 50_000;
  private long periodStart = System.nanoTime();
  private long periodCommits;
  private double lastThroughput = -1;
  private int direction = 1;

  /** Counts a commit (the throughput the regulator climbs on). */
  void onCommit() {
    commits.increment();
  }

  /** Current maximum backoff, nanoseconds (for tests and statistics). */
  long maxBackoffNanos() {
    return maxBackoffNanos;
  }

  /**
   * Waits before retry number {@code attempt} (0-based) of a statement that lost a race: a
   * random time in [0, max * 2^attempt], capped at 10 ms.
   */
  void backoff(int attempt) {
    adjust();
    long max = Math.min(MAX_BACKOFF_NANOS, maxBackoffNanos << Math.min(attempt, 8));
    LockSupport.parkNanos(ThreadLocalRandom.current().nextLong(max + 1));
  }

  private synchronized void adjust() {
    long now = System.nanoTime();
    long elapsed = now - periodStart;
    if (elapsed < PERIOD_NANOS) {
      return;
    }
    long total = commits.sum();
    double throughput = (total - periodCommits) / (elapsed / 1e9);
    if (lastThroughput >= 0 && throughput < lastThroughput) {
      direction = -direction; // the last step made things worse: climb the other way
    }
    long next = direction > 0 ? maxBackoffNanos + maxBackoffNanos / 4 : maxBackoffNanos - maxBackoffNanos / 5;
    maxBackoffNanos = Math.max(MIN_BACKOFF_NANOS, Math.min(MAX_BACKOFF_NANOS, next));
    lastThroughput = throughput;
    periodCommits = total;
    periodStart = now;
  }
}
