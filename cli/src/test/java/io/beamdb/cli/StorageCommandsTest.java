package io.beamdb.cli;

import static org.junit.jupiter.api.Assertions.*;

import io.beamdb.storage.LsmStore;
import io.beamdb.storage.StorageOptions;
import io.beamdb.storage.SyncMode;
import io.beamdb.storage.WriteBatch;
import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code beam stats} and {@code beam check} on a storage directory. */
class StorageCommandsTest {
  @TempDir Path tmp;

  private Path populate() {
    Path dir = tmp.resolve("db");
    try (LsmStore db = LsmStore.open(StorageOptions.onDisk(dir).withSync(SyncMode.OFF).withMemtableBytes(16 * 1024))) {
      for (int i = 0; i < 2000; i++) {
        db.write(new WriteBatch().put(String.format("key%06d", i).getBytes(StandardCharsets.UTF_8), new byte[40]));
      }
    }
    return dir;
  }

  @Test
  void statsPrintsLevels() {
    Path dir = populate();
    CliTestSupport.Result r = CliTestSupport.run("", "stats", dir.toString());
    assertEquals(0, r.status(), r.err());
    assertTrue(r.out().contains("L0"), r.out());
    assertTrue(r.out().contains("total"), r.out());
    assertTrue(r.out().contains("writeAmplification"), r.out());
  }

  @Test
  void checkPassesThenReportsAFlippedByte() throws IOException {
    Path dir = populate();
    CliTestSupport.Result ok = CliTestSupport.run("", "check", dir.toString());
    assertEquals(0, ok.status(), ok.out() + ok.err());
    assertTrue(ok.out().contains(": OK"), ok.out());
    Path table;
    try (Stream<Path> s = Files.list(dir)) {
      table = s.filter(p -> p.toString().endsWith(".sst")).sorted().findFirst().orElseThrow();
    }
    try (RandomAccessFile f = new RandomAccessFile(table.toFile(), "rw")) {
      f.seek(100);
      int b = f.read();
      f.seek(100);
      f.write(b ^ 1);
    }
    CliTestSupport.Result bad = CliTestSupport.run("", "check", dir.toString());
    assertEquals(1, bad.status(), bad.out());
    assertTrue(bad.out().contains("PROBLEM " + table + " @0"), bad.out());
  }

  @Test
  void bothRefuseALockedDirectory() {
    Path dir = populate();
    try (LsmStore db = LsmStore.open(StorageOptions.onDisk(dir))) {
      for (String cmd : new String[] {"stats", "check"}) {
        CliTestSupport.Result r = CliTestSupport.run("", cmd, dir.toString());
        assertEquals(2, r.status(), cmd);
        assertTrue(r.err().contains("in use by a running process"), r.err());
      }
    }
  }

  @Test
  void statsRefusesANonDatabase() {
    CliTestSupport.Result r = CliTestSupport.run("", "stats", tmp.toString());
    assertEquals(2, r.status());
    assertTrue(r.err().contains("not a BeamDB database"), r.err());
  }
}
