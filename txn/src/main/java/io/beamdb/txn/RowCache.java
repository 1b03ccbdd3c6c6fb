package io.beamdb.txn;

import java.util.Arrays;
import java.util.Locale;
import java.util.Map;
import java.util.WeakHashMap;
import java.util.concurrent.atomic.AtomicLongArray;
import java.util.concurrent.atomic.LongAdder;

/**
 * Latest-version row cache: for a logical key, the <em>newest committed</em> version (its commit
 * timestamp and value, or "no row"), so a point read whose snapshot can see that version needs
 * no seek through memtables and LSM levels (Cicada's version inlining, RocksDB's row cache).
 *
 * <h2>Why it is exact under MVCC</h2>
 * An entry {@code key -> (ts, value)} always describes the newest committed version of the key:
 * <ul>
 *   <li>{@link #committed} is called by the commit, under the commit lock, after the versions
 *       are in the store and <b>before</b> the visible timestamp moves to {@code ts}; it replaces
 *       the key's entry if there is one (a key that is not cached stays uncached: write-around),
 *       so a reader whose read timestamp is {@code >= ts} can only ever find the new entry (or
 *       none).</li>
 *   <li>A reader uses an entry only when {@code ts <= readTs}: it is then the newest version its
 *       snapshot can see, because every newer commit would have replaced it first. An older
 *       snapshot ({@code ts > readTs}) reads the store as before.</li>
 *   <li>A read that missed fills the cache ({@link #populate}) only with the newest version of the
 *       key in the store (a key with no version at all is not cached), and only if no commit touched the key's stripe since before it read the
 *       store: {@link #stamp} is taken before the read, and the commit bumps the stripe's stamp
 *       under the same stripe lock that {@code populate} checks it under. So a slow reader can
 *       never put back a version a commit has replaced, even when the commit's own entry was
 *       evicted in between.</li>
 * </ul>
 * Eviction only removes entries, which is always safe (the next read goes to the store).
 *
 * <h2>Storage</h2>
 * Off-heap in a Chronicle Map when the library is on the class path and the JVM grants it the
 * access it needs ({@code --add-opens java.base/java.lang}, {@code java.base/java.lang.reflect},
 * {@code --add-exports java.base/sun.nio.ch}, {@code jdk.compiler/com.sun.tools.javac.file}),
 * else on-heap in Caffeine, with one log line saying how to get the off-heap one. Chosen by
 * {@link TransactionManager.Options#rowCache}, by default from the system property
 * {@code beamdb.rowcache} ({@code off}, {@code auto}, {@code onheap}; default {@code auto}: on,
 * off-heap where the JVM allows it; the engine's URL setting {@code ROW_CACHE} overrides it),
 * sized by {@code beamdb.rowcache.entries} (default 1,000,000) and only for values up to
 * {@code beamdb.rowcache.maxValueBytes} (default 4,096).
 *
 * <p>Only valid while every commit to the store goes through the {@link TransactionManager}s
 * that share it, so it is only created for a plain {@link io.beamdb.storage.LsmStore}; a wrapped
 * store (a cluster node's replicated store, whose state machine applies batches to the LSM
 * directly) gets none. One cache per store ({@link #forStore}); thread-safe.
 */
public final class RowCache {
  private static final System.Logger LOG = System.getLogger(RowCache.class.getName());
  private static final int STRIPES = 256;
  private static final byte PRESENT = 1;
  private static final byte ABSENT = 0;
  /** Caches per store, so the short-lived managers the engine opens share the main one's cache. */
  private static final Map<Object, RowCache> BY_STORE = new WeakHashMap<>();
  private static boolean fallbackLogged;

  /** Where entries live. */
  public enum Mode {
    /** No cache. */
    OFF,
    /** Off-heap (Chronicle Map) when possible, else on-heap with one log line. */
    AUTO,
    /** On-heap (Caffeine). */
    ON_HEAP
  }

  /** A map of encoded entries; implementations must tolerate concurrent use. */
  interface Backend extends AutoCloseable {
    byte[] get(byte[] key);

    boolean contains(byte[] key);

    void put(byte[] key, byte[] entry);

    void remove(byte[] key);

    String describe();

    @Override
    void close();
  }

  private final Backend backend;
  private final int maxValueBytes;
  private final AtomicLongArray stamps = new AtomicLongArray(STRIPES);
  private final Object[] locks = new Object[STRIPES];
  private final LongAdder hits = new LongAdder();
  private final LongAdder misses = new LongAdder();

  RowCache(Backend backend, int maxValueBytes) {
    this.backend = backend;
    this.maxValueBytes = maxValueBytes;
    for (int i = 0; i < STRIPES; i++) {
      locks[i] = new Object();
    }
  }

  /**
   * The cache of {@code store} for {@code mode} (created on first use). {@link Mode#OFF} creates
   * none but still returns the store's existing cache, if another manager created one, so that
   * this manager's commits keep it exact. The first manager that creates it decides the mode.
   */
  static RowCache forStore(Object store, Mode mode, long entries, int maxValueBytes) {
    if (mode == Mode.OFF) {
      synchronized (BY_STORE) {
        return BY_STORE.get(store); // a cache another manager created must see this one's commits
      }
    }
    if (!(store instanceof io.beamdb.storage.LsmStore)) {
      // e.g. a cluster node's replicated store: its state machine writes the LSM behind our back
      LOG.log(System.Logger.Level.DEBUG, "row cache off for {0}: only a store the database owns is cached",
          store.getClass().getName());
      return null;
    }
    synchronized (BY_STORE) {
      RowCache c = BY_STORE.get(store);
      if (c == null) {
        c = new RowCache(createBackend(mode, entries, maxValueBytes), maxValueBytes);
        BY_STORE.put(store, c);
        LOG.log(System.Logger.Level.DEBUG, "row cache: {0}", c.backend.describe());
      }
      return c;
    }
  }

  private static Backend createBackend(Mode mode, long entries, int maxValueBytes) {
    if (mode == Mode.AUTO) {
      String missing = OffHeapAccess.missing();
      if (missing == null) {
        try {
          return OffHeapAccess.create(entries, maxValueBytes);
        } catch (RuntimeException | LinkageError e) {
          logFallback("the off-heap row cache (Chronicle Map) failed to start: " + e);
        }
      } else {
        logFallback(missing);
      }
    }
    return new OnHeapRowCache(entries, maxValueBytes);
  }

  private static void logFallback(String why) {
    synchronized (BY_STORE) {
      if (fallbackLogged) {
        return;
      }
      fallbackLogged = true;
    }
    LOG.log(System.Logger.Level.INFO, "row cache kept on the heap: " + why + "; for the off-heap cache put "
        + "net.openhft:chronicle-map on the class path and start the JVM with " + OffHeapAccess.FLAGS);
  }

  /** Null when {@link Mode#AUTO} can put the cache off-heap in this JVM, else the reason it cannot. */
  public static String offHeapUnavailableReason() {
    return OffHeapAccess.missing();
  }

  /** What backs this cache (for logs and benchmarks). */
  public String describe() {
    return backend.describe();
  }

  /** Reads answered from the cache. */
  public long hits() {
    return hits.sum();
  }

  /** Reads that went to the store. */
  public long misses() {
    return misses.sum();
  }

  private static int stripe(byte[] key) {
    int h = Arrays.hashCode(key);
    return (h ^ (h >>> 16)) & (STRIPES - 1);
  }

  /** The entry of {@code key}, or null; decode with {@link #entryTs} / {@link #entryValue}. */
  byte[] lookup(byte[] key) {
    return backend.get(key);
  }

  /** Counts a read answered from the cache. */
  void hit() {
    hits.increment();
  }

  /** Counts a read that went to the store (no entry, or one too new for the snapshot). */
  void miss() {
    misses.increment();
  }

  static long entryTs(byte[] entry) {
    return MvccKeys.getLong(entry, 0);
  }

  /** The cached value, or null when the entry says there is no row. */
  static byte[] entryValue(byte[] entry) {
    return entry[8] == ABSENT ? null : Arrays.copyOfRange(entry, 9, entry.length);
  }

  /** Taken before a read of the store that may {@link #populate} the cache afterwards. */
  long stamp(byte[] key) {
    return stamps.get(stripe(key));
  }

  /**
   * Caches what a read found as the newest version of {@code key} in the store ({@code value}
   * null: no version at all, {@code commitTs} 0), unless a commit touched the key's stripe since
   * {@code stamp} was taken.
   */
  void populate(byte[] key, long stamp, long commitTs, byte[] value) {
    if (value != null && value.length > maxValueBytes) {
      return;
    }
    int s = stripe(key);
    synchronized (locks[s]) {
      if (stamps.get(s) == stamp) {
        backend.put(key.clone(), encode(commitTs, value));
      }
    }
  }

  /**
   * Records a committed version ({@code value} null: deleted). Called under the commit lock after
   * the store write and before the visible timestamp reaches {@code commitTs}.
   */
  void committed(byte[] key, long commitTs, byte[] value) {
    int s = stripe(key);
    synchronized (locks[s]) {
      stamps.incrementAndGet(s);
      if (value != null && value.length > maxValueBytes) {
        backend.remove(key);
      } else if (backend.contains(key)) {
        backend.put(key.clone(), encode(commitTs, value));
      }
      // a key not cached stays uncached (write-around): a batch of inserts does not push the
      // rows being read out of the cache, and the bumped stamp keeps slower readers from
      // installing the replaced version
    }
  }

  /** Forgets {@code key} (a commit whose outcome is unknown). */
  void invalidate(byte[] key) {
    int s = stripe(key);
    synchronized (locks[s]) {
      stamps.incrementAndGet(s);
      backend.remove(key);
    }
  }

  private static byte[] encode(long ts, byte[] value) {
    byte[] e = new byte[9 + (value == null ? 0 : value.length)];
    MvccKeys.putLong(e, 0, ts);
    e[8] = value == null ? ABSENT : PRESENT;
    if (value != null) {
      System.arraycopy(value, 0, e, 9, value.length);
    }
    return e;
  }

  /** Parses {@code beamdb.rowcache}. */
  static Mode modeFromProperty() {
    String v = System.getProperty("beamdb.rowcache", "auto").trim().toLowerCase(Locale.ROOT);
    return switch (v) {
      case "off", "false", "" -> Mode.OFF;
      case "auto", "on", "true", "offheap", "off-heap" -> Mode.AUTO;
      case "onheap", "on-heap", "heap" -> Mode.ON_HEAP;
      default -> {
        LOG.log(System.Logger.Level.WARNING, "beamdb.rowcache must be off, auto or onheap, not ''{0}''; the row cache"
            + " is used with auto", v);
        yield Mode.AUTO;
      }
    };
  }

  /** A positive number from a system property, else {@code dflt} (with a warning when it is not a number). */
  static long longProperty(String name, long dflt) {
    String v = System.getProperty(name);
    if (v == null) {
      return dflt;
    }
    try {
      long n = Long.parseLong(v.trim());
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported by the warning below, which names the property and the value
    }
    LOG.log(System.Logger.Level.WARNING, "{0} must be a positive number, not ''{1}''; using {2}", name, v, dflt);
    return dflt;
  }
}
