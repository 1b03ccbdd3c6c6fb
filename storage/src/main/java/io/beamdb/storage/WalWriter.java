package io.beamdb.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import io.beamdb.storage.fs.FileSystem;
import io.beamdb.storage.fs.WritableFile;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Appends records to a write-ahead log file ({@code NNNNNN.wal}). Record layout (big-endian):
 * <pre>
 *   [length u32][crc32c u32 over type+payload][type u8][payload: length bytes]
 * </pre>
 * Type {@link #TYPE_BATCH_V1} is the only type: the payload is an encoded {@link WriteBatch}.
 * A commit group is appended with one {@link #addAll} (one record per batch, one write call).
 *
 * <p>Thread-safety: {@link #addAll} is called by one writer at a time (the commit-group leader);
 * {@link #sync} and {@link #close} may race with each other and with {@code add} (background
 * syncer) and are synchronized.
 */
final class WalWriter implements AutoCloseable {
    static final int HEADER_BYTES = 9;
    /** Record type: WriteBatch payload, format version 1. */
    static final byte TYPE_BATCH_V1 = 1;

    private final Path file;
    private final long number;
    private final WritableFile channel;
    private boolean closed;
    private volatile boolean dirty;

    /**
     * Creates WAL {@code number} in {@code dir} and fsyncs the directory, so that the new file's
     * directory entry is durable before any record in it is acknowledged (LevelDB syncs the
     * directory when it creates a manifest; a WAL whose entry is lost loses synced commits).
     */
    WalWriter(FileSystem fs, Path dir, long number) {
        this.number = number;
        this.file = FileNames.wal(dir, number);
        try {
            this.channel = fs.newWritableFile(file);
        } catch (IOException e) {
            throw StorageException.io("cannot create WAL", file, e);
        }
        try {
            fs.syncDirectory(dir);
        } catch (IOException e) {
            StorageException se = StorageException.io("cannot sync directory after creating WAL", file, e);
            try {
                channel.close();
            } catch (IOException suppressed) {
                se.addSuppressed(suppressed);
            }
            throw se;
        }
    }

    long number() { return number; }

    Path file() { return file; }

    void add(byte[] payload) {
        addAll(List.of(payload));
    }

    /**
     * Appends one record per payload with a single write (group commit: one append for the whole
     * commit group). Returns the number of bytes appended.
     */
    long addAll(List<byte[]> payloads) {
        int total = 0;
        for (byte[] p : payloads) {
            total = Math.addExact(total, HEADER_BYTES + p.length);
        }
        ByteBuffer buf = ByteBuffer.allocate(total);
        for (byte[] payload : payloads) {
            CRC32C crc = new CRC32C();
            crc.update(TYPE_BATCH_V1);
            crc.update(payload);
            buf.putInt(payload.length).putInt((int) crc.getValue()).put(TYPE_BATCH_V1).put(payload);
        }
        buf.flip();
        try {
            channel.append(buf);
        } catch (IOException e) {
            throw StorageException.io("cannot append to WAL", file, e);
        }
        dirty = true;
        return total;
    }

    /** Forces written records to stable storage. No-op if closed or nothing was written since the last sync. */
    synchronized void sync() {
        if (closed || !dirty) {
            return;
        }
        dirty = false;
        try {
            channel.sync();
        } catch (IOException e) {
            dirty = true;
            throw StorageException.io("cannot sync WAL", file, e);
        }
    }

    /** Syncs (if {@code sync}) and closes; idempotent. */
    synchronized void close(boolean sync) {
        if (closed) {
            return;
        }
        try {
            if (sync && dirty) {
                channel.sync();
            }
            closed = true;
            channel.close();
        } catch (IOException e) {
            throw StorageException.io("cannot close WAL", file, e);
        }
    }

    @Override public void close() {
        close(true);
    }
}
