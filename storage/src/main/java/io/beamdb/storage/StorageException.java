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

    /** Creates an exception of the given kind; {@code cause} may be null. */
    public StorageException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    /** The category of this failure. */
    public Kind kind() { return kind; }

    static StorageException io(String what, java.nio.file.Path file, Throwable cause) {
        return new StorageException(Kind.IO, what + " " + file + ": " + cause, cause);
    }

    static StorageException corruption(String what, java.nio.file.Path file, long offset) {
        return new StorageException(Kind.CORRUPTION, what + " in " + file + " at offset " + offset, null);
    }

    @Override
    public String toString() {
        return "StorageException[" + kind + "]: " + getMessage();
    }
}
