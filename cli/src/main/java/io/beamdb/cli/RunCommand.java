package io.beamdb.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code beam run FILE.sql [URL]}: runs a script, stopping at the first error unless --continue. */
@Command(name = "run", description = "Run an SQL script; stops at the first error (exit 1) unless --continue.")
final class RunCommand implements Callable<Integer> {

  @ParentCommand BeamCli parent;

  @Mixin ConnectionOptions connectionOptions = new ConnectionOptions();

  @Parameters(index = "0", paramLabel = "FILE", description = "The script to run.")
  Path file;

  @Parameters(index = "1", arity = "0..1", paramLabel = "URL",
      description = "JDBC URL (default: ${DEFAULT-VALUE}).", defaultValue = BeamCli.DEFAULT_URL)
  String url;

  @Option(names = "--continue", description = "Keep going after a failed statement (exit 1 at the end).")
  boolean keepGoing;

  @Option(names = {"-e", "--echo"}, description = "Echo each statement before its result.")
  boolean echo;

  @Override
  public Integer call() {
    if (!Files.isReadable(file)) {
      parent.err.println("Error: cannot read " + file);
      return 1;
    }
    try (Connection connection = connectionOptions.open(url);
        BufferedReader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
      SqlSession session = new SqlSession(connection, parent.out, !keepGoing, echo);
      session.runAll(reader);
      parent.out.flush();
      return session.failures() == 0 ? 0 : 1;
    } catch (SQLException e) {
      ShellCommand.printConnectError(parent.out, e);
      return 1;
    } catch (IOException e) {
      parent.err.println("Error: " + e.getMessage());
      return 1;
    }
  }
}
