package io.beamdb.compat.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.beamdb.cli.BeamCli;
import io.beamdb.storage.StorageChecker;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.HashSet;
import java.util.Random;
import java.util.Set;
import java.util.TreeMap;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code beam check} and {@code beam recover PATH --to NEW} on damaged databases: a flipped byte
 * in the middle of the largest SSTable or of the WAL makes the database refuse to open (XX001),
 * {@code beam check} names the file, and {@code beam recover} writes a new database that passes
 * the checker, whose index agrees with its table, whose every row is a row the workload really
 * wrote at some point (nothing invented; a row whose newest version was unreadable may come back
 * older), that keeps every row the damage did not touch, and that accepts writes. An undamaged
 * database is recovered exactly.
 */
class RecoverTest {
  @TempDir Path tmp;

  private record Run(int status, String out) {
  }

  private static Run beam(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = BeamCli.execute(args, new ByteArrayInputStream(new byte[0]),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Run(status, out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8));
  }

  private static TreeMap<Integer, SqlWorkload.Row> observe(Path dir) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:beam:file:" + dir)) {
      return SqlWorkload.observe(c);
    }
  }

  private SqlWorkload build(Path dir, long seed) throws Exception {
    SqlWorkload w = new SqlWorkload(new Random(seed), null, 30, 0);
    CorruptionTest.buildDatabase(dir, w);
    return w;
  }

  @Test
  void undamagedDatabaseIsRecoveredExactly() throws Exception {
    Path db = tmp.resolve("db");
    SqlWorkload w = build(db, 42);
    Run r = beam("recover", db.toString(), "--to", tmp.resolve("new").toString());
    assertEquals(0, r.status(), r.out());
    assertEquals(w.states.get(w.txns.size()), observe(tmp.resolve("new")));
    assertTrue(StorageChecker.check(tmp.resolve("new")).ok());
    assertEquals(2, beam("recover", db.toString(), "--to", tmp.resolve("new").toString()).status(),
        "NEW must not already be a database");
  }

  @Test
  void damagedTableIsSalvaged() throws Exception {
    salvage("sst", 7);
  }

  @Test
  void damagedWalIsSalvaged() throws Exception {
    salvage("wal", 8);
  }

  private void salvage(String ext, long seed) throws Exception {
    Path db = tmp.resolve("db");
    SqlWorkload w = build(db, seed);
    Path victim;
    try (Stream<Path> s = Files.list(db)) {
      victim = s.filter(p -> p.toString().endsWith("." + ext)).max(Comparator.comparingLong(RecoverTest::size)).orElseThrow();
    }
    byte[] b = Files.readAllBytes(victim);
    // the middle of the WAL's records before the last; in a table, the last data block (the first
    // holds the catalog, whose loss would take the whole table with it)
    int off = ext.equals("wal") ? (int) CorruptionTest.lastWalRecordStart(victim) / 2
        : (int) (java.nio.ByteBuffer.wrap(b).getLong(b.length - 41 + 16) - 20);
    b[off] ^= 0x10;
    Files.write(victim, b);
    // a damaged WAL record is only found if it is not the last one
    SQLException e = assertThrows(SQLException.class, () -> observe(db));
    assertEquals("XX001", e.getSQLState(), e.toString());
    Run check = beam("check", db.toString());
    assertEquals(1, check.status(), check.out());
    assertTrue(check.out().contains(victim.getFileName().toString()), check.out());

    Path fresh = tmp.resolve("new");
    Run r = beam("recover", db.toString(), "--to", fresh.toString());
    assertEquals(1, r.status(), r.out());
    assertTrue(r.out().contains("DAMAGED " + victim), r.out());
    TreeMap<Integer, SqlWorkload.Row> got = observe(fresh); // also: the index agrees with the table
    Set<SqlWorkload.Row> everWritten = new HashSet<>();
    w.states.stream().filter(java.util.Objects::nonNull).forEach(m -> everWritten.addAll(m.values()));
    TreeMap<Integer, SqlWorkload.Row> expected = w.states.get(w.txns.size());
    int kept = 0;
    for (SqlWorkload.Row row : got.values()) {
      assertTrue(everWritten.contains(row), "invented row " + row);
      kept += row.equals(expected.get(row.id())) ? 1 : 0;
    }
    assertTrue(kept > expected.size() / 2, "kept only " + kept + " of " + expected.size() + " rows:\n" + r.out());
    System.out.println("RecoverTest " + ext + ": " + kept + " of " + expected.size() + " rows salvaged unchanged, "
        + (got.size() - kept) + " older versions\n" + r.out());
    assertTrue(StorageChecker.check(fresh).ok());
    try (Connection c = DriverManager.getConnection("jdbc:beam:file:" + fresh); Statement st = c.createStatement()) {
      assertEquals(1, st.executeUpdate("INSERT INTO t (id, grp, val, txn, pad) VALUES (100000, 1, 1, 1, 'new')"));
    }
    assertTrue(observe(fresh).containsKey(100000));
  }

  private static long size(Path p) {
    try {
      return Files.size(p);
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }
}
