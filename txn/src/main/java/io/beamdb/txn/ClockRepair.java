package io.beamdb.txn;

import io.beamdb.storage.KvIterator;
import io.beamdb.storage.KvStore;
import io.beamdb.storage.WriteBatch;

/**
 * Makes a store's commit clock at least the newest commit timestamp of any version in it. Used
 * after salvaging a damaged database ({@code beam recover}), where the clock key may come back
 * older than versions read from other files: a clock behind the data would give later commits
 * timestamps below existing versions. Not for use on an open database (no transaction manager
 * may run on {@code store} meanwhile). Reads every key once.
 */
public final class ClockRepair {
  private ClockRepair() {
  }

  /**
   * Raises the clock key of {@code store} to the newest commit timestamp found, if it is behind.
   *
   * @return the clock value now stored
   * @throws io.beamdb.storage.StorageException on storage errors
   */
  public static long ensureClockCoversVersions(KvStore store) {
    long newest = 0;
    try (KvIterator it = store.iterator(null)) {
      for (it.seekToFirst(); it.valid(); it.next()) {
        byte[] k = it.key();
        if (MvccKeys.isVersioned(k)) {
          newest = Math.max(newest, MvccKeys.commitTs(k));
        }
      }
    }
    byte[] c = store.get(MvccKeys.CLOCK_KEY);
    long clock = c != null && c.length == 8 ? MvccKeys.getLong(c, 0) : 0;
    if (newest > clock || (c != null && c.length != 8)) {
      long value = Math.max(newest, clock);
      store.write(new WriteBatch().put(MvccKeys.CLOCK_KEY, MvccKeys.longBytes(value)));
      return value;
    }
    return clock;
  }
}
