package io.beamdb.compat.reliability;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.beamdb.cli.BeamCli;
import io.beamdb.storage.StorageChecker;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code BACKUP TO 'file'} while writers run, then {@code beam restore}: three writer threads run
 * transfers between accounts, each transaction also appending a ledger row numbered by a counter
 * row it increments (so the committed transactions are numbered 1..n in commit order). Several
 * backups are taken during the run; each restored database must pass {@code beam check} and hold
 * exactly the data of one commit point: ledger rows exactly 1..n where n is the counter, and every
 * balance equal to its initial value plus the transfers of ledger rows 1..n (so the total is
 * unchanged).
 */
class BackupTest {
  private static final int ACCOUNTS = 8;
  private static final long INITIAL = 1000;

  @TempDir Path tmp;

  private static int beam(String... args) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    return BeamCli.execute(args, new ByteArrayInputStream(new byte[0]),
        new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(out, true, StandardCharsets.UTF_8));
  }

  @Test
  void onlineBackupsHoldExactlyOneCommitPoint() throws Exception {
    String url = "jdbc:beam:file:" + tmp.resolve("db") + ";MEMTABLE_SIZE=16384";
    try (Connection admin = DriverManager.getConnection(url); Statement st = admin.createStatement()) {
      st.execute("CREATE TABLE acct (id INT PRIMARY KEY, bal BIGINT NOT NULL)");
      st.execute("CREATE TABLE ctr (id INT PRIMARY KEY, n BIGINT NOT NULL)");
      st.execute("CREATE TABLE ledger (seq_no BIGINT PRIMARY KEY, src INT, dst INT, amount BIGINT)");
      st.execute("CREATE INDEX ledger_src ON ledger(src)");
      for (int i = 0; i < ACCOUNTS; i++) {
        st.executeUpdate("INSERT INTO acct VALUES (" + i + ", " + INITIAL + ")");
      }
      st.executeUpdate("INSERT INTO ctr VALUES (1, 0)");

      AtomicBoolean running = new AtomicBoolean(true);
      AtomicInteger committed = new AtomicInteger();
      ExecutorService pool = Executors.newFixedThreadPool(3);
      List<Future<?>> writers = new ArrayList<>();
      for (int w = 0; w < 3; w++) {
        long seed = w;
        writers.add(pool.submit(() -> {
          transfers(url, new Random(seed), running, committed);
          return null;
        }));
      }
      List<Path> backups = new ArrayList<>();
      try {
        for (int b = 0; b < 3; b++) {
          int before = committed.get();
          while (committed.get() < before + 20) {
            Thread.sleep(2);
            if (writers.stream().anyMatch(Future::isDone)) {
              break;
            }
          }
          Path file = tmp.resolve("backup-" + b + ".zip");
          assertEquals(0, st.executeUpdate("BACKUP TO '" + file + "'"));
          backups.add(file);
        }
      } finally {
        running.set(false);
        pool.shutdown();
      }
      for (Future<?> f : writers) {
        f.get(); // rethrows a writer's failure
      }
      long last = -1;
      for (int b = 0; b < backups.size(); b++) {
        Path dir = tmp.resolve("restored-" + b);
        assertEquals(0, beam("restore", backups.get(b).toString(), "--to", dir.toString()));
        assertTrue(StorageChecker.check(dir).ok());
        long n = verifyOneCommitPoint(dir);
        assertTrue(n > last, "later backups hold more commits: " + n + " after " + last);
        last = n;
        System.out.println("BackupTest: backup " + b + " holds commits 1.." + n);
      }
      assertThrows(SQLException.class, () -> st.execute("BACKUP TO"));
      assertEquals("42000", assertThrows(SQLException.class, () -> st.execute("BACKUP TO file.zip")).getSQLState());
    }
  }

  /** Checks the restored database and returns its counter n. */
  private static long verifyOneCommitPoint(Path dir) throws SQLException {
    try (Connection c = DriverManager.getConnection("jdbc:beam:file:" + dir); Statement st = c.createStatement()) {
      long n;
      try (ResultSet rs = st.executeQuery("SELECT n FROM ctr WHERE id = 1")) {
        assertTrue(rs.next());
        n = rs.getLong(1);
      }
      long[] bal = new long[ACCOUNTS];
      java.util.Arrays.fill(bal, INITIAL);
      long expectNo = 1;
      try (ResultSet rs = st.executeQuery("SELECT seq_no, src, dst, amount FROM ledger ORDER BY seq_no")) {
        while (rs.next()) {
          assertEquals(expectNo++, rs.getLong(1), "ledger rows are exactly 1..n");
          bal[rs.getInt(2)] -= rs.getLong(4);
          bal[rs.getInt(3)] += rs.getLong(4);
        }
      }
      assertEquals(n, expectNo - 1, "ledger rows 1..n where n is the counter");
      try (ResultSet rs = st.executeQuery("SELECT id, bal FROM acct ORDER BY id")) {
        for (int i = 0; i < ACCOUNTS; i++) {
          assertTrue(rs.next());
          assertEquals(bal[i], rs.getLong(2), "balance of account " + i + " after commits 1.." + n);
        }
      }
      try (ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM ledger WHERE src = 0")) {
        rs.next();
        long viaIndex = rs.getLong(1);
        try (ResultSet all = c.createStatement().executeQuery("SELECT src FROM ledger")) {
          long scan = 0;
          while (all.next()) {
            scan += all.getInt(1) == 0 ? 1 : 0;
          }
          assertEquals(scan, viaIndex, "index agrees with table");
        }
      }
      return n;
    }
  }

  private static void transfers(String url, Random rnd, AtomicBoolean running, AtomicInteger committed) throws SQLException {
    try (Connection c = DriverManager.getConnection(url)) {
      c.setAutoCommit(false);
      while (running.get()) {
        int a = rnd.nextInt(ACCOUNTS);
        int b = (a + 1 + rnd.nextInt(ACCOUNTS - 1)) % ACCOUNTS;
        long amount = 1 + rnd.nextInt(50);
        try (Statement st = c.createStatement()) {
          long n;
          try (ResultSet rs = st.executeQuery("SELECT n FROM ctr WHERE id = 1 FOR UPDATE")) {
            rs.next();
            n = rs.getLong(1) + 1;
          }
          st.executeUpdate("UPDATE ctr SET n = " + n + " WHERE id = 1");
          st.executeUpdate("UPDATE acct SET bal = bal - " + amount + " WHERE id = " + a);
          st.executeUpdate("UPDATE acct SET bal = bal + " + amount + " WHERE id = " + b);
          st.executeUpdate("INSERT INTO ledger VALUES (" + n + ", " + a + ", " + b + ", " + amount + ")");
          c.commit();
          committed.incrementAndGet();
        } catch (SQLException e) {
          c.rollback();
          String s = e.getSQLState();
          if (!"40001".equals(s) && !"40P01".equals(s)) {
            throw e;
          }
        }
      }
    }
  }
}
