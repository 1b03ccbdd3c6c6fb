package io.beamdb.storage;

import java.nio.file.Path;

/**
 * Names of the files in a database directory. All numbered files share one counter
 * ({@link VersionSet#newFileNumber()}):
 * <pre>
 *   000007.wal        write-ahead log
 *   000012.sst        sorted table
 *   MANIFEST-000009   version-edit log
 *   CURRENT           name of the live manifest, e.g. "MANIFEST-000009\n"
 *   LOCK              held with FileChannel.tryLock while open
 *   000013.dbtmp      temporary file (CURRENT being replaced)
 * </pre>
 */
final class FileNames {
    private FileNames() {}

    enum Type { WAL, TABLE, MANIFEST, CURRENT, LOCK, TEMP }

    record Parsed(Type type, long number) {}

    static Path wal(Path dir, long n) { return dir.resolve(String.format("%06d.wal", n)); }
    static Path table(Path dir, long n) { return dir.resolve(String.format("%06d.sst", n)); }
    static Path manifest(Path dir, long n) { return dir.resolve(manifestName(n)); }
    static String manifestName(long n) { return String.format("MANIFEST-%06d", n); }
    static Path current(Path dir) { return dir.resolve("CURRENT"); }
    static Path lock(Path dir) { return dir.resolve("LOCK"); }
    static Path temp(Path dir, long n) { return dir.resolve(String.format("%06d.dbtmp", n)); }

    /** Parses a file name, or returns null for names the store does not own. */
    static Parsed parse(String name) {
        try {
            if (name.equals("CURRENT")) {
                return new Parsed(Type.CURRENT, 0);
            }
            if (name.equals("LOCK")) {
                return new Parsed(Type.LOCK, 0);
            }
            if (name.startsWith("MANIFEST-")) {
                return new Parsed(Type.MANIFEST, Long.parseLong(name.substring(9)));
            }
            if (name.endsWith(".wal")) {
                return new Parsed(Type.WAL, Long.parseLong(name.substring(0, name.length() - 4)));
            }
            if (name.endsWith(".sst")) {
                return new Parsed(Type.TABLE, Long.parseLong(name.substring(0, name.length() - 4)));
            }
            if (name.endsWith(".dbtmp")) {
                return new Parsed(Type.TEMP, Long.parseLong(name.substring(0, name.length() - 6)));
            }
        } catch (NumberFormatException e) {
            return null; // not one of ours, e.g. "MANIFEST-backup"
        }
        return null;
    }
}
