package io.beamdb.cli.slt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SqlLogicTestRunnerTest {

  static final String SCRIPT = """
      hash-threshold 3

      statement ok
      CREATE TABLE t1(a INTEGER, b INTEGER, c VARCHAR(10))

      statement ok
      INSERT INTO t1 VALUES(1, 10, 'x')

      statement ok
      INSERT INTO t1 VALUES(2, 20, '')

      statement ok
      INSERT INTO t1 VALUES(3, NULL, 'z')

      statement error
      INSERT INTO nope VALUES(1)

      query IIT rowsort
      SELECT a, b, c FROM t1
      ----
      9 values hashing to 9f35d0fe0431cf1309c5b795e709b3a2

      query I valuesort
      SELECT b FROM t1
      ----
      10
      20
      NULL

      query T nosort
      SELECT c FROM t1 ORDER BY a
      ----
      x
      (empty)
      z

      query R nosort
      SELECT a / 2.0 FROM t1 WHERE a = 1
      ----
      0.500

      query I nosort
      SELECT 7.9
      ----
      7

      query R nosort
      SELECT 5
      ----
      5.000

      query I nosort
      SELECT a FROM t1 WHERE a > 100

      skipif beamdb
      query I nosort
      SELECT 'skipped'
      ----
      1

      onlyif mysql
      statement ok
      this is not sql

      onlyif beamdb
      query I nosort label-a
      SELECT COUNT(*) FROM t1
      ----
      3

      query I nosort label-a
      SELECT 3
      ----
      3

      query I nosort label-a
      SELECT 4
      ----
      4

      query I nosort
      SELECT 1
      ----
      2

      onlyif mssql
      halt

      halt

      statement ok
      this never runs
      """;

  @Test
  void runsEveryKindOfRecordAgainstH2(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("mini.test"), SCRIPT);
    SltResult result = SqlLogicTestRunner.run(file, "jdbc:h2:mem:");
    assertEquals(3, result.skipped(), result.toString());
    assertEquals(2, result.failed(), result.failures().toString());
    assertEquals(14, result.passed(), result.failures().toString());
    List<SltResult.SltFailure> failures = result.failures();
    assertTrue(failures.get(0).message().contains("label-a"), failures.get(0).describe());
    assertEquals(List.of("2"), failures.get(1).expected());
    assertEquals(List.of("1"), failures.get(1).actual());
    assertTrue(failures.get(1).describe().contains("mini.test:" + lineOf("SELECT 1\n----\n2") + ": wrong result"),
        failures.get(1).describe());
  }

  @Test
  void declaredDialectDifferencesAreCountedApartAndOnlyWhereTheyApply(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("dialect.test"), """
        statement ok
        CREATE TABLE t(x INT PRIMARY KEY, y VARCHAR(4))

        statement ok
        INSERT INTO t VALUES(1, 'much too long')

        query T nosort
        SELECT y FROM t WHERE x=1
        ----
        much too long

        query T nosort
        SELECT y FROM t WHERE x=1
        ----
        much too long

        statement ok
        INSERT INTO t VALUES(2, 'abc')

        query I nosort
        SELECT x FROM t
        ----
        3
        """);
    SltResult lenient = new SqlLogicTestRunner().dialectDifferences(DialectDifferences.BEAMDB).runFile(file, "jdbc:h2:mem:");
    assertEquals(2, lenient.differ(), lenient.differences().toString()); // the INSERT and the query right after it
    assertEquals(2, lenient.failed(), lenient.failures().toString()); // the second query and the last one
    assertEquals(2, lenient.passed());
    assertTrue(lenient.differences().get(0).message().contains("VARCHAR"), lenient.differences().get(0).message());
    assertTrue(lenient.summary().endsWith("2 differ (dialect)"), lenient.summary());
    SltResult strict = SqlLogicTestRunner.run(file, "jdbc:h2:mem:");
    assertEquals(0, strict.differ());
    assertEquals(4, strict.failed());
  }

  @Test
  void hashMismatchAndErrorsAreFailures(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("bad.test"), """
        query I rowsort
        SELECT 1
        ----
        1 values hashing to 00000000000000000000000000000000

        query I nosort
        SELECT * FROM missing

        query II nosort
        SELECT 1
        ----
        1

        statement ok
        CREATE TABLE missing.nested.thing(a INT)
        """);
    SltResult result = SqlLogicTestRunner.run(file, "jdbc:h2:mem:");
    assertEquals(0, result.passed());
    assertEquals(4, result.failed());
    assertEquals(List.of("1 values hashing to b026324c6904b2a9cb4b88d6d61c81d1"), result.failures().get(0).actual());
    assertTrue(result.failures().get(1).message().startsWith("query failed: [42"), result.failures().get(1).message());
    assertTrue(result.failures().get(2).message().contains("columns"), result.failures().get(2).message());
  }

  @Test
  void connectFailureCountsEveryRecord(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("x.test"), "statement ok\nSELECT 1\n\nquery I\nSELECT 1\n----\n1\n");
    SltResult result = SqlLogicTestRunner.run(file, "jdbc:nosuch:");
    assertEquals(2, result.failed());
    assertEquals(1, result.failures().size());
  }

  @Test
  void stuckRecordIsAbandonedAfterTheTimeout(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("slow.test"), """
        statement ok
        CREATE ALIAS NAP FOR "java.lang.Thread.sleep"

        query I nosort
        SELECT 1
        ----
        1

        statement ok
        CALL NAP(20000)

        query I nosort
        SELECT 2
        ----
        2

        skipif beamdb
        statement ok
        SELECT 3

        statement ok
        SELECT 4
        """);
    long start = System.nanoTime();
    SltResult result = new SqlLogicTestRunner().queryTimeout(1).runFile(file, "jdbc:h2:mem:");
    assertTrue(System.nanoTime() - start < 15_000_000_000L, "the runner did not wait for the sleep");
    assertEquals(2, result.passed(), result.failures().toString());
    assertEquals(1, result.skipped(), result.failures().toString());
    assertEquals(3, result.failed(), result.failures().toString()); // NAP, SELECT 2, SELECT 4
    assertTrue(result.failures().get(0).message().startsWith("timed out after 1 s"), result.failures().toString());
    assertTrue(result.failures().get(1).message().startsWith("2 later records not run"), result.failures().toString());
  }

  @Test
  void timeoutDoesNotDisturbFastRecords(@TempDir Path dir) throws Exception {
    Path file = Files.writeString(dir.resolve("mini.test"), SCRIPT);
    SltResult result = new SqlLogicTestRunner().queryTimeout(30).runFile(file, "jdbc:h2:mem:");
    assertEquals(14, result.passed(), result.failures().toString());
    assertEquals(2, result.failed());
    assertEquals(3, result.skipped());
  }

  private static int lineOf(String text) {
    int index = SCRIPT.indexOf(text);
    return (int) SCRIPT.substring(0, index).chars().filter(c -> c == '\n').count();
  }
}
