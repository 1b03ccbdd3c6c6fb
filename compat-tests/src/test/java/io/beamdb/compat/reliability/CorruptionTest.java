package io.beamdb.compat.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.beamdb.engine.DatabaseConfig;
import io.beamdb.jdbc.BeamConnections;
import io.beamdb.storage.StorageChecker;
import io.beamdb.storage.fs.FaultInjectingFileSystem;
import io.beamdb.storage.fs.FileSystem;
import io.beamdb.storage.fs.ReadableFile;
import io.beamdb.storage.fs.WritableFile;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Corruption: a small database (a table with a secondary index, rows in SSTables (flushed and compacted)
 * and in the WAL, a manifest) is built, then one byte at a time of every WAL, SSTable and
 * manifest file is flipped in a fresh copy, the copy is opened through JDBC and queried (full
 * scan, and an index lookup per group); {@code CURRENT} too. Each case must end in a {@link SQLException} with
 * SQLState XX001 whose message names the file and an offset, or in exactly the correct result;
 * {@link StorageChecker} ({@code beam check}) must report a problem whenever the open or query
 * found one. A flip inside the last record of the newest WAL is indistinguishable from a torn
 * write and drops that last (possibly unacknowledged) transaction: such cases must show exactly
 * the state before it, and are counted separately.
 *
 * <p>By default every byte of the headers and footers (first and last 64 bytes of each file) and
 * a seeded sample of the rest is flipped, about 1,000 cases; {@code -Dbeamdb.corrupt.all=true}
 * flips every byte. {@code -Dbeamdb.seed=N} replays the sample.
 */
class CorruptionTest {
  @TempDir Path tmp;

  /** The default file system with fsync turned into a no-op: trials need no durability. */
  static final class NoSyncFileSystem implements FileSystem {
    private final FileSystem base = FileSystem.DEFAULT;

    @Override public WritableFile newWritableFile(Path file) throws IOException {
      WritableFile f = base.newWritableFile(file);
      return new WritableFile() {
        @Override public Path path() { return f.path(); }
        @Override public void append(ByteBuffer data) throws IOException { f.append(data); }
        @Override public void sync() { }
        @Override public void close() throws IOException { f.close(); }
      };
    }
    @Override public ReadableFile newReadableFile(Path file) throws IOException { return base.newReadableFile(file); }
    @Override public byte[] readAllBytes(Path file) throws IOException { return base.readAllBytes(file); }
    @Override public void rename(Path source, Path target) throws IOException { base.rename(source, target); }
    @Override public boolean delete(Path file) throws IOException { return base.delete(file); }
    @Override public List<String> list(Path dir) throws IOException { return base.list(dir); }
    @Override public boolean exists(Path file) { return base.exists(file); }
    @Override public long size(Path file) throws IOException { return base.size(file); }
    @Override public void createDirectories(Path dir) throws IOException { base.createDirectories(dir); }
    @Override public void syncDirectory(Path dir) { }
    @Override public AutoCloseable tryLock(Path file) throws IOException { return base.tryLock(file); }
  }

  private static final FileSystem NO_SYNC = new NoSyncFileSystem();

  /** Counts of the outcomes. */
  static final class Tally {
    int cases;
    int detected;
    int correct;
    int tornTailDropped;
    final List<String> wrong = new ArrayList<>();
  }

  @Test
  void everyFlippedByteIsDetectedOrHarmless() throws Exception {
    long seed = Long.getLong("beamdb.seed", System.nanoTime());
    boolean all = Boolean.getBoolean("beamdb.corrupt.all");
    System.out.println("CorruptionTest seed=" + seed + (all ? " (every byte)" : ""));
    Random rnd = new Random(seed);
    Path pristine = tmp.resolve("pristine");
    SqlWorkload w = new SqlWorkload(new Random(seed), null, 30, 0);
    buildDatabase(pristine, w);
    TreeMap<Integer, SqlWorkload.Row> expected = w.states.get(w.txns.size());
    TreeMap<Integer, SqlWorkload.Row> beforeLast = w.states.get(w.txns.size() - 1);

    List<Path> files;
    try (Stream<Path> s = Files.list(pristine)) {
      files = s.filter(p -> {
        String n = p.getFileName().toString();
        return n.endsWith(".wal") || n.endsWith(".sst") || n.startsWith("MANIFEST-") || n.equals("CURRENT");
      }).sorted().toList();
    }
    assertTrue(files.stream().anyMatch(p -> p.toString().endsWith(".wal") && size(p) > 0), "a non-empty WAL: " + files);
    assertTrue(files.stream().anyMatch(p -> p.toString().endsWith(".sst")), "SSTables: " + files);
    Path newestWal = files.stream().filter(p -> p.toString().endsWith(".wal")).reduce((a, b) -> b).orElseThrow();
    long lastRecordStart = lastWalRecordStart(newestWal);

    // sanity: the pristine copy is sound and correct
    try (Connection c = BeamConnections.open(config(pristine.resolveSibling("check0"), pristine))) {
      assertEquals(expected, SqlWorkload.observe(c));
    }
    Tally t = new Tally();
    long totalBytes = 0;
    for (Path f : files) {
      byte[] original = Files.readAllBytes(f);
      totalBytes += original.length;
      for (int off = 0; off < original.length; off++) {
        boolean edge = off < 64 || off >= original.length - 64;
        if (!all && !edge && rnd.nextInt(12) != 0) {
          continue;
        }
        int mask = 1 << rnd.nextInt(8);
        boolean inLastWalRecord = f.equals(newestWal) && off >= lastRecordStart;
        trial(pristine, f, original, off, mask, expected, inLastWalRecord ? beforeLast : null, t);
      }
    }
    System.out.println("  " + files.size() + " files, " + totalBytes + " bytes, " + t.cases + " flipped bytes tried: "
        + t.detected + " reported XX001 naming file and offset, " + t.correct + " gave the correct result, "
        + t.tornTailDropped + " dropped the last WAL record as a torn tail, " + t.wrong.size() + " wrong");
    assertTrue(t.wrong.isEmpty(), "seed " + seed + ": " + t.wrong.size() + " wrong outcome(s), first: "
        + t.wrong.subList(0, Math.min(5, t.wrong.size())));
  }

  private static long size(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** Offset of the last record of a WAL ([length u32][crc u32][type u8][payload]). */
  static long lastWalRecordStart(Path wal) throws IOException {
    byte[] d = Files.readAllBytes(wal);
    ByteBuffer b = ByteBuffer.wrap(d);
    long last = 0;
    int pos = 0;
    while (pos + 9 <= d.length) {
      last = pos;
      pos += 9 + b.getInt(pos);
    }
    return last;
  }

  private DatabaseConfig config(Path trialDir, Path from) throws Exception {
    copyDir(from, trialDir);
    return DatabaseConfig.file(trialDir, Map.of()).withFileSystem(NO_SYNC);
  }

  private static void copyDir(Path from, Path to) throws IOException {
    Files.createDirectories(to);
    try (Stream<Path> s = Files.list(from)) {
      for (Path p : s.toList()) {
        if (!p.getFileName().toString().equals("LOCK")) {
          Files.copy(p, to.resolve(p.getFileName()));
        }
      }
    }
  }

  private static void deleteDir(Path dir) throws IOException {
    try (Stream<Path> s = Files.list(dir)) {
      for (Path p : s.toList()) {
        Files.delete(p);
      }
    }
    Files.delete(dir);
  }

  private void trial(Path pristine, Path file, byte[] original, int off, int mask,
      TreeMap<Integer, SqlWorkload.Row> expected, TreeMap<Integer, SqlWorkload.Row> tornAlternative, Tally t)
      throws Exception {
    t.cases++;
    Path dir = tmp.resolve("trial");
    copyDir(pristine, dir);
    Path target = dir.resolve(file.getFileName());
    byte[] bytes = original.clone();
    bytes[off] ^= (byte) mask;
    Files.write(target, bytes);
    String what = file.getFileName() + " @" + off + " ^" + mask;
    StorageChecker.Report report = StorageChecker.check(dir, NO_SYNC);
    try {
      TreeMap<Integer, SqlWorkload.Row> got;
      try (Connection c = BeamConnections.open(DatabaseConfig.file(dir, Map.of()).withFileSystem(NO_SYNC))) {
        got = SqlWorkload.observe(c);
      }
      if (expected.equals(got)) {
        t.correct++;
      } else if (tornAlternative != null && tornAlternative.equals(got)) {
        t.tornTailDropped++;
      } else {
        t.wrong.add(what + ": wrong result (" + (got == null ? "no table" : got.size() + " rows") + ", expected "
            + expected.size() + "); check " + (report.ok() ? "OK" : report.problems()));
      }
    } catch (SQLException e) {
      String m = String.valueOf(e.getMessage());
      if ("XX001".equals(e.getSQLState()) && m.contains(file.getFileName().toString()) && m.contains("offset")) {
        t.detected++;
        if (report.ok()) {
          t.wrong.add(what + ": open/query found " + m + " but beam check reported nothing");
        }
      } else {
        t.wrong.add(what + ": " + e.getSQLState() + " " + m);
      }
    } catch (AssertionError e) {
      t.wrong.add(what + ": " + e.getMessage());
    } catch (RuntimeException e) {
      t.wrong.add(what + ": unexpected " + e);
    } finally {
      deleteDir(dir);
    }
  }

  /**
   * Builds the pristine database: the workload commits over a fault-injecting file system with
   * 4 KiB memtables (tables on two levels), then the machine "goes down" after the last
   * acknowledged commit so the tail of the data stays in the WAL, as after a crash.
   */
  static void buildDatabase(Path dir, SqlWorkload w) throws Exception {
    FaultInjectingFileSystem fs = new FaultInjectingFileSystem();
    Connection c = BeamConnections.open(DatabaseConfig.file(dir, Map.of("MEMTABLE_SIZE", "4096")).withFileSystem(fs));
    try {
      c.setAutoCommit(false);
      for (int i = 0; i < w.txns.size(); i++) {
        w.run(c, i);
        c.commit();
      }
    } finally {
      fs.kill();
      try {
        c.close();
      } catch (SQLException expected) {
        // the store cannot flush on close after the kill; that is the point
      }
    }
    fs.crash(FaultInjectingFileSystem.CrashMode.DROP_UNSYNCED, new Random(0));
  }
}
