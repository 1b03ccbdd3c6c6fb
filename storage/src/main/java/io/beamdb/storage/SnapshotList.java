package io.beamdb.storage;

import java.util.concurrent.ConcurrentSkipListMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The live snapshots of a store, counted per sequence number so that a future compaction can ask
 * for the oldest sequence still readable ({@link #oldest(long)}). Thread-safe.
 */
final class SnapshotList {
    private final ConcurrentSkipListMap<Long, AtomicInteger> live = new ConcurrentSkipListMap<>();

    Snapshot acquire(long sequence) {
        live.compute(sequence, (k, v) -> {
            if (v == null) {
                v = new AtomicInteger();
            }
            v.incrementAndGet();
            return v;
        });
        return new Impl(sequence);
    }

    /** Oldest live snapshot sequence, or {@code ifNone} when there are no snapshots. */
    long oldest(long ifNone) {
        var e = live.firstEntry();
        return e == null ? ifNone : e.getKey();
    }

    int size() {
        return live.values().stream().mapToInt(AtomicInteger::get).sum();
    }

    private void release(long sequence) {
        live.computeIfPresent(sequence, (k, v) -> v.decrementAndGet() == 0 ? null : v);
    }

    private final class Impl implements Snapshot {
        private final long sequence;
        private final AtomicBoolean closed = new AtomicBoolean();

        Impl(long sequence) {
            this.sequence = sequence;
        }

        @Override public long sequence() { return sequence; }

        @Override public void close() {
            if (closed.compareAndSet(false, true)) {
                release(sequence);
            }
        }

        @Override public String toString() {
            return "Snapshot@" + sequence + (closed.get() ? "(closed)" : "");
        }
    }
}
