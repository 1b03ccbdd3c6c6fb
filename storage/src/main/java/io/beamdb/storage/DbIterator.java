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
 * visible version, deletions hide the key, older versions are skipped. On close, releases the
 * pinned {@link Version} (through {@code onClose}). Not thread-safe.
 */
final class DbIterator implements KvIterator {
    private final InternalIterator it;
    private final long sequence;
    private final Runnable onClose;
    private byte[] key;
    private byte[] value;
    private boolean closed;

    DbIterator(InternalIterator it, long sequence, Runnable onClose) {
        this.it = it;
        this.sequence = sequence;
        this.onClose = onClose;
    }

    @Override public void seekToFirst() {
        checkOpen();
        it.seekToFirst();
        findNextVisible(null);
    }

    @Override public void seek(byte[] target) {
        checkOpen();
        it.seek(InternalKey.seekKey(target, sequence));
        findNextVisible(null);
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
        it.next();
        findNextVisible(skip);
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
                return;
            }
            it.next();
        }
        key = null;
        value = null;
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
