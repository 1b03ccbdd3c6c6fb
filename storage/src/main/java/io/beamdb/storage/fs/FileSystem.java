package io.beamdb.storage.fs;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

/**
 * The file operations the storage engine performs, and nothing more: every byte the LSM store
 * reads or writes goes through one {@code FileSystem} ({@link io.beamdb.storage.StorageOptions#withFileSystem}).
 * It exists so tests can put a fault-injecting layer underneath the engine, as LevelDB's
 * {@code Env} / {@code FaultInjectionTestEnv} (db/fault_injection_test.cc) and H2's
 * {@code FilePathReorderWrites} do: drop data that was written but never synced, tear the last
 * write, lose directory entries that were never made durable, or fail writes (disk full).
 *
 * <p>Durability contract the engine relies on (POSIX, as on Linux ext4/xfs):
 * <ul>
 *   <li>bytes appended to a {@link WritableFile} are durable only after {@link WritableFile#sync()};</li>
 *   <li>a file created by {@link #newWritableFile} and a {@link #rename} are durable only after
 *       {@link #syncDirectory} of the parent directory;</li>
 *   <li>{@link #rename} replaces the target atomically (either the old or the new file is seen).</li>
 * </ul>
 *
 * <p>Thread-safety: implementations are thread-safe; each {@link WritableFile} is used by one
 * thread at a time (its {@code sync} may race with appends and must be safe). Errors are
 * {@link IOException}s; the engine turns them into {@code StorageException(IO)} naming the file.
 */
public interface FileSystem {
    /** The default implementation over {@code java.nio} (FileChannel, Files). */
    FileSystem DEFAULT = new NioFileSystem();

    /** Creates {@code file}, which must not exist, for appending. */
    WritableFile newWritableFile(Path file) throws IOException;

    /** Opens an existing file for positional reads. */
    ReadableFile newReadableFile(Path file) throws IOException;

    /** Reads a whole (small) file: WALs, manifests, CURRENT. */
    byte[] readAllBytes(Path file) throws IOException;

    /** Atomically replaces {@code target} by {@code source} (ATOMIC_MOVE). */
    void rename(Path source, Path target) throws IOException;

    /** Deletes a file; returns false if it did not exist. */
    boolean delete(Path file) throws IOException;

    /** The names (not paths) of the entries of {@code dir}. */
    List<String> list(Path dir) throws IOException;

    /** Whether {@code file} exists. */
    boolean exists(Path file);

    /** Size of {@code file} in bytes. */
    long size(Path file) throws IOException;

    /** Creates {@code dir} and its parents if missing. */
    void createDirectories(Path dir) throws IOException;

    /** Makes the directory's entries (created, renamed, deleted files) durable: fsync of the directory. */
    void syncDirectory(Path dir) throws IOException;

    /**
     * Takes an exclusive lock on {@code file} (created if missing): an OS file lock, so another
     * process is excluded too. Returns null if the lock is held by another process or by another
     * holder in this JVM.
     */
    AutoCloseable tryLock(Path file) throws IOException;
}
