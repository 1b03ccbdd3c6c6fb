package io.beamdb.storage;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Objects;

/**
 * An ordered list of puts and deletes that {@link KvStore#write(WriteBatch)} applies atomically.
 * Later operations on the same key win. Keys and values are copied when added, so callers may
 * reuse their arrays. Not thread-safe while being built; do not modify a batch while it is being
 * written.
 *
 * <p>Encoding (the payload of a WAL record, see docs/storage-formats.md):
 * {@code [first sequence u64][count u32]} then per record {@code [type u8][key varint-len bytes]}
 * and for puts {@code [value varint-len bytes]}.
 */
public final class WriteBatch {
    /** Per-record bookkeeping overhead counted by {@link #approximateBytes()}. */
    static final int RECORD_OVERHEAD = 16;

    record Op(byte type, byte[] key, byte[] value) {}

    private final List<Op> ops = new ArrayList<>();
    private long bytes;
    private long userBytes;

    /** Adds {@code key -> value}. Both must be non-null; empty arrays are allowed. */
    public WriteBatch put(byte[] key, byte[] value) {
        Objects.requireNonNull(key, "key");
        Objects.requireNonNull(value, "value");
        ops.add(new Op(InternalKey.TYPE_PUT, key.clone(), value.clone()));
        bytes += key.length + value.length + RECORD_OVERHEAD;
        userBytes += key.length + value.length;
        return this;
    }

    /** Adds a deletion of {@code key} (non-null). Deleting an absent key is allowed. */
    public WriteBatch delete(byte[] key) {
        Objects.requireNonNull(key, "key");
        ops.add(new Op(InternalKey.TYPE_DELETE, key.clone(), InternalKey.EMPTY));
        bytes += key.length + RECORD_OVERHEAD;
        userBytes += key.length;
        return this;
    }

    /** Number of records (puts + deletes). */
    public int count() { return ops.size(); }

    /** True if the batch has no records. */
    public boolean isEmpty() { return ops.isEmpty(); }

    /** Approximate memory/WAL footprint in bytes: key and value lengths plus a small per-record overhead. */
    public long approximateBytes() { return bytes; }

    /** Key and value bytes of all records (statistics). */
    long userBytes() { return userBytes; }

    List<Op> ops() { return Collections.unmodifiableList(ops); }

    /** Encodes this batch with the given first sequence number (WAL payload). */
    byte[] encode(long firstSequence) {
        ByteArrayOutputStream out = new ByteArrayOutputStream((int) Math.min(Integer.MAX_VALUE - 64, bytes + 16));
        Coding.putFixed64(out, firstSequence);
        Coding.putFixed32(out, ops.size());
        for (Op op : ops) {
            out.write(op.type());
            Coding.putBytes(out, op.key());
            if (op.type() == InternalKey.TYPE_PUT) {
                Coding.putBytes(out, op.value());
            }
        }
        return out.toByteArray();
    }

    /**
     * The batch as bytes for shipping elsewhere (a replication log entry): the WAL payload
     * encoding with first sequence 0. {@link #deserialize} reverses it.
     */
    public byte[] serialize() {
        return encode(0);
    }

    /** Reverses {@link #serialize()}; throws IllegalArgumentException if malformed. */
    public static WriteBatch deserialize(byte[] bytes) {
        return decode(bytes).batch();
    }

    /** A decoded WAL payload: the batch and its first sequence number. */
    record Decoded(long firstSequence, WriteBatch batch) {}

    /** Decodes {@link #encode(long)} output; throws IllegalArgumentException if malformed. */
    static Decoded decode(byte[] payload) {
        ByteBuffer buf = ByteBuffer.wrap(payload);
        if (buf.remaining() < 12) {
            throw new IllegalArgumentException("batch header too short");
        }
        long first = buf.getLong();
        int count = buf.getInt();
        WriteBatch b = new WriteBatch();
        for (int i = 0; i < count; i++) {
            if (!buf.hasRemaining()) {
                throw new IllegalArgumentException("batch truncated at record " + i);
            }
            byte type = buf.get();
            byte[] key = Coding.getBytes(buf);
            if (type == InternalKey.TYPE_PUT) {
                byte[] value = Coding.getBytes(buf);
                b.ops.add(new Op(type, key, value));
                b.bytes += key.length + value.length + RECORD_OVERHEAD;
            } else if (type == InternalKey.TYPE_DELETE) {
                b.ops.add(new Op(type, key, InternalKey.EMPTY));
                b.bytes += key.length + RECORD_OVERHEAD;
            } else {
                throw new IllegalArgumentException("unknown record type " + type);
            }
        }
        if (buf.hasRemaining()) {
            throw new IllegalArgumentException("trailing bytes after batch: " + buf.remaining());
        }
        return new Decoded(first, b);
    }
}
