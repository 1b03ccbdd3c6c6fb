package io.beamdb.planner.exec;

import io.beamdb.txn.Transaction;

import java.util.List;

/**
 * Per-execution state shared by the operators of one statement: the transaction it reads and
 * writes through, bound parameter values (internal representation), correlation variables set
 * by {@code Correlate} for the inner side, and the statement's start time (CURRENT_TIMESTAMP
 * is stable within a statement). Not thread-safe.
 */
public final class ExecContext {
  private final Transaction txn;
  private final Object[] params;
  private final Object[][] correlations;
  private final long statementTimeMillis;
  private final RowIdSource rowIds;
  private final long deadlineNanos;
  private final long timeoutMillis;
  private volatile boolean cancelled;
  private boolean lockRows;
  private java.util.List<Object[]> insertedRows;
  private java.util.Map<String, java.util.List<Object[]>> transientTables;
  private int triggerDepth;

  /**
   * @param txn          transaction of the statement
   * @param params       parameter values, internal representation
   * @param correlations number of correlation variables the plan uses
   * @param rowIds       allocator of hidden row ids
   */
  public ExecContext(Transaction txn, Object[] params, int correlations, RowIdSource rowIds) {
    this(txn, params, correlations, rowIds, 0);
  }

  /**
   * @param timeoutMillis statement timeout in milliseconds, 0 for none
   */
  public ExecContext(Transaction txn, Object[] params, int correlations, RowIdSource rowIds, long timeoutMillis) {
    this.timeoutMillis = timeoutMillis;
    this.deadlineNanos = timeoutMillis > 0 ? System.nanoTime() + timeoutMillis * 1_000_000L : 0;
    this.txn = txn;
    this.params = params;
    this.correlations = new Object[correlations][];
    this.rowIds = rowIds;
    this.statementTimeMillis = System.currentTimeMillis();
  }

  public Transaction txn() {
    return txn;
  }

  /** Rows of the transient table {@code name} (a recursive CTE's working table); empty when unset. */
  public java.util.List<Object[]> transientTable(String name) {
    java.util.List<Object[]> rows = transientTables == null ? null : transientTables.get(name);
    return rows == null ? java.util.List.of() : rows;
  }

  /** Replaces the rows of the transient table {@code name}. */
  public void setTransientTable(String name, java.util.List<Object[]> rows) {
    if (transientTables == null) {
      transientTables = new java.util.HashMap<>();
    }
    transientTables.put(name, rows);
  }

  /** Value of parameter {@code index} (0-based). */
  public Object param(int index) {
    return params[index];
  }

  /** Current row of correlation variable {@code id}. */
  public Object[] correlation(int id) {
    return correlations[id];
  }

  /** Sets the current row of correlation variable {@code id}. */
  public void setCorrelation(int id, Object[] row) {
    correlations[id] = row;
  }

  /** Statement start, milliseconds since the epoch (UTC). */
  public long statementTimeMillis() {
    return statementTimeMillis;
  }

  /** Makes INSERTs record the rows they insert (for generated keys). */
  public void collectInsertedRows() {
    insertedRows = new java.util.ArrayList<>();
  }

  /** Rows inserted so far (internal values, all columns), or null when not collecting. */
  public java.util.List<Object[]> insertedRows() {
    return insertedRows;
  }

  /** Makes table scans lock every row they read ({@code SELECT ... FOR UPDATE}). */
  public void setLockRows(boolean lockRows) {
    this.lockRows = lockRows;
  }

  /** True when scans must lock the rows they read. */
  public boolean lockRows() {
    return lockRows;
  }

  /** Asks the running statement to stop at its next check; thread-safe. */
  public void cancel() {
    cancelled = true;
  }

  /**
   * Called by operators in their loops: fails with SQLState 57014 once the statement was
   * cancelled or ran past its timeout.
   */
  public void checkInterrupted() throws java.sql.SQLException {
    if (cancelled) {
      throw new java.sql.SQLException("Statement was canceled", "57014");
    }
    if (deadlineNanos != 0 && System.nanoTime() - deadlineNanos > 0) {
      throw new java.sql.SQLTimeoutException("Statement timed out after " + timeoutMillis + " ms", "57014");
    }
  }

  public RowIdSource rowIds() {
    return rowIds;
  }

  /** The source of sequence values ({@code NEXT VALUE FOR}, identity columns), or null. */
  public SequenceSource sequences() {
    if (rowIds instanceof SequenceSource) {
      return (SequenceSource) rowIds;
    }
    throw new IllegalStateException("no sequence source");
  }

  /** The source of system-table rows. */
  public SystemData systemData() {
    if (rowIds instanceof SystemData) {
      return (SystemData) rowIds;
    }
    throw new IllegalStateException("no system data");
  }

  /** The runner of row-level triggers, or null when triggers cannot run in this context. */
  public TriggerRunner triggers() {
    return rowIds instanceof TriggerRunner ? (TriggerRunner) rowIds : null;
  }

  /** How many trigger bodies this statement runs inside (0 for a statement the user issued). */
  public int triggerDepth() {
    return triggerDepth;
  }

  /** Marks this context as running a trigger body {@code depth} levels deep. */
  public void setTriggerDepth(int depth) {
    this.triggerDepth = depth;
  }

  /**
   * Runs row-level triggers for the statement writing rows. Implementations are used by one
   * session's thread at a time.
   */
  public interface TriggerRunner {
    /**
     * Runs {@code trigger}'s body for one row when its WHEN condition holds, in {@code ctx}'s
     * transaction.
     *
     * @param oldRow the row before the change (UPDATE, DELETE), else null
     * @param newRow the row after the change (INSERT, UPDATE), else null
     * @throws java.sql.SQLException whatever a body statement raises (the writing statement
     *                               then fails and is undone), 54001 past the nesting limit
     */
    void fire(io.beamdb.sql.catalog.TriggerDef trigger, io.beamdb.sql.catalog.TableDef table, Object[] oldRow,
              Object[] newRow, ExecContext ctx) throws java.sql.SQLException;
  }

  /** Computes the rows of {@code INFORMATION_SCHEMA} system tables. Thread-safe implementations. */
  public interface SystemData {
    /** Rows (internal values) of system table {@code table}. */
    List<Object[]> rows(String table) throws java.sql.SQLException;
  }

  /** Hands out sequence values. Thread-safe implementations. */
  public interface SequenceSource {
    /**
     * The next value of sequence {@code schema.name}, never rolled back.
     *
     * @throws java.sql.SQLException 42P01 when the sequence does not exist
     */
    long nextValue(String schema, String name) throws java.sql.SQLException;

    /** The value the last {@code nextValue} of this sequence returned in this JVM; 2200H if none yet. */
    long currentValue(String schema, String name) throws java.sql.SQLException;
  }

  /** Allocates hidden row ids for tables without a primary key. Thread-safe implementations. */
  public interface RowIdSource {
    /** Next unused row id of table {@code tableId}. */
    long next(io.beamdb.sql.catalog.TableDef table, Transaction txn) throws java.sql.SQLException;
  }
}
