package io.beamdb.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.beamdb.cli.slt.SltResult;
import io.beamdb.cli.slt.SqlLogicTestRunner;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

/**
 * Checks the runner itself on a reference engine: select1.test through H2. H2 differs from
 * SQLite in places, so only the bookkeeping is asserted: every statement and query record is
 * counted exactly once, and most pass.
 */
class SltRunnerOnH2Test {

  @Test
  void select1ThroughH2CountsEveryRecord() throws Exception {
    Path file = SharedDir.sqllogictest().resolve("test/select1.test");
    long records;
    try (var lines = Files.lines(file)) {
      records = lines.filter(l -> l.startsWith("statement ") || l.startsWith("query ")).count();
    }
    SltResult result = SqlLogicTestRunner.run(file, "jdbc:h2:mem:");
    System.out.println("H2: " + result.summary() + " in " + result.elapsedMillis() + " ms");
    assertEquals(records, result.total(), result.summary());
    assertTrue(result.passed() > records / 2, result.summary());
  }
}
