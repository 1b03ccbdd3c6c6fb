package io.beamdb.cli;

import io.beamdb.difftest.Fuzzer;
import java.sql.SQLException;
import java.util.concurrent.Callable;
import java.util.concurrent.ThreadLocalRandom;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code beam fuzz}: differential testing of BeamDB against H2 plus the TLP and NoREC oracles
 * ({@link Fuzzer}). Prints the seed first so a run can be repeated, each mismatch with its round
 * seed and reduced script as it is found, then per-oracle counts. Exit status 0 when no
 * mismatch was found, 1 otherwise.
 */
@Command(name = "fuzz", description = "Differential testing against H2 (random schemas, data, queries, DML) plus TLP and NoREC oracles.")
final class FuzzCommand implements Callable<Integer> {

  @ParentCommand BeamCli parent;

  @Option(names = "--seconds", defaultValue = "60", description = "Stop after this many seconds (default ${DEFAULT-VALUE}).")
  long seconds;

  @Option(names = "--seed", description = "Seed of the run (default: random, printed).")
  Long seed;

  @Option(names = "--round-seed", description = "Replay only the round with this seed (printed with each mismatch).")
  Long roundSeed;

  @Option(names = "--checks", defaultValue = "0", description = "Stop after this many checks (0: no limit).")
  long checks;

  @Option(names = "--per-round", defaultValue = "60", description = "Checks per random schema (default ${DEFAULT-VALUE}).")
  int perRound;

  @Option(names = "--no-reduce", description = "Do not reduce mismatches.")
  boolean noReduce;

  @Option(names = "--include-known", description = "Also generate shapes that hit known open BeamDB issues, and report them as mismatches.")
  boolean includeKnown;

  @Option(names = "--max-reports", defaultValue = "20", description = "Reduce and print at most this many mismatches (default ${DEFAULT-VALUE}).")
  int maxReports;

  @Override
  public Integer call() throws SQLException {
    long s = seed != null ? seed : ThreadLocalRandom.current().nextLong();
    parent.out.println("beam fuzz: seed " + s + (roundSeed != null ? ", round seed " + roundSeed : "")
        + (roundSeed == null ? ", " + seconds + " s" : "") + " (repeat with --seed " + s + ")");
    parent.out.flush();
    Fuzzer.Options o = new Fuzzer.Options(s, roundSeed, roundSeed != null ? 0 : seconds, checks, perRound,
        !noReduce, maxReports, !includeKnown);
    Fuzzer.Report r = new Fuzzer(o, parent.out).run();
    parent.out.print(r.summary());
    parent.out.flush();
    return r.totalMismatches() == 0 ? 0 : 1;
  }
}
