package io.beamdb.storage.fs;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * An immutable file read at explicit offsets (SSTables), like LevelDB's {@code RandomAccessFile}.
 * Thread-safe: concurrent positional reads are allowed.
 */
public interface ReadableFile extends AutoCloseable {
    /**
     * Reads up to {@code dst.remaining()} bytes at {@code position}; returns the count, or -1 at
     * end of file.
     */
    int read(ByteBuffer dst, long position) throws IOException;

    /** The file's size in bytes. */
    long size() throws IOException;

    @Override void close() throws IOException;
}
