package io.beamdb.txn;

/**
 * A forward cursor over the logical key/value pairs of a key range as a transaction sees them:
 * committed versions visible at the read timestamp the cursor was opened with, merged with the
 * transaction's own buffered writes (own writes win, deletes hide), in unsigned key order. Call
 * {@link #next()} before reading the first entry. Callers must not modify the returned arrays.
 * Always close it (it pins storage files). Not thread-safe.
 */
public interface KvCursor extends AutoCloseable {
  /** Advances; false when the range is exhausted. */
  boolean next();

  /** Logical key of the current entry. */
  byte[] key();

  /** Value of the current entry. */
  byte[] value();

  @Override
  void close();
}
