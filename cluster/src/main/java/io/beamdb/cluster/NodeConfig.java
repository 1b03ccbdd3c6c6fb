package io.beamdb.cluster;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.DumperOptions;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * One node's configuration, read from YAML ({@code beam server --config node.yaml}):
 * <pre>
 * node: n1                      # this node's id (one of peers)
 * listen: 127.0.0.1:7450        # client address (wire protocol)
 * raft: 127.0.0.1:7451          # Raft address (Ratis gRPC)
 * data: ./data/n1               # directory: lsm/ (storage) and raft/ (Raft log)
 * database: beam                # the name clients use in jdbc:beam://.../beam
 * peers:                        # every member, this node included
 *   - {id: n1, listen: 127.0.0.1:7450, raft: 127.0.0.1:7451}
 *   - {id: n2, listen: 127.0.0.1:7460, raft: 127.0.0.1:7461}
 * users:                        # user: SCRAM-SHA-256 verifier (beam cluster start writes one)
 *   admin: SCRAM-SHA-256$4096:...$...:...
 * settings: {LOCK_TIMEOUT: 10000}   # optional engine settings; keys starting with RAFT_ are
 *                                   # Raft settings instead (ClusterNode.RAFT_SNAPSHOT_EVERY etc.)
 * tls:                          # optional: clients must connect with TLS (see {@link Tls})
 *   keystore: tls/node.p12      # the node's private key and certificate chain
 *   keystorePassword: secret    # also the key's password
 *   keystoreType: PKCS12        # optional, default PKCS12
 *   required: true              # optional, default true; false also admits plaintext clients
 * </pre>
 * Relative {@code data} and {@code tls.keystore} paths are resolved against the YAML file's
 * directory. Immutable.
 *
 * @param id       node id
 * @param listen   client {@code host:port}
 * @param raft     Raft {@code host:port}
 * @param data     data directory
 * @param database database name
 * @param peers    all members
 * @param users    user name to verifier text
 * @param settings engine settings
 * @param tls      TLS for client connections, or null for plaintext only
 */
public record NodeConfig(String id, String listen, String raft, Path data, String database, List<Peer> peers,
                         Map<String, String> users, Map<String, String> settings, Tls tls) {

  /** A configuration without TLS. */
  public NodeConfig(String id, String listen, String raft, Path data, String database, List<Peer> peers,
                    Map<String, String> users, Map<String, String> settings) {
    this(id, listen, raft, data, database, peers, users, settings, null);
  }

  /** This configuration with {@code tls} (null: plaintext). */
  public NodeConfig withTls(Tls tls) {
    return new NodeConfig(id, listen, raft, data, database, peers, users, settings, tls);
  }

  /**
   * TLS for the client port (the Raft port between nodes stays plaintext). With {@code required}
   * (the default) the node accepts only TLS connections and answers a plaintext client's HELLO
   * with an 08001 error telling it to connect with {@code SSL=true}; with {@code required: false}
   * it accepts both on the same port (a TLS connection starts with a TLS record, which no
   * plaintext frame can). Protocols TLSv1.3 and TLSv1.2 only, the JDK's default cipher suites.
   *
   * @param keystore         key store file with the node's private key and certificate chain
   * @param keystorePassword its password (also the key's)
   * @param keystoreType     {@code PKCS12} (default) or {@code JKS}
   * @param required         refuse plaintext clients
   */
  public record Tls(Path keystore, String keystorePassword, String keystoreType, boolean required) {
  }

  /** A cluster member: id, client address, Raft address. */
  public record Peer(String id, String listen, String raft) {
  }

  /**
   * Reads a YAML file.
   *
   * @throws IOException when it cannot be read
   * @throws IllegalArgumentException naming the missing or malformed key
   */
  public static NodeConfig load(Path file) throws IOException {
    Object root;
    try (Reader r = Files.newBufferedReader(file)) {
      root = new Yaml(new SafeConstructor(new LoaderOptions())).load(r);
    }
    if (!(root instanceof Map<?, ?> m)) {
      throw new IllegalArgumentException(file + ": expected a YAML mapping with node, listen, raft, data, peers");
    }
    String id = text(m, "node", null);
    List<Peer> peers = new ArrayList<>();
    Object ps = m.get("peers");
    if (!(ps instanceof List<?> list) || list.isEmpty()) {
      throw new IllegalArgumentException(file + ": 'peers' must list every member as {id, listen, raft}");
    }
    for (Object p : list) {
      if (!(p instanceof Map<?, ?> pm)) {
        throw new IllegalArgumentException(file + ": each peer must be a mapping {id, listen, raft}");
      }
      peers.add(new Peer(text(pm, "id", null), text(pm, "listen", null), text(pm, "raft", null)));
    }
    Peer self = peers.stream().filter(p -> p.id().equals(id)).findFirst()
        .orElseThrow(() -> new IllegalArgumentException(file + ": node '" + id + "' is not among the peers"));
    Path data = Path.of(text(m, "data", null));
    if (!data.isAbsolute()) {
      Path dir = file.toAbsolutePath().getParent();
      data = dir.resolve(data).normalize();
    }
    return new NodeConfig(id, text(m, "listen", self.listen()), text(m, "raft", self.raft()), data,
        text(m, "database", "beam"), List.copyOf(peers), strings(m, "users"), strings(m, "settings"),
        tls(file, m.get("tls")));
  }

  private static Tls tls(Path file, Object v) {
    if (v == null) {
      return null;
    }
    if (!(v instanceof Map<?, ?> tm)) {
      throw new IllegalArgumentException(file + ": 'tls' must be a mapping {keystore, keystorePassword, keystoreType,"
          + " required}");
    }
    for (Object k : tm.keySet()) {
      if (!Set.of("keystore", "keystorePassword", "keystoreType", "required").contains(String.valueOf(k))) {
        throw new IllegalArgumentException(file + ": unknown key 'tls." + k
            + "' (known: keystore, keystorePassword, keystoreType, required)");
      }
    }
    Path keystore;
    try {
      keystore = Path.of(text(tm, "keystore", null));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": 'tls' needs 'keystore' (a PKCS12 file with the node's key and"
          + " certificate)");
    }
    if (!keystore.isAbsolute()) {
      keystore = file.toAbsolutePath().getParent().resolve(keystore).normalize();
    }
    String required = text(tm, "required", "true");
    if (!required.equals("true") && !required.equals("false")) {
      throw new IllegalArgumentException(file + ": 'tls.required' must be true or false, not '" + required + "'");
    }
    return new Tls(keystore, text(tm, "keystorePassword", ""), text(tm, "keystoreType", "PKCS12"),
        Boolean.parseBoolean(required));
  }

  private static String text(Map<?, ?> m, String key, String dflt) {
    Object v = m.get(key);
    if (v == null) {
      if (dflt == null) {
        throw new IllegalArgumentException("missing '" + key + "'");
      }
      return dflt;
    }
    return v.toString();
  }

  private static Map<String, String> strings(Map<?, ?> m, String key) {
    Object v = m.get(key);
    Map<String, String> out = new LinkedHashMap<>();
    if (v == null) {
      return out;
    }
    if (!(v instanceof Map<?, ?> vm)) {
      throw new IllegalArgumentException("'" + key + "' must be a mapping");
    }
    vm.forEach((k, x) -> out.put(k.toString(), String.valueOf(x)));
    return out;
  }

  /** The YAML text {@link #load} reads back. */
  public String toYaml() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("node", id);
    m.put("listen", listen);
    m.put("raft", raft);
    m.put("data", data.toString());
    m.put("database", database);
    List<Map<String, String>> ps = new ArrayList<>();
    for (Peer p : peers) {
      Map<String, String> pm = new LinkedHashMap<>();
      pm.put("id", p.id());
      pm.put("listen", p.listen());
      pm.put("raft", p.raft());
      ps.add(pm);
    }
    m.put("peers", ps);
    m.put("users", new LinkedHashMap<>(users));
    if (!settings.isEmpty()) {
      m.put("settings", new LinkedHashMap<>(settings));
    }
    if (tls != null) {
      Map<String, Object> t = new LinkedHashMap<>();
      t.put("keystore", tls.keystore().toString());
      t.put("keystorePassword", tls.keystorePassword());
      t.put("keystoreType", tls.keystoreType());
      t.put("required", tls.required());
      m.put("tls", t);
    }
    DumperOptions o = new DumperOptions();
    o.setDefaultFlowStyle(DumperOptions.FlowStyle.BLOCK);
    return new Yaml(o).dump(m);
  }

  /** Host part of {@code host:port}. */
  static String host(String hostPort) {
    return hostPort.substring(0, hostPort.lastIndexOf(':'));
  }

  /** Port part of {@code host:port}. */
  static int port(String hostPort) {
    return Integer.parseInt(hostPort.substring(hostPort.lastIndexOf(':') + 1));
  }
}
