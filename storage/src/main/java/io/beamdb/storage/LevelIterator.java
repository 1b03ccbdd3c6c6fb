package io.beamdb.storage;

import java.util.List;

/**
 * Concatenation of the tables of one sorted level (L1..L6), whose key ranges are disjoint and in
 * order: only one table iterator is open at a time, chosen by binary search on the tables'
 * largest keys (LevelDB's "two-level iterator" over a level's file list). Not thread-safe.
 */
final class LevelIterator implements InternalIterator {
    private final List<FileMeta> files;
    private final TableCache tables;
    private final boolean fillCache;
    private int index = -1;
    private InternalIterator table;

    LevelIterator(List<FileMeta> files, TableCache tables, boolean fillCache) {
        this.files = files;
        this.tables = tables;
        this.fillCache = fillCache;
    }

    private void open(int i) {
        if (i == index && table != null) {
            return;
        }
        closeTable();
        index = i;
        table = i >= 0 && i < files.size() ? tables.get(files.get(i).number).iterator(fillCache) : null;
    }

    private void closeTable() {
        if (table != null) {
            InternalIterator t = table;
            table = null;
            t.close();
        }
    }

    @Override public void seekToFirst() {
        open(0);
        if (table != null) {
            table.seekToFirst();
        }
        skipForward();
    }

    @Override public void seekToLast() {
        open(files.size() - 1);
        if (table != null) {
            table.seekToLast();
        }
        skipBackward();
    }

    @Override public void seek(byte[] target) {
        int lo = 0;
        int hi = files.size();
        while (lo < hi) { // first file whose largest key >= target
            int mid = (lo + hi) >>> 1;
            if (InternalKey.compare(files.get(mid).largest, target) < 0) {
                lo = mid + 1;
            } else {
                hi = mid;
            }
        }
        open(lo);
        if (table != null) {
            table.seek(target);
        }
        skipForward();
    }

    private void skipForward() {
        while (table != null && !table.valid()) {
            open(index + 1);
            if (table != null) {
                table.seekToFirst();
            }
        }
    }

    private void skipBackward() {
        while (table != null && !table.valid()) {
            if (index == 0) {
                closeTable();
                return;
            }
            open(index - 1);
            table.seekToLast();
        }
    }

    @Override public boolean valid() { return table != null && table.valid(); }
    @Override public byte[] key() { return table.key(); }
    @Override public byte[] value() { return table.value(); }

    @Override public void next() {
        table.next();
        skipForward();
    }

    @Override public void prev() {
        table.prev();
        skipBackward();
    }

    @Override public void close() {
        closeTable();
    }
}
