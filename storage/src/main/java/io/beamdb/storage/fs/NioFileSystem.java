package io.beamdb.storage.fs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@link FileSystem} over {@code java.nio}: {@link FileChannel} for files ({@code force(false)}
 * is fdatasync), {@link Files} for directory operations, {@code FileChannel.tryLock} for locks.
 * Directory sync opens the directory read-only and forces it (a no-op on Windows, where
 * directories cannot be opened). Thread-safe and stateless.
 */
public final class NioFileSystem implements FileSystem {
    private static final boolean WINDOWS = System.getProperty("os.name", "").startsWith("Windows");

    @Override public WritableFile newWritableFile(Path file) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        return new WritableFile() {
            @Override public Path path() { return file; }

            @Override public void append(ByteBuffer data) throws IOException {
                while (data.hasRemaining()) {
                    ch.write(data);
                }
            }

            @Override public void sync() throws IOException {
                ch.force(false);
            }

            @Override public void close() throws IOException {
                ch.close();
            }
        };
    }

    @Override public ReadableFile newReadableFile(Path file) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.READ);
        return new ReadableFile() {
            @Override public int read(ByteBuffer dst, long position) throws IOException {
                return ch.read(dst, position);
            }

            @Override public long size() throws IOException {
                return ch.size();
            }

            @Override public void close() throws IOException {
                ch.close();
            }
        };
    }

    @Override public byte[] readAllBytes(Path file) throws IOException {
        return Files.readAllBytes(file);
    }

    @Override public void rename(Path source, Path target) throws IOException {
        Files.move(source, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    }

    @Override public boolean delete(Path file) throws IOException {
        return Files.deleteIfExists(file);
    }

    @Override public List<String> list(Path dir) throws IOException {
        try (Stream<Path> s = Files.list(dir)) {
            return s.map(p -> p.getFileName().toString()).toList();
        }
    }

    @Override public boolean exists(Path file) {
        return Files.exists(file);
    }

    @Override public long size(Path file) throws IOException {
        return Files.size(file);
    }

    @Override public void createDirectories(Path dir) throws IOException {
        Files.createDirectories(dir);
    }

    @Override public void syncDirectory(Path dir) throws IOException {
        if (WINDOWS) {
            return;
        }
        try (FileChannel ch = FileChannel.open(dir, StandardOpenOption.READ)) {
            ch.force(true);
        }
    }

    @Override public AutoCloseable tryLock(Path file) throws IOException {
        FileChannel ch = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE);
        FileLock lock;
        try {
            lock = ch.tryLock();
        } catch (OverlappingFileLockException e) {
            lock = null; // held by another channel of this JVM
        } catch (IOException | RuntimeException e) {
            try {
                ch.close();
            } catch (IOException suppressed) {
                e.addSuppressed(suppressed);
            }
            throw e;
        }
        if (lock == null) {
            ch.close();
            return null;
        }
        FileLock held = lock;
        return () -> {
            try {
                held.release();
            } finally {
                ch.close();
            }
        };
    }

    @Override public String toString() {
        return "NioFileSystem";
    }
}
