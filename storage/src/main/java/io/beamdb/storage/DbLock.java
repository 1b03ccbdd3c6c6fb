package io.beamdb.storage;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Exclusive ownership of a database directory: an OS file lock on {@code LOCK} held while the
 * store is open. Another process (or another store in this JVM) gets
 * {@link StorageException.Kind#LOCKED}.
 */
final class DbLock implements AutoCloseable {
    private final Path file;
    private final FileChannel channel;
    private final FileLock lock;

    private DbLock(Path file, FileChannel channel, FileLock lock) {
        this.file = file;
        this.channel = channel;
        this.lock = lock;
    }

    static DbLock acquire(Path dir) {
        Path file = FileNames.lock(dir);
        FileChannel ch;
        try {
            ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        } catch (IOException e) {
            throw StorageException.io("cannot open lock file", file, e);
        }
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            closeQuietlyAfterFailure(ch, e);
            throw locked(dir, e);
        } catch (IOException e) {
            closeQuietlyAfterFailure(ch, e);
            throw StorageException.io("cannot lock", file, e);
        }
        if (lock == null) {
            closeQuietlyAfterFailure(ch, null);
            throw locked(dir, null);
        }
        return new DbLock(file, ch, lock);
    }

    private static StorageException locked(Path dir, Throwable cause) {
        return new StorageException(StorageException.Kind.LOCKED,
                "database " + dir + " is locked by another process (or another store in this JVM)", cause);
    }

    private static void closeQuietlyAfterFailure(FileChannel ch, Throwable primary) {
        try {
            ch.close();
        } catch (IOException e) {
            if (primary != null) {
                primary.addSuppressed(e);
            }
        }
    }

    @Override public void close() {
        try {
            lock.release();
            channel.close();
        } catch (IOException e) {
            throw StorageException.io("cannot release lock", file, e);
        }
    }
}
