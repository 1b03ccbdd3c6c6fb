package io.beamdb.txn;

/**
 * A forward cursor over key/value pairs in a key range, as a transaction sees them. Call
 * {@link #next()} before reading the first entry. Not thread-safe.
 */
public interface KvCursor extends AutoCloseable {
  /** Advances; false when the range is exhausted. */
  boolean next();

  /** Key of the current entry. */
  byte[] key();

  /** Value of the current entry. */
  byte[] value();

  @Override
  void close();
}
