package io.beamdb.engine;

import java.sql.SQLException;

/**
 * Opens databases and shares them inside the JVM: every connection to the same file path or
 * the same named in-memory database gets a session on one {@link Database}. A database is
 * closed (and a named in-memory one discarded) when its last session closes. Thread-safe.
 */
public final class DatabaseRegistry {
  private DatabaseRegistry() {
  }

  /**
   * Opens (or joins) the database {@code config} names and returns a new session on it. Closing
   * the session releases this reference.
   *
   * @throws SQLException 08001 when the path is unusable or IFEXISTS is set and the database does
   *     not exist; 08004 when another process holds the database's lock file; XX001 when the
   *     files are corrupt
   */
  public static Session connect(DatabaseConfig config) throws SQLException {
    return EngineDatabases.connect(config);
  }
}
