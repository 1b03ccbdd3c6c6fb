package io.beamdb.cli;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.InputStream;
import java.io.OutputStreamWriter;
import java.io.PrintStream;
import java.io.PrintWriter;
import java.io.BufferedOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Spec;

/**
 * The {@code beam} command. Subcommands: {@code shell}, {@code run}, {@code slt},
 * {@code stats}, {@code check}, {@code version}. {@link #execute} runs it with explicit streams (tests use that);
 * {@link #main} wires it to the process' stdin/stdout and exits with its status.
 */
@Command(
    name = "beam",
    mixinStandardHelpOptions = true,
    versionProvider = BeamCli.VersionProvider.class,
    description = "BeamDB command line: an SQL shell, a script runner, a sqllogictest runner, storage stats and checks.",
    subcommands = {
      ShellCommand.class,
      RunCommand.class,
      SltCommand.class,
      StatsCommand.class,
      CheckCommand.class,
      FuzzCommand.class,
      RecoverCommand.class,
      RestoreCommand.class,
      SoakCommand.class,
      VersionCommand.class,
      ServerCommand.class,
      ClusterCommand.class,
      CommandLine.HelpCommand.class
    })
public final class BeamCli implements Callable<Integer> {

  /** Default database of {@code beam shell} and {@code beam run}: a file database under the current directory. */
  public static final String DEFAULT_URL = "jdbc:beam:file:./data/beam";

  @Spec CommandSpec spec;

  InputStream in = System.in;
  PrintWriter out;
  PrintWriter err;
  /** True when {@link #in} is the process' own stdin (the shell may then be interactive). */
  boolean systemIn;

  @Override
  public Integer call() {
    spec.commandLine().usage(out);
    return 2;
  }

  public static void main(String[] args) {
    PrintStream stdout = new PrintStream(
        new BufferedOutputStream(new FileOutputStream(FileDescriptor.out), 1 << 16), false,
        StandardCharsets.UTF_8);
    int status = execute(args, System.in, stdout, System.err, true);
    stdout.flush();
    System.exit(status);
  }

  /** Runs the command line with the given streams and returns the exit status. */
  public static int execute(String[] args, InputStream in, PrintStream out, PrintStream err) {
    return execute(args, in, out, err, false);
  }

  private static int execute(String[] args, InputStream in, PrintStream out, PrintStream err,
      boolean systemIn) {
    BeamCli cli = new BeamCli();
    cli.in = in;
    cli.systemIn = systemIn;
    cli.out = new PrintWriter(new OutputStreamWriter(out, StandardCharsets.UTF_8), true);
    cli.err = new PrintWriter(new OutputStreamWriter(err, StandardCharsets.UTF_8), true);
    CommandLine commandLine = new CommandLine(cli);
    commandLine.setOut(cli.out);
    commandLine.setErr(cli.err);
    int status = commandLine.execute(args);
    cli.out.flush();
    cli.err.flush();
    return status;
  }

  /** The version from the jar manifest or the filtered version resource. */
  public static String version() {
    try (InputStream stream = BeamCli.class.getResourceAsStream("version.properties")) {
      if (stream != null) {
        java.util.Properties p = new java.util.Properties();
        p.load(stream);
        String v = p.getProperty("version");
        if (v != null && !v.startsWith("$")) {
          return v;
        }
      }
    } catch (java.io.IOException ignored) {
      // fall through
    }
    String v = BeamCli.class.getPackage().getImplementationVersion();
    return v == null ? "unknown" : v;
  }

  /** Supplies {@code --version}. */
  public static final class VersionProvider implements CommandLine.IVersionProvider {
    @Override
    public String[] getVersion() {
      return new String[] {"BeamDB " + version()};
    }
  }
}
