package io.beamdb.compat.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.beamdb.cli.BeamCli;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The bounded CI version of {@code beam soak}: about 20 s of a child JVM running random SQL
 * transactions and being SIGKILLed at random times; after every kill the ledger of acknowledged
 * commits is checked against the data ({@code -Dbeamdb.soak.seconds=N} for longer runs,
 * {@code -Dbeamdb.seed=N} to replay).
 */
class SoakTest {
  @TempDir Path tmp;

  @Test
  void killNineSoakLosesNothing() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String seconds = System.getProperty("beamdb.soak.seconds", "20");
    String seed = System.getProperty("beamdb.seed", Long.toString(System.nanoTime()));
    int status = BeamCli.execute(new String[] {"soak", "--seconds", seconds, "--seed", seed, "--dir", tmp.resolve("db").toString()},
        new ByteArrayInputStream(new byte[0]), new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(out, true, StandardCharsets.UTF_8));
    String text = out.toString(StandardCharsets.UTF_8);
    System.out.println(text);
    assertEquals(0, status, text);
    assertTrue(text.contains("nothing lost"), text);
  }
}
