package io.beamdb.bench.sql;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.concurrent.atomic.AtomicLong;
import javax.sql.DataSource;

/**
 * A TPC-C-like mix of New-Order and Payment transactions (50/50; TPC-C's own mix is 45/43 plus
 * three read-mostly transactions left out here), each client thread bound to a home warehouse
 * ({@code thread mod warehouses}). Simplified from TPC-C 5.11:
 * <ul>
 *   <li>tables keep only the columns the two transactions touch; 10 districts per warehouse,
 *       {@code customers} per district (TPC-C: 3,000), {@code items} items (TPC-C: 100,000) with one
 *       stock row per item and warehouse;</li>
 *   <li>New-Order: 5-15 order lines, all supplied by the home warehouse, item ids uniform (no
 *       NURand), sorted to avoid deadlocks, no 1% rollback; increments {@code d_next_o_id} first
 *       (UPDATE, then read back), reads warehouse, customer, items and stock, updates stock,
 *       inserts the order, new-order row and order lines;</li>
 *   <li>Payment: by customer id only (no by-last-name lookup), home warehouse; updates
 *       warehouse, district and customer year-to-date totals, inserts a history row;</li>
 *   <li>no think or keying time; a transaction aborted with a transient error is retried.</li>
 * </ul>
 */
final class Tpcc {
  private final int warehouses;
  private final int customers;
  private final int items;
  private final AtomicLong historyId = new AtomicLong();

  Tpcc(int warehouses, int customers, int items) {
    this.warehouses = warehouses;
    this.customers = customers;
    this.items = items;
  }

  /** Creates and loads the schema (1,000 rows per commit); returns rows loaded. */
  long load(DataSource ds) throws SQLException {
    long n = 0;
    try (Connection c = ds.getConnection(); Statement s = c.createStatement()) {
      s.execute("CREATE TABLE warehouse (w_id INTEGER PRIMARY KEY, w_name VARCHAR(10), w_tax DECIMAL(4,4), w_ytd DECIMAL(12,2))");
      s.execute("CREATE TABLE district (d_w_id INTEGER NOT NULL, d_id INTEGER NOT NULL, d_name VARCHAR(10), d_tax DECIMAL(4,4), "
          + "d_ytd DECIMAL(12,2), d_next_o_id INTEGER, PRIMARY KEY (d_w_id, d_id))");
      s.execute("CREATE TABLE customer (c_w_id INTEGER NOT NULL, c_d_id INTEGER NOT NULL, c_id INTEGER NOT NULL, c_last VARCHAR(16), "
          + "c_discount DECIMAL(4,4), c_balance DECIMAL(12,2), c_ytd_payment DECIMAL(12,2), c_payment_cnt INTEGER, "
          + "PRIMARY KEY (c_w_id, c_d_id, c_id))");
      s.execute("CREATE TABLE item (i_id INTEGER PRIMARY KEY, i_name VARCHAR(24), i_price DECIMAL(5,2))");
      s.execute("CREATE TABLE stock (s_w_id INTEGER NOT NULL, s_i_id INTEGER NOT NULL, s_quantity INTEGER, s_ytd INTEGER, "
          + "s_order_cnt INTEGER, PRIMARY KEY (s_w_id, s_i_id))");
      s.execute("CREATE TABLE orders (o_w_id INTEGER NOT NULL, o_d_id INTEGER NOT NULL, o_id INTEGER NOT NULL, o_c_id INTEGER, "
          + "o_entry_d TIMESTAMP, o_ol_cnt INTEGER, PRIMARY KEY (o_w_id, o_d_id, o_id))");
      s.execute("CREATE TABLE new_order (no_w_id INTEGER NOT NULL, no_d_id INTEGER NOT NULL, no_o_id INTEGER NOT NULL, "
          + "PRIMARY KEY (no_w_id, no_d_id, no_o_id))");
      s.execute("CREATE TABLE order_line (ol_w_id INTEGER NOT NULL, ol_d_id INTEGER NOT NULL, ol_o_id INTEGER NOT NULL, "
          + "ol_number INTEGER NOT NULL, ol_i_id INTEGER, ol_quantity INTEGER, ol_amount DECIMAL(6,2), "
          + "PRIMARY KEY (ol_w_id, ol_d_id, ol_o_id, ol_number))");
      s.execute("CREATE TABLE history (h_id BIGINT PRIMARY KEY, h_c_id INTEGER, h_c_d_id INTEGER, h_c_w_id INTEGER, "
          + "h_d_id INTEGER, h_w_id INTEGER, h_amount DECIMAL(6,2))");
      c.setAutoCommit(false);
      SplittableRandom rnd = new SplittableRandom(11);
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO item VALUES (?, ?, ?)")) {
        for (int i = 1; i <= items; i++) {
          ps.setInt(1, i);
          ps.setString(2, "item-" + i);
          ps.setDouble(3, 1 + rnd.nextInt(9_900) / 100.0);
          n += add(c, ps, i);
        }
        n += flush(c, ps, items);
      }
      try (PreparedStatement w = c.prepareStatement("INSERT INTO warehouse VALUES (?, ?, ?, 300000)");
          PreparedStatement d = c.prepareStatement("INSERT INTO district VALUES (?, ?, ?, ?, 30000, ?)")) {
        for (int wid = 1; wid <= warehouses; wid++) {
          w.setInt(1, wid);
          w.setString(2, "w-" + wid);
          w.setDouble(3, rnd.nextInt(2000) / 10000.0);
          w.executeUpdate();
          for (int did = 1; did <= 10; did++) {
            d.setInt(1, wid);
            d.setInt(2, did);
            d.setString(3, "d-" + did);
            d.setDouble(4, rnd.nextInt(2000) / 10000.0);
            d.setInt(5, 1);
            d.executeUpdate();
          }
          n += 11;
        }
        c.commit();
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO customer VALUES (?, ?, ?, ?, ?, -10, 10, 1)")) {
        int k = 0;
        for (int wid = 1; wid <= warehouses; wid++) {
          for (int did = 1; did <= 10; did++) {
            for (int cid = 1; cid <= customers; cid++) {
              ps.setInt(1, wid);
              ps.setInt(2, did);
              ps.setInt(3, cid);
              ps.setString(4, "last-" + (cid % 1000));
              ps.setDouble(5, rnd.nextInt(5000) / 10000.0);
              n += add(c, ps, ++k);
            }
          }
        }
        n += flush(c, ps, k);
      }
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO stock VALUES (?, ?, ?, 0, 0)")) {
        int k = 0;
        for (int wid = 1; wid <= warehouses; wid++) {
          for (int i = 1; i <= items; i++) {
            ps.setInt(1, wid);
            ps.setInt(2, i);
            ps.setInt(3, 10 + rnd.nextInt(91));
            n += add(c, ps, ++k);
          }
        }
        n += flush(c, ps, k);
      }
      c.setAutoCommit(true);
    }
    return n;
  }

  /** Adds the bound row to the batch; every 1,000th row executes the batch and commits. */
  private static int add(Connection c, PreparedStatement ps, int k) throws SQLException {
    ps.addBatch();
    return k % 1000 == 0 ? execute(c, ps) : 0;
  }

  /** Executes the rest of the batch after {@code k} rows (nothing when {@link #add} just did) and commits. */
  private static int flush(Connection c, PreparedStatement ps, int k) throws SQLException {
    return k % 1000 == 0 ? 0 : execute(c, ps);
  }

  private static int execute(Connection c, PreparedStatement ps) throws SQLException {
    int n = 0;
    for (int x : ps.executeBatch()) {
      n += Math.max(x, 1);
    }
    c.commit();
    return n;
  }

  /** The mix; one unit per committed transaction. */
  Runner.WorkerFactory mix() {
    return (c, thread) -> {
      c.setAutoCommit(false);
      int home = 1 + thread % warehouses;
      PreparedStatement nextOid = c.prepareStatement("UPDATE district SET d_next_o_id = d_next_o_id + 1 WHERE d_w_id = ? AND d_id = ?");
      PreparedStatement readDistrict = c.prepareStatement("SELECT d_next_o_id, d_tax FROM district WHERE d_w_id = ? AND d_id = ?");
      PreparedStatement readWarehouse = c.prepareStatement("SELECT w_tax FROM warehouse WHERE w_id = ?");
      PreparedStatement readCustomer = c.prepareStatement("SELECT c_discount, c_last FROM customer WHERE c_w_id = ? AND c_d_id = ? AND c_id = ?");
      PreparedStatement readItem = c.prepareStatement("SELECT i_price, i_name FROM item WHERE i_id = ?");
      PreparedStatement readStock = c.prepareStatement("SELECT s_quantity FROM stock WHERE s_w_id = ? AND s_i_id = ?");
      PreparedStatement updateStock = c.prepareStatement(
          "UPDATE stock SET s_quantity = ?, s_ytd = s_ytd + ?, s_order_cnt = s_order_cnt + 1 WHERE s_w_id = ? AND s_i_id = ?");
      PreparedStatement insertOrder = c.prepareStatement("INSERT INTO orders VALUES (?, ?, ?, ?, ?, ?)");
      PreparedStatement insertNewOrder = c.prepareStatement("INSERT INTO new_order VALUES (?, ?, ?)");
      PreparedStatement insertLine = c.prepareStatement("INSERT INTO order_line VALUES (?, ?, ?, ?, ?, ?, ?)");
      PreparedStatement payWarehouse = c.prepareStatement("UPDATE warehouse SET w_ytd = w_ytd + ? WHERE w_id = ?");
      PreparedStatement payDistrict = c.prepareStatement("UPDATE district SET d_ytd = d_ytd + ? WHERE d_w_id = ? AND d_id = ?");
      PreparedStatement payCustomer = c.prepareStatement("UPDATE customer SET c_balance = c_balance - ?, "
          + "c_ytd_payment = c_ytd_payment + ?, c_payment_cnt = c_payment_cnt + 1 WHERE c_w_id = ? AND c_d_id = ? AND c_id = ?");
      PreparedStatement insertHistory = c.prepareStatement("INSERT INTO history VALUES (?, ?, ?, ?, ?, ?, ?)");
      return rnd -> {
        int did = 1 + rnd.nextInt(10);
        int cid = 1 + rnd.nextInt(customers);
        if (rnd.nextBoolean()) {
          // New-Order
          nextOid.setInt(1, home);
          nextOid.setInt(2, did);
          check(nextOid.executeUpdate(), "district");
          int oid;
          readDistrict.setInt(1, home);
          readDistrict.setInt(2, did);
          try (ResultSet rs = readDistrict.executeQuery()) {
            rs.next();
            oid = rs.getInt(1) - 1;
          }
          readWarehouse.setInt(1, home);
          try (ResultSet rs = readWarehouse.executeQuery()) {
            rs.next();
          }
          readCustomer.setInt(1, home);
          readCustomer.setInt(2, did);
          readCustomer.setInt(3, cid);
          try (ResultSet rs = readCustomer.executeQuery()) {
            rs.next();
          }
          int lines = 5 + rnd.nextInt(11);
          int[] itemIds = new int[lines];
          for (int l = 0; l < lines; l++) {
            itemIds[l] = 1 + rnd.nextInt(items);
          }
          Arrays.sort(itemIds);
          insertOrder.setInt(1, home);
          insertOrder.setInt(2, did);
          insertOrder.setInt(3, oid);
          insertOrder.setInt(4, cid);
          insertOrder.setTimestamp(5, new Timestamp(System.currentTimeMillis()));
          insertOrder.setInt(6, lines);
          insertOrder.executeUpdate();
          insertNewOrder.setInt(1, home);
          insertNewOrder.setInt(2, did);
          insertNewOrder.setInt(3, oid);
          insertNewOrder.executeUpdate();
          for (int l = 0; l < lines; l++) {
            int qty = 1 + rnd.nextInt(10);
            double price;
            readItem.setInt(1, itemIds[l]);
            try (ResultSet rs = readItem.executeQuery()) {
              rs.next();
              price = rs.getDouble(1);
            }
            int stockQty;
            readStock.setInt(1, home);
            readStock.setInt(2, itemIds[l]);
            try (ResultSet rs = readStock.executeQuery()) {
              rs.next();
              stockQty = rs.getInt(1);
            }
            updateStock.setInt(1, stockQty >= qty + 10 ? stockQty - qty : stockQty - qty + 91);
            updateStock.setInt(2, qty);
            updateStock.setInt(3, home);
            updateStock.setInt(4, itemIds[l]);
            check(updateStock.executeUpdate(), "stock");
            insertLine.setInt(1, home);
            insertLine.setInt(2, did);
            insertLine.setInt(3, oid);
            insertLine.setInt(4, l + 1);
            insertLine.setInt(5, itemIds[l]);
            insertLine.setInt(6, qty);
            insertLine.setDouble(7, Math.round(qty * price * 100) / 100.0);
            insertLine.executeUpdate();
          }
        } else {
          // Payment
          double amount = (100 + rnd.nextInt(500_000)) / 100.0;
          payWarehouse.setDouble(1, amount);
          payWarehouse.setInt(2, home);
          check(payWarehouse.executeUpdate(), "warehouse");
          payDistrict.setDouble(1, amount);
          payDistrict.setInt(2, home);
          payDistrict.setInt(3, did);
          check(payDistrict.executeUpdate(), "district");
          payCustomer.setDouble(1, amount);
          payCustomer.setDouble(2, amount);
          payCustomer.setInt(3, home);
          payCustomer.setInt(4, did);
          payCustomer.setInt(5, cid);
          check(payCustomer.executeUpdate(), "customer");
          insertHistory.setLong(1, historyId.incrementAndGet());
          insertHistory.setInt(2, cid);
          insertHistory.setInt(3, did);
          insertHistory.setInt(4, home);
          insertHistory.setInt(5, did);
          insertHistory.setInt(6, home);
          insertHistory.setDouble(7, amount);
          insertHistory.executeUpdate();
        }
        c.commit();
        return 1;
      };
    };
  }

  private static void check(int count, String table) {
    if (count != 1) {
      throw new IllegalStateException("TPC-C update of " + table + " touched " + count + " rows");
    }
  }
}
