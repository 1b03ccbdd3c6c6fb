package io.beamdb.txn;

import java.sql.SQLTransactionRollbackException;

/**
 * A write-write conflict (first-updater-wins): the transaction tried to write or lock a key
 * whose newest committed version is newer than the transaction's read timestamp. SQLState
 * {@code 40001} (serialization failure).
 *
 * <p>Under {@link IsolationLevel#READ_COMMITTED} the transaction stays open, keeps its locks and
 * its earlier statements' writes: the caller re-runs the failing statement with
 * {@link Transaction#restartStatement(int)} (it then reads the new committed version, like
 * PostgreSQL's EvalPlanQual re-check). Under REPEATABLE READ and SERIALIZABLE the transaction has
 * already been rolled back when this is thrown ({@link #transactionRolledBack()}), and the whole
 * transaction must be retried.
 */
public final class WriteConflictException extends SQLTransactionRollbackException {
  private static final long serialVersionUID = 1L;

  private final transient byte[] key;
  private final long committedTs;
  private final long readTs;
  private final boolean rolledBack;

  WriteConflictException(byte[] key, long committedTs, long readTs, boolean rolledBack) {
    super("could not serialize access due to concurrent update: key " + MvccKeys.hex(key)
        + " was changed by a transaction that committed at timestamp " + committedTs
        + ", after this transaction's snapshot at " + readTs
        + (rolledBack ? "; the transaction was rolled back, retry it" : "; retry the statement"),
        "40001");
    this.key = key.clone();
    this.committedTs = committedTs;
    this.readTs = readTs;
    this.rolledBack = rolledBack;
  }

  /** The logical key in conflict. */
  public byte[] key() {
    return key.clone();
  }

  /** Commit timestamp of the newer version that caused the conflict. */
  public long committedTs() {
    return committedTs;
  }

  /** The read timestamp of the transaction (or statement) that lost. */
  public long readTs() {
    return readTs;
  }

  /** True when the whole transaction was rolled back (REPEATABLE READ, SERIALIZABLE). */
  public boolean transactionRolledBack() {
    return rolledBack;
  }
}
