package io.beamdb.bench.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * The single-table micro workloads and the analytical query, over
 * <pre>
 * kv(id BIGINT PRIMARY KEY, grp INTEGER NOT NULL, cat INTEGER NOT NULL, u INTEGER NOT NULL, v VARCHAR(100))
 *   index kv_grp(grp)        grp = id * 1,000,003 mod rows: a permutation of 0..rows-1, unrelated to id
 * category(cat_id INTEGER PRIMARY KEY, cat_name VARCHAR(20), region VARCHAR(10))   100 rows, 10 regions
 * ins(...)                   same columns as kv, empty at the start; the insert workloads fill it
 * </pre>
 * {@code cat = id mod 100}; {@code v} is a 40-60 character string.
 */
final class KvWorkloads {
  static final String ANALYTIC_SQL = "SELECT c.region, COUNT(*), SUM(k.u + k.cat) FROM kv k JOIN category c ON k.cat = c.cat_id "
      + "WHERE k.id >= ? GROUP BY c.region ORDER BY c.region";

  private final int rows;
  private final AtomicLong nextInsert = new AtomicLong(1L << 40);

  KvWorkloads(int rows) {
    this.rows = rows;
  }

  /** Creates and fills the tables with batches of 1,000 rows per commit; returns rows/s. */
  double load(DataSource ds) throws SQLException {
    try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
      String cols = "(id BIGINT PRIMARY KEY, grp INTEGER NOT NULL, cat INTEGER NOT NULL, u INTEGER NOT NULL, v VARCHAR(100))";
      s.execute("CREATE TABLE kv " + cols);
      s.execute("CREATE TABLE ins " + cols);
      s.execute("CREATE TABLE category (cat_id INTEGER PRIMARY KEY, cat_name VARCHAR(20), region VARCHAR(10))");
      s.execute("CREATE INDEX kv_grp ON kv(grp)");
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO category VALUES (?, ?, ?)")) {
        for (int i = 0; i < 100; i++) {
          ps.setInt(1, i);
          ps.setString(2, "category-" + i);
          ps.setString(3, "region-" + (i % 10));
          ps.addBatch();
        }
        ps.executeBatch();
      }
      c.commit();
      long t0 = System.nanoTime();
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO kv VALUES (?, ?, ?, ?, ?)")) {
        for (int i = 0; i < rows; i++) {
          bindRow(ps, i, (int) ((i * 1_000_003L) % rows));
          ps.addBatch();
          if (i % 1000 == 999 || i == rows - 1) {
            ps.executeBatch();
            c.commit();
          }
        }
      }
      double rate = rows / ((System.nanoTime() - t0) / 1e9);
      c.setAutoCommit(true);
      return rate;
    }
  }

  private static void bindRow(PreparedStatement ps, long id, int grp) throws SQLException {
    ps.setLong(1, id);
    ps.setInt(2, grp);
    ps.setInt(3, (int) (id % 100));
    ps.setInt(4, 0);
    ps.setString(5, "value-" + id + "-" + "x".repeat((int) (id % 20)) + "-padding-padding-padding");
  }

  /** Point select by primary key, random keys. */
  Runner.WorkerFactory pointSelect() {
    return (c, t) -> {
      PreparedStatement ps = c.prepareStatement("SELECT v, u FROM kv WHERE id = ?");
      return rnd -> {
        ps.setLong(1, rnd.nextInt(rows));
        try (ResultSet rs = ps.executeQuery()) {
          if (!rs.next()) {
            throw new IllegalStateException("point select found no row");
          }
          rs.getString(1);
          rs.getInt(2);
        }
        return 1;
      };
    };
  }

  /** Point select through a plain Statement with the key as a literal (exercises the plan cache). */
  Runner.WorkerFactory statementSelect() {
    return (c, t) -> {
      Statement st = c.createStatement();
      return rnd -> {
        try (ResultSet rs = st.executeQuery("SELECT v, u FROM kv WHERE id = " + rnd.nextInt(rows))) {
          if (!rs.next()) {
            throw new IllegalStateException("statement select found no row");
          }
          rs.getString(1);
        }
        return 1;
      };
    };
  }

  /** 100 consecutive values of the secondary index {@code grp}. */
  Runner.WorkerFactory rangeScan() {
    return (c, t) -> {
      PreparedStatement ps = c.prepareStatement("SELECT id, u FROM kv WHERE grp >= ? AND grp < ?");
      return rnd -> {
        int from = rnd.nextInt(Math.max(1, rows - 100));
        ps.setInt(1, from);
        ps.setInt(2, from + 100);
        int n = 0;
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            rs.getLong(1);
            n++;
          }
        }
        if (n != Math.min(100, rows)) {
          throw new IllegalStateException("range scan returned " + n + " rows");
        }
        return 1;
      };
    };
  }

  /** Autocommit {@code UPDATE kv SET u = u + 1 WHERE id = ?}. */
  Runner.WorkerFactory pointUpdate() {
    return (c, t) -> {
      PreparedStatement ps = c.prepareStatement("UPDATE kv SET u = u + 1 WHERE id = ?");
      return rnd -> {
        ps.setLong(1, rnd.nextInt(rows));
        if (ps.executeUpdate() != 1) {
          throw new IllegalStateException("point update count");
        }
        return 1;
      };
    };
  }

  /** Autocommit single-row insert into {@code ins}. */
  Runner.WorkerFactory insert() {
    return (c, t) -> {
      PreparedStatement ps = c.prepareStatement("INSERT INTO ins VALUES (?, ?, ?, ?, ?)");
      return rnd -> {
        long id = nextInsert.getAndIncrement();
        bindRow(ps, id, rnd.nextInt(rows));
        ps.executeUpdate();
        return 1;
      };
    };
  }

  /** 1,000 rows through {@code addBatch}/{@code executeBatch}, one commit; counts 1,000 units. */
  Runner.WorkerFactory batchInsert() {
    return (c, t) -> {
      c.setAutoCommit(false);
      PreparedStatement ps = c.prepareStatement("INSERT INTO ins VALUES (?, ?, ?, ?, ?)");
      return rnd -> {
        long first = nextInsert.getAndAdd(1000);
        for (int i = 0; i < 1000; i++) {
          bindRow(ps, first + i, rnd.nextInt(rows));
          ps.addBatch();
        }
        ps.executeBatch();
        c.commit();
        return 1000;
      };
    };
  }

  /** The join + aggregate over (nearly) all of {@code kv}: {@code WHERE k.id >= ?} with ? in 0..9. */
  Runner.WorkerFactory analytic() {
    return (c, t) -> {
      PreparedStatement ps = c.prepareStatement(ANALYTIC_SQL);
      return rnd -> {
        // a varying parameter, so no engine can answer from a cached result (H2 reuses results of
        // an identical query over unchanged tables)
        int from = rnd.nextInt(10);
        ps.setLong(1, from);
        long total = 0;
        int groups = 0;
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            total += rs.getLong(2);
            groups++;
          }
        }
        if (groups != 10 || total != rows - from) {
          throw new IllegalStateException("analytic query: " + groups + " groups, " + total + " rows");
        }
        return 1;
      };
    };
  }
}
