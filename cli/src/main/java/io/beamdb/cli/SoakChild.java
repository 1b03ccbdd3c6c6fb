package io.beamdb.cli;

import java.io.FileOutputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;

/**
 * The child process of {@code beam soak}: opens {@code jdbc:beam:file:DIR} (SYNC=FULL), creates
 * the soak schema if missing, prints {@code READY}, then runs random transactions until it is
 * killed. Each transaction {@code T} (numbered on from the highest one in the database) moves
 * amounts between rows of {@code soak} (the sum of {@code val} stays 0), inserts rows, moves
 * rows between index groups, deletes rows after moving their value away, and records
 * {@code (T, inserted, deleted)} in {@code soak_txn}. After {@code commit()} returns, the line
 * {@code T} is appended to the ledger file (a plain write: it survives a kill -9 of this process,
 * which is the only failure the soak simulates). Not meant to be run by hand.
 *
 * <p>Arguments: DIR LEDGER SEED.
 */
public final class SoakChild {
  static final int GROUPS = 10;

  private SoakChild() {
  }

  /** Schema of the soak database (idempotent). */
  static void createSchema(Connection c) throws SQLException {
    try (Statement st = c.createStatement()) {
      st.execute("CREATE TABLE IF NOT EXISTS soak (id BIGINT PRIMARY KEY, grp INT NOT NULL, val BIGINT NOT NULL,"
          + " last_txn BIGINT NOT NULL, pad VARCHAR(300))");
      st.execute("CREATE INDEX IF NOT EXISTS soak_grp ON soak(grp)");
      st.execute("CREATE TABLE IF NOT EXISTS soak_txn (txn BIGINT PRIMARY KEY, inserted INT NOT NULL, deleted INT NOT NULL)");
    }
  }

  /** Runs the child; see the class comment. */
  public static void main(String[] args) throws Exception {
    Path dir = Path.of(args[0]);
    Path ledger = Path.of(args[1]);
    Random rnd = new Random(Long.parseLong(args[2]));
    try (Connection c = DriverManager.getConnection("jdbc:beam:file:" + dir + ";MEMTABLE_SIZE=65536");
         OutputStream log = new FileOutputStream(ledger.toFile(), true)) {
      createSchema(c);
      c.setAutoCommit(false);
      long t;
      long nextId;
      try (Statement st = c.createStatement()) {
        try (ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(txn), 0) FROM soak_txn")) {
          rs.next();
          t = rs.getLong(1);
        }
        try (ResultSet rs = st.executeQuery("SELECT COALESCE(MAX(id), 0) FROM soak")) {
          rs.next();
          nextId = rs.getLong(1) + 1;
        }
      }
      c.commit();
      System.out.println("READY " + t);
      System.out.flush();
      while (true) {
        t++;
        int[] counts = new int[2];
        nextId = transaction(c, rnd, t, nextId, counts);
        try (Statement st = c.createStatement()) {
          st.executeUpdate("INSERT INTO soak_txn VALUES (" + t + ", " + counts[0] + ", " + counts[1] + ")");
        }
        c.commit();
        log.write((t + "\n").getBytes(StandardCharsets.US_ASCII));
      }
    }
  }

  private static long transaction(Connection c, Random rnd, long t, long nextId, int[] counts) throws SQLException {
    try (Statement st = c.createStatement()) {
      int inserts = rnd.nextInt(4);
      if (inserts > 0) {
        StringBuilder sb = new StringBuilder("INSERT INTO soak VALUES ");
        for (int i = 0; i < inserts; i++) {
          sb.append(i == 0 ? "" : ", ").append('(').append(nextId++).append(", ").append(rnd.nextInt(GROUPS))
              .append(", 0, ").append(t).append(", '").append("p".repeat(rnd.nextInt(300))).append("')");
        }
        st.executeUpdate(sb.toString());
        counts[0] += inserts;
      }
      List<long[]> rows = new ArrayList<>(); // id, val
      try (ResultSet rs = st.executeQuery("SELECT id, val FROM soak WHERE grp = " + rnd.nextInt(GROUPS))) {
        while (rs.next()) {
          rows.add(new long[] {rs.getLong(1), rs.getLong(2)});
        }
      }
      if (rows.size() >= 2) {
        long[] a = rows.get(rnd.nextInt(rows.size()));
        long[] b = rows.get(rnd.nextInt(rows.size()));
        if (a[0] != b[0]) {
          long x = 1 + rnd.nextInt(100);
          st.executeUpdate("UPDATE soak SET val = val - " + x + ", last_txn = " + t + " WHERE id = " + a[0]);
          st.executeUpdate("UPDATE soak SET val = val + " + x + ", last_txn = " + t + " WHERE id = " + b[0]);
          if (rnd.nextInt(4) == 0) {
            st.executeUpdate("UPDATE soak SET grp = " + rnd.nextInt(GROUPS) + ", last_txn = " + t + " WHERE id = " + a[0]);
          }
          if (rnd.nextInt(5) == 0) { // delete b after moving its value to a
            long bVal;
            try (ResultSet rs = st.executeQuery("SELECT val FROM soak WHERE id = " + b[0])) {
              rs.next();
              bVal = rs.getLong(1);
            }
            st.executeUpdate("UPDATE soak SET val = val + " + bVal + ", last_txn = " + t + " WHERE id = " + a[0]);
            st.executeUpdate("DELETE FROM soak WHERE id = " + b[0]);
            counts[1]++;
          }
        }
      }
      return nextId;
    }
  }
}
