package io.beamdb.cluster;

import io.beamdb.engine.Database;
import io.beamdb.engine.Session;
import java.sql.SQLException;

/**
 * Serves sessions of one open {@link Database} with no replication: a single-node server, and
 * the remote half of the tests that run the same JDBC behaviour embedded and remote.
 * Thread-safe.
 */
public final class DatabaseSource implements SessionSource {
  private final Database database;

  public DatabaseSource(Database database) {
    this.database = database;
  }

  @Override
  public String redirect() {
    return null;
  }

  @Override
  public Session open() throws SQLException {
    return database.openSession();
  }
}
