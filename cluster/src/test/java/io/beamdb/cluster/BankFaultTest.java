package io.beamdb.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * Bank transfers through HikariCP and the remote driver on a three-node cluster while the test
 * stops the leader. Every transfer moves money between two accounts and records itself in a
 * ledger table in the same transaction. Afterwards: the total is unchanged, every acknowledged
 * transfer is in the ledger, every account's balance equals its opening balance plus the
 * ledger's transfers (so no transaction is half applied), and the two remaining nodes kept
 * committing.
 */
@Timeout(150)
class BankFaultTest {
  private static final System.Logger LOG = System.getLogger(BankFaultTest.class.getName());
  private static final int ACCOUNTS = 10;
  private static final long OPENING = 1_000;
  private static final int WORKERS = 3;
  /** Acknowledged transfers before and after the leader is stopped. */
  private static final int BEFORE = 40;
  private static final int AFTER = 40;

  @TempDir
  Path dir;

  @Test
  void totalIsInvariantAndNoAcknowledgedTransferIsLostWhenTheLeaderDies() throws Exception {
    try (LocalCluster cluster = new LocalCluster(dir, 3)) {
      HikariConfig hc = new HikariConfig();
      hc.setJdbcUrl(cluster.url() + ";CONNECT_TIMEOUT=30000");
      hc.setUsername(LocalCluster.USER);
      hc.setPassword(LocalCluster.PASSWORD);
      hc.setMaximumPoolSize(WORKERS);
      hc.setAutoCommit(false);
      hc.setConnectionTimeout(60_000);
      hc.setInitializationFailTimeout(60_000);
      try (HikariDataSource pool = new HikariDataSource(hc)) {
        try (Connection c = pool.getConnection(); Statement s = c.createStatement()) {
          s.execute("CREATE TABLE acct (id INT PRIMARY KEY, bal BIGINT NOT NULL)");
          s.execute("CREATE TABLE ledger (xid BIGINT PRIMARY KEY, src INT, dst INT, amount BIGINT)");
          for (int i = 0; i < ACCOUNTS; i++) {
            s.execute("INSERT INTO acct VALUES (" + i + ", " + OPENING + ")");
          }
          c.commit();
        }
        Set<Long> acknowledged = ConcurrentHashMap.newKeySet();
        AtomicLong nextXid = new AtomicLong(1);
        AtomicInteger failures = new AtomicInteger();
        AtomicBoolean stop = new AtomicBoolean();
        Thread[] workers = new Thread[WORKERS];
        for (int w = 0; w < WORKERS; w++) {
          long seed = w;
          workers[w] = new Thread(() -> transfer(pool, new Random(seed), nextXid, acknowledged, failures, stop),
              "bank-" + w);
          workers[w].start();
        }
        try {
          awaitCount(acknowledged, BEFORE);
          int leader = cluster.leader();
          assertTrue(leader >= 0, "a node serves SQL");
          int ackedAtKill = acknowledged.size();
          long killedAt = System.nanoTime();
          cluster.stop(leader);
          awaitCount(acknowledged, ackedAtKill + 1);
          long failoverMillis = (System.nanoTime() - killedAt) / 1_000_000;
          awaitCount(acknowledged, ackedAtKill + AFTER);
          LOG.log(System.Logger.Level.INFO, "stopped leader n{0} after {1} transfers; first commit after it: {2} ms;"
              + " {3} failed or unknown transfers", leader + 1, ackedAtKill, failoverMillis, failures.get());
        } finally {
          stop.set(true);
          for (Thread t : workers) {
            t.join();
          }
        }
        try (Connection c = pool.getConnection()) {
          c.setAutoCommit(true);
          Map<Integer, Long> balance = new HashMap<>();
          long total = 0;
          try (Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT id, bal FROM acct")) {
            while (rs.next()) {
              balance.put(rs.getInt(1), rs.getLong(2));
              total += rs.getLong(2);
            }
          }
          assertEquals(ACCOUNTS * OPENING, total, "money is neither created nor destroyed");
          Map<Integer, Long> expected = new HashMap<>();
          Set<Long> ledger = new java.util.HashSet<>();
          try (Statement s = c.createStatement();
               ResultSet rs = s.executeQuery("SELECT xid, src, dst, amount FROM ledger")) {
            while (rs.next()) {
              ledger.add(rs.getLong(1));
              expected.merge(rs.getInt(2), -rs.getLong(4), Long::sum);
              expected.merge(rs.getInt(3), rs.getLong(4), Long::sum);
            }
          }
          for (long xid : acknowledged) {
            assertTrue(ledger.contains(xid), "acknowledged transfer " + xid + " is in the ledger");
          }
          for (int i = 0; i < ACCOUNTS; i++) {
            assertEquals(OPENING + expected.getOrDefault(i, 0L), balance.get(i),
                "account " + i + " matches its ledger entries (no half-applied transfer)");
          }
          assertTrue(acknowledged.size() >= BEFORE + AFTER);
        }
      }
    }
  }

  private static void awaitCount(Set<Long> acknowledged, int n) throws InterruptedException {
    while (acknowledged.size() < n) {
      Thread.sleep(20); // bounded by the class @Timeout
    }
  }

  private static void transfer(HikariDataSource pool, Random random, AtomicLong nextXid, Set<Long> acknowledged,
                               AtomicInteger failures, AtomicBoolean stop) {
    while (!stop.get()) {
      int src = random.nextInt(ACCOUNTS);
      int dst = (src + 1 + random.nextInt(ACCOUNTS - 1)) % ACCOUNTS;
      long amount = 1 + random.nextInt(20);
      long xid = nextXid.getAndIncrement();
      try (Connection c = pool.getConnection()) {
        try (PreparedStatement debit = c.prepareStatement("UPDATE acct SET bal = bal - ? WHERE id = ?");
             PreparedStatement credit = c.prepareStatement("UPDATE acct SET bal = bal + ? WHERE id = ?");
             PreparedStatement log = c.prepareStatement("INSERT INTO ledger VALUES (?, ?, ?, ?)")) {
          debit.setLong(1, amount);
          debit.setInt(2, src);
          assertEquals(1, debit.executeUpdate());
          credit.setLong(1, amount);
          credit.setInt(2, dst);
          assertEquals(1, credit.executeUpdate());
          log.setLong(1, xid);
          log.setInt(2, src);
          log.setInt(3, dst);
          log.setLong(4, amount);
          log.executeUpdate();
          c.commit();
          acknowledged.add(xid);
        } catch (SQLException e) {
          failures.incrementAndGet();
          LOG.log(System.Logger.Level.DEBUG, "transfer " + xid + " failed or has an unknown outcome", e);
          if (!c.isClosed()) {
            try {
              c.rollback();
            } catch (SQLException r) {
              LOG.log(System.Logger.Level.DEBUG, "rollback after a failed transfer failed", r);
            }
          }
        }
      } catch (SQLException e) {
        failures.incrementAndGet();
        LOG.log(System.Logger.Level.DEBUG, "no connection from the pool", e);
      }
    }
  }
}
