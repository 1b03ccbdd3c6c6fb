package io.beamdb.storage;

import io.airlift.compress.MalformedInputException;
import io.airlift.compress.lz4.Lz4Compressor;
import io.airlift.compress.lz4.Lz4Decompressor;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/**
 * LZ4 block compression for SSTable data blocks using the pure-Java
 * {@code io.airlift:aircompressor} LZ4 block codec. Compressed contents are
 * {@code [uncompressed length varint][lz4 block]}. Stateless and thread-safe (a codec instance is
 * created per call; they are cheap).
 */
final class BlockCompressor {
    /** Blocks must shrink by at least 1/8 (12.5%) to be stored compressed. */
    static final int MIN_SAVING_SHIFT = 3;
    /** Refuse to inflate blocks claiming to be larger than this (guards against corrupt lengths). */
    static final int MAX_BLOCK_BYTES = 64 << 20;

    private BlockCompressor() {}

    /** The LZ4 encoding of {@code raw}, or {@code null} if it would not save at least 12.5%. */
    static byte[] compressLz4(byte[] raw) {
        Lz4Compressor c = new Lz4Compressor();
        byte[] out = new byte[5 + c.maxCompressedLength(raw.length)];
        ByteArrayOutputStream header = new ByteArrayOutputStream(5);
        Coding.putVarint64(header, raw.length);
        int h = header.size();
        System.arraycopy(header.toByteArray(), 0, out, 0, h);
        int n = c.compress(raw, 0, raw.length, out, h, out.length - h);
        int total = h + n;
        if (total > raw.length - (raw.length >>> MIN_SAVING_SHIFT)) {
            return null;
        }
        return java.util.Arrays.copyOf(out, total);
    }

    /**
     * Decodes the first {@code n} bytes of {@code stored} written by {@link #compressLz4}.
     *
     * @throws IllegalArgumentException if the data is malformed
     */
    static byte[] decompressLz4(byte[] stored, int n) {
        ByteBuffer buf = ByteBuffer.wrap(stored, 0, n);
        int rawLength = Coding.getVarint32(buf);
        if (rawLength > MAX_BLOCK_BYTES) {
            throw new IllegalArgumentException("uncompressed length " + rawLength + " too large");
        }
        int h = buf.position();
        byte[] raw = new byte[rawLength];
        int got;
        try {
            got = new Lz4Decompressor().decompress(stored, h, n - h, raw, 0, rawLength);
        } catch (MalformedInputException | IndexOutOfBoundsException e) {
            throw new IllegalArgumentException("malformed LZ4 data: " + e.getMessage(), e);
        }
        if (got != rawLength) {
            throw new IllegalArgumentException("LZ4 data decodes to " + got + " bytes, expected " + rawLength);
        }
        return raw;
    }
}
