package io.beamdb.storage;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Builds one SSTable block (data or index). Entries are added in increasing internal-key order and
 * prefix-compressed against the previous key; every {@link #RESTART_INTERVAL} entries the full key
 * is stored (a restart point) so readers can binary-search. Layout:
 * <pre>
 *   entry*    = [shared varint][non-shared varint][value length varint][key suffix][value]
 *   restarts  = [offset u32]*   (offset of each restart entry, first is 0)
 *   [restart count u32]
 * </pre>
 */
final class BlockBuilder {
    static final int RESTART_INTERVAL = 16;

    private final ByteArrayOutputStream buf = new ByteArrayOutputStream(4096 + 512);
    private final List<Integer> restarts = new ArrayList<>();
    private byte[] lastKey = InternalKey.EMPTY;
    private int counter;
    private int entries;

    BlockBuilder() {
        restarts.add(0);
    }

    void add(byte[] key, byte[] value) {
        int shared = 0;
        if (counter < RESTART_INTERVAL) {
            int max = Math.min(lastKey.length, key.length);
            while (shared < max && lastKey[shared] == key[shared]) {
                shared++;
            }
        } else {
            restarts.add(buf.size());
            counter = 0;
        }
        Coding.putVarint64(buf, shared);
        Coding.putVarint64(buf, key.length - shared);
        Coding.putVarint64(buf, value.length);
        buf.write(key, shared, key.length - shared);
        buf.write(value, 0, value.length);
        lastKey = key;
        counter++;
        entries++;
    }

    int estimatedSize() {
        return buf.size() + 4 * restarts.size() + 4;
    }

    boolean isEmpty() {
        return entries == 0;
    }

    byte[] lastKey() {
        return lastKey;
    }

    byte[] finish() {
        for (int r : restarts) {
            Coding.putFixed32(buf, r);
        }
        Coding.putFixed32(buf, restarts.size());
        return buf.toByteArray();
    }
}
