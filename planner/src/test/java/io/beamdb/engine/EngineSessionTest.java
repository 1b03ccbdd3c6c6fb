package io.beamdb.engine;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

/** End-to-end tests of the engine API below JDBC: DDL, DML, queries, EXPLAIN, errors. */
class EngineSessionTest {
  private Session s;

  @BeforeEach
  void open() throws SQLException {
    s = DatabaseRegistry.connect(DatabaseConfig.memory("", Map.of()));
  }

  @AfterEach
  void close() {
    s.close();
  }

  private List<List<Object>> rows(String sql, Object... params) throws SQLException {
    PreparedCommand c = s.prepare(sql);
    CommandResult r = s.execute(c, params);
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

  private long update(String sql, Object... params) throws SQLException {
    return s.execute(s.prepare(sql), params).updateCount();
  }

  @Test
  void createInsertSelectJoinAggregate() throws SQLException {
    update("CREATE TABLE dept(id INT PRIMARY KEY, name VARCHAR(20) NOT NULL)");
    update("CREATE TABLE emp(id INT PRIMARY KEY, dept_id INT, salary DECIMAL(10,2), name VARCHAR(30))");
    assertEquals(2, update("INSERT INTO dept VALUES (1, 'eng'), (2, 'ops')"));
    assertEquals(3, update("INSERT INTO emp VALUES (1, 1, 100.50, 'ann'), (2, 1, 200, 'bob'), (3, 2, 50, 'cy')"));
    List<List<Object>> r = rows("SELECT d.name, COUNT(*), SUM(e.salary) FROM emp e JOIN dept d ON e.dept_id = d.id "
        + "GROUP BY d.name ORDER BY d.name");
    assertEquals(2, r.size());
    assertEquals("eng", r.get(0).get(0));
    assertEquals(2L, r.get(0).get(1));
    assertEquals(0, new java.math.BigDecimal("300.50").compareTo((java.math.BigDecimal) r.get(0).get(2)));
    assertEquals(List.of(List.of("bob")), rows("SELECT name FROM emp WHERE id = ?", 2));
    assertEquals(1, update("UPDATE emp SET salary = salary + 1 WHERE id = 3"));
    assertEquals(List.of(List.of(new java.math.BigDecimal("51.00"))), rows("SELECT salary FROM emp WHERE id = 3"));
    assertEquals(1, update("DELETE FROM emp WHERE name = 'cy'"));
    assertEquals(List.of(List.of(2L)), rows("SELECT COUNT(*) FROM emp"));
  }

  @Test
  void indexIsUsedAndMaintained() throws SQLException {
    update("CREATE TABLE t(id INT PRIMARY KEY, a INT, b VARCHAR(10))");
    update("CREATE INDEX t_a ON t(a)");
    for (int i = 0; i < 50; i++) {
      update("INSERT INTO t VALUES (?, ?, ?)", i, i % 10, "v" + i);
    }
    String plan = rows("EXPLAIN PLAN FOR SELECT id FROM t WHERE a = 3").toString();
    assertTrue(plan.contains("IndexScan"), plan);
    assertEquals(5, rows("SELECT id FROM t WHERE a = 3").size());
    assertEquals(15, rows("SELECT id FROM t WHERE a >= 2 AND a < 5").size());
    update("UPDATE t SET a = 100 WHERE id = 3");
    assertEquals(4, rows("SELECT id FROM t WHERE a = 3").size());
    assertEquals(List.of(List.of(3)), rows("SELECT id FROM t WHERE a = 100"));
    assertTrue(rows("EXPLAIN PLAN FOR SELECT * FROM t WHERE id = 7").toString().contains("PrimaryKeyGet"));
  }

  @Test
  void errorsCarrySqlStates() throws SQLException {
    update("CREATE TABLE t(id INT PRIMARY KEY, v VARCHAR(3) NOT NULL)");
    update("INSERT INTO t VALUES (1, 'a')");
    assertEquals("23505", assertThrows(SQLException.class, () -> update("INSERT INTO t VALUES (1, 'b')")).getSQLState());
    assertEquals("23502", assertThrows(SQLException.class, () -> update("INSERT INTO t VALUES (2, NULL)")).getSQLState());
    assertEquals("22001", assertThrows(SQLException.class, () -> update("INSERT INTO t VALUES (3, 'abcd')")).getSQLState());
    assertEquals("42P01", assertThrows(SQLException.class, () -> rows("SELECT * FROM nope")).getSQLState());
    assertEquals("42000", assertThrows(SQLException.class, () -> rows("SELEC 1")).getSQLState());
    assertEquals("22012", assertThrows(SQLException.class, () -> rows("SELECT id / 0 FROM t")).getSQLState());
    // a failed multi-row insert leaves nothing behind
    assertThrows(SQLException.class, () -> update("INSERT INTO t VALUES (5, 'x'), (1, 'y')"));
    assertEquals(List.of(List.of(1L)), rows("SELECT COUNT(*) FROM t"));
  }

  @Test
  void rollbackUndoesEverything() throws SQLException {
    update("CREATE TABLE t(id INT, v INT)");
    update("INSERT INTO t VALUES (1, 1), (2, 2)");
    s.setAutoCommit(false);
    update("INSERT INTO t VALUES (3, 3)");
    update("UPDATE t SET v = 10 WHERE id = 1");
    update("DELETE FROM t WHERE id = 2");
    assertEquals(List.of(List.of(1, 10), List.of(3, 3)), rows("SELECT * FROM t ORDER BY id"));
    s.rollback();
    assertEquals(List.of(List.of(1, 1), List.of(2, 2)), rows("SELECT * FROM t ORDER BY id"));
  }

  @Test
  void subqueriesAndSetOperations() throws SQLException {
    update("CREATE TABLE t1(a INTEGER, b INTEGER, c INTEGER)");
    update("INSERT INTO t1 VALUES (1, 2, 3), (4, 5, 6), (7, 8, 9), (NULL, 1, 1)");
    assertEquals(List.of(List.of(3L), List.of(2L), List.of(1L), List.of(0L)),
        rows("SELECT (SELECT count(*) FROM t1 AS x WHERE x.b < t1.b) FROM t1 ORDER BY b DESC"));
    assertEquals(2, rows("SELECT a FROM t1 WHERE EXISTS (SELECT 1 FROM t1 AS x WHERE x.b > t1.b) AND a IS NOT NULL").size());
    assertEquals(3, rows("SELECT a FROM t1 WHERE a IN (SELECT a FROM t1) UNION SELECT 1 FROM t1").size());
    assertEquals(List.of(List.of(6.0)), rows("SELECT avg(b) + 1 FROM t1 WHERE a IS NOT NULL"));
    assertEquals(List.of(List.of("x", 6)),
        rows("SELECT CASE WHEN a > 3 THEN 'x' ELSE 'y' END, COALESCE(c, 0) FROM t1 WHERE a = 4"));
  }

  @Test
  void concurrentAutocommitUpdatesLoseNothing() throws Exception {
    String name = "lost" + System.nanoTime();
    Session setup = DatabaseRegistry.connect(DatabaseConfig.memory(name, Map.of()));
    setup.execute("CREATE TABLE c(id INT PRIMARY KEY, x INT)");
    setup.execute("INSERT INTO c VALUES (1, 0)");
    int threads = 4;
    int perThread = 200;
    List<Thread> workers = new ArrayList<>();
    List<Throwable> errors = java.util.Collections.synchronizedList(new ArrayList<>());
    for (int t = 0; t < threads; t++) {
      Thread w = new Thread(() -> {
        try (Session s2 = DatabaseRegistry.connect(DatabaseConfig.memory(name, Map.of()))) {
          PreparedCommand inc = s2.prepare("UPDATE c SET x = x + 1 WHERE id = 1");
          for (int i = 0; i < perThread; i++) {
            assertEquals(1, s2.execute(inc, new Object[0]).updateCount());
          }
        } catch (Throwable e) {
          errors.add(e);
        }
      });
      workers.add(w);
      w.start();
    }
    for (Thread w : workers) {
      w.join();
    }
    assertEquals(List.of(), errors);
    try (RowCursor cur = setup.execute("SELECT x FROM c").cursor()) {
      assertTrue(cur.next());
      assertEquals(threads * perThread, cur.get(0));
    }
    setup.close();
  }

  @Test
  void inSubqueryAndLiteralAgg() throws SQLException {
    update("CREATE TABLE t(a INT, b DOUBLE)");
    update("INSERT INTO t VALUES (1, 1.5), (2, 2.5), (3, NULL)");
    assertEquals(List.of(List.of(2)), rows("SELECT a FROM t WHERE a IN (SELECT a FROM t WHERE b > 2) AND a > 1"));
    assertEquals(2, rows("SELECT a FROM t WHERE a NOT IN (SELECT a FROM t WHERE b > 2) OR b IS NULL").size());
  }

  @Test
  void literalStatementsSharePlansWithoutChangingResults() throws SQLException {
    update("CREATE TABLE p(id INT PRIMARY KEY, name VARCHAR(5), small SMALLINT)");
    update("INSERT INTO p VALUES (1, 'a', 1), (2, 'b', 2)");
    update("INSERT INTO p VALUES (3, 'c', 3)");
    PreparedCommand a = s.prepare("SELECT name FROM p WHERE id = 1");
    PreparedCommand b = s.prepare("SELECT name FROM p WHERE id = 2");
    assertTrue(a instanceof BoundCommand && b instanceof BoundCommand);
    assertTrue(((BoundCommand) a).template == ((BoundCommand) b).template, "one shared plan");
    assertEquals(List.of(List.of("a")), rows("SELECT name FROM p WHERE id = 1"));
    assertEquals(List.of(List.of("b")), rows("SELECT name FROM p WHERE id = 2"));
    // values that do not fit the shared plan's parameter type keep their exact meaning
    assertEquals(List.of(), rows("SELECT name FROM p WHERE id = 1.5"));
    assertEquals(List.of(), rows("SELECT name FROM p WHERE small = 99999"));
    assertEquals(List.of(), rows("SELECT name FROM p WHERE name = 'abcdefgh'"));
    assertEquals(List.of(List.of(3L)), rows("SELECT count(*) FROM p WHERE id > 0"));
    assertEquals(List.of(List.of(2L)), rows("SELECT count(*) FROM p WHERE id > 1"));
    assertEquals("23505", assertThrows(SQLException.class, () -> update("INSERT INTO p VALUES (1, 'x', 1)")).getSQLState());
    // the skeleton fast path binds new literals without parsing, with the same results
    for (int i = 1; i <= 3; i++) {
      assertEquals(List.of(List.of((short) i)), rows("SELECT small FROM p WHERE id = " + i));
    }
    assertEquals(List.of(), rows("SELECT small FROM p WHERE id = 2.5"));
    assertEquals(List.of(List.of((short) 2)), rows("SELECT small FROM p WHERE name = 'b'"));
    assertEquals(List.of(), rows("SELECT small FROM p WHERE name = '1'"));
  }
}
