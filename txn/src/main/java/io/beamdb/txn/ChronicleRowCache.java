package io.beamdb.txn;

import java.lang.ref.Cleaner;
import net.openhft.chronicle.map.ChronicleMap;

/**
 * {@link RowCache} entries off-heap in a Chronicle Map (no garbage-collector cost). The map has
 * a fixed capacity: when a put finds it full, the map is cleared (dropping entries is always
 * safe) and the put retried once. The native memory is released by {@link #close()} or, at the
 * latest, when the cache becomes unreachable. Thread-safe.
 */
final class ChronicleRowCache implements RowCache.Backend {
  private static final System.Logger LOG = System.getLogger(ChronicleRowCache.class.getName());
  private static final Cleaner CLEANER = Cleaner.create();
  private final ChronicleMap<byte[], byte[]> map;
  private final long entries;
  private final Cleaner.Cleanable cleanable;

  ChronicleRowCache(long entries, int maxValueBytes) {
    this.entries = entries;
    this.map = ChronicleMap.of(byte[].class, byte[].class)
        .name("beamdb-row-cache")
        .entries(entries)
        .averageKeySize(32)
        .averageValueSize(Math.min(maxValueBytes, 256) + 9)
        .create();
    ChronicleMap<byte[], byte[]> m = map;
    this.cleanable = CLEANER.register(this, m::close);
  }

  @Override
  public byte[] get(byte[] key) {
    return map.get(key);
  }

  @Override
  public boolean contains(byte[] key) {
    return map.containsKey(key);
  }

  @Override
  public void put(byte[] key, byte[] entry) {
    try {
      map.put(key, entry);
    } catch (IllegalStateException | IllegalArgumentException full) {
      // Chronicle Map throws these when a segment is full or the entry is larger than planned
      LOG.log(System.Logger.Level.DEBUG, "row cache full ({0}); clearing it", full.getMessage());
      map.remove(key);
      map.clear();
      try {
        map.put(key, entry);
      } catch (IllegalStateException | IllegalArgumentException again) {
        LOG.log(System.Logger.Level.DEBUG, "row cache entry of {0} bytes not cached: {1}", entry.length, again.getMessage());
        map.remove(key);
      }
    }
  }

  @Override
  public void remove(byte[] key) {
    map.remove(key);
  }

  @Override
  public String describe() {
    return "off-heap (Chronicle Map), " + entries + " entries";
  }

  @Override
  public void close() {
    cleanable.clean();
  }
}
