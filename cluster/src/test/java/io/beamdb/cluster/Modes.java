package io.beamdb.cluster;

import io.beamdb.engine.DatabaseConfig;
import io.beamdb.engine.DatabaseRegistry;
import io.beamdb.engine.Session;
import io.beamdb.wire.Scram;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The two ways a test can reach a fresh database: embedded ({@code jdbc:beam:mem:NAME}) and
 * remote (the same kind of in-memory database behind a {@link WireServer} on loopback, reached
 * with {@code jdbc:beam://127.0.0.1:PORT/test}). Each {@link #open()} makes a new database and
 * returns a factory of connections to it.
 */
enum Modes {
  EMBEDDED, REMOTE;

  static final String USER = "sa";
  static final String PASSWORD = "s3cret";
  private static final AtomicInteger COUNTER = new AtomicInteger();

  /** A fresh database: connections to it, closed with {@link Db#close()}. */
  Db open() throws SQLException, IOException {
    String name = "modes" + COUNTER.incrementAndGet();
    if (this == EMBEDDED) {
      Connection anchor = DriverManager.getConnection("jdbc:beam:mem:" + name);
      return new Db("jdbc:beam:mem:" + name, null, anchor::close);
    }
    Session anchor = DatabaseRegistry.connect(DatabaseConfig.memory(name, Map.of()));
    WireServer server = new WireServer(new InetSocketAddress("127.0.0.1", 0), new DatabaseSource(anchor.database()),
        "test", Map.of(USER, Scram.newVerifier(PASSWORD)));
    return new Db("jdbc:beam://127.0.0.1:" + server.port() + "/test", server, () -> {
      server.close();
      anchor.close();
    });
  }

  /** Connections to one test database. */
  record Db(String url, WireServer server, AutoCloseableSql closer) implements AutoCloseable {
    Connection connect() throws SQLException {
      return DriverManager.getConnection(url, USER, PASSWORD);
    }

    @Override
    public void close() throws SQLException {
      closer.close();
    }
  }

  /** AutoCloseable whose close throws SQLException. */
  interface AutoCloseableSql {
    void close() throws SQLException;
  }
}
