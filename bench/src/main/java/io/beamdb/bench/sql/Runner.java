package io.beamdb.bench.sql;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicReference;
import javax.sql.DataSource;
import org.HdrHistogram.Histogram;

/**
 * Runs one benchmark cell: N client threads, each holding one pooled connection for the whole
 * cell, call a {@link Worker} in a closed loop for a warm-up period (not measured) and then for
 * the measured period. Latency of every measured call goes into a per-thread HdrHistogram (ns,
 * 3 significant digits), merged at the end. A call counts when it starts inside the measured
 * period; a thread whose calls are all slower than the period runs on until one is measured, and
 * the throughput is then taken over the longer time.
 *
 * <p>A call that fails with a transient error (serialization failure, deadlock, lock timeout,
 * SQLite busy) is rolled back and counted as a retry, not as an operation; any other
 * {@link SQLException} is counted as an error and the first one is kept for the report.
 */
public final class Runner {
  private Runner() {
  }

  /** One client's work: prepared once per thread, then called in a loop. */
  public interface Worker {
    /**
     * Does one operation (a statement or a transaction) and returns how many units it counts
     * for (1, or the rows of a batch).
     */
    int run(SplittableRandom rnd) throws SQLException;
  }

  /** Creates a thread's worker over its own connection. */
  public interface WorkerFactory {
    Worker create(Connection c, int thread) throws SQLException;
  }

  /** What one cell measured. */
  public record Result(double unitsPerSec, double p50Micros, double p99Micros, long ops, long retries,
      long errors, String firstError) {
  }

  /** Runs a cell. {@code seed} makes each thread's random choices reproducible. */
  public static Result run(DataSource ds, int threads, double warmupSeconds, double seconds, long seed,
      WorkerFactory factory) throws Exception {
    List<Thread> workers = new ArrayList<>();
    Histogram[] hist = new Histogram[threads];
    long[] units = new long[threads];
    long[] ops = new long[threads];
    long[] retries = new long[threads];
    long[] errors = new long[threads];
    long[] lastEnd = new long[threads];
    AtomicReference<String> firstError = new AtomicReference<>();
    AtomicReference<Throwable> failure = new AtomicReference<>();
    CountDownLatch ready = new CountDownLatch(threads);
    CountDownLatch go = new CountDownLatch(1);
    long[] window = new long[2];
    for (int t = 0; t < threads; t++) {
      int id = t;
      hist[t] = new Histogram(3_600_000_000_000L, 3);
      Thread w = new Thread(() -> {
        try (Connection c = ds.getConnection()) {
          Worker worker = factory.create(c, id);
          SplittableRandom rnd = new SplittableRandom(seed * 1_000_003L + id);
          ready.countDown();
          go.await();
          long measureFrom = window[0];
          long end = window[1];
          long now = System.nanoTime();
          // an operation slower than the window still gets measured once (up to a minute more)
          long hardEnd = end + 60_000_000_000L;
          while (now < end || (ops[id] + retries[id] + errors[id] == 0 && now < hardEnd)) {
            int n;
            try {
              n = worker.run(rnd);
            } catch (SQLException e) {
              rollbackQuietly(c, e);
              long after = System.nanoTime();
              if (after >= measureFrom) {
                if (Errors.isTransient(e)) {
                  retries[id]++;
                } else {
                  errors[id]++;
                  firstError.compareAndSet(null, e.getSQLState() + " " + e.getMessage());
                }
              }
              now = after;
              continue;
            }
            long after = System.nanoTime();
            if (now >= measureFrom) {
              hist[id].recordValue(Math.min(after - now, 3_600_000_000_000L));
              units[id] += n;
              ops[id]++;
              lastEnd[id] = after;
            }
            now = after;
          }
        } catch (Throwable e) {
          failure.compareAndSet(null, e);
          ready.countDown();
        }
      }, "bench-client-" + t);
      w.setDaemon(true);
      workers.add(w);
      w.start();
    }
    ready.await();
    long start = System.nanoTime();
    window[0] = start + (long) (warmupSeconds * 1e9);
    window[1] = window[0] + (long) (seconds * 1e9);
    go.countDown();
    for (Thread w : workers) {
      w.join();
    }
    if (failure.get() != null) {
      throw new IllegalStateException("benchmark client failed: " + failure.get(), failure.get());
    }
    Histogram all = new Histogram(3_600_000_000_000L, 3);
    long u = 0;
    long o = 0;
    long r = 0;
    long e = 0;
    long until = window[1];
    for (int t = 0; t < threads; t++) {
      until = Math.max(until, lastEnd[t]);
      all.add(hist[t]);
      u += units[t];
      o += ops[t];
      r += retries[t];
      e += errors[t];
    }
    double elapsed = (until - window[0]) / 1e9;
    return new Result(u / elapsed, all.getValueAtPercentile(50) / 1e3, all.getValueAtPercentile(99) / 1e3, o, r, e,
        firstError.get());
  }

  private static void rollbackQuietly(Connection c, SQLException cause) {
    try {
      if (!c.getAutoCommit()) {
        c.rollback();
      }
    } catch (SQLException e) {
      cause.addSuppressed(e);
    }
  }
}
