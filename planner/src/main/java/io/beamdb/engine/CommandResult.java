package io.beamdb.engine;

/**
 * What executing a command produced: either a cursor over rows (queries, EXPLAIN) or an update
 * count (DML: rows affected; DDL: 0).
 */
public final class CommandResult {
  private final RowCursor cursor;
  private final long updateCount;
  private final RowCursor generatedKeys;

  private CommandResult(RowCursor cursor, long updateCount, RowCursor generatedKeys) {
    this.cursor = cursor;
    this.updateCount = updateCount;
    this.generatedKeys = generatedKeys;
  }

  /** An update count with the keys the statement generated (see {@link GeneratedKeysRequest}). */
  public static CommandResult ofCount(long count, RowCursor generatedKeys) {
    return new CommandResult(null, count, generatedKeys);
  }

  /** Generated keys when they were requested and the statement inserted rows, else null. */
  public RowCursor generatedKeys() {
    return generatedKeys;
  }

  /** A result holding rows. */
  public static CommandResult ofRows(RowCursor cursor) {
    return new CommandResult(cursor, -1, null);
  }

  /** A result holding an update count. */
  public static CommandResult ofCount(long count) {
    return new CommandResult(null, count, null);
  }

  /** True when this result holds rows. */
  public boolean hasRows() {
    return cursor != null;
  }

  /** The rows, or null for an update count. */
  public RowCursor cursor() {
    return cursor;
  }

  /** Rows affected, or -1 when this result holds rows. */
  public long updateCount() {
    return updateCount;
  }
}
