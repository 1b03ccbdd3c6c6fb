package io.beamdb.storage;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import io.beamdb.storage.fs.FileSystem;
import io.beamdb.storage.fs.WritableFile;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * Writes an immutable sorted table ({@code NNNNNN.sst}) from internal keys added in increasing
 * order. File layout (see docs/storage-formats.md):
 * <pre>
 *   [data block][trailer] ... [data block][trailer]
 *   [filter block][trailer]          bloom filter over user keys and (version 2) their
 *                                    prefixes without the last 8 bytes
 *   [index block][trailer]           last internal key of each data block -> BlockHandle
 *   [footer: index offset u64, index size u64, filter offset u64, filter size u64,
 *            format version u8 = 2, magic u64]
 *   trailer = [compression type u8 (0 = none, 1 = LZ4)][crc32c u32 over stored contents + type]
 * </pre>
 * Data blocks are compressed with the configured {@link Compression} when that saves at least
 * 12.5% ({@link BlockCompressor}); filter and index blocks are never compressed.
 * Not thread-safe. {@link #finish()} fsyncs the file; {@link #abandon()} deletes it.
 */
final class SSTableWriter {
    static final int BLOCK_SIZE = 4096;
    /** Version 2: the filter also holds key prefixes ({@link BloomFilter#prefixHash}). */
    static final byte FORMAT_VERSION = 2;
    /** Oldest format version a reader accepts (version 1 tables have no prefix entries). */
    static final byte MIN_FORMAT_VERSION = 1;
    static final long MAGIC = 0x4265616d53535431L; // "BeamSST1"
    static final int FOOTER_BYTES = 8 * 4 + 1 + 8;
    static final byte COMPRESSION_NONE = 0;

    private final Path file;
    private final long number;
    private final FileSystem fs;
    private final WritableFile channel;
    private final Compression compression;
    private final List<Integer> keyHashes = new ArrayList<>();
    private BlockBuilder data = new BlockBuilder();
    private final BlockBuilder index = new BlockBuilder();
    private long offset;
    private byte[] smallest;
    private byte[] largest;
    private byte[] lastUserKeyHashed;
    private long entries;

    SSTableWriter(FileSystem fs, Path dir, long number, Compression compression) {
        this.fs = fs;
        this.number = number;
        this.compression = compression;
        this.file = FileNames.table(dir, number);
        try {
            channel = fs.newWritableFile(file);
        } catch (IOException e) {
            throw StorageException.io("cannot create table", file, e);
        }
    }

    void add(byte[] internalKey, byte[] value) {
        if (smallest == null) {
            smallest = internalKey;
        }
        largest = internalKey;
        byte[] userKey = InternalKey.userKey(internalKey);
        if (lastUserKeyHashed == null || !java.util.Arrays.equals(lastUserKeyHashed, userKey)) {
            keyHashes.add(BloomFilter.hash(userKey, 0, userKey.length));
            int prefix = userKey.length - KvStore.VERSION_SUFFIX_BYTES;
            if (prefix > 0 && (lastUserKeyHashed == null || lastUserKeyHashed.length != userKey.length
                    || !java.util.Arrays.equals(lastUserKeyHashed, 0, prefix, userKey, 0, prefix))) {
                keyHashes.add(BloomFilter.prefixHash(userKey, prefix));
            }
            lastUserKeyHashed = userKey;
        }
        data.add(internalKey, value);
        entries++;
        if (data.estimatedSize() >= BLOCK_SIZE) {
            flushDataBlock();
        }
    }

    long entries() { return entries; }

    /** Bytes written so far plus the pending data block: the file size if finished now (roughly). */
    long estimatedSize() {
        return offset + data.estimatedSize();
    }

    private void flushDataBlock() {
        if (data.isEmpty()) {
            return;
        }
        byte[] lastKey = data.lastKey();
        BlockHandle h = writeBlock(data.finish(), compression);
        index.add(lastKey, h.encode());
        data = new BlockBuilder();
    }

    private BlockHandle writeBlock(byte[] contents, Compression c) {
        byte type = COMPRESSION_NONE;
        if (c == Compression.LZ4) {
            byte[] compressed = BlockCompressor.compressLz4(contents);
            if (compressed != null) {
                contents = compressed;
                type = Compression.LZ4.code();
            }
        }
        BlockHandle h = new BlockHandle(offset, contents.length);
        ByteBuffer buf = ByteBuffer.allocate(contents.length + BlockHandle.TRAILER_BYTES);
        CRC32C crc = new CRC32C();
        crc.update(contents);
        crc.update(type);
        buf.put(contents).put(type).putInt((int) crc.getValue()).flip();
        write(buf);
        return h;
    }

    private void write(ByteBuffer buf) {
        int n = buf.remaining();
        try {
            channel.append(buf);
            offset += n;
        } catch (IOException e) {
            throw StorageException.io("cannot write table", file, e);
        }
    }

    /** Writes filter, index and footer, fsyncs and closes. Returns the file's metadata. */
    FileMeta finish() {
        if (entries == 0) {
            throw new IllegalStateException("empty table");
        }
        flushDataBlock();
        BlockHandle filter = writeBlock(BloomFilter.build(keyHashes), Compression.NONE);
        BlockHandle idx = writeBlock(index.finish(), Compression.NONE);
        ByteBuffer footer = ByteBuffer.allocate(FOOTER_BYTES);
        footer.putLong(idx.offset()).putLong(idx.size()).putLong(filter.offset()).putLong(filter.size())
                .put(FORMAT_VERSION).putLong(MAGIC).flip();
        write(footer);
        try {
            channel.sync();
            channel.close();
        } catch (IOException e) {
            throw StorageException.io("cannot sync table", file, e);
        }
        return new FileMeta(number, offset, smallest, largest);
    }

    /** Closes and deletes a partially written table after a failure. */
    void abandon() {
        try {
            channel.close();
            fs.delete(file);
        } catch (IOException e) {
            throw StorageException.io("cannot delete partial table", file, e);
        }
    }

    /** Writes all entries of {@code source} (already positioned by seekToFirst) into a new table. */
    static FileMeta write(FileSystem fs, Path dir, long number, InternalIterator source, Compression compression) {
        SSTableWriter w = new SSTableWriter(fs, dir, number, compression);
        try {
            for (source.seekToFirst(); source.valid(); source.next()) {
                w.add(source.key(), source.value());
            }
            return w.finish();
        } catch (RuntimeException e) {
            try {
                w.abandon();
            } catch (RuntimeException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }
}
