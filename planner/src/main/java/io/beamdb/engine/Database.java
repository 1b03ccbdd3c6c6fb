package io.beamdb.engine;

import java.sql.SQLException;

/**
 * An open database: storage, catalog and transaction manager. Thread-safe; shared by all the
 * sessions of one {@code jdbc:beam:} URL in a JVM. Obtain one through {@link DatabaseRegistry}.
 */
public interface Database extends AutoCloseable {
  /** The database name (file path or in-memory name). */
  String name();

  /** True for {@code jdbc:beam:mem:} databases. */
  boolean inMemory();

  /** Opens a new session in autocommit mode. Fails with 08003 when the database is closed. */
  Session openSession() throws SQLException;

  /** Flushes and closes storage; open sessions become unusable. Idempotent. */
  @Override
  void close();
}
