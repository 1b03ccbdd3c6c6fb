package io.beamdb.cli;

import io.beamdb.cli.slt.SltResult;
import io.beamdb.cli.slt.SqlLogicTestRunner;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.stream.Stream;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code beam slt [--url URL] [--verbose] FILE...}: runs sqllogictest files (directories are
 * searched for {@code *.test}), one fresh connection per file, and prints
 * {@code path: N passed, N failed, N skipped[, N differ (dialect)]} per file and a total line.
 * Records explained by a declared dialect difference ({@link io.beamdb.cli.slt.DialectDifferences})
 * count as "differ" unless {@code --strict} is given.
 */
@Command(name = "slt", description = "Run sqllogictest files (directories: every *.test below them).")
final class SltCommand implements Callable<Integer> {

  @ParentCommand BeamCli parent;

  @Option(names = "--url", defaultValue = "jdbc:beam:mem:",
      description = "JDBC URL, opened once per file; must give a fresh database (default: ${DEFAULT-VALUE}).")
  String url;

  @Option(names = {"-v", "--verbose"}, description = "Describe every failing record.")
  boolean verbose;

  @Option(names = "--fail-on-error", description = "Exit with status 1 when any record failed.")
  boolean failOnError;

  @Option(names = "--engine", defaultValue = SqlLogicTestRunner.ENGINE,
      description = "Engine name for skipif/onlyif (default: ${DEFAULT-VALUE}).")
  String engine;

  @Option(names = "--timeout", defaultValue = "60", paramLabel = "SECONDS",
      description = "Per-record timeout in seconds; a record still running then fails and the rest"
          + " of its file is not run. 0 for none (default: ${DEFAULT-VALUE}).")
  int timeout;

  @Option(names = "--strict", description = "Count records that differ from SQLite by a declared dialect"
      + " difference (see -v) as failures.")
  boolean strict;

  @Parameters(arity = "1..*", paramLabel = "FILE", description = "Test files or directories.")
  List<Path> files;

  @Override
  public Integer call() throws IOException {
    SqlLogicTestRunner runner = new SqlLogicTestRunner().engine(engine).queryTimeout(timeout);
    if (!strict && engine.equalsIgnoreCase(SqlLogicTestRunner.ENGINE)) {
      runner.dialectDifferences(io.beamdb.cli.slt.DialectDifferences.BEAMDB);
    }
    if (verbose) {
      runner.verbose(parent.out);
    }
    int passed = 0;
    int failed = 0;
    int skipped = 0;
    int differ = 0;
    int count = 0;
    boolean broken = false;
    long start = System.nanoTime();
    for (Path file : expand(files)) {
      SltResult result;
      try {
        result = runner.runFile(file, url);
      } catch (IOException e) {
        parent.out.println(file + ": cannot read: " + e.getMessage());
        broken = true;
        continue;
      }
      parent.out.println(result.summary());
      parent.out.flush();
      passed += result.passed();
      failed += result.failed();
      skipped += result.skipped();
      differ += result.differ();
      count++;
    }
    parent.out.printf(java.util.Locale.ROOT, "total: %d passed, %d failed, %d skipped%s (%d files, %.1f s)%n",
        passed, failed, skipped, differ > 0 ? ", " + differ + " differ (dialect)" : "", count,
        (System.nanoTime() - start) / 1e9);
    parent.out.flush();
    return failOnError && (failed > 0 || broken) ? 1 : 0;
  }

  private static List<Path> expand(List<Path> paths) throws IOException {
    List<Path> result = new ArrayList<>();
    for (Path p : paths) {
      if (Files.isDirectory(p)) {
        try (Stream<Path> walk = Files.walk(p)) {
          walk.filter(f -> Files.isRegularFile(f) && f.toString().endsWith(".test"))
              .sorted()
              .forEach(result::add);
        }
      } else {
        result.add(p);
      }
    }
    return result;
  }
}
