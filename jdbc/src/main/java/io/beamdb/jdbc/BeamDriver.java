package io.beamdb.jdbc;

import io.beamdb.engine.DatabaseConfig;
import io.beamdb.engine.DatabaseRegistry;
import io.beamdb.engine.Session;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.Driver;
import java.sql.DriverManager;
import java.sql.DriverPropertyInfo;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeSet;
import java.util.logging.Logger;

/**
 * The BeamDB JDBC driver for {@code jdbc:beam:} URLs (see {@link BeamUrl} for the forms).
 * Registered with {@link DriverManager} by a static initializer and through
 * {@code META-INF/services/java.sql.Driver}. Thread-safe.
 *
 * <p>Settings come from {@code ;KEY=VALUE} suffixes of the URL and from the {@code Properties}
 * passed to {@link #connect}; keys are case-insensitive and <b>the URL wins</b> when both give the
 * same key (as in H2). The {@code user} and {@code password} properties become the {@code USER}
 * and {@code PASSWORD} settings. Every property key is passed on, so an unknown key in either
 * place is rejected with SQLState {@code 08001}.
 *
 * <p>SQLStates from {@link #connect}: {@code 08001} malformed URL, unknown setting, unusable path
 * (an existing regular file, or an ancestor that is not a directory), {@code IFEXISTS} on a
 * missing database, no reachable leader for a remote URL ({@code jdbc:beam://h1:p1,h2:p2/db},
 * see {@link RemoteSession}), a TLS certificate the driver does not accept or a TLS-only server
 * reached without {@code SSL=true} (see {@link RemoteTls}); {@code 28P01} wrong user or password (remote); {@code 08004} the
 * database directory is locked by another process; {@code XX001} corrupt files.
 */
public final class BeamDriver implements Driver {
  /** Driver major version. */
  public static final int MAJOR_VERSION = 0;
  /** Driver minor version. */
  public static final int MINOR_VERSION = 1;
  /** Version string reported by metadata. */
  public static final String VERSION = MAJOR_VERSION + "." + MINOR_VERSION;

  private static final BeamDriver INSTANCE = new BeamDriver();

  static {
    try {
      DriverManager.registerDriver(INSTANCE);
    } catch (SQLException e) {
      System.getLogger(BeamDriver.class.getName())
          .log(System.Logger.Level.WARNING, "could not register the BeamDB driver", e);
    }
  }

  /** The instance registered with DriverManager. */
  public static BeamDriver instance() {
    return INSTANCE;
  }

  @Override
  public Connection connect(String url, Properties info) throws SQLException {
    if (!acceptsURL(url)) {
      return null; // the Driver contract: not our URL
    }
    BeamUrl parsed = BeamUrl.parse(url);
    Map<String, String> settings = mergeSettings(parsed, info);
    if (parsed.kind() == BeamUrl.Kind.REMOTE) {
      RemoteSession remote = RemoteSession.connect(RemoteAddress.parse(parsed.target()), settings);
      return new BeamConnection(remote, url, settings.getOrDefault("USER", ""));
    }
    DatabaseConfig config;
    if (parsed.kind() == BeamUrl.Kind.MEMORY) {
      config = DatabaseConfig.memory(parsed.target(), settings);
    } else {
      config = DatabaseConfig.file(checkPath(parsed.target()), settings);
    }
    Session session;
    try {
      session = DatabaseRegistry.connect(config);
    } catch (SQLException e) {
      throw e;
    } catch (RuntimeException e) {
      throw new SQLException("Cannot open database " + config + ": " + e, "08001", e);
    }
    String user = settings.get("USER");
    return new BeamConnection(session, url, user == null ? "" : user);
  }

  /** URL settings over Properties; keys upper case. */
  static Map<String, String> mergeSettings(BeamUrl url, Properties info) {
    Map<String, String> settings = new LinkedHashMap<>();
    if (info != null) {
      for (String key : info.stringPropertyNames()) {
        settings.put(key.trim().toUpperCase(Locale.ROOT), info.getProperty(key));
      }
    }
    settings.putAll(url.settings());
    return settings;
  }

  private static Path checkPath(String text) throws SQLException {
    Path path;
    try {
      path = Path.of(text).toAbsolutePath().normalize();
    } catch (InvalidPathException e) {
      throw Errors.connect("Invalid database path '" + text + "': " + e.getMessage());
    }
    if (Files.exists(path) && !Files.isDirectory(path)) {
      throw Errors.connect("Database path '" + path + "' exists and is not a directory");
    }
    for (Path p = path.getParent(); p != null; p = p.getParent()) {
      if (Files.exists(p)) {
        if (!Files.isDirectory(p)) {
          throw Errors.connect("Cannot create database directory '" + path + "': '" + p
              + "' is not a directory");
        }
        if (!Files.exists(path) && !Files.isWritable(p)) {
          throw Errors.connect("Cannot create database directory '" + path + "': '" + p
              + "' is not writable");
        }
        break;
      }
    }
    return path;
  }

  @Override
  public boolean acceptsURL(String url) {
    return BeamUrl.accepts(url);
  }

  @Override
  public DriverPropertyInfo[] getPropertyInfo(String url, Properties info) throws SQLException {
    Map<String, String> current = new LinkedHashMap<>();
    if (acceptsURL(url)) {
      current = mergeSettings(BeamUrl.parse(url), info);
    } else if (info != null) {
      for (String key : info.stringPropertyNames()) {
        current.put(key.toUpperCase(Locale.ROOT), info.getProperty(key));
      }
    }
    List<DriverPropertyInfo> out = new ArrayList<>();
    for (String key : new TreeSet<>(DatabaseConfig.KNOWN_SETTINGS)) {
      DriverPropertyInfo p = new DriverPropertyInfo(key, current.get(key));
      p.required = false;
      p.description = describe(key);
      switch (key) {
        case "SYNC" -> p.choices = new String[] {"FULL", "NORMAL", "OFF"};
        case "IFEXISTS" -> p.choices = new String[] {"TRUE", "FALSE"};
        default -> { }
      }
      out.add(p);
    }
    return out.toArray(new DriverPropertyInfo[0]);
  }

  private static String describe(String key) {
    return switch (key) {
      case "SYNC" -> "WAL durability: FULL fsyncs on every commit (default for files), NORMAL fsyncs "
          + "in the background, OFF never";
      case "IFEXISTS" -> "TRUE: fail instead of creating a database that does not exist";
      case "MEMTABLE_SIZE" -> "Bytes a memtable holds before it is flushed (default 4 MiB)";
      case "USER" -> "User name (accepted and ignored in embedded mode)";
      case "PASSWORD" -> "Password (accepted and ignored in embedded mode)";
      default -> key;
    };
  }

  @Override
  public int getMajorVersion() {
    return MAJOR_VERSION;
  }

  @Override
  public int getMinorVersion() {
    return MINOR_VERSION;
  }

  @Override
  public boolean jdbcCompliant() {
    return false;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw Errors.unsupported("java.util.logging (BeamDB uses System.Logger)");
  }
}
