package io.beamdb.compat.isolation;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import io.beamdb.compat.isolation.Hermitage.Case;
import io.beamdb.compat.isolation.Hermitage.Result;
import io.beamdb.compat.isolation.Steps.Level;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every Hermitage case at every isolation level through JDBC, one dynamic test per cell, each
 * asserting the expected verdict (and, inside the case, every step's outcome). Afterwards the
 * matrix is printed and written to {@code target/hermitage-results.md}; it is the table in
 * README.md ("Hermitage results"), and {@link #readmeShowsTheExpectedMatrix()} checks that the
 * README's table is the one the expected verdicts give.
 */
class HermitageTest {
  private static final Map<Case, Map<Level, Object>> RESULTS = new ConcurrentHashMap<>();

  @TestFactory
  List<DynamicTest> hermitage() {
    List<DynamicTest> tests = new ArrayList<>();
    for (Case c : Hermitage.CASES) {
      for (Level l : Level.values()) {
        tests.add(dynamicTest(c.name() + " @ " + l, () -> {
          Result r;
          try {
            r = c.run(l);
          } catch (Throwable e) {
            RESULTS.computeIfAbsent(c, k -> new ConcurrentHashMap<>()).put(l, e);
            throw e;
          }
          RESULTS.computeIfAbsent(c, k -> new ConcurrentHashMap<>()).put(l, r);
          assertEquals(c.expected(l), r.verdict(), () -> c.name() + " at " + l + ": " + r);
        }));
      }
    }
    return tests;
  }

  /** README.md's "Hermitage results" table is exactly the matrix of the expected verdicts. */
  @Test
  void readmeShowsTheExpectedMatrix() throws IOException {
    Map<Case, Map<Level, Object>> expected = new LinkedHashMap<>();
    for (Case c : Hermitage.CASES) {
      Map<Level, Object> row = new EnumMap<>(Level.class);
      for (Level l : Level.values()) {
        row.put(l, new Result(c.expected(l), "expected"));
      }
      expected.put(c, row);
    }
    String table = Hermitage.table(expected);
    Path readme = null;
    for (Path dir = Path.of("").toAbsolutePath(); dir != null && readme == null; dir = dir.getParent()) {
      Path p = dir.resolve("README.md");
      if (Files.isRegularFile(p) && Files.readString(p, StandardCharsets.UTF_8).contains("## Transactions and isolation")) {
        readme = p;
      }
    }
    assertNotNull(readme, "README.md with a 'Transactions and isolation' section");
    String text = Files.readString(readme, StandardCharsets.UTF_8);
    assertTrue(text.contains("### Hermitage results"), "README has no 'Hermitage results' subsection");
    assertTrue(text.contains(table), () -> "README's Hermitage table differs from the expected verdicts; it should read:\n" + table);
  }

  @AfterAll
  static void printMatrix() throws IOException {
    Map<Case, Map<Level, Object>> ordered = new LinkedHashMap<>();
    for (Case c : Hermitage.CASES) {
      Map<Level, Object> row = new EnumMap<>(Level.class);
      Map<Level, Object> got = RESULTS.get(c);
      if (got == null) {
        continue; // filtered out
      }
      row.putAll(got);
      ordered.put(c, row);
    }
    String out = Hermitage.table(ordered) + "\n" + Hermitage.details(ordered);
    System.out.println(out);
    Path target = Path.of("target");
    if (Files.isDirectory(target)) {
      Files.writeString(target.resolve("hermitage-results.md"), out, StandardCharsets.UTF_8);
    }
  }
}
