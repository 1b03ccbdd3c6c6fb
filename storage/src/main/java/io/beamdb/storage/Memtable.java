package io.beamdb.storage;

import java.util.Iterator;
import java.util.Map;
import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The in-memory write buffer: a {@link ConcurrentSkipListMap} from internal key to value.
 * Readers are lock-free; writers are serialized by the store. A record is inserted before the
 * store publishes its sequence number, so readers at older snapshots never see half a batch.
 * Once full, a memtable becomes immutable and is flushed to a level-0 SSTable; {@link #walNumber()}
 * names the WAL file that holds the same records (0 in memory).
 */
final class Memtable {
    private final ConcurrentSkipListMap<byte[], byte[]> map = new ConcurrentSkipListMap<>(InternalKey.COMPARATOR);
    private final AtomicLong bytes = new AtomicLong();
    private final long walNumber;

    Memtable(long walNumber) {
        this.walNumber = walNumber;
    }

    long walNumber() { return walNumber; }

    /** Inserts all records of {@code batch}, numbering them from {@code firstSequence}. Caller serializes. */
    void apply(WriteBatch batch, long firstSequence) {
        long seq = firstSequence;
        for (WriteBatch.Op op : batch.ops()) {
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
