package io.beamdb.storage.fs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;

/**
 * A file being written from start to end (WAL, SSTable, manifest, CURRENT's temp file), like
 * LevelDB's {@code WritableFile}. Appended bytes may sit in OS buffers until {@link #sync()}.
 * Not thread-safe for appends; {@link #sync()} and {@link #close()} may be called from another
 * thread than the appender.
 */
public interface WritableFile extends AutoCloseable {
    /** The file's path. */
    Path path();

    /** Appends all remaining bytes of {@code data}; on failure a prefix may have been written. */
    void append(ByteBuffer data) throws IOException;

    /** Forces appended bytes (and the file's size) to stable storage: fdatasync. */
    void sync() throws IOException;

    /** Closes without syncing; idempotent. */
    @Override void close() throws IOException;
}
