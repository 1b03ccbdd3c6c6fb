package io.beamdb.engine;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * Where a database lives and how it is opened. Built by the JDBC driver from a URL such as
 * {@code jdbc:beam:file:./data/app;SYNC=NORMAL} plus {@code Properties}. Immutable.
 *
 * <p>Settings (keys are case-insensitive, stored upper case):
 * <ul>
 *   <li>{@code SYNC} = {@code FULL} (default for files: fsync the WAL on every commit),
 *       {@code NORMAL} (write to the OS on commit, fsync in the background), {@code OFF}</li>
 *   <li>{@code IFEXISTS} = {@code TRUE}: fail with 08001 instead of creating a new database</li>
 *   <li>{@code MEMTABLE_SIZE} = bytes a memtable holds before it is flushed to an SSTable
 *       (default 4 MiB)</li>
 *   <li>{@code LOCK_TIMEOUT} = milliseconds a writer waits for a row or schema lock before
 *       failing with HY000 (default 10000)</li>
 *   <li>{@code ROW_CACHE} = {@code AUTO} (default: the latest-version row cache is on, off-heap
 *       where the JVM grants Chronicle Map its access, else on the heap), {@code ONHEAP},
 *       {@code OFF}; the system property {@code beamdb.rowcache} gives the default</li>
 *   <li>{@code USER}, {@code PASSWORD}: accepted and ignored in embedded mode</li>
 * </ul>
 * Any other key is rejected with SQLState 08001 naming the key.
 */
public final class DatabaseConfig {
  /** Setting keys the engine understands. */
  public static final Set<String> KNOWN_SETTINGS =
      Set.of("SYNC", "IFEXISTS", "MEMTABLE_SIZE", "LOCK_TIMEOUT", "ROW_CACHE", "USER", "PASSWORD");

  private final Path path;
  private final String memoryName;
  private final Map<String, String> settings;
  private final io.beamdb.storage.fs.FileSystem fileSystem;

  private DatabaseConfig(Path path, String memoryName, Map<String, String> settings,
      io.beamdb.storage.fs.FileSystem fileSystem) {
    this.path = path;
    this.memoryName = memoryName;
    this.settings = settings;
    this.fileSystem = fileSystem;
  }

  /**
   * This on-disk configuration with every file operation of the storage engine going through
   * {@code fs} (crash, disk-full and I/O-error tests pass a
   * {@code io.beamdb.storage.fs.FaultInjectingFileSystem}); null restores the default.
   */
  public DatabaseConfig withFileSystem(io.beamdb.storage.fs.FileSystem fs) {
    return new DatabaseConfig(path, memoryName, settings, fs);
  }

  /** The file system set by {@link #withFileSystem}, or null for the default (java.nio). */
  public io.beamdb.storage.fs.FileSystem fileSystem() {
    return fileSystem;
  }

  /**
   * An in-memory database. A non-empty {@code name} is shared by every connection of the JVM
   * while at least one is open; an empty name gives a private database per connection.
   */
  public static DatabaseConfig memory(String name, Map<String, String> settings) throws SQLException {
    return new DatabaseConfig(null, name == null ? "" : name, validate(settings), null);
  }

  /** An on-disk database in directory {@code path} (created if missing unless IFEXISTS). */
  public static DatabaseConfig file(Path path, Map<String, String> settings) throws SQLException {
    return new DatabaseConfig(path.toAbsolutePath().normalize(), null, validate(settings), null);
  }

  private static Map<String, String> validate(Map<String, String> raw) throws SQLException {
    Map<String, String> out = new LinkedHashMap<>();
    if (raw != null) {
      for (Map.Entry<String, String> e : raw.entrySet()) {
        String key = e.getKey().trim().toUpperCase(Locale.ROOT);
        if (!KNOWN_SETTINGS.contains(key)) {
          throw new SQLException("Unknown setting '" + e.getKey() + "'; known settings are "
              + String.join(", ", new java.util.TreeSet<>(KNOWN_SETTINGS)), "08001");
        }
        out.put(key, e.getValue() == null ? "" : e.getValue().trim());
      }
    }
    String sync = out.get("SYNC");
    if (sync != null && !Set.of("FULL", "NORMAL", "OFF").contains(sync.toUpperCase(Locale.ROOT))) {
      throw new SQLException("Invalid SYNC value '" + sync + "'; use FULL, NORMAL or OFF", "08001");
    }
    String mem = out.get("MEMTABLE_SIZE");
    if (mem != null) {
      try {
        if (Long.parseLong(mem) < 4096) {
          throw new NumberFormatException();
        }
      } catch (NumberFormatException ex) {
        throw new SQLException("Invalid MEMTABLE_SIZE '" + mem + "'; give a byte count >= 4096", "08001");
      }
    }
    String rc = out.get("ROW_CACHE");
    if (rc != null && !Set.of("AUTO", "ONHEAP", "OFF").contains(rc.toUpperCase(Locale.ROOT))) {
      throw new SQLException("Invalid ROW_CACHE value '" + rc + "'; use AUTO, ONHEAP or OFF", "08001");
    }
    String lt = out.get("LOCK_TIMEOUT");
    if (lt != null) {
      try {
        if (Long.parseLong(lt) < 0) {
          throw new NumberFormatException();
        }
      } catch (NumberFormatException ex) {
        throw new SQLException("Invalid LOCK_TIMEOUT '" + lt + "'; give milliseconds >= 0", "08001");
      }
    }
    return Collections.unmodifiableMap(out);
  }

  /** Directory of an on-disk database, or null for in-memory. */
  public Path path() {
    return path;
  }

  /** Name of an in-memory database ({@code ""} = private), or null for on-disk. */
  public String memoryName() {
    return memoryName;
  }

  public boolean inMemory() {
    return path == null;
  }

  /** Validated settings, keys upper case. */
  public Map<String, String> settings() {
    return settings;
  }

  /**
   * The row cache mode of the {@code ROW_CACHE} setting, or null when the setting is absent (the
   * system property {@code beamdb.rowcache} decides, {@code auto} by default).
   */
  public io.beamdb.txn.RowCache.Mode rowCacheMode() {
    String rc = settings.get("ROW_CACHE");
    if (rc == null) {
      return null;
    }
    return switch (rc.toUpperCase(Locale.ROOT)) {
      case "OFF" -> io.beamdb.txn.RowCache.Mode.OFF;
      case "ONHEAP" -> io.beamdb.txn.RowCache.Mode.ON_HEAP;
      default -> io.beamdb.txn.RowCache.Mode.AUTO;
    };
  }

  /** A setting's value, or {@code dflt} when absent. */
  public String setting(String key, String dflt) {
    return settings.getOrDefault(key, dflt);
  }

  @Override
  public String toString() {
    return inMemory() ? "mem:" + memoryName : "file:" + path;
  }
}
