package io.beamdb.storage;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/**
 * Byte encodings shared by all file formats: big-endian fixed-width integers and LEB128-style
 * unsigned varints (7 bits per byte, low group first, high bit = "more follows").
 */
final class Coding {
    private Coding() {}

    static void putVarint64(ByteArrayOutputStream out, long v) {
        while ((v & ~0x7FL) != 0) {
            out.write((int) ((v & 0x7F) | 0x80));
            v >>>= 7;
        }
        out.write((int) v);
    }

    static void putBytes(ByteArrayOutputStream out, byte[] b) {
        putVarint64(out, b.length);
        out.write(b, 0, b.length);
    }

    static void putFixed32(ByteArrayOutputStream out, int v) {
        out.write(v >>> 24);
        out.write(v >>> 16);
        out.write(v >>> 8);
        out.write(v);
    }

    static void putFixed64(ByteArrayOutputStream out, long v) {
        putFixed32(out, (int) (v >>> 32));
        putFixed32(out, (int) v);
    }

    /** Reads a varint from {@code buf} at its position; throws IllegalArgumentException if malformed. */
    static long getVarint64(ByteBuffer buf) {
        long result = 0;
        for (int shift = 0; shift < 64; shift += 7) {
            if (!buf.hasRemaining()) {
                throw new IllegalArgumentException("truncated varint");
            }
            int b = buf.get() & 0xFF;
            result |= (long) (b & 0x7F) << shift;
            if ((b & 0x80) == 0) {
                return result;
            }
        }
        throw new IllegalArgumentException("varint too long");
    }

    static int getVarint32(ByteBuffer buf) {
        long v = getVarint64(buf);
        if (v < 0 || v > Integer.MAX_VALUE) {
            throw new IllegalArgumentException("varint out of int range: " + v);
        }
        return (int) v;
    }

    static byte[] getBytes(ByteBuffer buf) {
        int n = getVarint32(buf);
        if (n > buf.remaining()) {
            throw new IllegalArgumentException("length " + n + " exceeds remaining " + buf.remaining());
        }
        byte[] b = new byte[n];
        buf.get(b);
        return b;
    }

    static int crc32c(byte[] b, int off, int len) {
        java.util.zip.CRC32C c = new java.util.zip.CRC32C();
        c.update(b, off, len);
        return (int) c.getValue();
    }
}
