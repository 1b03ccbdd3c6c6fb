package io.beamdb.cli.slt;

import io.beamdb.cli.slt.SltResult.SltFailure;
import java.io.IOException;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;
import java.util.regex.Matcher;

/**
 * Runs sqllogictest scripts through JDBC in validation mode (FORMAT.wiki).
 *
 * <p>Each file gets a fresh connection to {@code jdbcUrl} (use a private in-memory URL such as
 * {@code jdbc:beam:mem:} so every file starts from an empty database). Every statement and query
 * record is counted as passed, failed or skipped (by {@code skipif}/{@code onlyif}, or because
 * it follows a {@code halt}); a failure never stops the file.
 *
 * <p>Query results are rendered by {@link SltValues}, sorted per the record's sort mode
 * (strcmp order of the rendered text), and compared either value by value with the lines after
 * {@code ----}, or, when the expected result is a single {@code N values hashing to <md5>}
 * line, by count and MD5 of the values each followed by a newline. A labelled query must also
 * produce the same values as the earlier queries with that label.
 */
public final class SqlLogicTestRunner {

  /** Our engine name in {@code skipif}/{@code onlyif} conditions. */
  public static final String ENGINE = "beamdb";

  private static final int MAX_KEPT_VALUES = 20;

  private String engine = ENGINE;
  private int queryTimeoutSeconds;
  private PrintWriter verbose;
  private DialectDifferences differences;
  /** The statement the current record runs, so a watchdog can cancel it. */
  private volatile Statement running;
  /** Set when a record outlived its timeout and its thread could not be stopped. */
  private boolean abandoned;

  /** Runs one file against a fresh connection to {@code jdbcUrl}. */
  public static SltResult run(Path file, String jdbcUrl) throws IOException {
    return new SqlLogicTestRunner().runFile(file, jdbcUrl);
  }

  /** Engine name matched against conditions (default {@value #ENGINE}). */
  public SqlLogicTestRunner engine(String name) {
    this.engine = name;
    return this;
  }

  /**
   * Per-record timeout; 0 (the default) means none. The driver gets it through
   * {@link Statement#setQueryTimeout}; in addition each record then runs on its own thread, and
   * one that is still running after the timeout is cancelled and, failing that, abandoned: it
   * fails, the rest of the file counts as failed, and the runner moves on to the next file.
   */
  public SqlLogicTestRunner queryTimeout(int seconds) {
    this.queryTimeoutSeconds = seconds;
    return this;
  }

  /**
   * Declared dialect differences: a failing record one of these rules explains counts as
   * "differs" rather than "failed" (null, the default: none).
   */
  public SqlLogicTestRunner dialectDifferences(DialectDifferences rules) {
    this.differences = rules;
    return this;
  }

  /** Where failing records are described as they happen; null for silence. */
  public SqlLogicTestRunner verbose(PrintWriter out) {
    this.verbose = out;
    return this;
  }

  public SltResult runFile(Path file, String jdbcUrl) throws IOException {
    List<SltRecord> records = SltParser.parse(file);
    long start = System.nanoTime();
    Connection connection;
    try {
      connection = DriverManager.getConnection(jdbcUrl);
    } catch (SQLException e) {
      int tests = (int) records.stream().filter(SltRecord::isTest).count();
      SltFailure failure = new SltFailure(file, 0, "connect " + jdbcUrl, error(e), null, null);
      report(failure);
      return new SltResult(file, 0, tests, 0, List.of(failure), (System.nanoTime() - start) / 1_000_000);
    }
    abandoned = false;
    try {
      return run(file, records, connection, start);
    } finally {
      if (abandoned) {
        // a stuck record may hold the connection's lock: close it without waiting
        Thread closer = new Thread(() -> closeQuietly(connection), "slt-close");
        closer.setDaemon(true);
        closer.start();
      } else {
        closeQuietly(connection);
      }
    }
  }

  private static void closeQuietly(Connection connection) {
    try {
      connection.close();
    } catch (SQLException | RuntimeException ignored) {
      // the counts are what matters
    }
  }

  /** Runs already parsed records on an open connection (which is left open). */
  public SltResult run(Path file, List<SltRecord> records, Connection connection) {
    return run(file, records, connection, System.nanoTime());
  }

  private SltResult run(Path file, List<SltRecord> records, Connection connection, long start) {
    int passed = 0;
    int failed = 0;
    int skipped = 0;
    int differ = 0;
    List<SltFailure> differing = new ArrayList<>();
    /** Table a statement declared as a dialect difference could not write, until the next test record. */
    String divergedTable = null;
    int divergedLine = 0;
    List<SltFailure> failures = new ArrayList<>();
    Map<String, String> labels = new HashMap<>();
    int hashThreshold = 0;
    boolean halted = false;
    for (int index = 0; index < records.size(); index++) {
      SltRecord record = records.get(index);
      if (halted || record.skippedFor(engine)) {
        if (record.isTest()) {
          skipped++;
        }
        continue;
      }
      SltFailure failure = null;
      if (record instanceof SltRecord.HashThreshold h) {
        hashThreshold = h.threshold();
        continue;
      } else if (record instanceof SltRecord.Halt) {
        halted = true;
        continue;
      } else if (record instanceof SltRecord.Statement s) {
        failure = timed(file, s, () -> statement(file, connection, s));
      } else if (record instanceof SltRecord.Query q) {
        int threshold = hashThreshold;
        failure = timed(file, q, () -> query(file, connection, q, threshold, labels));
      } else if (record instanceof SltRecord.Invalid invalid) {
        failure = new SltFailure(file, invalid.line(), invalid.text(), "unparseable record: " + invalid.reason(), null, null);
      }
      String diverged = divergedTable;
      divergedTable = null;
      if (failure != null && differences != null) {
        String sql = record instanceof SltRecord.Query q ? q.sql() : record instanceof SltRecord.Statement s ? s.sql() : "";
        DialectDifferences.Rule rule = differences.explain(failure.message(), sql);
        String why = null;
        if (rule != null) {
          why = rule.name() + ": " + rule.reason();
          if (record instanceof SltRecord.Statement) {
            divergedTable = DialectDifferences.writtenTable(sql);
            divergedLine = record.line();
          }
        } else if (diverged != null && record instanceof SltRecord.Query
            && failure.message().equals("wrong result") && DialectDifferences.reads(sql, diverged)) {
          why = "reads " + diverged + ", which the statement at line " + divergedLine
              + " could not write because of a declared dialect difference";
        }
        if (why != null) {
          SltFailure d = new SltFailure(file, failure.line(), failure.sql(),
              "differs from SQLite (" + why + "); " + failure.message(), failure.expected(), failure.actual());
          differ++;
          differing.add(d);
          report(d);
          failure = null;
          continue;
        }
      }
      if (failure == null) {
        passed++;
      } else {
        failed++;
        failures.add(failure);
        report(failure);
      }
      if (abandoned) {
        // the rest would have run on the stuck connection: what would have run fails, the rest is skipped
        int rest = 0;
        boolean haltLater = false;
        for (SltRecord later : records.subList(index + 1, records.size())) {
          boolean skip = haltLater || later.skippedFor(engine);
          if (!skip && later instanceof SltRecord.Halt) {
            haltLater = true;
          } else if (later.isTest() && skip) {
            skipped++;
          } else if (later.isTest()) {
            rest++;
          }
        }
        if (rest > 0) {
          failed += rest;
          SltFailure notRun = new SltFailure(file, record.line(), "",
              rest + " later records not run: the file was abandoned after a timeout", null, null);
          failures.add(notRun);
          report(notRun);
        }
        break;
      }
    }
    return new SltResult(file, passed, failed, skipped, List.copyOf(failures), (System.nanoTime() - start) / 1_000_000,
        differ, List.copyOf(differing));
  }

  /** Runs one record, on a watchdog-guarded thread when a timeout is set. */
  @SuppressWarnings({"deprecation", "removal"})
  private SltFailure timed(Path file, SltRecord record, Supplier<SltFailure> task) {
    if (queryTimeoutSeconds <= 0) {
      return task.get();
    }
    FutureTask<SltFailure> future = new FutureTask<>(task::get);
    Thread thread = new Thread(future, "slt-record");
    thread.setDaemon(true);
    thread.start();
    String sql = record instanceof SltRecord.Query q ? q.sql() : ((SltRecord.Statement) record).sql();
    try {
      try {
        return future.get(queryTimeoutSeconds, TimeUnit.SECONDS);
      } catch (TimeoutException e) {
        Statement statement = running;
        if (statement != null) {
          try {
            statement.cancel();
          } catch (SQLException | RuntimeException ignored) {
            // fall through to abandoning the thread
          }
        }
        try {
          SltFailure failure = future.get(2, TimeUnit.SECONDS);
          return failure != null ? failure
              : new SltFailure(file, record.line(), sql, "finished only after being cancelled at the timeout", null, null);
        } catch (TimeoutException stillRunning) {
          abandoned = true;
          try {
            thread.stop(); // JDK 17 still honours it; later JDKs throw and the daemon thread is left behind
          } catch (RuntimeException | Error ignored) {
            // nothing more to do
          }
          return new SltFailure(file, record.line(), sql,
              "timed out after " + queryTimeoutSeconds + " s and could not be cancelled", null, null);
        }
      }
    } catch (ExecutionException e) {
      return new SltFailure(file, record.line(), sql, "runner error: " + e.getCause(), null, null);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      abandoned = true;
      return new SltFailure(file, record.line(), sql, "interrupted", null, null);
    }
  }

  private SltFailure statement(Path file, Connection connection, SltRecord.Statement s) {
    try (Statement statement = connection.createStatement()) {
      running = statement;
      setTimeout(statement);
      statement.execute(s.sql());
      return s.expectError()
          ? new SltFailure(file, s.line(), s.sql(), "statement succeeded but an error was expected", null, null)
          : null;
    } catch (SQLException e) {
      return s.expectError() ? null : new SltFailure(file, s.line(), s.sql(), "statement failed: " + error(e), null, null);
    } catch (RuntimeException | StackOverflowError | AssertionError | LinkageError e) {
      return s.expectError() ? null : new SltFailure(file, s.line(), s.sql(), "statement failed: " + e, null, null);
    }
  }

  private SltFailure query(Path file, Connection connection, SltRecord.Query q, int hashThreshold,
      Map<String, String> labels) {
    String types = q.types();
    List<String[]> rows = new ArrayList<>();
    try (Statement statement = connection.createStatement()) {
      running = statement;
      setTimeout(statement);
      if (!statement.execute(q.sql())) {
        return new SltFailure(file, q.line(), q.sql(), "query returned no result set", keep(q.expected()), null);
      }
      try (ResultSet rs = statement.getResultSet()) {
        int columns = rs.getMetaData().getColumnCount();
        if (columns != types.length()) {
          return new SltFailure(file, q.line(), q.sql(),
              "query returned " + columns + " columns, type string '" + types + "' has " + types.length(),
              keep(q.expected()), null);
        }
        while (rs.next()) {
          String[] row = new String[columns];
          for (int i = 0; i < columns; i++) {
            row[i] = SltValues.render(rs.getObject(i + 1), types.charAt(i));
          }
          rows.add(row);
        }
      }
    } catch (SQLException e) {
      return new SltFailure(file, q.line(), q.sql(), "query failed: " + error(e), keep(q.expected()), null);
    } catch (RuntimeException | StackOverflowError | AssertionError | LinkageError e) {
      return new SltFailure(file, q.line(), q.sql(), "query failed: " + e, keep(q.expected()), null);
    }

    List<String> values = sortedValues(rows, q.sort());
    String hash = SltValues.hashLine(values);
    List<String> expected = q.expected();
    boolean match;
    Matcher hashed = expected.size() == 1 ? SltValues.HASH_LINE.matcher(expected.get(0).strip()) : null;
    if (hashed != null && hashed.matches()) {
      match = hash.equals(expected.get(0).strip());
    } else {
      match = sameValues(values, expected) || sameRowsPerLine(rows, q.sort(), expected);
    }
    if (!match) {
      boolean showHash = (hashed != null && hashed.matches()) || (hashThreshold > 0 && values.size() > hashThreshold);
      List<String> got = showHash ? List.of(hash) : keep(values);
      return new SltFailure(file, q.line(), q.sql(), "wrong result", keep(expected), got);
    }
    if (q.label() != null) {
      String previous = labels.putIfAbsent(q.label(), hash);
      if (previous != null && !previous.equals(hash)) {
        return new SltFailure(file, q.line(), q.sql(),
            "labeled result [" + q.label() + "] does not agree with previous values",
            List.of(previous), List.of(hash));
      }
    }
    return null;
  }

  /** Flattens rows to values after sorting rows (rowsort) or values (valuesort) by strcmp. */
  static List<String> sortedValues(List<String[]> rows, SltRecord.SortMode sort) {
    if (sort == SltRecord.SortMode.ROWSORT) {
      rows = new ArrayList<>(rows);
      rows.sort(SqlLogicTestRunner::compareRows);
    }
    List<String> values = new ArrayList<>();
    for (String[] row : rows) {
      values.addAll(Arrays.asList(row));
    }
    if (sort == SltRecord.SortMode.VALUESORT) {
      values.sort(null);
    }
    return values;
  }

  private static int compareRows(String[] a, String[] b) {
    for (int i = 0; i < Math.min(a.length, b.length); i++) {
      int c = a[i].compareTo(b[i]);
      if (c != 0) {
        return c;
      }
    }
    return Integer.compare(a.length, b.length);
  }

  private static boolean sameValues(List<String> values, List<String> expected) {
    if (values.size() != expected.size()) {
      return false;
    }
    for (int i = 0; i < values.size(); i++) {
      if (!values.get(i).stripTrailing().equals(expected.get(i).stripTrailing())) {
        return false;
      }
    }
    return true;
  }

  /** Accepts the one-row-per-line layout (values separated by single spaces) some scripts use. */
  private static boolean sameRowsPerLine(List<String[]> rows, SltRecord.SortMode sort, List<String> expected) {
    if (sort == SltRecord.SortMode.VALUESORT || rows.isEmpty() || rows.get(0).length < 2
        || rows.size() != expected.size()) {
      return false;
    }
    List<String[]> ordered = new ArrayList<>(rows);
    if (sort == SltRecord.SortMode.ROWSORT) {
      ordered.sort(SqlLogicTestRunner::compareRows);
    }
    for (int i = 0; i < ordered.size(); i++) {
      if (!String.join(" ", ordered.get(i)).equals(expected.get(i).strip())) {
        return false;
      }
    }
    return true;
  }

  private void setTimeout(Statement statement) {
    if (queryTimeoutSeconds > 0) {
      try {
        statement.setQueryTimeout(queryTimeoutSeconds);
      } catch (SQLException | RuntimeException ignored) {
        // a driver without timeouts still runs the script
      }
    }
  }

  private static List<String> keep(List<String> values) {
    if (values.size() <= MAX_KEPT_VALUES) {
      return List.copyOf(values);
    }
    List<String> kept = new ArrayList<>(values.subList(0, MAX_KEPT_VALUES));
    kept.add("... (" + values.size() + " values)");
    return List.copyOf(kept);
  }

  private static String error(SQLException e) {
    return "[" + e.getSQLState() + "] " + e.getMessage();
  }

  private void report(SltFailure failure) {
    if (verbose != null) {
      verbose.print(failure.describe());
      verbose.flush();
    }
  }
}
