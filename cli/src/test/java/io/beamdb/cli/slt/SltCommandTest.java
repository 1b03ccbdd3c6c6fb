package io.beamdb.cli.slt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.beamdb.cli.BeamCli;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SltCommandTest {

  @Test
  void printsOneLinePerFileAndATotal(@TempDir Path dir) throws Exception {
    Path sub = Files.createDirectories(dir.resolve("sub"));
    Path a = Files.writeString(dir.resolve("a.test"), SqlLogicTestRunnerTest.SCRIPT);
    Files.writeString(sub.resolve("b.test"), "statement ok\nCREATE TABLE t(a INT)\n\nquery I\nSELECT COUNT(*) FROM t\n----\n0\n");
    Files.writeString(sub.resolve("ignored.txt"), "not a test");

    String out = run(0, "slt", "--url", "jdbc:h2:mem:", a.toString(), sub.toString());
    assertTrue(out.contains(a + ": 14 passed, 2 failed, 3 skipped\n"), out);
    assertTrue(out.contains(sub.resolve("b.test") + ": 2 passed, 0 failed, 0 skipped\n"), out);
    assertTrue(out.matches("(?s).*total: 16 passed, 2 failed, 3 skipped \\(2 files, [0-9.]+ s\\)\n"), out);

    String verbose = run(1, "slt", "--verbose", "--fail-on-error", "--url", "jdbc:h2:mem:", a.toString());
    assertTrue(verbose.contains("wrong result\n    SELECT 1\n  expected: 2\n  got: 1\n"), verbose);
  }

  private static String run(int expectedStatus, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    int status = BeamCli.execute(args, new ByteArrayInputStream(new byte[0]),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(new ByteArrayOutputStream()));
    String text = out.toString(StandardCharsets.UTF_8);
    assertEquals(expectedStatus, status, text);
    return text;
  }
}
