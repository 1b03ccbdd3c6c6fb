package io.beamdb.storage;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Metadata of one SSTable as recorded in the manifest: file number, size in bytes, and smallest
 * and largest internal keys. {@link #refs} counts the {@link Version}s that contain the file; when
 * it drops to zero the file is obsolete and may be deleted.
 */
final class FileMeta {
    final long number;
    final long size;
    final byte[] smallest;
    final byte[] largest;
    final AtomicInteger refs = new AtomicInteger();

    FileMeta(long number, long size, byte[] smallest, byte[] largest) {
        this.number = number;
        this.size = size;
        this.smallest = smallest;
        this.largest = largest;
    }

    /** True if {@code userKey} is within [smallest, largest] by user key. */
    boolean mayContainUserKey(byte[] userKey) {
        return InternalKey.compareUserKey(smallest, userKey) <= 0 && InternalKey.compareUserKey(largest, userKey) >= 0;
    }

    @Override public String toString() {
        return "#" + number + "(" + size + "B " + InternalKey.describe(smallest) + ".." + InternalKey.describe(largest) + ")";
    }
}
