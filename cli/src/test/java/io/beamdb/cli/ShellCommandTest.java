package io.beamdb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShellCommandTest {

  private static final String SCHEMA = """
      \\timing
      -- two tables, a join and an aggregate
      CREATE TABLE dept(id INT PRIMARY KEY, name VARCHAR(20));
      CREATE TABLE emp(id INT PRIMARY KEY, dept_id INT, name VARCHAR(20), salary INT);
      INSERT INTO dept VALUES (1, 'eng');
      INSERT INTO dept VALUES (2, 'ops');
      INSERT INTO emp VALUES (1, 1, 'ann', 100);
      INSERT INTO emp VALUES (2, 1, 'bob', 50);
      INSERT INTO emp VALUES (3, 2, 'cy;d', 70);
      UPDATE emp SET salary = salary + 1 WHERE dept_id = 1;
      SELECT d.name AS dept, COUNT(*) AS n, SUM(e.salary) AS total
        FROM dept d JOIN emp e ON e.dept_id = d.id
       GROUP BY d.name
       ORDER BY d.name;
      """;

  @Test
  void pipedScriptAgainstH2() {
    CliTestSupport.Result r = CliTestSupport.run(SCHEMA, "shell", "jdbc:h2:mem:");
    assertEquals(0, r.status(), r.out() + r.err());
    assertSchemaOutput(r.out());
  }

  @Test
  void pipedShellReopensFileDatabase(@TempDir Path dir) {
    String url = CliTestSupport.fileUrl(dir);
    CliTestSupport.Result first = CliTestSupport.run(SCHEMA, "shell", url);
    assertEquals(0, first.status(), first.out() + first.err());
    assertSchemaOutput(first.out());

    CliTestSupport.Result second = CliTestSupport.run(
        "\\timing\nSELECT name, salary FROM emp ORDER BY id;\n\\d\n\\d emp\n", "shell", url);
    assertEquals(0, second.status(), second.out() + second.err());
    assertTrue(second.out().contains("""
        +------+--------+
        | NAME | SALARY |
        +------+--------+
        | ann  |    101 |
        | bob  |     51 |
        | cy;d |     70 |
        +------+--------+
        (3 rows)
        """), second.out());
    assertTrue(second.out().matches("(?s).*\\| EMP +\\|.*"), second.out());
    assertTrue(second.out().matches("(?s).*\\| DEPT +\\|.*"), second.out());
    assertTrue(second.out().matches("(?s).*\\| DEPT_ID +\\| INT.*"), second.out());
  }

  @Test
  void errorsAreReportedAndTheShellContinues() {
    CliTestSupport.Result r = CliTestSupport.run(
        "SELECT * FROM missing_table;\nSELECT 1 AS one;\n", "shell", "jdbc:h2:mem:");
    assertEquals(1, r.status());
    assertTrue(r.out().startsWith("Error [42"), r.out());
    assertTrue(r.out().contains("| ONE |"), r.out());
    assertTrue(r.out().matches("(?s).*\\(1 row, \\d+\\.\\d\\d ms\\)\n"), r.out());
  }

  @Test
  void quitStopsReading() {
    CliTestSupport.Result r = CliTestSupport.run(
        "SELECT 1 AS a;\n\\q\nSELECT * FROM missing_table;\n", "shell", "jdbc:h2:mem:");
    assertEquals(0, r.status(), r.out());
    assertFalse(r.out().contains("Error"), r.out());
  }

  @Test
  void timingIsShownByDefault() {
    CliTestSupport.Result r = CliTestSupport.run(
        "CREATE TABLE t(a INT);\nINSERT INTO t VALUES (1);\n", "shell", "jdbc:h2:mem:");
    assertEquals(0, r.status(), r.out());
    assertTrue(r.out().matches("OK \\(\\d+\\.\\d\\d ms\\)\n1 row affected \\(\\d+\\.\\d\\d ms\\)\n"), r.out());
  }

  @Test
  void connectFailureExitsWithOne() {
    CliTestSupport.Result r = CliTestSupport.run("SELECT 1;", "shell", "jdbc:nosuchdriver:x");
    assertEquals(1, r.status());
    assertTrue(r.out().startsWith("Error [08001]:"), r.out());
  }

  private static void assertSchemaOutput(String out) {
    assertTrue(out.startsWith("Timing is off.\nOK\nOK\n1 row affected\n"), out);
    assertTrue(out.contains("2 rows affected\n"), out);
    assertTrue(out.contains("""
        +------+---+-------+
        | DEPT | N | TOTAL |
        +------+---+-------+
        | eng  | 2 |   152 |
        | ops  | 1 |    70 |
        +------+---+-------+
        (2 rows)
        """), out);
    assertFalse(out.contains("Error"), out);
  }
}
