package io.beamdb.jdbc;

import io.beamdb.engine.DatabaseConfig;
import io.beamdb.engine.DatabaseRegistry;
import java.sql.Connection;
import java.sql.SQLException;

/**
 * Opens a JDBC connection from an engine {@link DatabaseConfig} instead of a URL, for callers
 * that need what a URL cannot say, such as a database opened over a fault-injecting file system
 * ({@link DatabaseConfig#withFileSystem}) in crash and disk-full tests. The connection behaves
 * exactly like one from {@link BeamDriver#connect}; connections to the same path share one
 * open database. Thread-safe.
 */
public final class BeamConnections {
  private BeamConnections() {
  }

  /**
   * A new connection to the database {@code config} describes.
   *
   * @throws SQLException as {@link BeamDriver#connect}: 08001 unusable path, 08004 locked, XX001
   *     corrupt files, 58030/53100 I/O errors while opening
   */
  public static Connection open(DatabaseConfig config) throws SQLException {
    try {
      return new BeamConnection(DatabaseRegistry.connect(config), "jdbc:beam:" + config, "");
    } catch (RuntimeException e) {
      throw new SQLException("Cannot open database " + config + ": " + e, "08001", e);
    }
  }
}
