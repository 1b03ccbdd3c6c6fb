package io.beamdb.txn;

/**
 * Isolation levels a {@link Transaction} can run at, named after the ANSI levels as
 * reinterpreted for multi-version systems by Berenson et al., "A Critique of ANSI SQL Isolation
 * Levels" (SIGMOD 1995). READ UNCOMMITTED is not offered: callers map it to
 * {@link #READ_COMMITTED} (the engine does), which is allowed because a level may always be
 * stronger than requested.
 */
public enum IsolationLevel {
  /**
   * Each statement reads a snapshot taken when it starts ({@link Transaction#refreshSnapshot()}
   * is called per statement): no dirty reads (P1), but non-repeatable reads (P2) and phantoms (P3)
   * between statements. Write-write conflicts are resolved by row locks; a statement that finds a
   * row changed after its snapshot gets a {@link WriteConflictException} that the caller resolves
   * with {@link Transaction#restartStatement(int)} (PostgreSQL's "re-read the updated row" rule,
   * done as a statement restart).
   */
  READ_COMMITTED,
  /**
   * Snapshot isolation: one read timestamp for the whole transaction, first-updater-wins on
   * write-write conflicts (SQLState 40001). Prevents P0-P3 and lost updates (P4) but allows write
   * skew (A5B), exactly as Berenson et al. describe snapshot isolation.
   */
  REPEATABLE_READ,
  /**
   * Snapshot isolation plus commit-time validation: every key read and every key range scanned is
   * remembered, and a committing transaction that wrote anything aborts with SQLState 40001 if a
   * transaction that committed after its snapshot wrote into its read set (backward validation, as
   * in optimistic concurrency control; stricter and simpler than PostgreSQL's SSI, Cahill et al.
   * SIGMOD 2008 / Ports and Grittner VLDB 2012, which also tracks the other direction to abort
   * less often). Prevents write skew and phantoms.
   */
  SERIALIZABLE
}
