package io.beamdb.storage;

/**
 * Block compression of SSTable data blocks, chosen with
 * {@link StorageOptions#withCompression(Compression)}. The byte stored in each block trailer is
 * {@link #code()}; a block that compression would not shrink by at least 12.5% is stored with
 * code 0 regardless. Readers decode every known code whatever the store's current setting.
 */
public enum Compression {
    /** Blocks are stored as is (trailer code 0). */
    NONE((byte) 0),
    /**
     * LZ4 block format via the pure-Java {@code io.airlift:aircompressor} (trailer code 1); the
     * stored contents are {@code [uncompressed length varint][lz4 block]}.
     */
    LZ4((byte) 1);

    private final byte code;

    Compression(byte code) {
        this.code = code;
    }

    /** The compression type byte written to block trailers. */
    public byte code() { return code; }
}
