package io.beamdb.cli;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.sql.SQLException;

/** Runs {@link BeamCli} in-process with a string as stdin and captures its output. */
final class CliTestSupport {

  record Result(int status, String out, String err) {}

  private CliTestSupport() {}

  static Result run(String stdin, String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    int status = BeamCli.execute(args,
        new ByteArrayInputStream(stdin.getBytes(StandardCharsets.UTF_8)),
        new PrintStream(out, true, StandardCharsets.UTF_8),
        new PrintStream(err, true, StandardCharsets.UTF_8));
    return new Result(status, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
  }

  /** True once the BeamDB driver is on the class path and accepts {@code jdbc:beam:} URLs. */
  static boolean beamDriverAvailable() {
    try {
      return DriverManager.getDriver("jdbc:beam:mem:") != null;
    } catch (SQLException e) {
      return false;
    }
  }

  /** A file database in {@code dir}: BeamDB when its driver is available, H2 otherwise. */
  static String fileUrl(Path dir) {
    return beamDriverAvailable()
        ? "jdbc:beam:file:" + dir.resolve("beam")
        : "jdbc:h2:file:" + dir.resolve("h2");
  }
}
