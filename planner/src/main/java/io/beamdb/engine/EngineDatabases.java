package io.beamdb.engine;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.util.HashMap;
import java.util.Map;

/** The JVM-wide table of open databases behind {@link DatabaseRegistry}. Thread-safe (synchronized). */
final class EngineDatabases {
  private static final Map<String, EngineDatabase> OPEN = new HashMap<>();

  private EngineDatabases() {
  }

  static synchronized Session connect(DatabaseConfig config) throws SQLException {
    String key;
    if (config.inMemory()) {
      if (config.memoryName().isEmpty()) {
        EngineDatabase db = EngineDatabase.open(config, null);
        db.retain();
        return new EngineSession(db);
      }
      key = "mem:" + config.memoryName();
    } else {
      Path p = config.path();
      if (Files.isRegularFile(p)) {
        throw new SQLNonTransientConnectionException("Database path " + p
            + " is a regular file; give a directory path (it is created if missing)", "08001");
      }
      key = "file:" + p;
    }
    EngineDatabase db = OPEN.get(key);
    if (db == null || db.isClosed()) {
      db = EngineDatabase.open(config, key);
      OPEN.put(key, db);
    }
    db.retain();
    return new EngineSession(db);
  }

  /** Called by a database when its last session closed. */
  static synchronized void release(EngineDatabase db) {
    if (db.registryKey() != null && OPEN.get(db.registryKey()) == db && db.references() == 0) {
      OPEN.remove(db.registryKey());
      db.close();
    } else if (db.registryKey() == null && db.references() == 0) {
      db.close();
    }
  }

  /** Lock used to serialize release against connect. */
  static Object lock() {
    return EngineDatabases.class;
  }
}
