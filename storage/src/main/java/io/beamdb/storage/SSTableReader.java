package io.beamdb.storage;

import com.github.benmanes.caffeine.cache.Cache;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import io.beamdb.storage.fs.FileSystem;
import io.beamdb.storage.fs.ReadableFile;
import java.util.zip.CRC32C;

/**
 * Reads an SSTable written by {@link SSTableWriter}. The footer, index block and bloom filter are
 * loaded and verified on open; data blocks are read on demand through the shared block cache
 * (keyed by file number and offset) and their checksums verified when read from disk, then
 * decompressed according to the trailer's compression type (0 none, 1 LZ4).
 *
 * <p>Thread-safe: positional reads on one {@link ReadableFile}; iterators are per-thread.
 * Errors: checksum or format failures throw CORRUPTION naming the file and offset.
 */
final class SSTableReader implements AutoCloseable {
    /** Block-cache key. */
    record BlockKey(long file, long offset) {}

    private final Path file;
    private final long number;
    private final ReadableFile channel;
    private final Cache<BlockKey, Block> blockCache;
    private final EngineStats stats;
    private final Block index;
    private final byte[] filter;
    private final BlockHandle filterHandle;
    private final long indexOffset;
    /** True when the filter holds key prefixes (format version 2). */
    private final boolean prefixFilter;

    private SSTableReader(Path file, long number, ReadableFile channel, Cache<BlockKey, Block> cache, EngineStats stats) {
        this.stats = stats;
        this.file = file;
        this.number = number;
        this.channel = channel;
        this.blockCache = cache;
        long size;
        try {
            size = channel.size();
        } catch (IOException e) {
            throw StorageException.io("cannot stat table", file, e);
        }
        if (size < SSTableWriter.FOOTER_BYTES) {
            throw StorageException.corruption("table too short (" + size + " bytes)", file, 0);
        }
        long footerOffset = size - SSTableWriter.FOOTER_BYTES;
        ByteBuffer footer = ByteBuffer.wrap(read(footerOffset, SSTableWriter.FOOTER_BYTES));
        BlockHandle indexHandle = new BlockHandle(footer.getLong(), footer.getLong());
        BlockHandle filterHandle = new BlockHandle(footer.getLong(), footer.getLong());
        byte version = footer.get();
        long magic = footer.getLong();
        if (magic != SSTableWriter.MAGIC) {
            throw StorageException.corruption("bad table magic number", file, footerOffset);
        }
        if (version < SSTableWriter.MIN_FORMAT_VERSION || version > SSTableWriter.FORMAT_VERSION) {
            throw StorageException.corruption("unsupported table format version " + version, file, footerOffset);
        }
        for (BlockHandle h : new BlockHandle[] {indexHandle, filterHandle}) {
            if (h.offset() < 0 || h.size() < 0 || h.offset() + h.size() + BlockHandle.TRAILER_BYTES > footerOffset) {
                throw StorageException.corruption("bad block handle in footer", file, footerOffset);
            }
        }
        this.index = parse(readBlockContents(indexHandle), indexHandle);
        this.filter = readBlockContents(filterHandle);
        this.filterHandle = filterHandle;
        this.indexOffset = indexHandle.offset();
        this.prefixFilter = version >= 2;
    }

    static SSTableReader open(FileSystem fs, Path dir, long number, Cache<BlockKey, Block> cache, EngineStats stats) {
        Path file = FileNames.table(dir, number);
        ReadableFile ch;
        try {
            ch = fs.newReadableFile(file);
        } catch (IOException e) {
            throw StorageException.io("cannot open table", file, e);
        }
        try {
            return new SSTableReader(file, number, ch, cache, stats);
        } catch (RuntimeException e) {
            try {
                ch.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
    }

    long number() { return number; }

    /**
     * Reads every data block named by the index, verifying its checksum, compression and entry
     * format, that internal keys ascend across the whole table, that each block's last key matches
     * its index entry, and that the bloom filter admits every user key. The footer, index and
     * filter were verified when this reader was opened. Each damaged block is reported to
     * {@code sink} (CORRUPTION with file and offset) and checking goes on with the next block;
     * the filter is reported at most once. Bypasses the block cache. Returns the number of blocks.
     */
    int verifyDataBlocks(java.util.function.Consumer<StorageException> sink) {
        int blocks = 0;
        byte[] prev = null;
        boolean filterReported = false;
        InternalIterator idx = index.iterator();
        try {
            for (idx.seekToFirst(); idx.valid(); idx.next()) {
                blocks++;
                BlockHandle h;
                try {
                    h = BlockHandle.decode(idx.value());
                } catch (RuntimeException e) {
                    sink.accept(StorageException.corruption("bad block handle in index entry " + blocks, file, indexOffset, e));
                    continue;
                }
                try {
                    Block b = parse(readBlockContents(h), h);
                    InternalIterator it = b.iterator();
                    byte[] last = null;
                    for (it.seekToFirst(); it.valid(); it.next()) {
                        byte[] k = it.key();
                        if (prev != null && InternalKey.compare(prev, k) >= 0) {
                            sink.accept(StorageException.corruption("keys out of order", file, h.offset()));
                        }
                        if (!filterReported && !BloomFilter.mayContain(filter, InternalKey.userKey(k))) {
                            filterReported = true;
                            sink.accept(StorageException.corruption("bloom filter does not admit key "
                                    + InternalKey.describe(k), file, filterHandle.offset()));
                        }
                        prev = k;
                        last = k;
                    }
                    if (last == null || !java.util.Arrays.equals(last, idx.key())) {
                        sink.accept(StorageException.corruption("block's last key differs from its index entry", file, h.offset()));
                    }
                } catch (StorageException e) {
                    sink.accept(e);
                } catch (RuntimeException e) {
                    sink.accept(StorageException.corruption("malformed block", file, h.offset(), e));
                }
            }
        } catch (RuntimeException e) {
            sink.accept(StorageException.corruption("malformed index block", file, indexOffset, e));
        }
        return blocks;
    }

    /** Newest record for {@code userKey} with sequence {@code <= sequence}, or null. */
    LookupResult get(byte[] userKey, long sequence) {
        if (!BloomFilter.mayContain(filter, userKey)) {
            return null;
        }
        byte[] target = InternalKey.seekKey(userKey, sequence);
        InternalIterator idx = index.iterator();
        idx.seek(target);
        if (!idx.valid()) {
            return null;
        }
        InternalIterator data = dataBlock(idx.value()).iterator();
        data.seek(target);
        if (!data.valid() || InternalKey.compareUserKey(data.key(), userKey) != 0) {
            return null;
        }
        return LookupResult.of(data.key(), data.value());
    }

    /**
     * {@link KvStore#firstVersion} in this table: the first record with sequence {@code <= sequence}
     * whose user key is {@code >= from}, {@code from.length} bytes long and shares the first
     * {@code prefix} bytes of {@code from}. The entry holds the internal key. Returns null when
     * there is none, and {@link #PAST_END} when the table ended before the prefix did (the next
     * table of a level may continue it). {@code prefixHash} is {@link BloomFilter#prefixHash} of
     * the prefix; the filter is consulted first when the table has prefix entries.
     */
    KvEntry firstVersion(byte[] from, int prefix, int prefixHash, long sequence) {
        if (prefixFilter && !BloomFilter.mayContainHash(filter, prefixHash)) {
            return null;
        }
        InternalIterator it = new TwoLevelIterator(true);
        it.seek(InternalKey.seekKey(from, sequence));
        while (it.valid()) {
            byte[] ik = it.key();
            int userLen = InternalKey.userKeyLength(ik);
            if (userLen < prefix || !java.util.Arrays.equals(ik, 0, prefix, from, 0, prefix)) {
                return null;
            }
            if (userLen == from.length && InternalKey.sequence(ik) <= sequence) {
                return new KvEntry(ik, it.value());
            }
            it.next();
        }
        return PAST_END;
    }

    /** Marker result of {@link #firstVersion}: the table ended inside the prefix. */
    static final KvEntry PAST_END = new KvEntry(InternalKey.EMPTY, InternalKey.EMPTY);

    /** Iterator that fills the block cache (user reads). */
    InternalIterator iterator() {
        return new TwoLevelIterator(true);
    }

    /**
     * Iterator over the whole table; with {@code fillCache == false} (compaction inputs) blocks
     * found in the cache are used but blocks read from disk are not added to it.
     */
    InternalIterator iterator(boolean fillCache) {
        return new TwoLevelIterator(fillCache);
    }

    private Block dataBlock(byte[] encodedHandle) {
        return dataBlock(encodedHandle, true);
    }

    private Block dataBlock(byte[] encodedHandle, boolean fillCache) {
        BlockHandle h = BlockHandle.decode(encodedHandle);
        BlockKey key = new BlockKey(number, h.offset());
        Block b = blockCache.getIfPresent(key);
        if (b != null) {
            stats.blockCacheHits.increment();
            return b;
        }
        stats.blockCacheMisses.increment();
        b = parse(readBlockContents(h), h);
        if (fillCache) {
            blockCache.put(key, b);
        }
        return b;
    }

    private Block parse(byte[] contents, BlockHandle h) {
        try {
            return new Block(contents);
        } catch (IllegalArgumentException e) {
            throw StorageException.corruption("malformed block", file, h.offset(), e);
        }
    }

    /** Reads a block and its trailer, verifies the checksum and compression type, returns the contents. */
    private byte[] readBlockContents(BlockHandle h) {
        if (h.size() > Integer.MAX_VALUE - BlockHandle.TRAILER_BYTES) {
            throw StorageException.corruption("block size " + h.size() + " too large", file, h.offset());
        }
        int n = (int) h.size();
        byte[] b = read(h.offset(), n + BlockHandle.TRAILER_BYTES);
        CRC32C crc = new CRC32C();
        crc.update(b, 0, n + 1);
        int stored = ByteBuffer.wrap(b).getInt(n + 1);
        if ((int) crc.getValue() != stored) {
            throw StorageException.corruption("block checksum mismatch", file, h.offset());
        }
        if (b[n] == Compression.NONE.code()) {
            return java.util.Arrays.copyOf(b, n);
        }
        if (b[n] == Compression.LZ4.code()) {
            try {
                return BlockCompressor.decompressLz4(b, n);
            } catch (IllegalArgumentException e) {
                throw StorageException.corruption("cannot decompress block", file, h.offset(), e);
            }
        }
        throw StorageException.corruption("unknown compression type " + b[n], file, h.offset());
    }

    private byte[] read(long offset, int n) {
        ByteBuffer buf = ByteBuffer.allocate(n);
        stats.tableBytesRead.add(n);
        try {
            while (buf.hasRemaining()) {
                int r = channel.read(buf, offset + buf.position());
                if (r < 0) {
                    throw StorageException.corruption("unexpected end of table reading " + n + " bytes", file, offset);
                }
            }
        } catch (IOException e) {
            throw StorageException.io("cannot read table", file, e);
        }
        return buf.array();
    }

    @Override public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw StorageException.io("cannot close table", file, e);
        }
    }

    @Override public String toString() {
        return "SSTableReader{" + file + "}";
    }

    /** Index iterator over data-block iterators. */
    private final class TwoLevelIterator implements InternalIterator {
        private final InternalIterator idx = index.iterator();
        private final boolean fillCache;
        private InternalIterator data;

        TwoLevelIterator(boolean fillCache) {
            this.fillCache = fillCache;
        }

        @Override public void seekToFirst() {
            idx.seekToFirst();
            loadBlock();
            if (data != null) {
                data.seekToFirst();
            }
            skipEmptyForward();
        }

        @Override public void seekToLast() {
            idx.seekToLast();
            loadBlock();
            if (data != null) {
                data.seekToLast();
            }
            skipEmptyBackward();
        }

        @Override public void seek(byte[] target) {
            idx.seek(target);
            loadBlock();
            if (data != null) {
                data.seek(target);
            }
            skipEmptyForward();
        }

        private void loadBlock() {
            data = idx.valid() ? dataBlock(idx.value(), fillCache).iterator() : null;
        }

        private void skipEmptyForward() {
            while (data != null && !data.valid()) {
                idx.next();
                loadBlock();
                if (data != null) {
                    data.seekToFirst();
                }
            }
        }

        private void skipEmptyBackward() {
            while (data != null && !data.valid()) {
                idx.prev();
                loadBlock();
                if (data != null) {
                    data.seekToLast();
                }
            }
        }

        @Override public boolean valid() { return data != null && data.valid(); }
        @Override public byte[] key() { return data.key(); }
        @Override public byte[] value() { return data.value(); }

        @Override public void next() {
            data.next();
            skipEmptyForward();
        }

        @Override public void prev() {
            data.prev();
            skipEmptyBackward();
        }
    }
}
