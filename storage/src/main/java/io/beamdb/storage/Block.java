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

    private final class Iter implements InternalIterator {
        private final ByteBuffer buf = ByteBuffer.wrap(data);
        private byte[] key;
        private byte[] value;
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
                seekToRestart(mid);
                parseNext();
                if (InternalKey.compare(key, target) < 0) {
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
            if (next >= restartsOffset) {
                key = null;
                value = null;
                current = -1;
                return;
            }
            current = next;
            buf.position(next);
            int shared = Coding.getVarint32(buf);
            int nonShared = Coding.getVarint32(buf);
            int valueLength = Coding.getVarint32(buf);
            if (shared > (key == null ? 0 : key.length) || buf.remaining() < nonShared + valueLength) {
                throw new IllegalArgumentException("malformed block entry at " + next);
            }
            byte[] k = key == null ? new byte[shared + nonShared] : Arrays.copyOf(key, shared + nonShared);
            buf.get(k, shared, nonShared);
            byte[] v = new byte[valueLength];
            buf.get(v);
            key = k;
            value = v;
            next = buf.position();
        }

        @Override public boolean valid() { return key != null; }
        @Override public byte[] key() { return key; }
        @Override public byte[] value() { return value; }
        @Override public void next() { parseNext(); }
    }
}
