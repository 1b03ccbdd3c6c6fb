package io.beamdb.bench.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.SplittableRandom;
import javax.sql.DataSource;

/**
 * YCSB core workloads A (50% read, 50% update), B (95/5), C (read only) and F (50% read, 50%
 * read-modify-write in one transaction) over YCSB's JDBC table
 * {@code usertable(ycsb_key VARCHAR(32) PRIMARY KEY, field0..field9 VARCHAR(100))}, with YCSB's
 * defaults: scrambled Zipfian request distribution, a read returns all fields, an update writes
 * one random field ({@code writeallfields=false}). Keys are {@code user} + a zero-padded
 * number, loaded in key order (YCSB hashes the insert order; only the load differs).
 */
final class Ycsb {
  private final int records;
  private final int fields;
  private final int fieldLength;
  private final Zipfian zipf;

  Ycsb(int records, int fields, int fieldLength) {
    this.records = records;
    this.fields = fields;
    this.fieldLength = fieldLength;
    this.zipf = new Zipfian(records);
  }

  static String key(long n) {
    return String.format("user%012d", n);
  }

  private String value(SplittableRandom rnd) {
    char[] c = new char[fieldLength];
    for (int i = 0; i < c.length; i++) {
      c[i] = (char) (' ' + rnd.nextInt(95));
    }
    return new String(c);
  }

  /** Creates and loads the table (1,000 rows per commit); returns rows/s. */
  double load(DataSource ds) throws SQLException {
    StringBuilder ddl = new StringBuilder("CREATE TABLE usertable (ycsb_key VARCHAR(32) PRIMARY KEY");
    StringBuilder ins = new StringBuilder("INSERT INTO usertable VALUES (?");
    for (int f = 0; f < fields; f++) {
      ddl.append(", field").append(f).append(" VARCHAR(").append(fieldLength).append(')');
      ins.append(", ?");
    }
    try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
      s.execute(ddl.append(')').toString());
      c.setAutoCommit(false);
      SplittableRandom rnd = new SplittableRandom(7);
      long t0 = System.nanoTime();
      try (PreparedStatement ps = c.prepareStatement(ins.append(')').toString())) {
        for (int i = 0; i < records; i++) {
          ps.setString(1, key(i));
          for (int f = 0; f < fields; f++) {
            ps.setString(2 + f, value(rnd));
          }
          ps.addBatch();
          if (i % 1000 == 999 || i == records - 1) {
            ps.executeBatch();
            c.commit();
          }
        }
      }
      double rate = records / ((System.nanoTime() - t0) / 1e9);
      c.setAutoCommit(true);
      return rate;
    }
  }

  /** Workload {@code name} (A, B, C or F). */
  Runner.WorkerFactory workload(char name) {
    double readProportion = switch (name) {
      case 'A', 'F' -> 0.5;
      case 'B' -> 0.95;
      case 'C' -> 1.0;
      default -> throw new IllegalArgumentException("YCSB workload " + name);
    };
    boolean rmw = name == 'F';
    return (c, t) -> {
      PreparedStatement read = c.prepareStatement("SELECT * FROM usertable WHERE ycsb_key = ?");
      PreparedStatement[] update = new PreparedStatement[fields];
      for (int f = 0; f < fields; f++) {
        update[f] = c.prepareStatement("UPDATE usertable SET field" + f + " = ? WHERE ycsb_key = ?");
      }
      if (rmw) {
        c.setAutoCommit(false);
      }
      return rnd -> {
        String key = key(zipf.next(rnd));
        if (rnd.nextDouble() < readProportion) {
          read(read, key);
          if (rmw) {
            c.commit();
          }
        } else if (rmw) {
          read(read, key);
          update(update, key, rnd);
          c.commit();
        } else {
          update(update, key, rnd);
        }
        return 1;
      };
    };
  }

  private void read(PreparedStatement ps, String key) throws SQLException {
    ps.setString(1, key);
    try (ResultSet rs = ps.executeQuery()) {
      if (!rs.next()) {
        throw new IllegalStateException("YCSB read: no row " + key);
      }
      for (int f = 1; f <= fields + 1; f++) {
        rs.getString(f);
      }
    }
  }

  private void update(PreparedStatement[] ps, String key, SplittableRandom rnd) throws SQLException {
    PreparedStatement u = ps[rnd.nextInt(fields)];
    u.setString(1, value(rnd));
    u.setString(2, key);
    if (u.executeUpdate() != 1) {
      throw new IllegalStateException("YCSB update count");
    }
  }
}
