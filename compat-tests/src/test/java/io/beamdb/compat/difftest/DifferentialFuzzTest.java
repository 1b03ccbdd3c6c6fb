package io.beamdb.compat.difftest;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.beamdb.difftest.Fuzzer;
import java.io.PrintWriter;
import org.junit.jupiter.api.Test;

/**
 * The bounded differential run of CI: random schemas, rows, queries and DML on BeamDB and H2,
 * plus the TLP and NoREC oracles on BeamDB ({@code io.beamdb.difftest.Fuzzer}). Fixed seed, so
 * a failure replays; {@code -Dbeam.fuzz.checks=N} and {@code -Dbeam.fuzz.seed=S} change the
 * run (e.g. {@code -Dbeam.fuzz.checks=100000} for a long one). Every mismatch is printed with
 * its reduced script and round seed ({@code beam fuzz --round-seed R} replays it).
 */
class DifferentialFuzzTest {

  @Test
  void beamDbAgreesWithH2AndTheOracles() throws Exception {
    long checks = Long.getLong("beam.fuzz.checks", 1500);
    long seed = Long.getLong("beam.fuzz.seed", 20261122L);
    PrintWriter out = new PrintWriter(System.out, true);
    out.println("differential fuzz: seed " + seed + ", " + checks + " checks");
    Fuzzer.Report report = new Fuzzer(Fuzzer.Options.defaults(seed).withMaxChecks(checks), out).run();
    out.print(report.summary());
    out.flush();
    assertTrue(report.totalChecks() >= checks, report.summary());
    StringBuilder failures = new StringBuilder();
    for (Fuzzer.Mismatch m : report.mismatches()) {
      failures.append(m.describe()).append('\n');
    }
    assertEquals(0, report.totalMismatches(), failures.toString());
  }
}
