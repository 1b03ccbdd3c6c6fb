package io.beamdb.storage;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * The in-memory write buffer: a {@link ConcurrentSkipListMap} from internal key to value.
 * Readers are lock-free; writers are serialized by the store. A record is inserted before the
 * store publishes its sequence number, so readers at older snapshots never see half a batch.
 * Once full, a memtable becomes immutable and is flushed to a level-0 SSTable; {@link #walNumber()}
 * names the WAL file that holds the same records (0 in memory).
 *
 * <p>A bloom filter of 2^20 bits over the key prefixes of {@link KvStore#firstVersion} (every key
 * longer than 8 bytes without its last 8 bytes; RocksDB's memtable prefix bloom) lets that lookup
 * skip the skip list for a prefix the memtable does not hold, e.g. the duplicate check of an
 * INSERT. Bits are set before the record is inserted, and the store publishes the sequence number
 * (a volatile write) after that, so a reader that can see a record also sees its bits. A memtable
 * that is never rotated (in memory) fills the filter up, which only makes it useless, never wrong.
 */
final class Memtable {
    private final ConcurrentSkipListMap<byte[], byte[]> map = new ConcurrentSkipListMap<>(InternalKey.COMPARATOR);
    private final AtomicLong bytes = new AtomicLong();
    private final long walNumber;
    private static final int BLOOM_BITS_LOG2 = 20;
    private static final int BLOOM_PROBES = 6;
    private final AtomicLongArray prefixBloom = new AtomicLongArray((1 << BLOOM_BITS_LOG2) / 64);

    Memtable(long walNumber) {
        this.walNumber = walNumber;
    }

    long walNumber() { return walNumber; }

    /** Inserts all records of {@code batch}, numbering them from {@code firstSequence}. Caller serializes. */
    void apply(WriteBatch batch, long firstSequence) {
        long seq = firstSequence;
        for (WriteBatch.Op op : batch.ops()) {
            byte[] k = op.key();
            if (k.length > KvStore.VERSION_SUFFIX_BYTES) {
                addPrefix(BloomFilter.prefixHash(k, k.length - KvStore.VERSION_SUFFIX_BYTES));
            }
            map.put(InternalKey.encode(op.key(), seq++, op.type()), op.value());
        }
        bytes.addAndGet(batch.approximateBytes());
    }

    /** Newest record for {@code userKey} with sequence {@code <= sequence}, or null if none. */
    LookupResult get(byte[] userKey, long sequence) {
        Map.Entry<byte[], byte[]> e = map.ceilingEntry(InternalKey.seekKey(userKey, sequence));
        if (e == null || InternalKey.compareUserKey(e.getKey(), userKey) != 0) {
            return null;
        }
        return LookupResult.of(e.getKey(), e.getValue());
    }

    /**
     * The first record with sequence {@code <= sequence} whose user key is {@code >= from}, of
     * {@code from.length} bytes and shares the first {@code prefix} bytes of {@code from}
     * ({@link KvStore#firstVersion}); the returned entry holds the <em>internal</em> key. Null if none.
     */
    KvEntry firstVersion(byte[] from, int prefix, long sequence) {
        return firstVersion(from, prefix, BloomFilter.prefixHash(from, prefix), sequence);
    }

    /** {@link #firstVersion(byte[], int, long)} with the prefix's {@link BloomFilter#prefixHash} given. */
    KvEntry firstVersion(byte[] from, int prefix, int prefixHash, long sequence) {
        if (!mayContainPrefix(prefixHash)) {
            return null;
        }
        Map.Entry<byte[], byte[]> e = map.ceilingEntry(InternalKey.seekKey(from, sequence));
        while (e != null) {
            byte[] ik = e.getKey();
            int userLen = InternalKey.userKeyLength(ik);
            if (userLen < prefix || !java.util.Arrays.equals(ik, 0, prefix, from, 0, prefix)) {
                return null;
            }
            if (userLen != from.length) {
                e = map.higherEntry(ik);
            } else if (InternalKey.sequence(ik) <= sequence) {
                return new KvEntry(ik, e.getValue());
            } else {
                e = map.ceilingEntry(InternalKey.seekKey(InternalKey.userKey(ik), sequence));
            }
        }
        return null;
    }

    /** Single writer (the store serializes applies). */
    private void addPrefix(int h) {
        int delta = Integer.rotateRight(h, 17);
        int mask = (1 << BLOOM_BITS_LOG2) - 1;
        for (int j = 0; j < BLOOM_PROBES; j++) {
            int pos = h & mask;
            int word = pos >>> 6;
            long bit = 1L << (pos & 63);
            long old = prefixBloom.get(word);
            if ((old & bit) == 0) {
                prefixBloom.set(word, old | bit);
            }
            h += delta;
        }
    }

    private boolean mayContainPrefix(int h) {
        int delta = Integer.rotateRight(h, 17);
        int mask = (1 << BLOOM_BITS_LOG2) - 1;
        for (int j = 0; j < BLOOM_PROBES; j++) {
            int pos = h & mask;
            if ((prefixBloom.get(pos >>> 6) & (1L << (pos & 63))) == 0) {
                return false;
            }
            h += delta;
        }
        return true;
    }

    long approximateBytes() { return bytes.get(); }

    boolean isEmpty() { return map.isEmpty(); }

    int entryCount() { return map.size(); }

    InternalIterator iterator() {
        return new MemtableIterator();
    }

    /**
     * Weakly consistent skip-list iterator; entries newer than the reader's snapshot are filtered
     * by {@link DbIterator}. Forward steps use a skip-list iterator; a backward step is a
     * {@code lowerEntry} lookup (O(log n)), after which forward steps restart from the current key.
     */
    private final class MemtableIterator implements InternalIterator {
        private Iterator<Map.Entry<byte[], byte[]>> it; // null: restart forward iteration after cur
        private Map.Entry<byte[], byte[]> cur;

        @Override public void seekToFirst() {
            it = map.entrySet().iterator();
            advance();
        }

        @Override public void seekToLast() {
            it = null;
            cur = map.lastEntry();
        }

        @Override public void seek(byte[] target) {
            it = map.tailMap(target, true).entrySet().iterator();
            advance();
        }

        private void advance() {
            cur = it.hasNext() ? it.next() : null;
        }

        @Override public boolean valid() { return cur != null; }
        @Override public byte[] key() { return cur.getKey(); }
        @Override public byte[] value() { return cur.getValue(); }

        @Override public void next() {
            if (it == null) {
                it = map.tailMap(cur.getKey(), false).entrySet().iterator();
            }
            advance();
        }

        @Override public void prev() {
            it = null;
            cur = map.lowerEntry(cur.getKey());
        }
    }
}
