package io.beamdb.storage;

import io.beamdb.storage.fs.FileSystem;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * Salvages every readable record of a damaged store into a new one ({@code beam recover}).
 *
 * <p>The manifest is not trusted: every {@code NNNNNN.sst} and {@code NNNNNN.wal} file in the
 * directory is read on its own. Tables are scanned for data blocks by their checksums (each block
 * is {@code [contents][type u8][crc32c u32]}, see storage-formats.md), so a damaged footer or
 * index does not hide the blocks before and after it; a block whose checksum fails is skipped and
 * the scan re-synchronises on the next block whose checksum verifies. WALs are read record by
 * record; after a damaged record the reader re-synchronises on the next offset where a whole record
 * verifies. Of all records found, the newest version (highest sequence number) of each key wins;
 * keys whose newest version is a deletion are dropped; the survivors are written, in key order,
 * into the target store.
 *
 * <p>Consequences: a key whose newest version was unreadable comes back with its newest readable
 * version (an older value, or a value that had been deleted); nothing unreadable is invented. The
 * whole salvaged key space is held in memory while it is sorted (fine for the small and medium
 * databases salvage is meant for). Thread-safety: stateless; holds the source directory's
 * {@code LOCK} while reading, so a running store is never read.
 */
public final class StorageSalvager {
    private static final int MAX_SCANNED_BLOCK = 64 << 10;
    private static final int CRC_POLY = 0x82F63B78;
    private static final int[] CRC_TABLE = new int[256];

    static {
        for (int i = 0; i < 256; i++) {
            int c = i;
            for (int k = 0; k < 8; k++) {
                c = (c & 1) != 0 ? (c >>> 1) ^ CRC_POLY : c >>> 1;
            }
            CRC_TABLE[i] = c;
        }
    }

    private StorageSalvager() {}

    /**
     * What was read and what was lost.
     *
     * @param tables table files read
     * @param blocks data blocks whose checksum verified
     * @param wals WAL files read
     * @param walRecords WAL records whose checksum verified
     * @param damaged byte ranges skipped, as "FILE @OFFSET: what" lines
     * @param keys live keys written to the target
     */
    public record Report(int tables, long blocks, int wals, long walRecords, List<String> damaged, long keys) {
        /** Makes the list immutable. */
        public Report {
            damaged = List.copyOf(damaged);
        }
    }

    private record Version(long sequence, byte type, byte[] value) {}

    /**
     * Reads every readable record of the store in {@code source} and writes the newest live
     * version of each key into a new store opened with {@code target} (whose directory must not
     * hold a store yet).
     *
     * @throws StorageException LOCKED if a store has {@code source} open, IO on I/O errors,
     *     IO if {@code target} already holds a store
     */
    public static Report salvage(Path source, FileSystem fs, StorageOptions target) {
        Objects.requireNonNull(source, "source");
        Path dir = source.toAbsolutePath();
        if (target.dir() != null && fs.exists(target.dir().resolve("CURRENT"))) {
            throw new StorageException(StorageException.Kind.IO, "target " + target.dir() + " already holds a database", null);
        }
        TreeMap<byte[], Version> newest = new TreeMap<>(Arrays::compareUnsigned);
        List<String> damaged = new ArrayList<>();
        int tables = 0;
        int wals = 0;
        long[] blocks = {0};
        long[] records = {0};
        try (DbLock lock = DbLock.acquire(fs, dir)) {
            List<String> names;
            try {
                names = fs.list(dir).stream().sorted().toList();
            } catch (IOException e) {
                throw StorageException.io("cannot list", dir, e);
            }
            for (String name : names) {
                FileNames.Parsed p = FileNames.parse(name);
                if (p == null || (p.type() != FileNames.Type.TABLE && p.type() != FileNames.Type.WAL)) {
                    continue;
                }
                Path file = dir.resolve(name);
                byte[] data;
                try {
                    data = fs.readAllBytes(file);
                } catch (IOException e) {
                    damaged.add(file + ": unreadable: " + e);
                    continue;
                }
                if (p.type() == FileNames.Type.TABLE) {
                    tables++;
                    scanTable(file, data, newest, damaged, blocks);
                } else {
                    wals++;
                    scanWal(file, data, newest, damaged, records);
                }
            }
        }
        long keys = 0;
        try (LsmStore out = LsmStore.open(target)) {
            WriteBatch batch = new WriteBatch();
            for (Map.Entry<byte[], Version> e : newest.entrySet()) {
                if (e.getValue().type() != InternalKey.TYPE_PUT) {
                    continue;
                }
                batch.put(e.getKey(), e.getValue().value());
                keys++;
                if (batch.approximateBytes() > (1 << 20)) {
                    out.write(batch);
                    batch = new WriteBatch();
                }
            }
            if (!batch.isEmpty()) {
                out.write(batch);
            }
        }
        return new Report(tables, blocks[0], wals, records[0], damaged, keys);
    }

    private static void offer(TreeMap<byte[], Version> newest, byte[] userKey, long seq, byte type, byte[] value) {
        Version old = newest.get(userKey);
        if (old == null || old.sequence() < seq) {
            newest.put(userKey, new Version(seq, type, value));
        }
    }

    private static int crcUpdate(int state, byte b) {
        return CRC_TABLE[(state ^ b) & 0xff] ^ (state >>> 8);
    }

    /** Scans {@code data} for checksum-verified data blocks and offers their entries. */
    private static void scanTable(Path file, byte[] data, TreeMap<byte[], Version> newest, List<String> damaged, long[] blocks) {
        int end = data.length;
        ByteBuffer buf = ByteBuffer.wrap(data);
        // a readable footer bounds the data blocks (the filter block follows the last one)
        if (data.length >= 41 && buf.getLong(data.length - 8) == 0x4265616d53535431L) {
            long filterOffset = buf.getLong(data.length - 41 + 16);
            if (filterOffset >= 0 && filterOffset <= data.length - 41) {
                end = (int) filterOffset;
            }
        }
        Set<String> lastKeys = new HashSet<>();
        int start = 0;
        int skippedFrom = -1;
        while (start < end) {
            int found = -1;
            List<byte[][]> entries = null;
            int state = ~0;
            int limit = Math.min(end - 5, start + MAX_SCANNED_BLOCK);
            for (int e = start; e <= limit && e + 5 <= data.length; e++) {
                byte type = data[e];
                if ((type == Compression.NONE.code() || type == Compression.LZ4.code())
                        && ~crcUpdate(state, type) == buf.getInt(e + 1)) {
                    entries = parseBlock(data, start, e);
                    if (entries != null) {
                        found = e;
                        break;
                    }
                }
                state = crcUpdate(state, data[e]);
            }
            if (found < 0) {
                if (skippedFrom < 0) {
                    skippedFrom = start;
                }
                start++;
                continue;
            }
            if (skippedFrom >= 0) {
                damaged.add(file + " @" + skippedFrom + ": " + (start - skippedFrom) + " byte(s) of damaged blocks skipped");
                skippedFrom = -1;
            }
            boolean allKnownLastKeys = !entries.isEmpty();
            for (byte[][] kv : entries) {
                allKnownLastKeys &= lastKeys.contains(Arrays.toString(kv[0]));
            }
            if (!allKnownLastKeys) { // else: it is the index block (keys = last keys of data blocks)
                blocks[0]++;
                for (byte[][] kv : entries) {
                    offer(newest, InternalKey.userKey(kv[0]), InternalKey.sequence(kv[0]), InternalKey.type(kv[0]), kv[1]);
                }
                lastKeys.add(Arrays.toString(entries.get(entries.size() - 1)[0]));
            }
            start = found + 5;
        }
        if (skippedFrom >= 0) {
            damaged.add(file + " @" + skippedFrom + ": " + (end - skippedFrom) + " byte(s) of damaged blocks skipped");
        }
    }

    /** The entries of the block {@code data[start, typeAt)} (type byte at typeAt), or null if it does not parse. */
    private static List<byte[][]> parseBlock(byte[] data, int start, int typeAt) {
        try {
            byte[] contents;
            if (data[typeAt] == Compression.LZ4.code()) {
                contents = BlockCompressor.decompressLz4(Arrays.copyOfRange(data, start, typeAt + 5), typeAt - start);
            } else {
                contents = Arrays.copyOfRange(data, start, typeAt);
            }
            List<byte[][]> out = new ArrayList<>();
            InternalIterator it = new Block(contents).iterator();
            byte[] prev = null;
            for (it.seekToFirst(); it.valid(); it.next()) {
                byte[] k = it.key();
                if (k.length < 8 || (prev != null && InternalKey.compare(prev, k) >= 0)) {
                    return null;
                }
                out.add(new byte[][] {k, it.value()});
                prev = k;
            }
            return out.isEmpty() ? null : out;
        } catch (RuntimeException e) {
            return null; // not a block: keep scanning
        }
    }

    /** Reads every verifiable record of a WAL, re-synchronising after damage. */
    private static void scanWal(Path file, byte[] data, TreeMap<byte[], Version> newest, List<String> damaged, long[] records) {
        ByteBuffer buf = ByteBuffer.wrap(data);
        int pos = 0;
        int skippedFrom = -1;
        while (pos + WalWriter.HEADER_BYTES <= data.length) {
            int next = tryRecord(data, buf, pos, newest);
            if (next < 0) {
                if (skippedFrom < 0) {
                    skippedFrom = pos;
                }
                pos++;
                continue;
            }
            if (skippedFrom >= 0) {
                damaged.add(file + " @" + skippedFrom + ": " + (pos - skippedFrom) + " damaged byte(s) skipped");
                skippedFrom = -1;
            }
            records[0]++;
            pos = next;
        }
        if (skippedFrom >= 0 || pos < data.length) {
            int from = skippedFrom >= 0 ? skippedFrom : pos;
            damaged.add(file + " @" + from + ": " + (data.length - from) + " byte(s) of a damaged or torn tail skipped");
        }
    }

    /** Offers the record at {@code pos} and returns the offset after it, or -1 if none verifies there. */
    private static int tryRecord(byte[] data, ByteBuffer buf, int pos, TreeMap<byte[], Version> newest) {
        int length = buf.getInt(pos);
        if (length < 0 || (long) pos + WalWriter.HEADER_BYTES + length > data.length
                || data[pos + 8] != WalWriter.TYPE_BATCH_V1) {
            return -1;
        }
        java.util.zip.CRC32C crc = new java.util.zip.CRC32C();
        crc.update(data, pos + 8, 1 + length);
        if ((int) crc.getValue() != buf.getInt(pos + 4)) {
            return -1;
        }
        WriteBatch.Decoded d;
        try {
            d = WriteBatch.decode(Arrays.copyOfRange(data, pos + WalWriter.HEADER_BYTES, pos + WalWriter.HEADER_BYTES + length));
        } catch (IllegalArgumentException e) {
            return -1;
        }
        long seq = d.firstSequence();
        for (WriteBatch.Op op : d.batch().ops()) {
            offer(newest, op.key(), seq++, op.type(), op.value());
        }
        return pos + WalWriter.HEADER_BYTES + length;
    }
}
