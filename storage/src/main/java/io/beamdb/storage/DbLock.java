package io.beamdb.storage;

import io.beamdb.storage.fs.FileSystem;
import java.io.IOException;
import java.nio.file.Path;

/**
 * Exclusive ownership of a database directory: an OS file lock on {@code LOCK} held while the
 * store is open ({@link FileSystem#tryLock}). Another process (or another store in this JVM) gets
 * {@link StorageException.Kind#LOCKED}.
 */
final class DbLock implements AutoCloseable {
    private final Path file;
    private final AutoCloseable lock;

    private DbLock(Path file, AutoCloseable lock) {
        this.file = file;
        this.lock = lock;
    }

    static DbLock acquire(FileSystem fs, Path dir) {
        Path file = FileNames.lock(dir);
        AutoCloseable lock;
        try {
            lock = fs.tryLock(file);
        } catch (IOException e) {
            throw StorageException.io("cannot lock", file, e);
        }
        if (lock == null) {
            throw locked(dir, null);
        }
        return new DbLock(file, lock);
    }

    private static StorageException locked(Path dir, Throwable cause) {
        return new StorageException(StorageException.Kind.LOCKED,
                "database " + dir + " is locked by another process (or another store in this JVM)", cause);
    }

    @Override public void close() {
        try {
            lock.close();
        } catch (Exception e) {
            throw StorageException.io("cannot release lock", file, e);
        }
    }
}
