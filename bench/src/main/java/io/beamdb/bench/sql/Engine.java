package io.beamdb.bench.sql;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A database under test: its JDBC URL (a template over the run's directory), driver properties,
 * and what a commit guarantees with these settings. Every engine is reached through a HikariCP
 * pool.
 *
 * @param key short name used by {@code --engines}
 * @param name name printed in the table
 * @param url JDBC URL; {@code %s} is replaced by the engine's directory
 * @param properties driver properties handed to the pool
 * @param durability what survives after a commit returns, printed with the results
 * @param systemProperties set while the engine's database is opened (BeamDB's row cache mode)
 */
public record Engine(String key, String name, String url, Map<String, String> properties, String durability,
    Map<String, String> systemProperties) {

  Engine(String key, String name, String url, Map<String, String> properties, String durability) {
    this(key, name, url, properties, durability, Map.of());
  }

  /** Engines known to {@code --engines}, in the default order. */
  public static Map<String, Engine> all() {
    Map<String, Engine> m = new LinkedHashMap<>();
    put(m, new Engine("beam-normal", "BeamDB SYNC=NORMAL", "jdbc:beam:file:%s/beam;SYNC=NORMAL", Map.of(),
        "WAL written to the OS at commit, fsync in the background about every second: survives kill -9"));
    put(m, new Engine("beam-full", "BeamDB SYNC=FULL", "jdbc:beam:file:%s/beam;SYNC=FULL", Map.of(),
        "WAL fsynced before commit returns (group commit): survives power loss"));
    String normal = "same as BeamDB SYNC=NORMAL";
    put(m, new Engine("beam-cache-offheap", "BeamDB NORMAL rowcache offheap", "jdbc:beam:file:%s/beam;SYNC=NORMAL", Map.of(),
        normal, Map.of("beamdb.rowcache", "auto")));
    put(m, new Engine("beam-cache-onheap", "BeamDB NORMAL rowcache onheap", "jdbc:beam:file:%s/beam;SYNC=NORMAL", Map.of(),
        normal, Map.of("beamdb.rowcache", "onheap")));
    put(m, new Engine("beam-cache-off", "BeamDB NORMAL rowcache off", "jdbc:beam:file:%s/beam;SYNC=NORMAL", Map.of(),
        normal, Map.of("beamdb.rowcache", "off")));
    put(m, new Engine("h2", "H2 " + org.h2.engine.Constants.VERSION + " WRITE_DELAY=0",
        "jdbc:h2:file:%s/h2/db;WRITE_DELAY=0;LOCK_TIMEOUT=10000", Map.of(),
        "MVStore chunk written to the OS at commit, never fsynced (H2 has no fsync-per-commit mode): survives kill -9"));
    put(m, new Engine("h2-default", "H2 " + org.h2.engine.Constants.VERSION + " default",
        "jdbc:h2:file:%s/h2/db;LOCK_TIMEOUT=10000", Map.of(),
        "write delay 500 ms, no fsync: a kill -9 loses the last ~0.5 s of commits"));
    put(m, new Engine("hsqldb", "HSQLDB write_delay=false",
        "jdbc:hsqldb:file:%s/hs/db;hsqldb.write_delay=false;hsqldb.tx=mvcc;hsqldb.default_table_type=cached;shutdown=true",
        Map.of(), "log fsynced at every commit (HSQLDB has no write-without-fsync mode; its default delays 500 ms): survives power loss"));
    put(m, new Engine("sqlite-normal", "SQLite WAL NORMAL", "jdbc:sqlite:%s/s.db",
        Map.of("journal_mode", "WAL", "synchronous", "NORMAL", "busy_timeout", "10000"),
        "WAL written to the OS at commit, fsynced at checkpoints: survives kill -9"));
    put(m, new Engine("sqlite-full", "SQLite WAL FULL", "jdbc:sqlite:%s/s.db",
        Map.of("journal_mode", "WAL", "synchronous", "FULL", "busy_timeout", "10000"),
        "WAL fsynced at every commit: survives power loss"));
    return m;
  }

  /**
   * A remote BeamDB server or cluster ({@code jdbc:beam://...}, {@code beam bench sql --url}):
   * commits are acknowledged after the Raft log holds them durably on a majority of nodes.
   */
  public static Engine remote(String url, String user, String password) {
    String hosts = url.substring("jdbc:beam://".length()).replaceAll("[/;].*", "");
    int n = hosts.split(",").length;
    return new Engine("remote", "BeamDB remote, " + n + (n == 1 ? " host" : " hosts"),
        url.replace("%", "%%") + (url.contains(";CONNECT_TIMEOUT=") ? "" : ";CONNECT_TIMEOUT=30000"),
        Map.of("user", user, "password", password),
        "Raft log fsynced on a majority of nodes before commit returns (storage synced lazily): survives losing a minority");
  }

  /** Drops the tables the suite creates (a remote database outlives the run). */
  public static void dropBenchTables(javax.sql.DataSource ds) throws java.sql.SQLException {
    try (java.sql.Connection c = ds.getConnection(); java.sql.Statement s = c.createStatement()) {
      for (String t : new String[] {"kv", "ins", "category", "usertable", "history", "order_line", "new_order", "orders",
          "stock", "item", "customer", "district", "warehouse"}) {
        s.execute("DROP TABLE IF EXISTS " + t);
      }
    }
  }

  private static void put(Map<String, Engine> m, Engine e) {
    m.put(e.key, e);
  }

  /**
   * Opens a pool of {@code size} connections on this engine's database in {@code dir}; the
   * {@link #systemProperties} are set while the first connection opens the database.
   */
  public HikariDataSource open(Path dir, int size) {
    HikariConfig cfg = new HikariConfig();
    cfg.setPoolName("bench-" + key);
    cfg.setJdbcUrl(String.format(url, dir.toAbsolutePath()));
    cfg.setMaximumPoolSize(size);
    cfg.setMinimumIdle(1);
    cfg.setAutoCommit(true);
    cfg.setConnectionTimeout(60_000);
    properties.forEach(cfg::addDataSourceProperty);
    Map<String, String> saved = new LinkedHashMap<>();
    systemProperties.forEach((k, v) -> saved.put(k, System.setProperty(k, v)));
    try {
      return new HikariDataSource(cfg); // opens the first connection, hence the database
    } finally {
      saved.forEach((k, v) -> {
        if (v == null) {
          System.clearProperty(k);
        } else {
          System.setProperty(k, v);
        }
      });
    }
  }
}
