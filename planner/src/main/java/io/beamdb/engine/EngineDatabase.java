package io.beamdb.engine;

import io.beamdb.sql.catalog.Catalog;
import io.beamdb.sql.catalog.CatalogCodec;
import io.beamdb.sql.catalog.TableDef;
import io.beamdb.sql.encoding.KeyEncoder;
import io.beamdb.sql.encoding.TableKeys;
import io.beamdb.storage.LsmStore;
import io.beamdb.storage.StorageException;
import io.beamdb.storage.StorageOptions;
import io.beamdb.storage.SyncMode;
import io.beamdb.planner.exec.ExecContext;
import io.beamdb.txn.KvCursor;
import io.beamdb.txn.Transaction;
import io.beamdb.txn.TransactionManager;
import io.beamdb.txn.TxnErrors;

import java.io.IOException;
import java.nio.file.Files;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * An open database: the LSM store, the transaction manager, the current {@link Catalog} snapshot
 * and hidden row-id allocators. Reference counted by sessions; closed when the last one leaves.
 * Thread-safe.
 */
final class EngineDatabase implements Database, ExecContext.RowIdSource, ExecContext.SequenceSource,
    ExecContext.SystemData {
  private static final System.Logger LOG = System.getLogger(EngineDatabase.class.getName());
  private static final long DEFAULT_LOCK_TIMEOUT_MS = 10_000;

  private final DatabaseConfig config;
  private final String registryKey;
  private final LsmStore store;
  private final TransactionManager txns;
  private final Object ddlLock = new Object();
  private final SchemaLocks schemaLocks = new SchemaLocks();
  private final ContentionRegulator contention = new ContentionRegulator();
  private final long lockTimeoutMillis;
  private final Map<Integer, AtomicLong> rowIds = new ConcurrentHashMap<>();
  private final AtomicInteger references = new AtomicInteger();
  private final AtomicInteger nextTableId;
  private final AtomicInteger nextSequenceId;
  private final AtomicInteger nextViewId;
  private final AtomicInteger nextTriggerId = new AtomicInteger();
  /**
   * Plan cache: compiled commands keyed by (catalog version, schema, SQL text), shared by all
   * sessions (plans are immutable). Bounded; a DDL bumps the catalog version, so stale entries
   * are never hit and age out.
   */
  private final com.github.benmanes.caffeine.cache.Cache<PlanKey, EnginePreparedCommand> planCache =
      com.github.benmanes.caffeine.cache.Caffeine.newBuilder().maximumSize(2_000).build();

  /** Parameterized plans by statement skeleton (see {@link SkeletonPlan}); keys use the same record. */
  private final com.github.benmanes.caffeine.cache.Cache<PlanKey, SkeletonPlan> skeletonCache =
      com.github.benmanes.caffeine.cache.Caffeine.newBuilder().maximumSize(2_000).build();

  com.github.benmanes.caffeine.cache.Cache<PlanKey, SkeletonPlan> skeletonCache() {
    return skeletonCache;
  }

  /** Key of the plan cache. */
  record PlanKey(long catalogVersion, String schema, String sql) {
  }
  private volatile Catalog catalog;
  private volatile boolean closed;
  /** Table statistics for the cost-based planner (ANALYZE, automatic re-analysis). */
  private final StatisticsStore statistics;

  StatisticsStore statistics() {
    return statistics;
  }

  /** Loads stored table statistics; a failure leaves the planner without them (logged). */
  private void loadStatistics() {
    Transaction t = txns.begin();
    try {
      statistics.load(t);
    } catch (SQLException e) {
      LOG.log(System.Logger.Level.WARNING, "Table statistics not loaded (plans use rules until ANALYZE): " + e.getMessage());
    } finally {
      t.rollback();
    }
  }

  /** False when the store belongs to someone else ({@link ExternalStore}): close leaves it open. */
  private final boolean ownsStore;

  private EngineDatabase(DatabaseConfig config, String registryKey, LsmStore store, Catalog catalog, int nextId) {
    this(config, registryKey, store, store, true, catalog, nextId);
  }

  private EngineDatabase(DatabaseConfig config, String registryKey, LsmStore store, io.beamdb.storage.KvStore writes,
                         boolean ownsStore, Catalog catalog, int nextId) {
    this.config = config;
    this.registryKey = registryKey;
    this.store = store;
    this.ownsStore = ownsStore;
    this.lockTimeoutMillis = Long.parseLong(config.setting("LOCK_TIMEOUT", Long.toString(DEFAULT_LOCK_TIMEOUT_MS)));
    // row locks: writers of different rows proceed concurrently; first updater wins
    this.txns = new TransactionManager(writes,
        TransactionManager.Options.defaults().rowLocking(true).lockTimeoutMillis(lockTimeoutMillis)
            .rowCacheMode(config.rowCacheMode()));
    this.catalog = catalog;
    this.nextTableId = new AtomicInteger(Math.max(nextId, catalog.maxTableId() + 1));
    this.nextSequenceId = new AtomicInteger(catalog.maxSequenceId() + 1);
    this.nextViewId = new AtomicInteger(catalog.maxViewId() + 1);
    this.statistics = new StatisticsStore(txns, () -> this.catalog);
  }

  static EngineDatabase open(DatabaseConfig config, String registryKey) throws SQLException {
    StorageOptions opts;
    if (config.inMemory()) {
      opts = StorageOptions.inMemory();
    } else {
      try {
        boolean exists = Files.exists(config.path().resolve("CURRENT"));
        if (!exists && Boolean.parseBoolean(config.setting("IFEXISTS", "false"))) {
          throw new SQLNonTransientConnectionException("Database " + config.path()
              + " does not exist and IFEXISTS=TRUE; remove IFEXISTS to create it", "08001");
        }
        Files.createDirectories(config.path());
      } catch (IOException e) {
        throw new SQLNonTransientConnectionException("Cannot create database directory " + config.path()
            + ": " + e.getMessage() + "; check the path and its permissions", "08001", e);
      }
      opts = StorageOptions.onDisk(config.path())
          .withSync(SyncMode.valueOf(config.setting("SYNC", "FULL").toUpperCase(Locale.ROOT)));
      if (config.fileSystem() != null) {
        opts = opts.withFileSystem(config.fileSystem());
      }
    }
    // MVCC garbage collection: compactions drop versions no open transaction can read
    java.util.concurrent.atomic.AtomicReference<TransactionManager> managerRef = new java.util.concurrent.atomic.AtomicReference<>();
    io.beamdb.txn.MvccCompactionFilter gc = new io.beamdb.txn.MvccCompactionFilter(() -> {
      TransactionManager m = managerRef.get();
      return m == null ? 0 : m.gcWatermark();
    });
    opts = opts.withCompactionFilter(gc::drop);
    String mem = config.settings().get("MEMTABLE_SIZE");
    if (mem != null) {
      opts = opts.withMemtableBytes(Long.parseLong(mem));
    }
    LsmStore store;
    try {
      store = LsmStore.open(opts);
    } catch (StorageException e) {
      if (e.kind() == StorageException.Kind.LOCKED) {
        throw new SQLNonTransientConnectionException("Database " + config.path()
            + " is locked by another process; close it there first", "08004", e);
      }
      if (e.kind() == StorageException.Kind.IO) {
        throw new SQLNonTransientConnectionException("Cannot open database " + config.path() + ": " + e.getMessage(), "08001", e);
      }
      throw TxnErrors.storage(e);
    }
    try {
      Catalog catalog = loadCatalog(store);
      int nextId = readNextTableId(store);
      EngineDatabase db = new EngineDatabase(config, registryKey, store, catalog, nextId);
      managerRef.set(db.txns);
      db.loadStatistics();
      return db;
    } catch (SQLException | RuntimeException e) {
      store.close();
      throw e;
    }
  }

  /**
   * Opens a database over a store the caller owns and keeps open; transactions read and commit
   * through {@code writes} (see {@link ExternalStore}).
   */
  static EngineDatabase openOver(DatabaseConfig config, LsmStore store, io.beamdb.storage.KvStore writes)
      throws SQLException {
    EngineDatabase db = new EngineDatabase(config, null, store, writes, false, loadCatalog(store), readNextTableId(store));
    db.loadStatistics();
    return db;
  }

  /** The oldest read timestamp any open transaction needs (for MVCC garbage collection). */
  long gcWatermark() {
    return txns.gcWatermark();
  }

  private static int readNextTableId(LsmStore store) throws SQLException {
    Transaction t = new TransactionManager(store, DEFAULT_LOCK_TIMEOUT_MS).begin();
    try {
      byte[] next = t.get(CatalogCodec.nextTableIdKey());
      return next == null ? 1 : java.nio.ByteBuffer.wrap(next).getInt();
    } finally {
      t.rollback();
    }
  }

  private static Catalog loadCatalog(LsmStore store) throws SQLException {
    List<TableDef> tables = new ArrayList<>();
    List<io.beamdb.sql.catalog.SequenceDef> sequences = new ArrayList<>();
    List<io.beamdb.sql.catalog.ViewDef> views = new ArrayList<>();
    List<String> schemas = new ArrayList<>();
    List<io.beamdb.sql.catalog.TriggerDef> triggers = new ArrayList<>();
    TransactionManager tm = new TransactionManager(store, DEFAULT_LOCK_TIMEOUT_MS);
    Transaction t = tm.begin();
    try {
      try (KvCursor c = t.scan(CatalogCodec.tablePrefix(), KeyEncoder.prefixEnd(CatalogCodec.tablePrefix()))) {
        while (c.next()) {
          tables.add(CatalogCodec.decode(c.value()));
        }
      }
      try (KvCursor c = t.scan(CatalogCodec.sequencePrefix(), KeyEncoder.prefixEnd(CatalogCodec.sequencePrefix()))) {
        while (c.next()) {
          sequences.add(CatalogCodec.decodeSequence(c.value()));
        }
      }
      try (KvCursor c = t.scan(CatalogCodec.viewPrefix(), KeyEncoder.prefixEnd(CatalogCodec.viewPrefix()))) {
        while (c.next()) {
          views.add(CatalogCodec.decodeView(c.value()));
        }
      }
      try (KvCursor c = t.scan(CatalogCodec.schemaPrefix(), KeyEncoder.prefixEnd(CatalogCodec.schemaPrefix()))) {
        while (c.next()) {
          schemas.add(CatalogCodec.schemaName(c.key()));
        }
      }
      try (KvCursor c = t.scan(CatalogCodec.triggerPrefix(), KeyEncoder.prefixEnd(CatalogCodec.triggerPrefix()))) {
        while (c.next()) {
          triggers.add(CatalogCodec.decodeTrigger(c.value()));
        }
      }
    } finally {
      t.rollback();
    }
    return new Catalog(1, tables, sequences, views, schemas, triggers);
  }

  /** In-memory state of one sequence: the current block [next, limit) and the last value. */
  private static final class SequenceState {
    boolean allocated;
    long next;
    long limit;
    boolean hasCurrent;
    long current;
  }

  private final Map<Integer, SequenceState> sequenceStates = new ConcurrentHashMap<>();

  @Override
  public long nextValue(String schema, String name) throws SQLException {
    return nextValue(catalog.sequence(schema, name), name);
  }

  /** The next value of {@code s} (null: 42P01 naming {@code name}). */
  long nextValue(io.beamdb.sql.catalog.SequenceDef s, String name) throws SQLException {
    if (s == null) {
      throw new java.sql.SQLSyntaxErrorException("Sequence \"" + name + "\" not found; create it with CREATE SEQUENCE", "42P01");
    }
    SequenceState st = sequenceStates.computeIfAbsent(s.id(), id -> new SequenceState());
    synchronized (st) {
      if (!st.allocated || st.next == st.limit) {
        allocateBlock(s, st);
      }
      long v = st.next;
      st.next += s.increment();
      st.current = v;
      st.hasCurrent = true;
      return v;
    }
  }

  @Override
  public long currentValue(String schema, String name) throws SQLException {
    return currentValue(catalog.sequence(schema, name), name);
  }

  /** The last value handed out by {@code s} (null: 42P01 naming {@code name}). */
  long currentValue(io.beamdb.sql.catalog.SequenceDef s, String name) throws SQLException {
    if (s == null) {
      throw new java.sql.SQLSyntaxErrorException("Sequence \"" + name + "\" not found", "42P01");
    }
    SequenceState st = sequenceStates.get(s.id());
    synchronized (st == null ? this : st) {
      if (st == null || !st.hasCurrent) {
        throw new java.sql.SQLDataException("Sequence \"" + name + "\" has no current value yet; call NEXT VALUE FOR first", "2200H");
      }
      return st.current;
    }
  }

  /**
   * Reserves the next block of {@code cache} values by persisting its end in its own committed
   * transaction before any value of it is handed out, so values are unique across crashes.
   */
  private void allocateBlock(io.beamdb.sql.catalog.SequenceDef s, SequenceState st) throws SQLException {
    byte[] key = CatalogCodec.sequenceValueKey(s.id());
    for (int attempt = 0; ; attempt++) {
      Transaction t = txns.begin();
      try {
        byte[] stored = t.get(key);
        long base = stored == null ? s.start() : java.nio.ByteBuffer.wrap(stored).getLong();
        long limit = base + s.cache() * s.increment();
        t.put(key, java.nio.ByteBuffer.allocate(8).putLong(limit).array());
        t.commit();
        st.next = base;
        st.limit = limit;
        st.allocated = true;
        return;
      } catch (io.beamdb.txn.WriteConflictException e) {
        if (attempt > 50) {
          throw e;
        }
      } finally {
        if (!t.isFinished()) {
          t.rollback();
        }
      }
    }
  }

  @Override
  public List<Object[]> rows(String table) throws SQLException {
    Catalog cat = catalog;
    switch (table) {
      case "SEQUENCES": {
        List<Object[]> out = new ArrayList<>();
        for (io.beamdb.sql.catalog.SequenceDef s : cat.sequences()) {
          out.add(new Object[] {"BEAM", s.schema(), s.name(), "BIGINT", s.start(),
              s.increment() > 0 ? 1L : Long.MIN_VALUE, s.increment() > 0 ? Long.MAX_VALUE : -1L, s.increment(), "NO", s.cache()});
        }
        return out;
      }
      case "TABLES": {
        List<Object[]> out = new ArrayList<>();
        for (TableDef t : cat.tables()) {
          out.add(new Object[] {"BEAM", t.schema(), t.name(), "BASE TABLE", t.comment(null)});
        }
        for (io.beamdb.sql.catalog.ViewDef v : cat.views()) {
          out.add(new Object[] {"BEAM", v.schema(), v.name(), "VIEW", null});
        }
        return out;
      }
      case "COLUMNS": {
        List<Object[]> out = new ArrayList<>();
        for (TableDef t : cat.tables()) {
          int pos = 0;
          for (io.beamdb.sql.catalog.ColumnDef c : t.columns()) {
            io.beamdb.sql.type.ColumnType ct = c.type();
            boolean chars = ct.type().isString() || ct.type().isBinary();
            boolean numeric = ct.type().isInteger() || ct.type() == io.beamdb.sql.type.BeamType.DECIMAL
                || ct.type() == io.beamdb.sql.type.BeamType.DOUBLE || ct.type() == io.beamdb.sql.type.BeamType.REAL;
            out.add(new Object[] {"BEAM", t.schema(), t.name(), c.name(), ++pos, c.defaultSql(), c.nullable() ? "YES" : "NO",
                ct.type().sqlName(), chars ? ct.displayPrecision() : null, numeric ? ct.displayPrecision() : null,
                numeric ? Math.max(0, ct.scale()) : null, c.isIdentity() ? "YES" : "NO", t.comment(c.name())});
          }
        }
        return out;
      }
      default: {
        List<Object[]> view = CatalogViews.rows(cat, table);
        if (view != null) {
          return view;
        }
        break;
      }
    }
    io.beamdb.storage.StorageStats s;
    try {
      s = store.stats();
    } catch (StorageException e) {
      throw TxnErrors.storage(e);
    }
    List<Object[]> out = new ArrayList<>();
    if (table.equals("STORAGE_LEVELS")) {
      for (io.beamdb.storage.StorageStats.LevelStats l : s.levels()) {
        out.add(new Object[] {l.level(), l.files(), l.bytes()});
      }
      return out;
    }
    Object[][] metrics = {
        {"user_bytes_written", s.userBytesWritten()}, {"user_bytes_read", s.userBytesRead()},
        {"wal_bytes_written", s.walBytesWritten()}, {"wal_syncs", s.walSyncs()},
        {"write_groups", s.writeGroups()}, {"batches_written", s.batchesWritten()},
        {"flush_bytes_written", s.flushBytesWritten()}, {"compaction_bytes_read", s.compactionBytesRead()},
        {"compaction_bytes_written", s.compactionBytesWritten()}, {"write_amplification", s.writeAmplification()},
        {"table_bytes_read", s.tableBytesRead()}, {"block_cache_hits", s.blockCacheHits()},
        {"block_cache_misses", s.blockCacheMisses()}, {"block_cache_hit_rate", s.blockCacheHitRate()},
        {"flushes", s.flushes()}, {"compactions", s.compactions()}, {"trivial_moves", s.trivialMoves()},
        {"stall_millis", s.stallMillis()}, {"memtable_bytes", s.memtableBytes()},
        {"table_files", s.totalTableFiles()}, {"table_bytes", s.totalTableBytes()}};
    for (Object[] m : metrics) {
      out.add(new Object[] {m[0], ((Number) m[1]).doubleValue()});
    }
    return out;
  }

  void forgetSequence(int id) {
    sequenceStates.remove(id);
  }

  int allocateViewId() {
    return nextViewId.getAndIncrement();
  }

  /** A new trigger id, larger than every trigger id in use (ids order triggers by creation). */
  int allocateTriggerId() {
    return nextTriggerId.updateAndGet(n -> Math.max(n, catalog.maxTriggerId()) + 1);
  }

  /**
   * A new sequence id, never handed out again even if the creating transaction rolls back:
   * sequence value blocks are committed on their own, so a reused id could see an old block.
   * The counter is persisted in its own committed transaction.
   */
  synchronized int allocateSequenceId() throws SQLException {
    byte[] key = {CatalogCodec.KEYSPACE, 'Z'};
    Transaction t = txns.begin();
    try {
      byte[] stored = t.get(key);
      int next = Math.max(nextSequenceId.get(), stored == null ? 1 : java.nio.ByteBuffer.wrap(stored).getInt());
      t.put(key, java.nio.ByteBuffer.allocate(4).putInt(next + 1).array());
      t.commit();
      nextSequenceId.set(next + 1);
      return next;
    } finally {
      if (!t.isFinished()) {
        t.rollback();
      }
    }
  }

  @Override
  public String name() {
    return config.inMemory() ? "mem:" + config.memoryName() : config.path().toString();
  }

  @Override
  public boolean inMemory() {
    return config.inMemory();
  }

  @Override
  public Session openSession() throws SQLException {
    if (closed) {
      throw new SQLNonTransientConnectionException("Database " + name() + " is closed", "08003");
    }
    retain();
    return new EngineSession(this);
  }

  DatabaseConfig config() {
    return config;
  }

  String registryKey() {
    return registryKey;
  }

  void retain() {
    references.incrementAndGet();
  }

  int references() {
    return references.get();
  }

  /** A session closed: drop the reference; the last one closes the database. */
  void release() {
    synchronized (EngineDatabases.lock()) {
      if (references.decrementAndGet() == 0) {
        EngineDatabases.release(this);
      }
    }
  }

  /** The storage engine (BACKUP TO reads a snapshot of it). */
  io.beamdb.storage.KvStore store() {
    return store;
  }

  boolean isClosed() {
    return closed;
  }

  TransactionManager txns() {
    return txns;
  }

  Catalog catalog() {
    return catalog;
  }

  ContentionRegulator contention() {
    return contention;
  }

  SchemaLocks schemaLocks() {
    return schemaLocks;
  }

  long lockTimeoutMillis() {
    return lockTimeoutMillis;
  }

  Object ddlLock() {
    return ddlLock;
  }

  com.github.benmanes.caffeine.cache.Cache<PlanKey, EnginePreparedCommand> planCache() {
    return planCache;
  }

  void installCatalog(Catalog c) {
    this.catalog = c;
  }

  int allocateTableId() {
    return nextTableId.getAndIncrement();
  }

  void forgetRowIds(int tableId) {
    rowIds.remove(tableId);
  }

  @Override
  public long next(TableDef table, Transaction txn) throws SQLException {
    AtomicLong counter = rowIds.get(table.id());
    if (counter == null) {
      long max = 0;
      byte[] prefix = TableKeys.prefix(table.id(), 0);
      try (KvCursor c = txn.scan(prefix, KeyEncoder.prefixEnd(prefix))) {
        while (c.next()) {
          byte[] k = c.key();
          if (k.length == TableKeys.PREFIX_LENGTH + 9) {
            long v = 0;
            for (int i = TableKeys.PREFIX_LENGTH + 1; i < k.length; i++) {
              v = (v << 8) | (k[i] & 0xFF);
            }
            max = Math.max(max, v ^ Long.MIN_VALUE);
          }
        }
      }
      counter = rowIds.computeIfAbsent(table.id(), id -> new AtomicLong());
      long m = max;
      counter.accumulateAndGet(m, Math::max);
    }
    return counter.incrementAndGet();
  }

  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    statistics.close();
    if (!ownsStore) {
      return;
    }
    try {
      store.close();
    } catch (StorageException e) {
      LOG.log(System.Logger.Level.ERROR, "closing database " + name() + " failed", e);
    }
  }
}
