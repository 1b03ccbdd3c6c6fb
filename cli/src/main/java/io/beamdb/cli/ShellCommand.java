package io.beamdb.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.concurrent.Callable;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code beam shell [URL]}: an interactive SQL shell (JLine, history in ~/.beam_history) when
 * stdin is a terminal; otherwise it reads statements from stdin without prompts and exits at
 * EOF with status 1 if any statement failed.
 */
@Command(name = "shell", description = "Interactive SQL shell (reads stdin when it is not a terminal).")
final class ShellCommand implements Callable<Integer> {

  static final String PROMPT = "beam> ";
  static final String CONTINUATION_PROMPT = "   ...> ";

  @ParentCommand BeamCli parent;

  @Mixin ConnectionOptions connectionOptions = new ConnectionOptions();

  @Parameters(index = "0", arity = "0..1", paramLabel = "URL",
      description = "JDBC URL (default: ${DEFAULT-VALUE}).", defaultValue = BeamCli.DEFAULT_URL)
  String url;

  @Option(names = {"-e", "--echo"}, description = "Echo each statement before its result.")
  boolean echo;

  @Option(names = "--batch", description = "Never use the interactive line editor.")
  boolean batch;

  @Override
  public Integer call() throws IOException {
    boolean interactive = !batch && parent.systemIn && System.console() != null;
    if (interactive) {
      return interactive();
    }
    try (Connection connection = connectionOptions.open(url)) {
      SqlSession session = new SqlSession(connection, parent.out, false, echo);
      session.runAll(new BufferedReader(new InputStreamReader(parent.in, StandardCharsets.UTF_8)));
      parent.out.flush();
      return session.failures() == 0 ? 0 : 1;
    } catch (SQLException e) {
      printConnectError(parent.out, e);
      return 1;
    }
  }

  private int interactive() throws IOException {
    try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
      PrintWriter out = terminal.writer();
      Path history = Paths.get(System.getProperty("user.home"), ".beam_history");
      LineReader reader = LineReaderBuilder.builder()
          .terminal(terminal)
          .appName("beam")
          .variable(LineReader.HISTORY_FILE, history)
          .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
          .option(LineReader.Option.HISTORY_IGNORE_SPACE, false)
          .build();
      Connection connection;
      try {
        connection = connectionOptions.open(url);
      } catch (SQLException e) {
        printConnectError(out, e);
        out.flush();
        return 1;
      }
      out.println("BeamDB " + BeamCli.version() + " shell on " + url
          + ". End statements with ';', \\? for help, \\q to quit.");
      out.flush();
      try (connection) {
        SqlSession session = new SqlSession(connection, out, false, false);
        while (true) {
          String line;
          try {
            line = reader.readLine(session.inStatement() ? CONTINUATION_PROMPT : PROMPT);
          } catch (UserInterruptException e) {
            session.cancelStatement();
            continue;
          } catch (EndOfFileException e) {
            break;
          }
          if (session.handleLine(line) == SqlSession.Outcome.QUIT) {
            break;
          }
        }
        out.flush();
        return 0;
      } catch (SQLException e) {
        printConnectError(out, e); // from close()
        return 1;
      } finally {
        try {
          reader.getHistory().save();
        } catch (IOException ignored) {
          // history is a convenience
        }
      }
    }
  }

  static void printConnectError(PrintWriter out, SQLException e) {
    String state = e.getSQLState() == null ? "08001" : e.getSQLState();
    out.println("Error [" + state + "]: " + e.getMessage());
    out.flush();
  }
}
