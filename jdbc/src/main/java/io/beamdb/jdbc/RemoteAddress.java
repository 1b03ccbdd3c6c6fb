package io.beamdb.jdbc;

import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * The target of a remote URL {@code jdbc:beam://host[:port][,host[:port]...]/database}: the
 * host list in the order to try and the database name. Immutable.
 *
 * @param hosts    {@code host:port} entries, at least one; IPv6 literals in brackets
 * @param database the database name (never empty)
 */
record RemoteAddress(List<String> hosts, String database) {
  /** Port used when a host has none. */
  static final int DEFAULT_PORT = 7450;

  /** Parses what follows {@code jdbc:beam://} (settings already removed); 08001 when malformed. */
  static RemoteAddress parse(String target) throws SQLException {
    int slash = target.indexOf('/');
    if (slash < 0 || slash == target.length() - 1) {
      throw Errors.connect("Missing database name in remote URL target '" + target
          + "' (expected jdbc:beam://host:port[,host:port...]/database)");
    }
    String db = target.substring(slash + 1);
    List<String> hosts = new ArrayList<>();
    for (String h : target.substring(0, slash).split(",")) {
      String host = h.trim();
      if (host.isEmpty()) {
        throw Errors.connect("Empty host in remote URL target '" + target + "'");
      }
      int colon = host.lastIndexOf(':');
      if (colon < 0 || host.endsWith("]")) {
        host = host + ":" + DEFAULT_PORT;
      } else {
        try {
          int port = Integer.parseInt(host.substring(colon + 1));
          if (port < 1 || port > 65535) {
            throw new NumberFormatException();
          }
        } catch (NumberFormatException e) {
          throw Errors.connect("Bad port in '" + host + "' (expected 1-65535)");
        }
      }
      hosts.add(host);
    }
    return new RemoteAddress(List.copyOf(hosts), db);
  }

  /** Host part of a {@code host:port} entry, without IPv6 brackets. */
  static String hostOf(String hostPort) {
    String h = hostPort.substring(0, hostPort.lastIndexOf(':'));
    return h.startsWith("[") && h.endsWith("]") ? h.substring(1, h.length() - 1) : h;
  }

  /** Port of a {@code host:port} entry. */
  static int portOf(String hostPort) {
    return Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
  }
}
