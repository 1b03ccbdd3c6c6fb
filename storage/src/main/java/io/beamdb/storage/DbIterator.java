package io.beamdb.storage;

import java.util.Arrays;

/**
 * Turns the merged internal stream into the user view at a snapshot sequence {@code S}:
 *
 * <pre>
 *   internal stream:  a@9 a@5 b@8(del) b@3 c@12 c@4      snapshot S = 10
 *   visible:          a@9          (b deleted at 8)       c@4   (c@12 is newer than S)
 *   user view:        a, c
 * </pre>
 *
 * Entries with sequence {@code > S} are skipped, the first remaining entry of each user key is its
 * visible version, deletions hide the key, older versions are skipped. Moving backward follows
 * LevelDB's {@code db/db_iter.cc}: going forward the internal iterator sits on the visible entry;
 * going backward it sits just before all entries of the current user key, and the key and value
 * are saved copies. On close, releases the pinned {@link Version} (through {@code onClose}).
 * Not thread-safe.
 */
final class DbIterator implements KvIterator {
    private final InternalIterator it;
    private final long sequence;
    private final Runnable onClose;
    private final EngineStats stats;
    private byte[] key;
    private byte[] value;
    private boolean forward = true;
    private boolean closed;

    DbIterator(InternalIterator it, long sequence, Runnable onClose, EngineStats stats) {
        this.it = it;
        this.sequence = sequence;
        this.onClose = onClose;
        this.stats = stats;
    }

    @Override public void seekToFirst() {
        checkOpen();
        forward = true;
        it.seekToFirst();
        findNextVisible(null);
    }

    @Override public void seekToLast() {
        checkOpen();
        forward = false;
        it.seekToLast();
        findPrevVisible();
    }

    @Override public void seek(byte[] target) {
        checkOpen();
        forward = true;
        it.seek(InternalKey.seekKey(target, sequence));
        findNextVisible(null);
    }

    @Override public void seekForPrev(byte[] target) {
        checkOpen();
        seek(target);
        if (key != null && Arrays.equals(key, target)) {
            return;
        }
        if (key != null) {
            prev();
        } else {
            seekToLast();
        }
    }

    @Override public boolean valid() { return key != null; }

    @Override public byte[] key() {
        checkValid();
        return key;
    }

    @Override public byte[] value() {
        checkValid();
        return value;
    }

    @Override public void next() {
        checkValid();
        byte[] skip = key;
        if (!forward) {
            // it is positioned just before the entries of key: step into them
            forward = true;
            if (it.valid()) {
                it.next();
            } else {
                it.seekToFirst();
            }
        } else {
            it.next();
        }
        findNextVisible(skip);
    }

    @Override public void prev() {
        checkValid();
        if (forward) {
            // it is on the visible entry of key: step back before every entry of key
            byte[] current = key;
            while (true) {
                it.prev();
                if (!it.valid()) {
                    break;
                }
                if (InternalKey.compareUserKey(it.key(), current) < 0) {
                    break;
                }
            }
            forward = false;
            if (!it.valid()) {
                key = null;
                value = null;
                return;
            }
        }
        findPrevVisible();
    }

    /** Advances {@code it} to the newest visible non-deleted version of a user key {@code > skip}. */
    private void findNextVisible(byte[] skip) {
        while (it.valid()) {
            byte[] ik = it.key();
            if (InternalKey.sequence(ik) <= sequence) {
                if (skip != null && InternalKey.compareUserKey(ik, skip) <= 0) {
                    it.next(); // older version of a key already emitted or deleted
                    continue;
                }
                byte[] userKey = InternalKey.userKey(ik);
                if (InternalKey.type(ik) == InternalKey.TYPE_DELETE) {
                    skip = userKey;
                    it.next();
                    continue;
                }
                key = userKey;
                value = it.value();
                stats.userBytesRead.add(key.length + value.length);
                return;
            }
            it.next();
        }
        key = null;
        value = null;
    }

    /**
     * Moves {@code it} backward to just before the entries of the previous visible user key and
     * saves that key's newest visible version as the current entry (LevelDB FindPrevUserEntry).
     */
    private void findPrevVisible() {
        byte type = InternalKey.TYPE_DELETE;
        byte[] savedKey = null;
        byte[] savedValue = null;
        while (it.valid()) {
            byte[] ik = it.key();
            if (InternalKey.sequence(ik) <= sequence) {
                if (type != InternalKey.TYPE_DELETE && InternalKey.compareUserKey(ik, savedKey) < 0) {
                    break; // ik belongs to an earlier user key; savedKey's newest visible version is found
                }
                type = InternalKey.type(ik);
                if (type == InternalKey.TYPE_DELETE) {
                    savedKey = null;
                    savedValue = null;
                } else {
                    savedKey = InternalKey.userKey(ik);
                    savedValue = it.value();
                }
            }
            it.prev();
        }
        if (type == InternalKey.TYPE_DELETE) {
            key = null;
            value = null;
            forward = true;
        } else {
            key = savedKey;
            value = savedValue;
            stats.userBytesRead.add(key.length + value.length);
        }
    }

    private void checkOpen() {
        if (closed) {
            throw new IllegalStateException("iterator is closed");
        }
    }

    private void checkValid() {
        checkOpen();
        if (key == null) {
            throw new IllegalStateException("iterator is not positioned at an entry");
        }
    }

    @Override public void close() {
        if (closed) {
            return;
        }
        closed = true;
        key = null;
        try {
            it.close();
        } finally {
            onClose.run();
        }
    }

    @Override public String toString() {
        return "DbIterator{seq=" + sequence + ", key=" + (key == null ? "-" : Arrays.toString(key)) + "}";
    }
}
