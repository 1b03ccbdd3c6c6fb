package io.beamdb.storage;

/**
 * Unchecked failure of the storage engine. {@link #kind()} says what went wrong:
 * <ul>
 *   <li>{@link Kind#IO}: an operating-system I/O error; the message names the file.</li>
 *   <li>{@link Kind#CORRUPTION}: a checksum or format check failed; the message names the file and
 *       byte offset. Corruption is never skipped silently.</li>
 *   <li>{@link Kind#LOCKED}: the database directory is in use by another store.</li>
 *   <li>{@link Kind#CLOSED}: the store was used after {@link KvStore#close()}.</li>
 * </ul>
 */
public class StorageException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    /** Category of a storage failure. */
    public enum Kind { IO, CORRUPTION, LOCKED, CLOSED }

    private final Kind kind;
    private java.nio.file.Path file;
    private long offset = -1;

    /** Creates an exception of the given kind; {@code cause} may be null. */
    public StorageException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    /** The category of this failure. */
    public Kind kind() { return kind; }

    /** The damaged or failing file, when known (CORRUPTION and most IO failures), else null. */
    public java.nio.file.Path file() { return file; }

    /** Byte offset of the damage in {@link #file()} (CORRUPTION), or -1 when not known. */
    public long offset() { return offset; }

    /**
     * True for an IO failure caused by a full device: somewhere in the cause chain an
     * {@link java.io.IOException} says "No space left on device" (ENOSPC, as the JDK reports it on
     * Linux and macOS) or "not enough space on the disk" (Windows).
     */
    public boolean isDiskFull() {
        if (kind != Kind.IO) {
            return false;
        }
        for (Throwable t = this; t != null; t = t.getCause() == t ? null : t.getCause()) {
            String m = t.getMessage();
            if (m != null && (m.contains("No space left on device") || m.contains("not enough space on the disk"))) {
                return true;
            }
        }
        return false;
    }

    static StorageException io(String what, java.nio.file.Path file, Throwable cause) {
        StorageException e = new StorageException(Kind.IO, what + " " + file + ": " + cause, cause);
        e.file = file;
        return e;
    }

    /** CORRUPTION "{@code what} in FILE at offset N: cause message", keeping file and offset. */
    static StorageException corruption(String what, java.nio.file.Path file, long offset, Throwable cause) {
        StorageException e = new StorageException(Kind.CORRUPTION,
                what + " in " + file + " at offset " + offset + ": " + cause.getMessage(), cause);
        e.file = file;
        e.offset = offset;
        return e;
    }

    static StorageException corruption(String what, java.nio.file.Path file, long offset) {
        StorageException e = new StorageException(Kind.CORRUPTION, what + " in " + file + " at offset " + offset, null);
        e.file = file;
        e.offset = offset;
        return e;
    }

    @Override
    public String toString() {
        return "StorageException[" + kind + "]: " + getMessage();
    }
}
