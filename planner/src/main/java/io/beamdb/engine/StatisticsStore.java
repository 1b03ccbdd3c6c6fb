package io.beamdb.engine;

import io.beamdb.planner.exec.ModifyNode;
import io.beamdb.planner.stats.Analyzer;
import io.beamdb.planner.stats.StatsSource;
import io.beamdb.planner.stats.TableStats;
import io.beamdb.sql.catalog.Catalog;
import io.beamdb.sql.catalog.TableDef;
import io.beamdb.sql.encoding.KeyEncoder;
import io.beamdb.txn.KvCursor;
import io.beamdb.txn.Transaction;
import io.beamdb.txn.TransactionManager;

import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicLong;

/**
 * The statistics of a database's tables ({@link TableStats}), kept up to date in two ways:
 *
 * <ul>
 *   <li>{@code ANALYZE [TABLE] [t]} reads the table(s) now ({@link #analyze});</li>
 *   <li>every INSERT, UPDATE, DELETE and MERGE adds its row count to the table's counters
 *       ({@link #recordWrite}): inserts and deletes adjust the row count the planner sees at
 *       once, and when the rows written since the last analysis exceed
 *       {@value #AUTO_MIN_CHANGES} and {@value #AUTO_FRACTION} of the rows then analyzed, a
 *       background thread re-analyzes the table (like PostgreSQL's autovacuum analyze, whose
 *       threshold is 50 rows + 10%; the larger fraction here bounds the work of filling a table
 *       from empty to about twice one full read). Set the system property
 *       {@code beamdb.autoAnalyze=false} to turn that off. Counts are taken when a statement
 *       completes, so a write that is later rolled back still counts: the next analysis corrects it.</li>
 * </ul>
 *
 * <p>Statistics are stored in the catalog key space under {@code [0x01]['A'][table id u32]}
 * (see {@link TableStats} for the value format), written in their own transaction, so they
 * survive a restart and are loaded with the catalog. Table ids are never reused, so statistics of
 * a dropped table are never applied to another; {@link TableStats#matches} drops statistics whose
 * columns no longer match the table.
 *
 * <p>{@link #epoch()} changes whenever statistics change enough to change plans (an ANALYZE, the
 * first analysis of a table, or an automatic one that changed the row count or a distinct count
 * by half or more); the plan cache keys and prepared statements compare it, so cached plans are
 * made again. Thread-safe: writers only add to per-table {@link java.util.concurrent.atomic.LongAdder}s
 * (no shared cache line between concurrent writers of a table).
 */
final class StatisticsStore implements StatsSource {
  private static final System.Logger LOG = System.getLogger(StatisticsStore.class.getName());
  /** Least number of rows written before an automatic re-analysis. */
  static final long AUTO_MIN_CHANGES = 1000;
  /** Fraction of the analyzed rows that must have been written before an automatic re-analysis. */
  static final double AUTO_FRACTION = 0.5;
  private static final byte STATS_TAG = 'A';

  /** Counters and statistics of one table. */
  private static final class Entry {
    volatile TableStats analyzed;
    final java.util.concurrent.atomic.LongAdder rowDelta = new java.util.concurrent.atomic.LongAdder();
    final java.util.concurrent.atomic.LongAdder changes = new java.util.concurrent.atomic.LongAdder();
    volatile boolean scheduled;
  }

  private final Map<Integer, Entry> tables = new ConcurrentHashMap<>();
  private final AtomicLong epoch = new AtomicLong();
  private final TransactionManager txns;
  private final java.util.function.Supplier<Catalog> catalog;
  private final boolean auto = Boolean.parseBoolean(System.getProperty("beamdb.autoAnalyze", "true"));
  private volatile ExecutorService background;
  private volatile boolean closed;

  StatisticsStore(TransactionManager txns, java.util.function.Supplier<Catalog> catalog) {
    this.txns = txns;
    this.catalog = catalog;
  }

  /** The catalog key of table {@code id}'s statistics. */
  static byte[] key(int tableId) {
    return new byte[] {io.beamdb.sql.catalog.CatalogCodec.KEYSPACE, STATS_TAG, (byte) (tableId >>> 24),
        (byte) (tableId >>> 16), (byte) (tableId >>> 8), (byte) tableId};
  }

  /** Loads stored statistics (at open); damaged values are skipped with a warning. */
  void load(Transaction t) throws SQLException {
    byte[] prefix = {io.beamdb.sql.catalog.CatalogCodec.KEYSPACE, STATS_TAG};
    try (KvCursor c = t.scan(prefix, KeyEncoder.prefixEnd(prefix))) {
      while (c.next()) {
        byte[] k = c.key();
        if (k.length != 6) {
          continue;
        }
        int id = ((k[2] & 0xFF) << 24) | ((k[3] & 0xFF) << 16) | ((k[4] & 0xFF) << 8) | (k[5] & 0xFF);
        try {
          entry(id).analyzed = TableStats.decode(c.value());
        } catch (IllegalArgumentException e) {
          LOG.log(System.Logger.Level.WARNING, "Ignoring statistics of table id " + id + ": " + e.getMessage());
        }
      }
    }
  }

  private Entry entry(int tableId) {
    return tables.computeIfAbsent(tableId, id -> new Entry());
  }

  /** A number that changes whenever statistics changed enough that plans should be made again. */
  long epoch() {
    return epoch.get();
  }

  @Override
  public TableStats stats(TableDef table) {
    Entry e = tables.get(table.id());
    if (e == null) {
      return null;
    }
    TableStats s = e.analyzed;
    if (s == null || !s.matches(table)) {
      return null;
    }
    long delta = e.rowDelta.sum();
    return delta == 0 ? s : s.withRowCount(s.analyzedRows() + delta);
  }

  /**
   * Reads {@code table} in a new snapshot, stores its statistics durably and makes plans be
   * made again. Runs outside the caller's transaction (like a DDL in autocommit).
   *
   * @throws SQLException as reading or committing reports
   */
  TableStats analyze(TableDef table) throws SQLException {
    TableStats s = analyzeQuietly(table);
    epoch.incrementAndGet();
    return s;
  }

  private TableStats analyzeQuietly(TableDef table) throws SQLException {
    Entry e = entry(table.id());
    synchronized (e) { // one analysis of a table at a time (ANALYZE and the background thread)
      long changesBefore = e.changes.sum();
      long deltaBefore = e.rowDelta.sum();
      TableStats s;
      Transaction read = txns.begin();
      try {
        s = Analyzer.analyze(table, read);
      } finally {
        read.rollback();
      }
      store(table.id(), s);
      e.analyzed = s;
      // writes counted while the scan ran may or may not be in it: keep them as changes
      e.changes.add(-changesBefore);
      e.rowDelta.add(-deltaBefore);
      return s;
    }
  }

  /** Writes statistics in a short transaction of their own, retrying a lost write-write race. */
  private void store(int tableId, TableStats s) throws SQLException {
    for (int attempt = 0; ; attempt++) {
      Transaction t = txns.begin();
      try {
        t.put(key(tableId), s.encode());
        t.commit();
        return;
      } catch (SQLException ex) {
        if (!"40001".equals(ex.getSQLState()) || attempt >= 5) {
          throw ex;
        }
      } finally {
        if (!t.isFinished()) {
          t.rollback();
        }
      }
    }
  }

  /**
   * Counts {@code rows} rows written to {@code table} by one statement; may schedule a
   * background re-analysis.
   */
  void recordWrite(TableDef table, ModifyNode.Op op, long rows) {
    if (rows <= 0 || closed) {
      return;
    }
    Entry e = entry(table.id());
    if (op == ModifyNode.Op.INSERT) {
      e.rowDelta.add(rows);
    } else if (op == ModifyNode.Op.DELETE) {
      e.rowDelta.add(-rows);
    }
    e.changes.add(rows);
    if (!auto || e.scheduled) {
      return;
    }
    long changes = e.changes.sum();
    TableStats s = e.analyzed;
    long base = s == null ? 0 : s.analyzedRows();
    if (changes >= AUTO_MIN_CHANGES && changes >= AUTO_FRACTION * base) {
      e.scheduled = true;
      try {
        executor().execute(() -> autoAnalyze(table.id(), e));
      } catch (java.util.concurrent.RejectedExecutionException ex) {
        e.scheduled = false; // closing
      }
    }
  }

  private void autoAnalyze(int tableId, Entry e) {
    try {
      if (closed) {
        return;
      }
      TableDef table = catalog.get().table(tableId);
      if (table == null) {
        tables.remove(tableId); // dropped
        return;
      }
      TableStats before = e.analyzed;
      TableStats after = analyzeQuietly(table);
      if (changedMuch(before, after)) {
        epoch.incrementAndGet();
      }
      LOG.log(System.Logger.Level.DEBUG, () -> "Analyzed " + table.qualifiedName() + ": " + after.rowCount() + " rows");
    } catch (SQLException | RuntimeException ex) {
      if (!closed) {
        LOG.log(System.Logger.Level.DEBUG, () -> "Automatic analysis of table id " + tableId + " failed: " + ex);
      }
    } finally {
      e.scheduled = false;
    }
  }

  /** True when plans made with {@code before} may be wrong for {@code after}. */
  static boolean changedMuch(TableStats before, TableStats after) {
    if (before == null || before.types().length != after.types().length) {
      return true;
    }
    if (ratio(before.rowCount(), after.rowCount()) >= 1.5) {
      return true;
    }
    for (int i = 0; i < after.columns().length; i++) {
      if (ratio(before.column(i).distinct(), after.column(i).distinct()) >= 1.5) {
        return true;
      }
    }
    return false;
  }

  private static double ratio(long a, long b) {
    double x = Math.max(1, a);
    double y = Math.max(1, b);
    return Math.max(x / y, y / x);
  }

  private ExecutorService executor() {
    ExecutorService ex = background;
    if (ex == null) {
      synchronized (this) {
        ex = background;
        if (ex == null) {
          ex = java.util.concurrent.Executors.newSingleThreadExecutor(r -> {
            Thread th = new Thread(r, "beamdb-analyze");
            th.setDaemon(true);
            th.setPriority(Thread.MIN_PRIORITY);
            return th;
          });
          background = ex;
        }
      }
    }
    return ex;
  }

  /** Stops background analysis (the database is closing); waits briefly for one in progress. */
  void close() {
    closed = true;
    ExecutorService ex = background;
    if (ex != null) {
      ex.shutdownNow();
      try {
        ex.awaitTermination(5, java.util.concurrent.TimeUnit.SECONDS);
      } catch (InterruptedException ie) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
