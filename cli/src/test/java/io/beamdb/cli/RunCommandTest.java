package io.beamdb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RunCommandTest {

  private static final String SCRIPT = """
      \\timing
      CREATE TABLE t(a INT, b VARCHAR(20));
      INSERT INTO t VALUES (1, 'one');
      INSERT INTO t VALUES (2, 'two; or more');
      SELECT * FROM no_such_table;
      SELECT a, b FROM t ORDER BY a;
      """;

  @Test
  void stopsAtFirstError(@TempDir Path dir) throws Exception {
    Path script = Files.writeString(dir.resolve("script.sql"), SCRIPT);
    CliTestSupport.Result r = CliTestSupport.run("", "run", script.toString(), "jdbc:h2:mem:");
    assertEquals(1, r.status(), r.out());
    assertTrue(r.out().startsWith("Timing is off.\nOK\n1 row affected\n1 row affected\nError [42"), r.out());
    assertFalse(r.out().contains("| A |"), r.out());
  }

  @Test
  void continueKeepsGoing(@TempDir Path dir) throws Exception {
    Path script = Files.writeString(dir.resolve("script.sql"), SCRIPT);
    CliTestSupport.Result r = CliTestSupport.run("", "run", "--continue", script.toString(), "jdbc:h2:mem:");
    assertEquals(1, r.status(), r.out());
    assertTrue(r.out().endsWith("""
        +---+--------------+
        | A | B            |
        +---+--------------+
        | 1 | one          |
        | 2 | two; or more |
        +---+--------------+
        (2 rows)
        """), r.out());
  }

  @Test
  void cleanScriptExitsWithZero(@TempDir Path dir) throws Exception {
    Path script = Files.writeString(dir.resolve("ok.sql"), "CREATE TABLE t(a INT);\nSELECT COUNT(*) AS c FROM t");
    CliTestSupport.Result r = CliTestSupport.run("", "run", script.toString(), "jdbc:h2:mem:");
    assertEquals(0, r.status(), r.out());
    assertTrue(r.out().contains("| C |"), r.out());
  }

  @Test
  void missingFile(@TempDir Path dir) {
    CliTestSupport.Result r = CliTestSupport.run("", "run", dir.resolve("nope.sql").toString(), "jdbc:h2:mem:");
    assertEquals(1, r.status());
    assertTrue(r.err().contains("cannot read"), r.err());
  }

  @Test
  void versionAndHelp() {
    CliTestSupport.Result v = CliTestSupport.run("", "version");
    assertEquals(0, v.status());
    assertTrue(v.out().startsWith("BeamDB 0."), v.out());
    CliTestSupport.Result h = CliTestSupport.run("", "--help");
    assertEquals(0, h.status());
    assertTrue(h.out().contains("shell") && h.out().contains("slt"), h.out());
  }
}
