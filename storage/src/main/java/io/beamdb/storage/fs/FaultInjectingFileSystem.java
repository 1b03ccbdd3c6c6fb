package io.beamdb.storage.fs;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * A {@link FileSystem} for crash tests, in the manner of LevelDB's {@code FaultInjectionTestEnv}
 * (db/fault_injection_test.cc) and H2's {@code FilePathReorderWrites}. Files live on the real
 * disk (through {@link FileSystem#DEFAULT}); this layer remembers, per file written through it,
 * how many bytes were synced, where the last write started, and whether its directory entry was
 * made durable by a {@link #syncDirectory}; renames not yet followed by a directory sync are
 * remembered too.
 *
 * <p>{@link #crash(CrashMode, Random)} then rewrites the files as an OS crash could have left
 * them:
 * <ul>
 *   <li>{@link CrashMode#DROP_UNSYNCED}: every file is cut back to its synced length, files whose
 *       creation was never followed by a directory sync disappear, and unsynced renames are undone
 *       (the old target comes back). The harshest, LevelDB's default.</li>
 *   <li>{@link CrashMode#KEEP_RANDOM_PREFIX}: directory entries survive (metadata journaled, as in
 *       ext4 data=writeback), each file keeps its synced bytes plus a random prefix of the unsynced
 *       ones.</li>
 *   <li>{@link CrashMode#TEAR_LAST_WRITE}: entries survive, every unsynced write but the last is
 *       kept and the last one is cut at a random byte (a torn write).</li>
 * </ul>
 * Between {@link #kill()} (or the sync point chosen with {@link #crashAtSyncPoint}) and the crash,
 * the file system is "dead": every mutating call (create, append, sync, rename, delete, directory
 * sync) throws {@link IOException}, so the engine cannot write anything after the crash point;
 * reads, closes and locks still work so that the test can shut the store down and reopen it.
 * After {@link #crash} the state is reset: what is on disk now counts as durable.
 *
 * <p>Disk full: {@link #setSpaceLeft(long)} lets only that many more bytes be appended (the
 * append that crosses the limit writes a prefix and throws "No space left on device").
 *
 * <p>I/O errors: {@link #setIoErrors(boolean, boolean)} makes every append and/or every file sync
 * fail with "Input/output error" (nothing is written or synced) until it is cleared.
 *
 * <p>Not modelled: deletions are durable at once (LevelDB's test does the same), and data of
 * files not written through this layer is assumed durable. Thread-safe (one monitor).
 *
 * <p>It lives in the storage module's main code (not its tests) so that tests of higher modules
 * (SQL-level crash, disk-full and I/O-error tests) can open a whole database over it; the engine
 * never uses it unless it is passed in with {@code StorageOptions.withFileSystem}.
 */
public final class FaultInjectingFileSystem implements FileSystem {
    /** How unsynced data and directory operations fare in a simulated crash. */
    public enum CrashMode { DROP_UNSYNCED, KEEP_RANDOM_PREFIX, TEAR_LAST_WRITE }

    private static final class FileState {
        long length;
        long synced;
        long lastWriteStart;
        boolean entryDurable;
    }

    private record PendingRename(Path source, Path target, byte[] oldTarget, FileState moved) {}

    private final FileSystem base = FileSystem.DEFAULT;
    private final Map<Path, FileState> files = new HashMap<>();
    private final List<PendingRename> renames = new ArrayList<>();
    private boolean dead;
    private long syncPoints;
    private long crashAtSyncPoint = -1;
    private long spaceLeft = Long.MAX_VALUE;
    private boolean failAppends;
    private boolean failSyncs;

    /** From now on every mutating operation fails (the machine is "off"); call {@link #crash} next. */
    public synchronized void kill() {
        dead = true;
    }

    /** True after {@link #kill()} or once the chosen sync point was reached. */
    public synchronized boolean isDead() {
        return dead;
    }

    /**
     * Kills the file system when the {@code n}-th sync (file or directory, counted from 1 since
     * the last crash) is attempted: that sync fails and does not happen.
     */
    public synchronized void crashAtSyncPoint(long n) {
        crashAtSyncPoint = n;
    }

    /** Syncs attempted (file and directory) since the last crash. */
    public synchronized long syncPoints() {
        return syncPoints;
    }

    /** Lets only {@code bytes} more bytes be appended ({@link Long#MAX_VALUE}: space returns). */
    public synchronized void setSpaceLeft(long bytes) {
        spaceLeft = bytes;
    }

    /**
     * While {@code appends} ({@code syncs}) is true every append to (sync of) a file fails with
     * an {@link IOException} "Input/output error (simulated)" and changes nothing; directory
     * syncs are not affected. {@code (false, false)} heals the device.
     */
    public synchronized void setIoErrors(boolean appends, boolean syncs) {
        failAppends = appends;
        failSyncs = syncs;
    }

    /**
     * Simulates the crash: kills the file system if not done, rewrites the files per {@code mode}
     * (random choices from {@code rnd}), then starts afresh with everything on disk durable. The
     * store must have stopped writing (e.g. after its crash hook); returns a one-line summary.
     */
    public synchronized String crash(CrashMode mode, Random rnd) throws IOException {
        dead = true;
        int dropped = 0;
        int undone = 0;
        long cut = 0;
        if (mode == CrashMode.DROP_UNSYNCED) {
            for (int i = renames.size() - 1; i >= 0; i--) {
                PendingRename r = renames.get(i);
                base.rename(r.target(), r.source());
                FileState s = files.remove(r.target());
                if (s == null) {
                    s = r.moved();
                }
                if (s != null) {
                    files.put(r.source(), s);
                }
                if (r.oldTarget() != null) {
                    try (FileChannel ch = FileChannel.open(r.target(), StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE)) {
                        ch.write(ByteBuffer.wrap(r.oldTarget()));
                        ch.force(true);
                    }
                }
                undone++;
            }
        }
        for (Map.Entry<Path, FileState> e : files.entrySet()) {
            Path p = e.getKey();
            FileState s = e.getValue();
            if (!base.exists(p)) {
                continue;
            }
            if (mode == CrashMode.DROP_UNSYNCED && !s.entryDurable) {
                base.delete(p);
                dropped++;
                continue;
            }
            long keep = switch (mode) {
                case DROP_UNSYNCED -> s.synced;
                case KEEP_RANDOM_PREFIX -> s.synced + (s.length > s.synced ? (long) (rnd.nextDouble() * (s.length - s.synced + 1)) : 0);
                case TEAR_LAST_WRITE -> s.lastWriteStart < s.synced || s.length == s.lastWriteStart ? s.length
                        : s.lastWriteStart + (long) (rnd.nextDouble() * (s.length - s.lastWriteStart));
            };
            keep = Math.min(keep, s.length);
            long actual = base.size(p);
            if (keep < actual) {
                try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE)) {
                    ch.truncate(keep);
                    ch.force(true);
                }
                cut += actual - keep;
            }
        }
        files.clear();
        renames.clear();
        dead = false;
        syncPoints = 0;
        crashAtSyncPoint = -1;
        return mode + ": " + dropped + " new file(s) lost, " + undone + " rename(s) undone, " + cut + " byte(s) cut";
    }

    private void checkAlive(String op, Path p) throws IOException {
        if (dead) {
            throw new IOException("simulated crash: " + op + " " + p + " after the machine went down");
        }
    }

    private void syncPoint(String op, Path p) throws IOException {
        checkAlive(op, p);
        syncPoints++;
        if (syncPoints == crashAtSyncPoint) {
            dead = true;
            throw new IOException("simulated crash at sync point " + syncPoints + ": " + op + " " + p);
        }
    }

    @Override public synchronized WritableFile newWritableFile(Path file) throws IOException {
        checkAlive("create", file);
        WritableFile f = base.newWritableFile(file);
        files.put(file, new FileState());
        return new WritableFile() {
            @Override public Path path() { return file; }

            @Override public void append(ByteBuffer data) throws IOException {
                synchronized (FaultInjectingFileSystem.this) {
                    checkAlive("append to", file);
                    if (failAppends) {
                        throw new IOException("Input/output error (simulated) writing " + file);
                    }
                    FileState s = files.computeIfAbsent(file, k -> new FileState());
                    int n = data.remaining();
                    if (n > spaceLeft) {
                        ByteBuffer part = data.slice(data.position(), (int) spaceLeft);
                        f.append(part);
                        data.position(data.position() + (int) spaceLeft);
                        s.lastWriteStart = s.length;
                        s.length += spaceLeft;
                        spaceLeft = 0;
                        throw new IOException("No space left on device (simulated) writing " + file);
                    }
                    f.append(data);
                    if (spaceLeft != Long.MAX_VALUE) {
                        spaceLeft -= n;
                    }
                    s.lastWriteStart = s.length;
                    s.length += n;
                }
            }

            @Override public void sync() throws IOException {
                synchronized (FaultInjectingFileSystem.this) {
                    syncPoint("sync", file);
                    if (failSyncs) {
                        throw new IOException("Input/output error (simulated) syncing " + file);
                    }
                    f.sync();
                    FileState s = files.get(file);
                    if (s != null) {
                        s.synced = s.length;
                    }
                }
            }

            @Override public void close() throws IOException {
                f.close();
            }
        };
    }

    @Override public ReadableFile newReadableFile(Path file) throws IOException {
        return base.newReadableFile(file);
    }

    @Override public byte[] readAllBytes(Path file) throws IOException {
        return base.readAllBytes(file);
    }

    @Override public synchronized void rename(Path source, Path target) throws IOException {
        checkAlive("rename", source);
        byte[] old = base.exists(target) ? base.readAllBytes(target) : null;
        FileState s = files.remove(source);
        base.rename(source, target);
        files.remove(target);
        if (s != null) {
            files.put(target, s);
        }
        renames.add(new PendingRename(source, target, old, s));
    }

    @Override public synchronized boolean delete(Path file) throws IOException {
        checkAlive("delete", file);
        files.remove(file);
        return base.delete(file);
    }

    @Override public List<String> list(Path dir) throws IOException {
        return base.list(dir);
    }

    @Override public boolean exists(Path file) {
        return base.exists(file);
    }

    @Override public long size(Path file) throws IOException {
        return base.size(file);
    }

    @Override public synchronized void createDirectories(Path dir) throws IOException {
        checkAlive("mkdir", dir);
        base.createDirectories(dir);
    }

    @Override public synchronized void syncDirectory(Path dir) throws IOException {
        syncPoint("sync directory", dir);
        base.syncDirectory(dir);
        Path d = dir.toAbsolutePath();
        for (Map.Entry<Path, FileState> e : files.entrySet()) {
            if (d.equals(e.getKey().toAbsolutePath().getParent())) {
                e.getValue().entryDurable = true;
            }
        }
        renames.removeIf(r -> d.equals(r.target().toAbsolutePath().getParent()));
    }

    @Override public AutoCloseable tryLock(Path file) throws IOException {
        return base.tryLock(file);
    }

    @Override public String toString() {
        return "FaultInjectingFileSystem";
    }
}
