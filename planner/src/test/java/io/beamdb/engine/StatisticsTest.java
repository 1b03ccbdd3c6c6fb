package io.beamdb.engine;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** Statistics, ANALYZE, the cost-based access path, EXPLAIN estimates and EXPLAIN ANALYZE. */
class StatisticsTest {
  private Session s;

  @BeforeEach
  void open() throws SQLException {
    s = DatabaseRegistry.connect(DatabaseConfig.memory("", Map.of()));
  }

  @AfterEach
  void close() {
    if (s != null) {
      s.close();
    }
  }

  private List<List<Object>> rows(String sql, Object... params) throws SQLException {
    CommandResult r = s.execute(s.prepare(sql), params);
    List<List<Object>> out = new ArrayList<>();
    try (RowCursor cur = r.cursor()) {
      while (cur.next()) {
        List<Object> row = new ArrayList<>();
        for (int i = 0; i < cur.columns().size(); i++) {
          row.add(cur.get(i));
        }
        out.add(row);
      }
    }
    return out;
  }

  /** Reconnects to a new database without background analysis, so plans change only by ANALYZE. */
  private void manualAnalysisOnly(String name) throws SQLException {
    s.close();
    System.setProperty("beamdb.autoAnalyze", "false"); // read when the database opens
    try {
      s = DatabaseRegistry.connect(DatabaseConfig.memory(name, Map.of()));
    } finally {
      System.clearProperty("beamdb.autoAnalyze");
    }
  }

  private String text(String sql, Object... params) throws SQLException {
    StringBuilder b = new StringBuilder();
    for (List<Object> r : rows(sql, params)) {
      b.append(r.get(0)).append('\n');
    }
    return b.toString();
  }

  private String explainOf(PreparedCommand c) throws SQLException {
    StringBuilder b = new StringBuilder();
    try (RowCursor cur = s.execute(c, new Object[0]).cursor()) {
      while (cur.next()) {
        b.append(cur.get(0)).append('\n');
      }
    }
    return b.toString();
  }

  private void update(String sql, Object... params) throws SQLException {
    s.execute(s.prepare(sql), params);
  }

  /**
   * SEL: V has 100 values of 1% each; SKEW: 90% of the rows have V = 0, the rest distinct values.
   * Both have an index on V.
   */
  private void createTables(int n) throws SQLException {
    update("CREATE TABLE tsel(id INT PRIMARY KEY, v INT, pad VARCHAR(20))");
    update("CREATE INDEX tsel_v ON tsel(v)");
    update("CREATE TABLE tskew(id INT PRIMARY KEY, v INT, pad VARCHAR(20))");
    update("CREATE INDEX tskew_v ON tskew(v)");
    for (int base = 0; base < n; base += 500) {
      StringBuilder a = new StringBuilder("INSERT INTO tsel VALUES ");
      StringBuilder b = new StringBuilder("INSERT INTO tskew VALUES ");
      for (int i = base; i < Math.min(n, base + 500); i++) {
        String sep = i == base ? "" : ", ";
        a.append(sep).append('(').append(i).append(", ").append(i % 100).append(", 'x')");
        b.append(sep).append('(').append(i).append(", ").append(i % 10 == 0 ? i + 1 : 0).append(", 'x')");
      }
      update(a.toString());
      update(b.toString());
    }
  }

  @Test
  void planChoiceFollowsStatistics() throws SQLException {
    manualAnalysisOnly("manual-analyze");
    createTables(2000);
    // without statistics: rules, the index always wins
    assertTrue(text("EXPLAIN SELECT * FROM tskew WHERE v = 0").contains("IndexScan"));
    PreparedCommand held = s.prepare("EXPLAIN SELECT * FROM tskew WHERE v = 0");
    assertTrue(explainOf(held).contains("IndexScan"));
    update("ANALYZE");
    // a statement prepared before ANALYZE is planned again at its next execution
    String replanned = explainOf(held);
    assertTrue(replanned.contains("TableScan(PUBLIC.TSKEW)") && !replanned.contains("IndexScan"), replanned);
    String selective = text("EXPLAIN SELECT * FROM tsel WHERE v = 5");
    assertTrue(selective.contains("IndexScan(PUBLIC.TSEL, TSEL_V"), selective);
    String unselective = text("EXPLAIN SELECT * FROM tskew WHERE v = 0");
    assertTrue(unselective.contains("TableScan(PUBLIC.TSKEW)") && !unselective.contains("IndexScan"), unselective);
    String rare = text("EXPLAIN SELECT * FROM tskew WHERE v = 11");
    assertTrue(rare.contains("IndexScan(PUBLIC.TSKEW, TSKEW_V"), rare);
    // a range over 90% of SEL is a table scan, over 2% an index scan
    assertTrue(text("EXPLAIN SELECT * FROM tsel WHERE v >= 10").contains("TableScan(PUBLIC.TSEL)"));
    assertTrue(text("EXPLAIN SELECT * FROM tsel WHERE v < 2").contains("IndexScan(PUBLIC.TSEL"));
    // estimated rows: 20 rows match V = 5 in SEL
    Matcher m = Pattern.compile("IndexScan\\(PUBLIC.TSEL, TSEL_V[^\\n]*\\(rows=(\\d+)\\)").matcher(selective);
    assertTrue(m.find(), selective);
    long est = Long.parseLong(m.group(1));
    assertTrue(est >= 10 && est <= 40, selective);
    // a parameter: one plan, the read chosen per execution from the value
    String common = text("EXPLAIN ANALYZE SELECT * FROM tskew WHERE v = ?", 0);
    assertTrue(common.contains("read=TableScan"), common);
    assertTrue(common.contains("Rows returned: 1800"), common);
    String few = text("EXPLAIN ANALYZE SELECT * FROM tskew WHERE v = ?", 11);
    assertTrue(few.contains("read=IndexScan TSKEW_V"), few);
    assertTrue(few.contains("Rows returned: 1"), few);
    // same results either way
    assertEquals(1800, rows("SELECT id FROM tskew WHERE v = ?", 0).size());
    assertEquals(20, rows("SELECT id FROM tsel WHERE v = ?", 7).size());
  }

  @Test
  void explainAnalyzeCountsRealRows() throws SQLException {
    createTables(1000);
    update("ANALYZE TABLE tsel");
    String sql = "SELECT s.v, COUNT(*) FROM tsel s JOIN tskew k ON s.id = k.id WHERE k.v = 0 GROUP BY s.v";
    int expected = rows(sql).size();
    String plan = text("EXPLAIN ANALYZE " + sql);
    String[] lines = plan.split("\n");
    Matcher root = Pattern.compile("actual rows=(\\d+) loops=1 time=[0-9.]+ ms").matcher(lines[0]);
    assertTrue(root.find(), plan);
    assertEquals(expected, Integer.parseInt(root.group(1)), plan);
    assertTrue(plan.contains("Rows returned: " + expected), plan);
    for (String l : lines) {
      if (l.contains("TableScan(PUBLIC.TSEL)")) {
        assertTrue(l.contains("actual rows=1000 "), plan);
      }
    }
    // DML really runs and reports what it wrote
    String upd = text("EXPLAIN ANALYZE UPDATE tsel SET pad = 'y' WHERE v = 3");
    assertTrue(upd.contains("Rows written: 10"), upd);
    assertEquals(10, rows("SELECT id FROM tsel WHERE pad = 'y'").size());
  }

  @Test
  void orderFromTheScanNeedsNoSortAndStopsAtTheLimit() throws SQLException {
    createTables(1000);
    String byId = text("EXPLAIN ANALYZE SELECT id, v FROM tsel ORDER BY id LIMIT 3");
    assertTrue(byId.contains("already ordered by the scan"), byId);
    assertTrue(Pattern.compile("TableScan\\(PUBLIC.TSEL\\).*actual rows=3 ").matcher(byId).find(), byId);
    assertEquals(List.of(List.of(0, 0), List.of(1, 1), List.of(2, 2)), rows("SELECT id, v FROM tsel ORDER BY id LIMIT 3"));
    // an index range gives the order of its columns, then the primary key
    String byV = text("EXPLAIN SELECT v, id FROM tsel WHERE v >= 98 ORDER BY v");
    assertTrue(byV.contains("already ordered by the scan") && byV.contains("IndexScan"), byV);
    List<List<Object>> got = rows("SELECT v, id FROM tsel WHERE v >= 98 ORDER BY v");
    assertEquals(20, got.size());
    for (int i = 1; i < got.size(); i++) {
      assertTrue((Integer) got.get(i - 1).get(0) <= (Integer) got.get(i).get(0), got.toString());
    }
    // equality on the leading key column: ORDER BY the next one
    assertTrue(text("EXPLAIN SELECT id FROM tsel WHERE id = 5 ORDER BY id").contains("already ordered"));
    // not given by the scan: sorted
    assertFalse(text("EXPLAIN SELECT id FROM tsel ORDER BY id DESC LIMIT 3").contains("already ordered"));
    assertFalse(text("EXPLAIN SELECT id FROM tsel ORDER BY pad, id").contains("already ordered"));
    assertEquals(List.of(List.of(999), List.of(998)), rows("SELECT id FROM tsel ORDER BY id DESC LIMIT 2"));
  }

  @Test
  void smallOuterSideJoinsByIndexLookups() throws SQLException {
    manualAnalysisOnly("manual-join");
    createTables(3000);
    update("CREATE TABLE probe(pid INT PRIMARY KEY, rid INT, grp INT)");
    update("INSERT INTO probe VALUES (1, 10, 5), (2, 20, 7), (3, 99999, 5), (4, NULL, 9), (5, 2990, 42)");
    String byPk = "SELECT p.pid, t.id, t.v FROM probe p JOIN tsel t ON t.id = p.rid ORDER BY p.pid";
    String byIndex = "SELECT p.pid, COUNT(*) FROM probe p JOIN tsel t ON t.v = p.grp AND t.id > p.pid GROUP BY p.pid ORDER BY p.pid";
    String left = "SELECT p.pid, t.id FROM probe p LEFT JOIN tsel t ON t.id = p.rid ORDER BY p.pid";
    List<List<Object>> hashPk = rows(byPk);
    List<List<Object>> hashIndex = rows(byIndex);
    List<List<Object>> hashLeft = rows(left);
    assertFalse(text("EXPLAIN " + byPk).contains("IndexNestedLoopJoin"));
    update("ANALYZE");
    String plan = text("EXPLAIN " + byPk);
    assertTrue(plan.contains("IndexNestedLoopJoin(INNER") && plan.contains("PrimaryKeyGet(PUBLIC.TSEL"), plan);
    assertEquals(hashPk, rows(byPk));
    assertEquals(List.of(List.of(1, 10, 10), List.of(2, 20, 20), List.of(5, 2990, 90)), rows(byPk));
    String planIndex = text("EXPLAIN ANALYZE " + byIndex);
    assertTrue(planIndex.contains("IndexNestedLoopJoin(INNER") && planIndex.contains("IndexScan(PUBLIC.TSEL, TSEL_V"), planIndex);
    assertTrue(Pattern.compile("IndexScan\\(PUBLIC.TSEL, TSEL_V.*loops=5 ").matcher(planIndex).find(), planIndex);
    assertEquals(hashIndex, rows(byIndex));
    assertTrue(text("EXPLAIN " + left).contains("IndexNestedLoopJoin(LEFT"));
    assertEquals(hashLeft, rows(left));
    assertEquals(5, hashLeft.size());
  }

  @Test
  void analyzeErrorsHaveSqlStates() throws SQLException {
    update("CREATE TABLE t(id INT PRIMARY KEY)");
    update("ANALYZE t");
    update("ANALYZE TABLE PUBLIC.t");
    assertEquals("42P01", assertThrows(SQLException.class, () -> update("ANALYZE nope")).getSQLState());
    assertEquals("42000", assertThrows(SQLException.class, () -> update("ANALYZE TABLE t t2")).getSQLState());
  }

  @Test
  void statisticsSurviveReopen(@TempDir Path dir) throws SQLException {
    s.close();
    s = DatabaseRegistry.connect(DatabaseConfig.file(dir.resolve("db"), Map.of()));
    createTables(1500);
    update("ANALYZE");
    assertTrue(text("EXPLAIN SELECT * FROM tskew WHERE v = 0").contains("TableScan(PUBLIC.TSKEW)"));
    s.close();
    s = DatabaseRegistry.connect(DatabaseConfig.file(dir.resolve("db"), Map.of()));
    String plan = text("EXPLAIN SELECT * FROM tskew WHERE v = 0");
    assertTrue(plan.contains("TableScan(PUBLIC.TSKEW)") && !plan.contains("IndexScan"), plan);
    assertTrue(text("EXPLAIN SELECT * FROM tsel").contains("(rows=1500)"));
  }

  @Test
  void automaticAnalysisAfterManyInserts() throws Exception {
    createTables(4000);
    // never analyzed by hand: the background analysis must have seen the tskew by now or soon
    long deadline = System.nanoTime() + 30_000_000_000L;
    String plan = "";
    while (System.nanoTime() < deadline) {
      plan = text("EXPLAIN SELECT * FROM tskew WHERE v = 0");
      if (plan.contains("TableScan(PUBLIC.TSKEW)")) {
        break;
      }
      Thread.sleep(50);
    }
    assertTrue(plan.contains("TableScan(PUBLIC.TSKEW)") && !plan.contains("IndexScan"), plan);
    assertFalse(text("EXPLAIN SELECT * FROM tsel WHERE v = 1").contains("TableScan(PUBLIC.TSEL)"));
  }
}
