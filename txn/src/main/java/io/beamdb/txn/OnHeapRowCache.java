package io.beamdb.txn;

import com.github.benmanes.caffeine.cache.Cache;
import com.github.benmanes.caffeine.cache.Caffeine;
import java.util.Arrays;

/** {@link RowCache} entries on the heap, in a size-bounded Caffeine cache. Thread-safe. */
final class OnHeapRowCache implements RowCache.Backend {
  private final Cache<Key, byte[]> cache;
  private final long entries;

  OnHeapRowCache(long entries, int maxValueBytes) {
    this.entries = entries;
    this.cache = Caffeine.newBuilder().maximumSize(entries).executor(Runnable::run).build();
  }

  @Override
  public byte[] get(byte[] key) {
    return cache.getIfPresent(new Key(key));
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
    return "on-heap (Caffeine), " + entries + " entries";
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
