package io.beamdb.cli;

import io.beamdb.storage.LsmStore;
import io.beamdb.storage.StorageException;
import io.beamdb.storage.StorageOptions;
import io.beamdb.storage.StorageStats;
import java.io.IOException;
import java.lang.reflect.RecordComponent;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code beam stats PATH}: opens the storage directory of a file database (the path of a
 * {@code jdbc:beam:file:PATH} URL), prints the tree's shape (files and bytes per level, WAL
 * files) and every {@link StorageStats} field, then closes it. Opening replays the WAL like any
 * open, so counters describe only this short session. Exit status 0; 2 if the path is not a
 * database or is locked by a running process (never waits for the lock).
 */
@Command(name = "stats", description = "Print storage statistics of a database directory (per-level files and sizes).")
final class StatsCommand implements Callable<Integer> {

  @ParentCommand BeamCli parent;

  @Parameters(index = "0", paramLabel = "PATH", description = "The database directory (the path of a jdbc:beam:file: URL).")
  Path path;

  @Override
  public Integer call() {
    if (!Files.isRegularFile(path.resolve("CURRENT"))) {
      parent.err.println("beam stats: " + path + " is not a BeamDB database (no CURRENT file)");
      return 2;
    }
    StorageStats s;
    try (LsmStore store = LsmStore.open(StorageOptions.onDisk(path))) {
      s = store.stats();
    } catch (StorageException e) {
      if (e.kind() == StorageException.Kind.LOCKED) {
        parent.err.println("beam stats: " + path + " is in use by a running process (its LOCK is held); stop it first");
        return 2;
      }
      parent.err.println("beam stats: cannot open " + path + ": " + e.getMessage());
      return 2;
    }
    parent.out.println("database " + path.toAbsolutePath());
    parent.out.printf("%-6s %7s %14s%n", "level", "files", "bytes");
    for (StorageStats.LevelStats l : s.levels()) {
      parent.out.printf("L%-5d %7d %14d%n", l.level(), l.files(), l.bytes());
    }
    parent.out.printf("%-6s %7d %14d%n", "total", s.totalTableFiles(), s.totalTableBytes());
    long[] wal = walFiles();
    parent.out.printf("wal    %7d %14d%n", wal[0], wal[1]);
    parent.out.println();
    parent.out.println("engine counters (since this open):");
    for (RecordComponent c : StorageStats.class.getRecordComponents()) {
      if (c.getName().equals("levels")) {
        continue;
      }
      try {
        Object v = c.getAccessor().invoke(s);
        parent.out.printf("  %-24s %s%n", c.getName(), v instanceof Double d ? String.format("%.3f", d) : v);
      } catch (ReflectiveOperationException e) {
        throw new IllegalStateException("cannot read StorageStats." + c.getName(), e);
      }
    }
    parent.out.printf("  %-24s %.3f%n", "blockCacheHitRate", s.blockCacheHitRate());
    parent.out.flush();
    return 0;
  }

  /** Count and total bytes of *.wal files. */
  private long[] walFiles() {
    long[] r = new long[2];
    try (Stream<Path> s = Files.list(path)) {
      for (Path p : (Iterable<Path>) s::iterator) {
        if (p.getFileName().toString().endsWith(".wal")) {
          r[0]++;
          r[1] += Files.size(p);
        }
      }
    } catch (IOException e) {
      parent.err.println("beam stats: cannot list " + path + ": " + e);
    }
    return r;
  }
}
