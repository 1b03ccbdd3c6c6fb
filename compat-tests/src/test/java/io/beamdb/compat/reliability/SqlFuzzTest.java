package io.beamdb.compat.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.beamdb.storage.StorageChecker;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bad-input fuzzer: seeded mutations of valid statements (tokens dropped, duplicated, swapped or
 * replaced by keywords, operators, huge or malformed literals, deep nesting, odd characters),
 * PreparedStatement parameters of the wrong types and sizes, calls on closed objects, and
 * concurrent use of one connection, all through JDBC on an on-disk database. Every case must end
 * in success or a {@link SQLException} whose SQLState is five characters; any other exception
 * type, or a case running longer than a generous watchdog (a hang), fails the test. Afterwards the
 * database must pass {@link StorageChecker}, reopen, and its index must agree with its table.
 * Seeds are printed; {@code -Dbeamdb.seed=N} replays, {@code -Dbeamdb.fuzz.cases=N} sets the
 * number of mutated statements (default 2000).
 */
class SqlFuzzTest {
  private static final String[] CORPUS = {
      "SELECT id, name, score FROM f WHERE id = 3",
      "SELECT * FROM f WHERE grp = 2 AND score > 1.5 ORDER BY id DESC LIMIT 5",
      "SELECT grp, COUNT(*), SUM(score), AVG(score), MIN(name), MAX(id) FROM f GROUP BY grp HAVING COUNT(*) > 1",
      "SELECT f.id, g.label FROM f JOIN g ON f.grp = g.id WHERE g.label LIKE 'l%' ORDER BY f.id",
      "SELECT f.id FROM f LEFT JOIN g ON f.grp = g.id WHERE g.id IS NULL",
      "SELECT id FROM f WHERE id IN (SELECT id FROM g) OR EXISTS (SELECT 1 FROM g WHERE g.id = f.grp)",
      "SELECT CASE WHEN score > 2 THEN 'hi' WHEN score IS NULL THEN 'none' ELSE 'lo' END FROM f",
      "SELECT UPPER(name) || '-' || CAST(id AS VARCHAR(10)), SUBSTRING(name FROM 2 FOR 3), TRIM(name) FROM f",
      "SELECT COALESCE(score, 0) * 2 + MOD(id, 3) / 1.0, ABS(-id), ROUND(score, 1) FROM f",
      "SELECT id FROM f UNION SELECT id FROM g EXCEPT SELECT 2 FROM g",
      "SELECT COUNT(DISTINCT grp) FROM f WHERE name BETWEEN 'a' AND 'z'",
      "SELECT id, (SELECT MAX(id) FROM g WHERE g.id <= f.id) FROM f ORDER BY 2 NULLS LAST",
      "SELECT EXTRACT(YEAR FROM d), CURRENT_DATE, CURRENT_TIMESTAMP FROM f WHERE d > DATE '2020-01-01'",
      "SELECT id FROM f FETCH FIRST 3 ROWS ONLY",
      "SELECT id FROM f WHERE name = 'it''s' OR blob_col = X'0A0B'",
      "INSERT INTO f (id, grp, name, score, d) VALUES (1000, 1, 'x', 1.25, DATE '2021-02-03')",
      "INSERT INTO f (id, grp, name) SELECT id + 2000, id, label FROM g",
      "INSERT INTO g VALUES (500, 'five hundred')",
      "UPDATE f SET score = score * 1.1, name = name || 'x' WHERE grp = 1",
      "UPDATE f SET grp = (SELECT MAX(id) FROM g) WHERE id < 5",
      "DELETE FROM f WHERE id > 999",
      "DELETE FROM g WHERE id = 500",
      "CREATE TABLE IF NOT EXISTS tmp_t (a INT PRIMARY KEY, b VARCHAR(10) DEFAULT 'q', c DECIMAL(5,2) NOT NULL)",
      "CREATE INDEX IF NOT EXISTS tmp_i ON f(name, score)",
      "DROP TABLE IF EXISTS tmp_t",
      "DROP INDEX IF EXISTS tmp_i",
      "ALTER TABLE f ADD COLUMN IF NOT EXISTS extra INT",
      "ALTER TABLE f DROP COLUMN IF EXISTS extra",
      "CREATE VIEW IF NOT EXISTS v AS SELECT id, name FROM f WHERE grp = 1",
      "DROP VIEW IF EXISTS v",
      "CREATE SEQUENCE IF NOT EXISTS s START WITH 5 INCREMENT BY 2",
      "SELECT NEXT VALUE FOR s",
      "EXPLAIN PLAN FOR SELECT * FROM f WHERE grp = 1",
      "SET TRANSACTION ISOLATION LEVEL SERIALIZABLE",
      "SAVEPOINT sp1",
      "ROLLBACK TO SAVEPOINT sp1",
      "COMMIT",
      "ROLLBACK",
      "SELECT * FROM INFORMATION_SCHEMA.TABLES",
  };

  private static final String[] TOKENS = {
      "SELECT", "FROM", "WHERE", "AND", "OR", "NOT", "NULL", "(", ")", ",", "*", "+", "-", "/", "%", "||", "=",
      "<>", "<", ">=", "'", "\"", ";", ".", "?", "JOIN", "ON", "GROUP BY", "ORDER BY", "LIMIT", "OFFSET", "UNION",
      "CAST(", "AS", "INT", "VARCHAR(5)", "DECIMAL(1000,2)", "CASE", "WHEN", "END", "IN", "EXISTS", "BETWEEN",
      "LIKE", "ESCAPE", "IS", "TRUE", "FALSE", "DEFAULT", "VALUES", "SET", "PRIMARY KEY", "INDEX", "TABLE", "f", "g",
      "id", "grp", "name", "score", "d", "unknown_col", "\"quoted id\"", "0", "-1", "1e308", "1e999", "-0.0",
      "99999999999999999999999999999999999999", "9223372036854775808", "-2147483649", "0x7f", "X'zz'", "X'0'",
      "DATE 'nope'", "DATE '2021-02-30'", "TIMESTAMP '2021-01-01 25:00:00'", "'\u0000'", "'\uD800'", "N'x'",
      "1/0", "MOD(1, 0)", "SQRT(-1)", "LN(0)", "POWER(10, 400)", "CAST('abc' AS INT)", "CAST(1e300 AS REAL)",
      "REPEAT('a', 100000)", "/*", "*/", "--", "\n", "\t", "$1", ":x", "@@", "`", "[", "]", "{", "}",
  };

  @TempDir Path tmp;
  private ExecutorService runner;
  private final List<String> failures = new ArrayList<>();
  private int cases;
  private int succeeded;

  @BeforeEach
  void start() {
    runner = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(null, r, "fuzz-case", 8 << 20); // an ordinary 8 MiB stack, as an app thread might have
      t.setDaemon(true);
      return t;
    });
  }

  @AfterEach
  void stop() {
    runner.shutdownNow();
  }

  private String url() {
    return "jdbc:beam:file:" + tmp.resolve("db");
  }

  private static void setUp(Connection c) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute("CREATE TABLE f (id INT PRIMARY KEY, grp INT, name VARCHAR(20), score DOUBLE, d DATE, blob_col VARBINARY(10))");
      st.execute("CREATE INDEX f_grp ON f(grp)");
      st.execute("CREATE TABLE g (id INT PRIMARY KEY, label VARCHAR(30))");
      for (int i = 1; i <= 20; i++) {
        st.executeUpdate("INSERT INTO f (id, grp, name, score, d) VALUES (" + i + ", " + (i % 4) + ", 'n" + i + "', "
            + (i * 0.5) + ", DATE '2022-01-" + (10 + i % 10) + "')");
      }
      for (int i = 0; i < 4; i++) {
        st.executeUpdate("INSERT INTO g VALUES (" + i + ", 'l" + i + "')");
      }
    }
  }

  /** Runs one case with a watchdog; records anything but success or a proper SQLException. */
  private void run(String what, Callable<?> body) throws InterruptedException {
    cases++;
    long t0 = System.nanoTime();
    Future<?> f = runner.submit(body);
    try {
      f.get(120, TimeUnit.SECONDS); // a watchdog for hangs, not a performance assertion
      succeeded++;
    } catch (java.util.concurrent.ExecutionException e) {
      Throwable t = e.getCause();
      if (t instanceof SQLException s) {
        if (s.getSQLState() == null || s.getSQLState().length() != 5) {
          failures.add(what + " -> SQLException without a proper SQLState: " + s);
        }
      } else {
        failures.add(what + " -> " + t);
      }
    } catch (TimeoutException e) {
      f.cancel(true);
      failures.add(what + " -> hang (no answer within the watchdog time)");
      runner.shutdownNow();
      start();
    } finally {
      long ms = (System.nanoTime() - t0) / 1_000_000;
      if (ms > 2000) {
        System.out.println("  slow case (" + ms + " ms): " + abbreviate(what));
      }
    }
  }

  private static String abbreviate(String sql) {
    return sql.length() > 300 ? sql.substring(0, 300) + "...(" + sql.length() + " chars)" : sql;
  }

  private static final Pattern TOKEN = Pattern.compile("'(?:[^']|'')*'|\\w+|\\S");

  static String mutate(String sql, Random rnd) {
    List<String> toks = new ArrayList<>();
    Matcher m = TOKEN.matcher(sql);
    while (m.find()) {
      toks.add(m.group());
    }
    int n = 1 + rnd.nextInt(3);
    for (int k = 0; k < n && !toks.isEmpty(); k++) {
      int i = rnd.nextInt(toks.size());
      switch (rnd.nextInt(9)) {
        case 0 -> toks.remove(i);
        case 1 -> toks.add(i, toks.get(i));
        case 2 -> {
          int j = rnd.nextInt(toks.size());
          String t = toks.get(i);
          toks.set(i, toks.get(j));
          toks.set(j, t);
        }
        case 3, 4 -> toks.set(i, TOKENS[rnd.nextInt(TOKENS.length)]);
        case 5 -> toks.add(i, TOKENS[rnd.nextInt(TOKENS.length)]);
        case 6 -> toks.subList(i, toks.size()).clear();
        case 7 -> {
          int depth = 1 + rnd.nextInt(rnd.nextBoolean() ? 50 : 3000);
          toks.set(i, "(".repeat(depth) + toks.get(i) + ")".repeat(depth));
        }
        default -> toks.set(i, rnd.nextBoolean() ? "'" + "x".repeat(rnd.nextInt(200_000)) + "'"
            : "1" + "0".repeat(rnd.nextInt(5000)));
      }
    }
    return String.join(" ", toks);
  }

  @Test
  void badInputEndsInSqlExceptionsOrSuccess() throws Exception {
    long seed = Long.getLong("beamdb.seed", System.nanoTime());
    int mutations = Integer.getInteger("beamdb.fuzz.cases", 2000);
    System.out.println("SqlFuzzTest seed=" + seed);
    Random rnd = new Random(seed);
    long started = System.nanoTime();
    Connection c = DriverManager.getConnection(url());
    setUp(c);

    // 1. mutated statements, through Statement and PreparedStatement
    for (int i = 0; i < mutations; i++) {
      String sql = mutate(CORPUS[rnd.nextInt(CORPUS.length)], rnd);
      boolean prepared = rnd.nextInt(4) == 0;
      run((prepared ? "prepare: " : "execute: ") + abbreviate(sql), () -> {
        if (prepared) {
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            for (int p = 1; p <= ps.getParameterMetaData().getParameterCount(); p++) {
              ps.setInt(p, 1);
            }
            if (ps.execute()) {
              drain(ps.getResultSet());
            }
          }
        } else {
          try (Statement st = c.createStatement()) {
            if (st.execute(sql)) {
              drain(st.getResultSet());
            }
          }
        }
        return null;
      });
      if (!c.getAutoCommit()) {
        c.rollback();
      }
    }
    // BACKUP TO writes where it is told, so it is not mutated (a mutation could name any file)
    for (String sql : new String[] {"BACKUP TO '" + tmp.resolve("fuzz-backup.zip") + "'", "BACKUP TO ''", "BACKUP TO '" + tmp + "'",
        "BACKUP TO '" + tmp.resolve("no/such/dir/../x.zip") + "'", "BACKUP", "BACKUP TO 'a' 'b'"}) {
      run("backup: " + sql, () -> {
        try (Statement st = c.createStatement()) {
          st.execute(sql);
        }
        return null;
      });
    }
    // 2. deep nesting beyond any parser's stack
    for (int depth : new int[] {100, 1000, 10_000, 100_000}) {
      String nested = "SELECT " + "(".repeat(depth) + "1" + ")".repeat(depth) + " FROM f";
      run("nesting " + depth, () -> {
        try (Statement st = c.createStatement()) {
          drain(st.executeQuery(nested));
        }
        return null;
      });
      // long OR chains: Calcite's planning time grows faster than linearly, so stay at <= 1,000
      // terms in CI (see the Limits section of the README)
      int terms = Math.min(depth / 10, 1000);
      String ands = "SELECT id FROM f WHERE " + "id = 1 OR ".repeat(terms) + "id = 2";
      run("OR chain " + terms, () -> {
        try (Statement st = c.createStatement()) {
          drain(st.executeQuery(ands));
        }
        return null;
      });
    }
    // 3. parameters of the wrong types and sizes
    Object[] values = {"abc", "", "9999999999999999999999", new BigDecimal("1e400"), Double.NaN, Double.POSITIVE_INFINITY,
        Long.MAX_VALUE, new byte[100_000], new Object(), java.sql.Date.valueOf("2020-01-01"), Boolean.TRUE,
        "x".repeat(1 << 20), java.util.UUID.randomUUID(), new int[] {1}, 'c', (short) -1, Float.NaN};
    String[] targets = {"SELECT * FROM f WHERE id = ?", "SELECT * FROM f WHERE name = ?", "INSERT INTO f (id, grp, name, score, d) VALUES (?, ?, ?, ?, ?)",
        "UPDATE f SET score = ?, d = ? WHERE id = ?", "SELECT ? + 1 FROM f", "SELECT * FROM f WHERE d < ?"};
    for (String sql : targets) {
      for (int k = 0; k < 25; k++) {
        Object[] args = new Object[5];
        for (int a = 0; a < args.length; a++) {
          args[a] = values[rnd.nextInt(values.length)];
        }
        run("params " + sql + " " + describe(args), () -> {
          try (PreparedStatement ps = c.prepareStatement(sql)) {
            int count = ps.getParameterMetaData().getParameterCount();
            for (int p = 1; p <= count; p++) {
              ps.setObject(p, args[p - 1]);
            }
            if (ps.execute()) {
              drain(ps.getResultSet());
            }
          }
          return null;
        });
        if (!c.getAutoCommit()) {
          c.rollback();
        }
      }
      run("bad index " + sql, () -> {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
          ps.setInt(0, 1);
        }
        return null;
      });
      run("unset parameters " + sql, () -> {
        try (PreparedStatement ps = c.prepareStatement(sql)) {
          ps.execute();
        }
        return null;
      });
    }
    // 4. closed objects
    closedObjects(c);
    // 5. concurrent misuse of one connection and one statement
    concurrentMisuse(c);
    c.close();

    System.out.println("  " + cases + " fuzz cases in " + (System.nanoTime() - started) / 1_000_000_000 + " s, " + succeeded + " succeeded, " + (cases - succeeded - failures.size())
        + " SQLExceptions with a SQLState, " + failures.size() + " bad outcomes");
    assertTrue(failures.isEmpty(), "seed " + seed + ": " + failures.size() + " bad outcome(s):\n"
        + String.join("\n", failures.subList(0, Math.min(30, failures.size()))));
    // the database is not damaged
    assertTrue(StorageChecker.check(tmp.resolve("db")).ok());
    try (Connection again = DriverManager.getConnection(url()); Statement st = again.createStatement()) {
      long scan = 0;
      long viaIndex = 0;
      try (ResultSet rs = st.executeQuery("SELECT grp FROM f")) {
        while (rs.next()) {
          scan += rs.getObject(1) != null ? 1 : 0;
        }
      }
      try (ResultSet rs = st.executeQuery("SELECT DISTINCT grp FROM f WHERE grp IS NOT NULL")) {
        List<Integer> groups = new ArrayList<>();
        while (rs.next()) {
          groups.add(rs.getInt(1));
        }
        for (int g : groups) {
          try (ResultSet r2 = again.createStatement().executeQuery("SELECT COUNT(*) FROM f WHERE grp = " + g)) {
            r2.next();
            viaIndex += r2.getLong(1);
          }
        }
      }
      assertEquals(scan, viaIndex, "index f_grp agrees with table f");
    }
  }

  private static String describe(Object[] args) {
    StringBuilder sb = new StringBuilder("[");
    for (Object o : args) {
      String s = o == null ? "null" : o.getClass().getSimpleName() + ":" + String.valueOf(o);
      sb.append(s.length() > 40 ? s.substring(0, 40) + "..." : s).append(", ");
    }
    return sb.append(']').toString();
  }

  private static void drain(ResultSet rs) throws SQLException {
    try (rs) {
      int cols = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        for (int i = 1; i <= cols; i++) {
          rs.getObject(i);
          rs.getString(i);
        }
      }
    }
  }

  private void closedObjects(Connection c) throws Exception {
    Statement st = c.createStatement();
    ResultSet rs = st.executeQuery("SELECT id, name FROM f");
    PreparedStatement ps = c.prepareStatement("SELECT * FROM f WHERE id = ?");
    rs.close();
    st.close();
    ps.close();
    List<Callable<?>> calls = List.of(
        () -> rs.next(), () -> rs.getString(1), () -> rs.getInt("ID"), () -> rs.getMetaData(), () -> rs.wasNull(),
        () -> st.executeQuery("SELECT 1 FROM f"), () -> st.executeUpdate("DELETE FROM f WHERE id = -1"),
        () -> st.getResultSet(), () -> { st.setQueryTimeout(1); return null; }, () -> st.getUpdateCount(),
        () -> { ps.setInt(1, 1); return null; }, () -> ps.executeQuery(), () -> ps.getParameterMetaData());
    for (int i = 0; i < calls.size(); i++) {
      Callable<?> call = calls.get(i);
      run("closed object call " + i, call);
    }
    Connection closed = DriverManager.getConnection(url());
    closed.close();
    List<Callable<?>> onClosed = List.of(
        () -> closed.createStatement(), () -> closed.prepareStatement("SELECT 1 FROM f"), () -> { closed.commit(); return null; },
        () -> { closed.rollback(); return null; }, () -> { closed.setAutoCommit(false); return null; },
        () -> closed.getMetaData().getTables(null, null, "%", null), () -> closed.setSavepoint(),
        () -> { closed.setTransactionIsolation(Connection.TRANSACTION_SERIALIZABLE); return null; });
    for (int i = 0; i < onClosed.size(); i++) {
      run("closed connection call " + i, onClosed.get(i));
    }
    // objects whose connection was closed under them
    Connection gone = DriverManager.getConnection(url());
    Statement orphan = gone.createStatement();
    ResultSet open = orphan.executeQuery("SELECT id FROM f");
    gone.close();
    run("statement of closed connection", () -> orphan.executeQuery("SELECT 1 FROM f"));
    run("result set of closed connection", () -> open.next());
  }

  private void concurrentMisuse(Connection c) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(4);
    try {
      Statement shared = c.createStatement();
      List<Future<?>> fs = new ArrayList<>();
      for (int t = 0; t < 4; t++) {
        int tt = t;
        fs.add(pool.submit(() -> {
          for (int i = 0; i < 50; i++) {
            try {
              switch ((tt + i) % 4) {
                case 0 -> drain(shared.executeQuery("SELECT * FROM f WHERE grp = " + (i % 4)));
                case 1 -> shared.executeUpdate("UPDATE f SET score = score + 1 WHERE id = " + (1 + i % 20));
                case 2 -> {
                  ResultSet rs = shared.executeQuery("SELECT id FROM f");
                  rs.next();
                  rs.getInt(1);
                }
                default -> c.rollback();
              }
            } catch (SQLException e) {
              if (e.getSQLState() == null || e.getSQLState().length() != 5) {
                throw new AssertionError("SQLException without a proper SQLState: " + e, e);
              }
            }
          }
          return null;
        }));
      }
      for (Future<?> f : fs) {
        run("concurrent use of one statement", () -> f.get());
      }
    } finally {
      pool.shutdownNow();
    }
  }
}
