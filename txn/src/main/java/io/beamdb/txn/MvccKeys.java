package io.beamdb.txn;

import java.util.Arrays;

/**
 * The multi-version layout of the transaction layer in the store (Percolator-style, Peng and
 * Dabek, OSDI 2010: the version is part of the key so one ordered map holds every version).
 *
 * <pre>
 *   storage key   = logical key ++ (Long.MAX_VALUE - commitTs) as 8 bytes big-endian
 *   storage value = flag u8 (0 = put, 1 = tombstone) ++ data (empty for a tombstone)
 *   clock         = [0x00]['C'] -> last commitTs, 8 bytes big-endian (raw, not versioned)
 * </pre>
 *
 * <p>Inverting the timestamp makes the versions of one logical key sort newest first, so a read
 * at timestamp {@code ts} seeks to {@code key ++ (MAX - ts)} and takes the first entry that still
 * carries the same logical key. Commit timestamps are positive, so the suffix never has its top
 * bit set and {@code key ++ 0x80 00 00 00 00 00 00 00} sorts after every version of {@code key}.
 *
 * <p><b>Assumption: logical keys are prefix-free</b> (no logical key is a proper prefix of
 * another). Then a storage key belongs to logical key {@code k} exactly when it is {@code k} plus 8
 * bytes, and the versions of different logical keys never interleave. The engine's keys satisfy it:
 * catalog keys have fixed shapes ({@code [0x01]['T'][id u32]}, {@code [0x01]['N']}) and row and
 * index keys are memcomparable (self-delimiting) after a fixed-length prefix. Logical keys starting
 * with byte {@code 0x00} are reserved for the transaction layer's metadata (the clock key) and are
 * rejected by {@link Transaction#put} / {@link Transaction#delete}; scans never return them.
 *
 * <p>Stateless and thread-safe.
 */
public final class MvccKeys {
  /** Length of the version suffix. */
  public static final int SUFFIX = 8;
  /** Value flag of a put. */
  static final byte PUT = 0;
  /** Value flag of a tombstone. */
  static final byte TOMBSTONE = 1;
  /** Raw storage key holding the last commit timestamp; written in every commit batch. */
  static final byte[] CLOCK_KEY = {0x00, 'C'};
  /** Smallest storage key that may hold versioned data. */
  static final byte[] FIRST_DATA_KEY = {0x01};

  private static final byte[] TOMBSTONE_VALUE = {TOMBSTONE};

  private MvccKeys() {
  }

  /** {@code logical ++ be64(Long.MAX_VALUE - commitTs)}. */
  public static byte[] encode(byte[] logical, long commitTs) {
    byte[] out = Arrays.copyOf(logical, logical.length + SUFFIX);
    putLong(out, logical.length, Long.MAX_VALUE - commitTs);
    return out;
  }

  /** The first storage key past every version of {@code logical} (see the class comment). */
  static byte[] afterAllVersions(byte[] logical) {
    byte[] out = Arrays.copyOf(logical, logical.length + SUFFIX);
    out[logical.length] = (byte) 0x80;
    return out;
  }

  /** True when {@code storageKey} can be a versioned key (not metadata, long enough). */
  public static boolean isVersioned(byte[] storageKey) {
    return storageKey.length > SUFFIX && storageKey[0] != 0;
  }

  /** The commit timestamp of a versioned storage key. */
  public static long commitTs(byte[] storageKey) {
    return Long.MAX_VALUE - getLong(storageKey, storageKey.length - SUFFIX);
  }

  /** A copy of the logical key of a versioned storage key. */
  public static byte[] logicalKey(byte[] storageKey) {
    return Arrays.copyOf(storageKey, storageKey.length - SUFFIX);
  }

  /** True when {@code storageKey} is a version of {@code logical}. */
  static boolean isVersionOf(byte[] storageKey, byte[] logical) {
    return storageKey.length == logical.length + SUFFIX
        && Arrays.equals(storageKey, 0, logical.length, logical, 0, logical.length);
  }

  /** True when two versioned storage keys carry the same logical key. */
  static boolean sameLogical(byte[] a, byte[] b) {
    return a.length == b.length && Arrays.equals(a, 0, a.length - SUFFIX, b, 0, b.length - SUFFIX);
  }

  /** Compares the logical part of a versioned storage key with {@code bound} (unsigned). */
  static int compareLogical(byte[] storageKey, byte[] bound) {
    return Arrays.compareUnsigned(storageKey, 0, storageKey.length - SUFFIX, bound, 0, bound.length);
  }

  /** Storage value of a put. */
  static byte[] putValue(byte[] data) {
    byte[] out = new byte[data.length + 1];
    out[0] = PUT;
    System.arraycopy(data, 0, out, 1, data.length);
    return out;
  }

  /** Storage value of a tombstone (shared; callers must not modify it). */
  static byte[] tombstoneValue() {
    return TOMBSTONE_VALUE;
  }

  /** True when a storage value is a tombstone. */
  public static boolean isTombstone(byte[] storageValue) {
    return storageValue.length == 0 || storageValue[0] == TOMBSTONE;
  }

  /** The data of a put's storage value (a copy). */
  static byte[] data(byte[] storageValue) {
    return Arrays.copyOfRange(storageValue, 1, storageValue.length);
  }

  static byte[] longBytes(long v) {
    byte[] out = new byte[8];
    putLong(out, 0, v);
    return out;
  }

  static void putLong(byte[] b, int off, long v) {
    for (int i = 7; i >= 0; i--) {
      b[off + i] = (byte) v;
      v >>>= 8;
    }
  }

  static long getLong(byte[] b, int off) {
    long v = 0;
    for (int i = 0; i < 8; i++) {
      v = (v << 8) | (b[off + i] & 0xFF);
    }
    return v;
  }

  /** Hex rendering for messages (truncated after 64 bytes). */
  static String hex(byte[] key) {
    StringBuilder b = new StringBuilder();
    int n = Math.min(key.length, 64);
    for (int i = 0; i < n; i++) {
      b.append(Character.forDigit((key[i] >> 4) & 0xF, 16)).append(Character.forDigit(key[i] & 0xF, 16));
    }
    if (n < key.length) {
      b.append("...");
    }
    return b.toString();
  }
}
