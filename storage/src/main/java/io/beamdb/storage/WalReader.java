package io.beamdb.storage;

import java.io.IOException;
import java.lang.System.Logger.Level;
import java.nio.ByteBuffer;
import java.nio.file.Path;
import java.util.function.Consumer;
import java.util.zip.CRC32C;

/**
 * Reads a WAL file written by {@link WalWriter} and hands each decoded batch to a consumer.
 *
 * <p>Damage rules: a record that is cut short by the end of the file (a torn write), or whose
 * checksum fails while it is the very last record, is a <em>torn tail</em>: in the last WAL it is
 * dropped with a warning (it was never acknowledged as durable); in an older WAL it is CORRUPTION.
 * A checksum mismatch that is followed by more data, or an unknown record type, is always
 * {@link StorageException.Kind#CORRUPTION} naming the file and offset. Nothing is skipped silently.
 * A record whose checksum matches a shorter length than its (damaged) length field says is
 * CORRUPTION too, never a torn tail: a cut-short append cannot change a length field.
 */
final class WalReader {
    private static final System.Logger LOG = System.getLogger(WalReader.class.getName());

    private WalReader() {}

    /**
     * Replays {@code file}.
     *
     * @param tolerateTornTail true for the newest WAL
     * @return the number of bytes of valid records (the truncation point for a torn tail)
     */
    static long replay(io.beamdb.storage.fs.FileSystem fs, Path file, boolean tolerateTornTail, Consumer<WriteBatch.Decoded> consumer) {
        byte[] data;
        try {
            data = fs.readAllBytes(file);
        } catch (IOException e) {
            throw StorageException.io("cannot read WAL", file, e);
        }
        ByteBuffer buf = ByteBuffer.wrap(data);
        int pos = 0;
        while (pos < data.length) {
            int remaining = data.length - pos;
            if (remaining < WalWriter.HEADER_BYTES) {
                return tornTail(file, pos, data.length, tolerateTornTail, "incomplete record header");
            }
            int length = buf.getInt(pos);
            int expectedCrc = buf.getInt(pos + 4);
            byte type = data[pos + 8];
            if (length < 0 || (long) WalWriter.HEADER_BYTES + length > remaining) {
                if (crcMatchesAShorterRecord(data, pos + 8, data.length, expectedCrc)) {
                    throw StorageException.corruption("damaged WAL record length " + length
                            + " (the record's checksum matches a shorter length)", file, pos);
                }
                return tornTail(file, pos, data.length, tolerateTornTail, "incomplete record (length " + length + ")");
            }
            CRC32C crc = new CRC32C();
            crc.update(data, pos + 8, 1 + length);
            int end = pos + WalWriter.HEADER_BYTES + length;
            if ((int) crc.getValue() != expectedCrc) {
                if (end == data.length && !crcMatchesAShorterRecord(data, pos + 8, end - 1, expectedCrc)) {
                    return tornTail(file, pos, data.length, tolerateTornTail, "checksum mismatch in last record");
                }
                throw StorageException.corruption("WAL record checksum mismatch", file, pos);
            }
            if (type != WalWriter.TYPE_BATCH_V1) {
                throw StorageException.corruption("unknown WAL record type " + type, file, pos);
            }
            byte[] payload = new byte[length];
            System.arraycopy(data, pos + WalWriter.HEADER_BYTES, payload, 0, length);
            WriteBatch.Decoded decoded;
            try {
                decoded = WriteBatch.decode(payload);
            } catch (IllegalArgumentException e) {
                throw StorageException.corruption("malformed write batch", file, pos, e);
            }
            consumer.accept(decoded);
            pos = end;
        }
        return pos;
    }

    /**
     * True if the CRC32C of {@code data[from, from + n)} equals {@code expectedCrc} for some
     * {@code n} with {@code from + n <= end}: the record is complete and only its length field is
     * damaged, which a torn write (a cut-short append) cannot produce. Telling the two apart keeps
     * a bit flip in a length field from being dropped as a torn tail along with every acknowledged
     * record after it. Linear in the bytes after {@code from}; used only on damaged tails.
     * Shared with {@link Manifest#read}.
     */
    static boolean crcMatchesAShorterRecord(byte[] data, int from, int end, int expectedCrc) {
        CRC32C crc = new CRC32C();
        if ((int) crc.getValue() == expectedCrc) {
            return true;
        }
        for (int i = from; i < end; i++) {
            crc.update(data[i]);
            if ((int) crc.getValue() == expectedCrc) {
                return true;
            }
        }
        return false;
    }

    private static long tornTail(Path file, int pos, int size, boolean tolerate, String what) {
        if (!tolerate) {
            throw StorageException.corruption(what + " (not the newest WAL)", file, pos);
        }
        LOG.log(Level.WARNING, "WAL {0}: {1} at offset {2}; dropping {3} torn tail bytes",
                file, what, pos, size - pos);
        return pos;
    }
}
