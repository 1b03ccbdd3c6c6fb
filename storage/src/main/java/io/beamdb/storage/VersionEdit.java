package io.beamdb.storage;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * A change to the set of live files and counters, appended to the manifest. Encoding:
 * {@code [format version u8 = 1]} followed by tagged fields (tags and integers are varints):
 * <pre>
 *   1 log number          oldest WAL still needed
 *   2 next file number
 *   3 last sequence
 *   4 deleted file        level, file number
 *   5 new file            level, file number, size, smallest key (len+bytes), largest key (len+bytes)
 * </pre>
 */
final class VersionEdit {
    static final byte FORMAT_VERSION = 1;
    private static final int TAG_LOG = 1;
    private static final int TAG_NEXT_FILE = 2;
    private static final int TAG_LAST_SEQ = 3;
    private static final int TAG_DELETED = 4;
    private static final int TAG_NEW = 5;

    record NewFile(int level, FileMeta meta) {}

    record DeletedFile(int level, long number) {}

    Long logNumber;
    Long nextFileNumber;
    Long lastSequence;
    final List<NewFile> newFiles = new ArrayList<>();
    final List<DeletedFile> deletedFiles = new ArrayList<>();

    VersionEdit addFile(int level, FileMeta meta) {
        newFiles.add(new NewFile(level, meta));
        return this;
    }

    VersionEdit deleteFile(int level, long number) {
        deletedFiles.add(new DeletedFile(level, number));
        return this;
    }

    byte[] encode() {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(FORMAT_VERSION);
        if (logNumber != null) {
            Coding.putVarint64(out, TAG_LOG);
            Coding.putVarint64(out, logNumber);
        }
        if (nextFileNumber != null) {
            Coding.putVarint64(out, TAG_NEXT_FILE);
            Coding.putVarint64(out, nextFileNumber);
        }
        if (lastSequence != null) {
            Coding.putVarint64(out, TAG_LAST_SEQ);
            Coding.putVarint64(out, lastSequence);
        }
        for (DeletedFile d : deletedFiles) {
            Coding.putVarint64(out, TAG_DELETED);
            Coding.putVarint64(out, d.level());
            Coding.putVarint64(out, d.number());
        }
        for (NewFile n : newFiles) {
            Coding.putVarint64(out, TAG_NEW);
            Coding.putVarint64(out, n.level());
            Coding.putVarint64(out, n.meta().number);
            Coding.putVarint64(out, n.meta().size);
            Coding.putBytes(out, n.meta().smallest);
            Coding.putBytes(out, n.meta().largest);
        }
        return out.toByteArray();
    }

    /** @throws IllegalArgumentException if malformed */
    static VersionEdit decode(byte[] b) {
        ByteBuffer buf = ByteBuffer.wrap(b);
        if (!buf.hasRemaining() || buf.get() != FORMAT_VERSION) {
            throw new IllegalArgumentException("unsupported version edit format");
        }
        VersionEdit e = new VersionEdit();
        while (buf.hasRemaining()) {
            int tag = Coding.getVarint32(buf);
            switch (tag) {
                case TAG_LOG -> e.logNumber = Coding.getVarint64(buf);
                case TAG_NEXT_FILE -> e.nextFileNumber = Coding.getVarint64(buf);
                case TAG_LAST_SEQ -> e.lastSequence = Coding.getVarint64(buf);
                case TAG_DELETED -> e.deleteFile(level(buf), Coding.getVarint64(buf));
                case TAG_NEW -> {
                    int level = level(buf);
                    long number = Coding.getVarint64(buf);
                    long size = Coding.getVarint64(buf);
                    byte[] smallest = Coding.getBytes(buf);
                    byte[] largest = Coding.getBytes(buf);
                    if (smallest.length < InternalKey.TRAILER_BYTES || largest.length < InternalKey.TRAILER_BYTES) {
                        throw new IllegalArgumentException("bad file key range");
                    }
                    e.addFile(level, new FileMeta(number, size, smallest, largest));
                }
                default -> throw new IllegalArgumentException("unknown version edit tag " + tag);
            }
        }
        return e;
    }

    private static int level(ByteBuffer buf) {
        int level = Coding.getVarint32(buf);
        if (level >= Version.NUM_LEVELS) {
            throw new IllegalArgumentException("bad level " + level);
        }
        return level;
    }
}
