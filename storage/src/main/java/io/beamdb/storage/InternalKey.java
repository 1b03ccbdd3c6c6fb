package io.beamdb.storage;

import java.util.Arrays;
import java.util.Comparator;

/**
 * Internal keys: every stored record is keyed by the user key followed by an 8-byte big-endian
 * trailer {@code (sequence << 8) | type}.
 *
 * <pre>
 *   user key "b", seq 9, PUT     ->  62 | 00 00 00 00 00 00 09 01
 *   user key "b", seq 7, DELETE  ->  62 | 00 00 00 00 00 00 07 00
 * </pre>
 *
 * Internal keys sort by user key ascending (unsigned bytes), then by trailer DESCENDING, so the
 * newest version of a key comes first. To find the newest version visible at snapshot {@code S},
 * seek to {@code userKey | (S << 8 | 0xFF)}: the first entry at or after it with the same user key
 * is the answer.
 */
final class InternalKey {
    private InternalKey() {}

    static final byte TYPE_DELETE = 0;
    static final byte TYPE_PUT = 1;
    /** Type used in seek keys: sorts before every real record with the same sequence. */
    static final int TYPE_FOR_SEEK = 0xFF;
    static final int TRAILER_BYTES = 8;
    static final long MAX_SEQUENCE = (1L << 56) - 1;
    static final byte[] EMPTY = new byte[0];

    static byte[] encode(byte[] userKey, long sequence, int type) {
        byte[] ik = Arrays.copyOf(userKey, userKey.length + TRAILER_BYTES);
        long trailer = (sequence << 8) | (type & 0xFF);
        for (int i = 0; i < 8; i++) {
            ik[userKey.length + i] = (byte) (trailer >>> (56 - 8 * i));
        }
        return ik;
    }

    /** Seek key for the newest version of {@code userKey} with sequence {@code <= sequence}. */
    static byte[] seekKey(byte[] userKey, long sequence) {
        return encode(userKey, sequence, TYPE_FOR_SEEK);
    }

    static int userKeyLength(byte[] ik) {
        return ik.length - TRAILER_BYTES;
    }

    static byte[] userKey(byte[] ik) {
        return Arrays.copyOf(ik, ik.length - TRAILER_BYTES);
    }

    static long trailer(byte[] ik) {
        long t = 0;
        for (int i = ik.length - TRAILER_BYTES; i < ik.length; i++) {
            t = (t << 8) | (ik[i] & 0xFF);
        }
        return t;
    }

    static long sequence(byte[] ik) {
        return trailer(ik) >>> 8;
    }

    static byte type(byte[] ik) {
        return ik[ik.length - 1];
    }

    /** Compares the user-key part of internal key {@code ik} with user key {@code userKey}. */
    static int compareUserKey(byte[] ik, byte[] userKey) {
        return Arrays.compareUnsigned(ik, 0, ik.length - TRAILER_BYTES, userKey, 0, userKey.length);
    }

    static int compareUserKeys(byte[] ikA, byte[] ikB) {
        return Arrays.compareUnsigned(ikA, 0, ikA.length - TRAILER_BYTES, ikB, 0, ikB.length - TRAILER_BYTES);
    }

    static int compare(byte[] a, byte[] b) {
        int c = compareUserKeys(a, b);
        if (c != 0) {
            return c;
        }
        return Long.compareUnsigned(trailer(b), trailer(a)); // newer (larger trailer) first
    }

    static final Comparator<byte[]> COMPARATOR = InternalKey::compare;

    static String describe(byte[] ik) {
        return new String(userKey(ik), java.nio.charset.StandardCharsets.ISO_8859_1) + "@" + sequence(ik)
                + (type(ik) == TYPE_PUT ? "" : "(del)");
    }
}
