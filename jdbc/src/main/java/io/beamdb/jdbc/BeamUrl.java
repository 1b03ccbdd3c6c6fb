package io.beamdb.jdbc;

import java.sql.SQLException;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * A parsed {@code jdbc:beam:} URL. Immutable and thread-safe.
 *
 * <p>Forms:
 * <ul>
 *   <li>{@code jdbc:beam:mem:NAME} - a named in-memory database, shared in the JVM while a
 *       connection to it is open</li>
 *   <li>{@code jdbc:beam:mem:} - a private in-memory database per connection</li>
 *   <li>{@code jdbc:beam:file:PATH} or {@code jdbc:beam:PATH} - an on-disk database in directory
 *       PATH</li>
 *   <li>{@code jdbc:beam://HOST[:PORT][,HOST[:PORT]...]/DATABASE} - remote mode: a BeamDB server
 *       or cluster (see {@code RemoteSession})</li>
 * </ul>
 * Each form may be followed by settings {@code ;KEY=VALUE;KEY2=VALUE2}; keys are case-insensitive
 * and stored upper case; later duplicates win. Settings are validated by the engine
 * ({@code DatabaseConfig}), not here. Malformed URLs fail with SQLState 08001.
 */
public final class BeamUrl {
  /** Every URL the driver accepts starts with this. */
  public static final String PREFIX = "jdbc:beam:";

  /** What kind of database the URL names. */
  public enum Kind { MEMORY, FILE, REMOTE }

  private final String url;
  private final Kind kind;
  private final String target;
  private final Map<String, String> settings;

  private BeamUrl(String url, Kind kind, String target, Map<String, String> settings) {
    this.url = url;
    this.kind = kind;
    this.target = target;
    this.settings = settings;
  }

  /** True when {@code url} starts with {@code jdbc:beam:} (case-insensitive prefix). */
  public static boolean accepts(String url) {
    return url != null && url.regionMatches(true, 0, PREFIX, 0, PREFIX.length());
  }

  /**
   * Parses a URL.
   *
   * @throws SQLException 08001 when the URL is not a {@code jdbc:beam:} URL or is malformed
   */
  public static BeamUrl parse(String url) throws SQLException {
    if (!accepts(url)) {
      throw Errors.connect("Not a BeamDB URL: " + url + " (expected " + PREFIX + "...)");
    }
    String rest = url.substring(PREFIX.length());
    String body;
    String settingText;
    int semi = rest.indexOf(';');
    if (semi >= 0) {
      body = rest.substring(0, semi);
      settingText = rest.substring(semi + 1);
    } else {
      body = rest;
      settingText = "";
    }
    Map<String, String> settings = parseSettings(url, settingText);
    Kind kind;
    String target;
    if (body.startsWith("//")) {
      kind = Kind.REMOTE;
      target = body.substring(2);
      if (target.isEmpty()) {
        throw Errors.connect("Missing host in URL " + url);
      }
    } else if (body.regionMatches(true, 0, "mem:", 0, 4)) {
      kind = Kind.MEMORY;
      target = body.substring(4);
    } else if (body.regionMatches(true, 0, "file:", 0, 5)) {
      kind = Kind.FILE;
      target = body.substring(5);
    } else {
      kind = Kind.FILE;
      target = body;
    }
    if (kind == Kind.FILE && target.isBlank()) {
      throw Errors.connect("Missing database path in URL " + url
          + " (use jdbc:beam:file:PATH, jdbc:beam:PATH or jdbc:beam:mem:NAME)");
    }
    return new BeamUrl(url, kind, target, settings);
  }

  private static Map<String, String> parseSettings(String url, String text) throws SQLException {
    Map<String, String> out = new LinkedHashMap<>();
    for (String part : text.split(";")) {
      if (part.isBlank()) {
        continue;
      }
      int eq = part.indexOf('=');
      if (eq <= 0 || part.substring(0, eq).isBlank()) {
        throw Errors.connect("Malformed setting '" + part + "' in URL " + url + " (expected KEY=VALUE)");
      }
      out.put(part.substring(0, eq).trim().toUpperCase(Locale.ROOT), part.substring(eq + 1).trim());
    }
    return Collections.unmodifiableMap(out);
  }

  /** The URL as given. */
  public String url() {
    return url;
  }

  public Kind kind() {
    return kind;
  }

  /**
   * The in-memory name ({@code ""} for a private database), the file path as written, or for
   * remote URLs everything after {@code //}.
   */
  public String target() {
    return target;
  }

  /** Settings from the URL, keys upper case, in URL order. */
  public Map<String, String> settings() {
    return settings;
  }

  @Override
  public String toString() {
    return url;
  }
}
