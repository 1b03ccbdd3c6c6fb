package io.beamdb.compat;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import io.beamdb.cli.slt.SltResult;
import io.beamdb.cli.slt.SqlLogicTestRunner;
import java.nio.file.Path;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;

/** sqllogictest's select1.test through the BeamDB driver must pass completely. */
class SelectOneConformanceTest {

  @Test
  void select1PassesOnBeamDb() throws Exception {
    assumeTrue(driverClassExists(), "io.beamdb.jdbc.BeamDriver is not written yet");
    Path file = SharedDir.sqllogictest().resolve("test/select1.test");
    SltResult result = SqlLogicTestRunner.run(file, "jdbc:beam:mem:");
    System.out.println(result.summary() + " in " + result.elapsedMillis() + " ms");
    String firstFailures = result.failures().stream().limit(10)
        .map(SltResult.SltFailure::describe).collect(Collectors.joining("\n"));
    assertEquals(0, result.failed(), result.summary() + "\nfirst failures:\n" + firstFailures);
    assertTrue(result.passed() > 0, result.summary());
  }

  private static boolean driverClassExists() {
    try {
      Class.forName("io.beamdb.jdbc.BeamDriver");
      return true;
    } catch (ClassNotFoundException e) {
      return false;
    }
  }
}
