package io.beamdb.storage;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Random;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** LZ4 block compression, reverse iteration basics and engine statistics. */
class CompressionAndStatsTest {
    @TempDir Path dir;

    static byte[] b(String s) { return s.getBytes(UTF_8); }
    static String s(byte[] b) { return b == null ? null : new String(b, UTF_8); }

    private List<Path> tables(Path d) throws IOException {
        try (Stream<Path> s = Files.list(d)) {
            return s.filter(p -> p.getFileName().toString().endsWith(".sst")).sorted().toList();
        }
    }

    private long write(Path d, Compression c, boolean compressible) throws IOException {
        Random rnd = new Random(42);
        try (LsmStore db = LsmStore.open(StorageOptions.onDisk(d).withSync(SyncMode.OFF).withCompression(c))) {
            WriteBatch batch = new WriteBatch();
            for (int i = 0; i < 3000; i++) {
                byte[] v = new byte[100];
                if (compressible) {
                    java.util.Arrays.fill(v, (byte) ('a' + i % 7));
                } else {
                    rnd.nextBytes(v);
                }
                batch.put(b(String.format("key%06d", i)), v);
            }
            db.write(batch);
        }
        try (LsmStore db = LsmStore.open(StorageOptions.onDisk(d))) { // reading needs no option
            assertNotNull(db.get(b("key001234")));
            try (KvIterator it = db.iterator(null)) {
                int n = 0;
                for (it.seekToLast(); it.valid(); it.prev()) {
                    n++;
                }
                assertEquals(3000, n);
            }
        }
        return tables(d).stream().mapToLong(p -> p.toFile().length()).sum();
    }

    @Test
    void lz4ShrinksCompressibleBlocksAndLeavesRandomOnesAlone() throws IOException {
        long plain = write(dir.resolve("plain"), Compression.NONE, true);
        long lz4 = write(dir.resolve("lz4"), Compression.LZ4, true);
        assertTrue(lz4 * 3 < plain, "compressible data shrinks: " + lz4 + " vs " + plain);
        long randomPlain = write(dir.resolve("rplain"), Compression.NONE, false);
        long randomLz4 = write(dir.resolve("rlz4"), Compression.LZ4, false);
        assertTrue(randomLz4 <= randomPlain + 100, "incompressible blocks are stored raw: " + randomLz4 + " vs " + randomPlain);
    }

    @Test
    void corruptCompressedBlockIsCorruption() throws IOException {
        Path d = dir.resolve("c");
        write(d, Compression.LZ4, true);
        Path t = tables(d).get(0);
        DurabilityTest.flipByte(t, 30);
        try (LsmStore db = LsmStore.open(StorageOptions.onDisk(d))) {
            StorageException e = assertThrows(StorageException.class, () -> db.get(b("key000001")));
            assertEquals(StorageException.Kind.CORRUPTION, e.kind());
        }
    }

    @Test
    void blockCompressorRoundTripAndThreshold() {
        byte[] raw = new byte[4096];
        for (int i = 0; i < raw.length; i++) {
            raw[i] = (byte) (i % 13);
        }
        byte[] c = BlockCompressor.compressLz4(raw);
        assertNotNull(c);
        assertArrayEquals(raw, BlockCompressor.decompressLz4(c, c.length));
        byte[] random = new byte[4096];
        new Random(1).nextBytes(random);
        assertNull(BlockCompressor.compressLz4(random), "no 12.5% saving -> stored raw");
        byte[] bad = c.clone();
        bad[0] ^= 0x7F; // wrong uncompressed length
        assertThrows(IllegalArgumentException.class, () -> BlockCompressor.decompressLz4(bad, bad.length));
    }

    @Test
    void reverseIterationInMemoryAndSeekForPrev() {
        try (LsmStore db = LsmStore.open(StorageOptions.inMemory())) {
            db.write(new WriteBatch().put(b("a"), b("1")).put(b("c"), b("3")).put(b("e"), b("5")));
            db.write(new WriteBatch().delete(b("c")).put(b("d"), b("4")));
            try (KvIterator it = db.iterator(null)) {
                it.seekForPrev(b("c"));
                assertEquals("a", s(it.key()));
                it.seekForPrev(b("d"));
                assertEquals("d", s(it.key()));
                it.prev();
                assertEquals("a", s(it.key()));
                it.next();
                assertEquals("d", s(it.key()));
                it.next();
                assertEquals("e", s(it.key()));
                it.prev();
                assertEquals("d", s(it.key()));
                it.seekForPrev(b("0"));
                assertFalse(it.valid());
                it.seekForPrev(b("zz"));
                assertEquals("e", s(it.key()));
                it.seekToLast();
                it.next();
                assertFalse(it.valid());
            }
        }
    }

    @Test
    void statsReflectActivity() {
        StorageOptions opts = StorageOptions.onDisk(dir).withSync(SyncMode.FULL).withMemtableBytes(8 * 1024)
                .withLevel0Triggers(2, 8, 12).withLevelSizes(16 * 1024, 8 * 1024);
        try (LsmStore db = LsmStore.open(opts)) {
            StorageStats empty = db.stats();
            assertEquals(0, empty.userBytesWritten());
            assertEquals(0, empty.writeAmplification());
            assertEquals(7, empty.levels().size());
            for (int i = 0; i < 2000; i++) {
                db.write(new WriteBatch().put(b(String.format("key%05d", i % 500)), new byte[32]));
            }
            db.flush();
            db.awaitCompactionsForTesting();
            for (int i = 0; i < 500; i += 7) {
                assertNotNull(db.get(b(String.format("key%05d", i))));
            }
            StorageStats st = db.stats();
            System.out.println(st);
            assertEquals(2000L * (8 + 32), st.userBytesWritten());
            assertTrue(st.walBytesWritten() > st.userBytesWritten());
            assertEquals(2000, st.batchesWritten());
            assertTrue(st.walSyncs() >= 1 && st.walSyncs() <= 2000);
            assertTrue(st.flushes() > 3 && st.flushBytesWritten() > 0);
            assertTrue(st.compactions() > 0 && st.compactionBytesWritten() > 0 && st.compactionBytesRead() > 0);
            assertTrue(st.writeAmplification() > 1, "WAL + tables > user bytes");
            assertTrue(st.userBytesRead() >= 72L * 40);
            assertTrue(st.blockCacheHits() + st.blockCacheMisses() > 0);
            assertTrue(st.tableBytesRead() > 0);
            assertEquals(db.tableCount(), st.totalTableFiles());
            assertTrue(st.totalTableBytes() > 0);
            assertEquals(0, st.levels().get(6).files());
            assertThrows(UnsupportedOperationException.class, () -> st.levels().add(null));
        }
    }
}
