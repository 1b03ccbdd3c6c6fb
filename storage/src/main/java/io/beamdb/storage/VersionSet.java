package io.beamdb.storage;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

/**
 * The current {@link Version} plus the counters the manifest persists (log number, next file
 * number, last sequence), and the manifest they are logged to. Every change goes through
 * {@link #logAndApply}: the edit is fsynced to the manifest before the new version becomes
 * current. {@link #newFileNumber()} is thread-safe; everything else is called under the store's
 * write lock (or during open).
 */
final class VersionSet implements AutoCloseable {
    private final io.beamdb.storage.fs.FileSystem fs;
    private final Path dir;
    private final Consumer<FileMeta> onObsolete;
    private final AtomicLong nextFileNumber = new AtomicLong(1);
    private Version current;
    private long logNumber;
    private long lastSequence;
    private Manifest manifest;
    private Path oldManifest;

    private VersionSet(io.beamdb.storage.fs.FileSystem fs, Path dir, Consumer<FileMeta> onObsolete) {
        this.fs = fs;
        this.dir = dir;
        this.onObsolete = onObsolete;
        this.current = Version.empty(onObsolete);
        this.current.ref(); // the version set holds one reference on its current version
    }

    /** Loads the state recorded by CURRENT's manifest (or an empty state for a new database). */
    static VersionSet recover(io.beamdb.storage.fs.FileSystem fs, Path dir, Consumer<FileMeta> onObsolete) {
        VersionSet vs = new VersionSet(fs, dir, onObsolete);
        Path manifestFile = Manifest.readCurrent(fs, dir);
        if (manifestFile != null) {
            for (VersionEdit e : Manifest.read(fs, manifestFile)) {
                vs.applyToCurrent(e);
            }
            vs.oldManifest = manifestFile;
            FileNames.Parsed p = FileNames.parse(manifestFile.getFileName().toString());
            vs.markFileNumberUsed(p.number());
        }
        return vs;
    }

    Version current() { return current; }
    long logNumber() { return logNumber; }
    long lastSequence() { return lastSequence; }

    long newFileNumber() {
        return nextFileNumber.getAndIncrement();
    }

    void markFileNumberUsed(long n) {
        nextFileNumber.accumulateAndGet(n + 1, Math::max);
    }

    /** Applies {@code edit} in memory only (recovery). */
    void applyToCurrent(VersionEdit e) {
        Version next = apply(e);
        next.ref();
        Version old = current;
        current = next;
        old.unref();
        if (e.logNumber != null) {
            logNumber = e.logNumber;
        }
        if (e.nextFileNumber != null) {
            markFileNumberUsed(e.nextFileNumber - 1);
        }
        if (e.lastSequence != null) {
            lastSequence = Math.max(lastSequence, e.lastSequence);
        }
        for (VersionEdit.NewFile f : e.newFiles) {
            markFileNumberUsed(f.meta().number);
        }
    }

    private Version apply(VersionEdit e) {
        // A file moved between levels (trivial move) keeps its FileMeta object, and with it the
        // reference count that decides when the file is deleted; during manifest replay the edit
        // holds a fresh FileMeta for the same number, which must not make the old one obsolete.
        java.util.Map<Long, FileMeta> existing = new java.util.HashMap<>();
        for (int i = 0; i < Version.NUM_LEVELS; i++) {
            for (FileMeta f : current.files(i)) {
                existing.put(f.number, f);
            }
        }
        List<List<FileMeta>> levels = new ArrayList<>();
        for (int i = 0; i < Version.NUM_LEVELS; i++) {
            List<FileMeta> files = new ArrayList<>(current.files(i));
            for (VersionEdit.DeletedFile d : e.deletedFiles) {
                if (d.level() == i) {
                    files.removeIf(f -> f.number == d.number());
                }
            }
            for (VersionEdit.NewFile n : e.newFiles) {
                if (n.level() == i) {
                    files.add(existing.getOrDefault(n.meta().number, n.meta()));
                }
            }
            levels.add(files);
        }
        return new Version(levels, onObsolete);
    }

    /** Fsyncs {@code edit} to the manifest, then makes the resulting version current and returns it. */
    Version logAndApply(VersionEdit e) {
        e.nextFileNumber = nextFileNumber.get();
        if (e.lastSequence == null) {
            e.lastSequence = lastSequence;
        }
        manifest.append(e);
        applyToCurrent(e);
        return current;
    }

    /**
     * Starts a fresh manifest holding one edit that describes the whole current state, points
     * CURRENT at it and deletes the previous manifest. Done on every open.
     */
    void writeNewManifest(long lastSeq) {
        lastSequence = Math.max(lastSequence, lastSeq);
        long number = newFileNumber();
        Manifest m = Manifest.create(fs, dir, number);
        VersionEdit snapshot = new VersionEdit();
        for (int level = 0; level < Version.NUM_LEVELS; level++) {
            for (FileMeta f : current.files(level)) {
                snapshot.addFile(level, f);
            }
        }
        snapshot.logNumber = logNumber;
        snapshot.lastSequence = lastSequence;
        snapshot.nextFileNumber = nextFileNumber.get();
        try {
            m.append(snapshot);
            Manifest.setCurrent(fs, dir, number, newFileNumber());
        } catch (RuntimeException ex) {
            try {
                m.close();
            } catch (RuntimeException suppressed) {
                ex.addSuppressed(suppressed);
            }
            throw ex;
        }
        if (manifest != null) {
            manifest.close();
        }
        manifest = m;
        if (oldManifest != null) {
            try {
                fs.delete(oldManifest);
            } catch (IOException ex) {
                throw StorageException.io("cannot delete old manifest", oldManifest, ex);
            }
            oldManifest = null;
        }
    }

    void setLogNumber(long n) {
        logNumber = n;
    }

    long manifestNumber() {
        return manifest == null ? -1 : manifest.number();
    }

    @Override public void close() {
        if (manifest != null) {
            manifest.close();
            manifest = null;
        }
    }
}
