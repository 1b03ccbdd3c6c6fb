package io.beamdb.storage;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;

/**
 * Location of a block in an SSTable: byte offset and size of the block contents. The 5-byte block
 * trailer ({@code [compression type u8][crc32c u32]}) follows the contents and is not counted in
 * {@code size}. Encoded as two varints inside index blocks and as two u64 in the footer.
 */
record BlockHandle(long offset, long size) {
    static final int TRAILER_BYTES = 5;

    byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(20);
        Coding.putVarint64(out, offset);
        Coding.putVarint64(out, size);
        return out.toByteArray();
    }

    static BlockHandle decode(byte[] b) {
        ByteBuffer buf = ByteBuffer.wrap(b);
        return new BlockHandle(Coding.getVarint64(buf), Coding.getVarint64(buf));
    }
}
