package io.beamdb.txn;

import io.beamdb.storage.StorageException;

import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;

/** Maps storage failures to {@link SQLException}s with SQLStates. */
public final class TxnErrors {
  private TxnErrors() {
  }

  /**
   * XX001 for corruption, 53100 for a full disk, 58030 for other I/O errors, 08004 for a database locked by another
   * process, 08003 for a closed store.
   */
  public static SQLException storage(StorageException e) {
    switch (e.kind()) {
      case CORRUPTION:
        return new SQLException("Data corruption detected: " + e.getMessage(), "XX001", e);
      case LOCKED:
        return new SQLNonTransientConnectionException(e.getMessage(), "08004", e);
      case CLOSED:
        return new SQLNonTransientConnectionException("Database is closed", "08003", e);
      default:
        if (e.isDiskFull()) {
          return new SQLException("Disk full: " + e.getMessage(), "53100", e);
        }
        return new SQLException("I/O error: " + e.getMessage(), "58030", e);
    }
  }
}
