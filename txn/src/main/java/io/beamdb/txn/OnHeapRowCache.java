package io.beamdb.txn;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Arrays;

/**
 * {@link RowCache} entries on the heap, in a Caffeine cache bounded by bytes: each entry weighs
 * its key and value plus 64 bytes of overhead, and the whole cache at most
 * {@code min(entries * 512, maxHeap / 16)} bytes, so turning the cache on cannot exhaust a small
 * heap (a 1 GiB heap gives 64 MiB). Thread-safe.
 */
final class OnHeapRowCache implements RowCache.Backend {
  private final Cache<Key, byte[]> cache;
  private final long maxBytes;

  OnHeapRowCache(long entries, int maxValueBytes) {
    this.maxBytes = Math.max(1L << 20, Math.min(entries * 512L, Runtime.getRuntime().maxMemory() / 16));
    Caffeine<Object, Object> b = Caffeine.newBuilder().executor(Runnable::run);
    if (entries < 64) {
      this.cache = b.maximumSize(entries).build(); // tiny caches (tests) are bounded by count
    } else {
      this.cache = b.maximumWeight(maxBytes).weigher((Key k, byte[] v) -> k.bytes.length + v.length + 64).build();
    }
  }

  @Override
  public byte[] get(byte[] key) {
    return cache.getIfPresent(new Key(key));
  }

  @Override
  public boolean contains(byte[] key) {
    return cache.getIfPresent(new Key(key)) != null;
  }

  @Override
  public void put(byte[] key, byte[] entry) {
    cache.put(new Key(key), entry);
  }

  @Override
  public void remove(byte[] key) {
    cache.invalidate(new Key(key));
  }

  @Override
  public String describe() {
    return "on-heap (Caffeine), at most " + (maxBytes >> 20) + " MiB";
  }

  @Override
  public void close() {
    cache.invalidateAll();
  }

  /** A byte[] compared by content. */
  private static final class Key {
    private final byte[] bytes;
    private final int hash;

    Key(byte[] bytes) {
      this.bytes = bytes;
      this.hash = Arrays.hashCode(bytes);
    }

    @Override
    public boolean equals(Object o) {
      return o instanceof Key k && k.hash == hash && Arrays.equals(k.bytes, bytes);
    }

    @Override
    public int hashCode() {
      return hash;
    }
  }
}
