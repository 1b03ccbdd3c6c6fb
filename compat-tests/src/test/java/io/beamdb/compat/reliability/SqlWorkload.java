package io.beamdb.compat.reliability;

import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * A seeded workload of SQL transactions over one table with a secondary index, planned against
 * an in-memory model so that the expected table contents after every prefix of the transactions
 * are known. Transaction 0 of a fresh workload is the DDL ({@code CREATE TABLE t} and
 * {@code CREATE INDEX t_grp ON t(grp)} in one transaction); the others mix multi-row inserts,
 * updates by primary key and by the indexed column, and deletes. Not thread-safe.
 */
final class SqlWorkload {
  static final int GROUPS = 8;

  /** One row of {@code t}. */
  record Row(int id, int grp, long val, int txn, String pad) {
  }

  /** One statement and the update count it must report. */
  record Stmt(String sql, int expectedCount) {
  }

  /** The statements of one transaction. */
  record Txn(int no, List<Stmt> statements) {
  }

  /** The table contents after each prefix; {@code null} = the table does not exist yet. */
  final List<TreeMap<Integer, Row>> states = new ArrayList<>();
  final List<Txn> txns = new ArrayList<>();
  private int nextId;

  /**
   * Plans {@code count} transactions starting from {@code start} (null: an empty directory, so
   * the first transaction creates the table and its index).
   */
  SqlWorkload(Random rnd, TreeMap<Integer, Row> start, int count, int firstTxnNo) {
    states.add(start == null ? null : new TreeMap<>(start));
    TreeMap<Integer, Row> model = start == null ? null : new TreeMap<>(start);
    nextId = start == null || start.isEmpty() ? 1 : Math.max(1, start.lastKey() + 1);
    for (int i = 0; i < count; i++) {
      int no = firstTxnNo + i;
      List<Stmt> stmts = new ArrayList<>();
      if (model == null) {
        stmts.add(new Stmt("CREATE TABLE t (id INT PRIMARY KEY, grp INT NOT NULL, val BIGINT NOT NULL,"
            + " txn INT NOT NULL, pad VARCHAR(200))", 0));
        stmts.add(new Stmt("CREATE INDEX t_grp ON t(grp)", 0));
        model = new TreeMap<>();
      } else {
        int n = 1 + rnd.nextInt(3);
        for (int s = 0; s < n; s++) {
          stmts.add(randomStatement(rnd, model, no));
        }
      }
      txns.add(new Txn(no, stmts));
      states.add(new TreeMap<>(model));
    }
  }

  private Stmt randomStatement(Random rnd, TreeMap<Integer, Row> model, int no) {
    int kind = model.size() < 5 ? 0 : rnd.nextInt(10);
    if (kind < 4) {
      int rows = 1 + rnd.nextInt(5);
      StringBuilder sb = new StringBuilder("INSERT INTO t (id, grp, val, txn, pad) VALUES ");
      for (int r = 0; r < rows; r++) {
        Row row = new Row(nextId++, rnd.nextInt(GROUPS), rnd.nextInt(1000), no, pad(rnd));
        model.put(row.id(), row);
        sb.append(r == 0 ? "" : ", ").append('(').append(row.id()).append(", ").append(row.grp())
            .append(", ").append(row.val()).append(", ").append(no).append(", '").append(row.pad()).append("')");
      }
      return new Stmt(sb.toString(), rows);
    }
    List<Integer> ids = pick(rnd, model);
    String in = ids.toString().replace('[', '(').replace(']', ')');
    if (kind < 6) {
      int grp = rnd.nextInt(GROUPS);
      int delta = 1 + rnd.nextInt(50);
      for (int id : ids) {
        Row r = model.get(id);
        model.put(id, new Row(id, grp, r.val() + delta, no, r.pad()));
      }
      return new Stmt("UPDATE t SET grp = " + grp + ", val = val + " + delta + ", txn = " + no
          + " WHERE id IN " + in, ids.size());
    }
    if (kind < 8) {
      int grp = rnd.nextInt(GROUPS);
      int count = 0;
      for (Map.Entry<Integer, Row> e : model.entrySet()) {
        Row r = e.getValue();
        if (r.grp() == grp) {
          e.setValue(new Row(r.id(), r.grp(), r.val() + 1, no, r.pad()));
          count++;
        }
      }
      return new Stmt("UPDATE t SET val = val + 1, txn = " + no + " WHERE grp = " + grp, count);
    }
    ids.forEach(model::remove);
    return new Stmt("DELETE FROM t WHERE id IN " + in, ids.size());
  }

  private static List<Integer> pick(Random rnd, TreeMap<Integer, Row> model) {
    List<Integer> keys = new ArrayList<>(model.keySet());
    int n = 1 + rnd.nextInt(Math.min(4, keys.size()));
    List<Integer> out = new ArrayList<>();
    while (out.size() < n) {
      int id = keys.get(rnd.nextInt(keys.size()));
      if (!out.contains(id)) {
        out.add(id);
      }
    }
    out.sort(null);
    return out;
  }

  private static String pad(Random rnd) {
    int len = rnd.nextInt(120);
    StringBuilder sb = new StringBuilder(len);
    for (int i = 0; i < len; i++) {
      sb.append((char) ('a' + rnd.nextInt(26)));
    }
    return sb.toString();
  }

  /** Runs transaction {@code i} (0-based) on {@code c} (autocommit off) without committing. */
  void run(Connection c, int i) throws SQLException {
    try (Statement st = c.createStatement()) {
      for (Stmt s : txns.get(i).statements()) {
        int n = st.executeUpdate(s.sql());
        if (!s.sql().startsWith("CREATE") && n != s.expectedCount()) {
          throw new AssertionError("update count " + n + " != " + s.expectedCount() + " for " + s.sql());
        }
      }
    }
  }

  /**
   * The observed contents of {@code t}, or null when the table does not exist. Throws
   * AssertionError when the table exists without its index, or when an index lookup disagrees
   * with the table scan.
   */
  static TreeMap<Integer, Row> observe(Connection c) throws SQLException {
    DatabaseMetaData md = c.getMetaData();
    boolean table;
    try (ResultSet rs = md.getTables(null, null, "T", null)) {
      table = rs.next();
    }
    if (!table) {
      return null;
    }
    boolean index = false;
    try (ResultSet rs = md.getIndexInfo(null, null, "T", false, false)) {
      while (rs.next()) {
        index |= "T_GRP".equalsIgnoreCase(rs.getString("INDEX_NAME"));
      }
    }
    if (!index) {
      throw new AssertionError("table T exists without index T_GRP: half a DDL transaction survived");
    }
    TreeMap<Integer, Row> rows = new TreeMap<>();
    try (Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("SELECT id, grp, val, txn, pad FROM t ORDER BY id")) {
      while (rs.next()) {
        Row r = new Row(rs.getInt(1), rs.getInt(2), rs.getLong(3), rs.getInt(4), rs.getString(5));
        rows.put(r.id(), r);
      }
    }
    // every index agrees with its table: look up each group through the index
    try (var ps = c.prepareStatement("SELECT id, val FROM t WHERE grp = ? ORDER BY id")) {
      for (int g = 0; g < GROUPS; g++) {
        ps.setInt(1, g);
        List<String> viaIndex = new ArrayList<>();
        try (ResultSet rs = ps.executeQuery()) {
          while (rs.next()) {
            viaIndex.add(rs.getInt(1) + "=" + rs.getLong(2));
          }
        }
        List<String> viaTable = new ArrayList<>();
        for (Row r : rows.values()) {
          if (r.grp() == g) {
            viaTable.add(r.id() + "=" + r.val());
          }
        }
        if (!viaIndex.equals(viaTable)) {
          throw new AssertionError("index T_GRP disagrees with table T for grp " + g + ": index " + viaIndex
              + ", table " + viaTable);
        }
      }
    }
    return rows;
  }

  /** The plan of the indexed lookup (to assert it really uses the index). */
  static String explainGroupLookup(Connection c) throws SQLException {
    StringBuilder sb = new StringBuilder();
    try (Statement st = c.createStatement();
         ResultSet rs = st.executeQuery("EXPLAIN PLAN FOR SELECT id, val FROM t WHERE grp = 3 ORDER BY id")) {
      while (rs.next()) {
        sb.append(rs.getString(1)).append('\n');
      }
    }
    return sb.toString();
  }
}
