package io.beamdb.txn;

import java.util.function.LongSupplier;

/**
 * Decides which versions a compaction may drop: a version is <em>shadowed</em>, and can be
 * dropped, when a newer version of the same logical key has a commit timestamp at or below the
 * GC watermark ({@link TransactionManager#gcWatermark()}). Every open transaction reads at or
 * above the watermark, so it reads that newer version (or a still newer one) and never the
 * shadowed one. The newest version at or below the watermark is always kept, including
 * tombstones: the filter sees only the files of one compaction, so dropping a tombstone could
 * resurrect an older version in a lower level (dropping tombstones at the bottom level is a
 * possible later refinement). Keys that are not versioned (the clock key, anything starting with
 * {@code 0x00}) are never dropped.
 *
 * <p>The filter is fed keys in sorted order, so the versions of a logical key come newest first;
 * it remembers, per thread, the last logical key and the newest commit timestamp at or below the
 * watermark seen for it. The decision compares timestamps ({@link #shadowed}), so it stays correct
 * when state carries over from an earlier compaction or when versions of one key are split across
 * compactions (the remembered version is never dropped by this filter: only a version at or below
 * a newer watermark can shadow it, and that one shadows the older versions too).
 *
 * <p>Thread-safety: safe for concurrent compactions (state is per thread); the watermark supplier
 * is read once per logical key and must be thread-safe (the manager's is). The watermark never
 * decreases, so a value read a little earlier is only more conservative.
 *
 * <p>Wiring: {@code StorageOptions.withCompactionFilter(filter::drop)} (the signature matches
 * {@code io.beamdb.storage.CompactionFilter}; a dropped record becomes a deletion marker, so no
 * older version resurfaces). The manager needs the open store, so the supplier reads a manager
 * set after opening, e.g. an {@code AtomicReference} returning 0 (nothing shadowed) while unset;
 * see {@code GcCompactionTest}.
 */
public final class MvccCompactionFilter {
  private final LongSupplier watermark;
  private final ThreadLocal<State> state = ThreadLocal.withInitial(State::new);

  private static final class State {
    byte[] lastKey;
    /** Newest commitTs <= watermark seen for lastKey's logical key, or 0. */
    long shadowTs;
    /** Watermark read when lastKey's logical key was first seen (an older value is only more conservative). */
    long watermark;
  }

  /** @param watermark the GC watermark, usually {@code manager::gcWatermark} */
  public MvccCompactionFilter(LongSupplier watermark) {
    this.watermark = watermark;
  }

  /**
   * True when a version committed at {@code versionTs} is shadowed by a newer version of the same
   * key committed at {@code newerTs}, given the GC watermark. Pure function.
   */
  public static boolean shadowed(long versionTs, long newerTs, long watermark) {
    return newerTs > versionTs && newerTs <= watermark;
  }

  /**
   * Called for each storage entry of a compaction in key order; true when the entry can be
   * dropped. {@code sequence} (the storage sequence number) is not needed.
   */
  public boolean drop(byte[] storageKey, byte[] value, long sequence) {
    if (!MvccKeys.isVersioned(storageKey)) {
      return false;
    }
    State s = state.get();
    long ts = MvccKeys.commitTs(storageKey);
    if (s.lastKey == null || !MvccKeys.sameLogical(s.lastKey, storageKey)) {
      s.lastKey = storageKey.clone();
      s.shadowTs = 0;
      s.watermark = watermark.getAsLong();
    }
    long wm = s.watermark;
    if (s.shadowTs != 0 && shadowed(ts, s.shadowTs, wm)) {
      return true;
    }
    if (ts <= wm && ts > s.shadowTs) {
      s.shadowTs = ts;
    }
    return false;
  }

  /** Forgets this thread's state (e.g. at the start of a compaction); optional. */
  public void reset() {
    state.remove();
  }
}
