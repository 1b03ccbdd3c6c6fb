package io.beamdb.storage;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import io.beamdb.storage.fs.FileSystem;
import io.beamdb.storage.fs.WritableFile;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.CRC32C;

/**
 * The manifest log ({@code MANIFEST-NNNNNN}): a sequence of {@link VersionEdit}s, each framed as
 * {@code [length u32][crc32c u32 over payload][payload]} and fsynced before it takes effect.
 * {@code CURRENT} names the live manifest and is replaced atomically (temp file, fsync,
 * ATOMIC_MOVE, fsync directory). A record cut short at the end of the file is an edit that never
 * committed and is ignored with a warning; any other damage is CORRUPTION.
 *
 * <p>Thread-safety: callers serialize {@link #append} (the store's write lock).
 */
final class Manifest implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(Manifest.class.getName());
    static final int HEADER_BYTES = 8;

    private final Path file;
    private final long number;
    private final WritableFile channel;

    private Manifest(Path file, long number, WritableFile channel) {
        this.file = file;
        this.number = number;
        this.channel = channel;
    }

    /** Creates a new, empty manifest file. */
    static Manifest create(FileSystem fs, Path dir, long number) {
        Path file = FileNames.manifest(dir, number);
        try {
            return new Manifest(file, number, fs.newWritableFile(file));
        } catch (IOException e) {
            throw StorageException.io("cannot create manifest", file, e);
        }
    }

    long number() { return number; }

    /** Appends an edit and fsyncs it. */
    void append(VersionEdit edit) {
        byte[] payload = edit.encode();
        CRC32C crc = new CRC32C();
        crc.update(payload);
        ByteBuffer buf = ByteBuffer.allocate(HEADER_BYTES + payload.length);
        buf.putInt(payload.length).putInt((int) crc.getValue()).put(payload).flip();
        try {
            channel.append(buf);
            channel.sync();
        } catch (IOException e) {
            throw StorageException.io("cannot append to manifest", file, e);
        }
    }

    @Override public void close() {
        try {
            channel.close();
        } catch (IOException e) {
            throw StorageException.io("cannot close manifest", file, e);
        }
    }

    /** Reads all committed edits of {@code file}. */
    static List<VersionEdit> read(FileSystem fs, Path file) {
        byte[] data;
        try {
            data = fs.readAllBytes(file);
        } catch (IOException e) {
            throw StorageException.io("cannot read manifest", file, e);
        }
        ByteBuffer buf = ByteBuffer.wrap(data);
        List<VersionEdit> edits = new ArrayList<>();
        int pos = 0;
        while (pos < data.length) {
            int remaining = data.length - pos;
            int length = remaining >= HEADER_BYTES ? buf.getInt(pos) : -1;
            if (remaining < HEADER_BYTES || length < 0 || (long) HEADER_BYTES + length > remaining) {
                if (pos == 0) {
                    // the first edit (the snapshot of the whole state) is synced before CURRENT
                    // names this manifest, so it cannot be torn: its length field is damaged
                    throw StorageException.corruption("incomplete first manifest edit (length " + length + ")", file, pos);
                }
                if (remaining >= HEADER_BYTES
                        && WalReader.crcMatchesAShorterRecord(data, pos + HEADER_BYTES, data.length, buf.getInt(pos + 4))) {
                    throw StorageException.corruption("damaged manifest edit length " + length
                            + " (the edit's checksum matches a shorter length)", file, pos);
                }
                LOG.log(Level.WARNING, "manifest {0}: incomplete edit at offset {1}; ignoring {2} tail bytes",
                        file, pos, remaining);
                break;
            }
            CRC32C crc = new CRC32C();
            crc.update(data, pos + HEADER_BYTES, length);
            if ((int) crc.getValue() != buf.getInt(pos + 4)) {
                throw StorageException.corruption("manifest edit checksum mismatch", file, pos);
            }
            try {
                edits.add(VersionEdit.decode(java.util.Arrays.copyOfRange(data, pos + HEADER_BYTES, pos + HEADER_BYTES + length)));
            } catch (IllegalArgumentException e) {
                throw StorageException.corruption("malformed manifest edit", file, pos, e);
            }
            pos += HEADER_BYTES + length;
        }
        return edits;
    }

    /** The manifest named by CURRENT, or null for a new database. */
    static Path readCurrent(FileSystem fs, Path dir) {
        Path current = FileNames.current(dir);
        String name;
        try {
            name = new String(fs.readAllBytes(current), StandardCharsets.UTF_8);
        } catch (NoSuchFileException e) {
            return null;
        } catch (IOException e) {
            throw StorageException.io("cannot read", current, e);
        }
        if (!name.endsWith("\n") || FileNames.parse(name.trim()) == null
                || FileNames.parse(name.trim()).type() != FileNames.Type.MANIFEST) {
            throw StorageException.corruption("CURRENT does not name a manifest: '" + name.trim() + "'", current, 0);
        }
        Path manifest = dir.resolve(name.trim());
        if (!fs.exists(manifest)) {
            // the manifest is synced before CURRENT is switched to it and deleted only after
            // CURRENT names a newer one: a missing one means CURRENT (or the directory) is damaged
            throw StorageException.corruption("CURRENT names " + name.trim() + ", which does not exist", current, 0);
        }
        return manifest;
    }

    /** Atomically points CURRENT at manifest {@code manifestNumber}, using temp file {@code tempNumber}. */
    static void setCurrent(FileSystem fs, Path dir, long manifestNumber, long tempNumber) {
        Path tmp = FileNames.temp(dir, tempNumber);
        Path current = FileNames.current(dir);
        try {
            try (WritableFile ch = fs.newWritableFile(tmp)) {
                ch.append(ByteBuffer.wrap((FileNames.manifestName(manifestNumber) + "\n").getBytes(StandardCharsets.UTF_8)));
                ch.sync();
            }
            try {
                fs.rename(tmp, current);
            } catch (AtomicMoveNotSupportedException e) {
                throw StorageException.io("file system cannot rename atomically", current, e);
            }
            syncDirectory(fs, dir);
        } catch (IOException e) {
            throw StorageException.io("cannot install", current, e);
        }
    }

    /** Forces directory entries (new/renamed/deleted files) to disk; not possible on Windows. */
    static void syncDirectory(FileSystem fs, Path dir) {
        try {
            fs.syncDirectory(dir);
        } catch (IOException e) {
            throw StorageException.io("cannot sync directory", dir, e);
        }
    }
}
