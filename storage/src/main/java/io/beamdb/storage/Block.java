package io.beamdb.storage;

import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A parsed, checksum-verified block (see {@link BlockBuilder} for the layout). Immutable and
 * shareable between threads (it lives in the block cache); iterators are per-thread.
 */
final class Block {
    private final byte[] data;
    private final int restartsOffset;
    private final int numRestarts;

    /** @throws IllegalArgumentException if the restart array is malformed */
    Block(byte[] data) {
        this.data = data;
        if (data.length < 4) {
            throw new IllegalArgumentException("block too small: " + data.length);
        }
        numRestarts = ByteBuffer.wrap(data).getInt(data.length - 4);
        long off = (long) data.length - 4 - 4L * numRestarts;
        if (numRestarts < 1 || off < 0) {
            throw new IllegalArgumentException("bad restart count " + numRestarts);
        }
        restartsOffset = (int) off;
    }

    int size() {
        return data.length;
    }

    InternalIterator iterator() {
        return new Iter();
    }

    private int restartPoint(int i) {
        return ByteBuffer.wrap(data).getInt(restartsOffset + 4 * i);
    }

    /**
     * Decodes a varint32 at {@code pos[0]} of {@code data}, advancing {@code pos[0]}; the block's
     * entries end at {@code limit}. Array-based (no ByteBuffer) because it runs for every entry a
     * seek passes.
     */
    private static int varint32(byte[] data, int[] pos, int limit) {
        int p = pos[0];
        int result = 0;
        for (int shift = 0; shift < 35; shift += 7) {
            if (p >= limit) {
                throw new IllegalArgumentException("truncated varint");
            }
            int b = data[p++] & 0xFF;
            result |= (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                if (result < 0) {
                    throw new IllegalArgumentException("varint out of int range");
                }
                pos[0] = p;
                return result;
            }
        }
        throw new IllegalArgumentException("varint too long");
    }

    /**
     * Compares the internal key stored at {@code data[off, off + len)} with internal key
     * {@code target}, as {@link InternalKey#compare} does, without copying it.
     */
    private int compareAt(int off, int len, byte[] target) {
        int c = Arrays.compareUnsigned(data, off, off + len - InternalKey.TRAILER_BYTES, target, 0,
                target.length - InternalKey.TRAILER_BYTES);
        if (c != 0) {
            return c;
        }
        long ta = 0;
        for (int i = off + len - InternalKey.TRAILER_BYTES; i < off + len; i++) {
            ta = (ta << 8) | (data[i] & 0xFF);
        }
        return Long.compareUnsigned(InternalKey.trailer(target), ta); // newer (larger trailer) first
    }

    /**
     * Iterator over the entries. A seek binary-searches the restart points comparing their keys in
     * place (restart entries store their whole key), then decodes forward; values are copied out
     * only when asked for.
     */
    private final class Iter implements InternalIterator {
        private final int[] pos = new int[1];
        private byte[] key;
        private byte[] value;
        private int valueOffset;
        private int valueLength;
        private int current = -1; // offset of the current entry
        private int next; // offset of the next entry to decode

        @Override public void seekToFirst() {
            seekToRestart(0);
            parseNext();
        }

        @Override public void seek(byte[] target) {
            int left = 0;
            int right = numRestarts - 1;
            while (left < right) { // last restart point whose key < target
                int mid = (left + right + 1) >>> 1;
                pos[0] = restartPoint(mid);
                int shared = varint32(data, pos, restartsOffset);
                int nonShared = varint32(data, pos, restartsOffset);
                varint32(data, pos, restartsOffset);
                if (shared != 0 || nonShared < InternalKey.TRAILER_BYTES || pos[0] + nonShared > restartsOffset) {
                    throw new IllegalArgumentException("malformed restart entry at " + restartPoint(mid));
                }
                if (compareAt(pos[0], nonShared, target) < 0) {
                    left = mid;
                } else {
                    right = mid - 1;
                }
            }
            seekToRestart(left);
            parseNext();
            while (key != null && InternalKey.compare(key, target) < 0) {
                parseNext();
            }
        }

        private void seekToRestart(int i) {
            next = restartPoint(i);
            key = null;
        }

        @Override public void seekToLast() {
            seekToRestart(numRestarts - 1);
            parseNext();
            while (key != null && next < restartsOffset) {
                parseNext();
            }
        }

        @Override public void prev() {
            int target = current;
            int r = numRestarts - 1;
            while (r > 0 && restartPoint(r) >= target) {
                r--;
            }
            if (restartPoint(r) >= target) { // target is the first entry
                key = null;
                value = null;
                current = -1;
                return;
            }
            seekToRestart(r);
            parseNext();
            while (next < target) {
                parseNext();
            }
        }

        private void parseNext() {
            value = null;
            if (next >= restartsOffset) {
                key = null;
                current = -1;
                return;
            }
            current = next;
            pos[0] = next;
            int shared = varint32(data, pos, restartsOffset);
            int nonShared = varint32(data, pos, restartsOffset);
            int valueLen = varint32(data, pos, restartsOffset);
            int p = pos[0];
            if (shared > (key == null ? 0 : key.length) || (long) p + nonShared + valueLen > restartsOffset) {
                throw new IllegalArgumentException("malformed block entry at " + next);
            }
            byte[] k = key == null ? new byte[shared + nonShared] : Arrays.copyOf(key, shared + nonShared);
            System.arraycopy(data, p, k, shared, nonShared);
            key = k;
            valueOffset = p + nonShared;
            valueLength = valueLen;
            next = valueOffset + valueLen;
        }

        @Override public boolean valid() { return key != null; }
        @Override public byte[] key() { return key; }

        @Override public byte[] value() {
            if (value == null && key != null) {
                value = Arrays.copyOfRange(data, valueOffset, valueOffset + valueLength);
            }
            return value;
        }

        @Override public void next() { parseNext(); }
    }
}
