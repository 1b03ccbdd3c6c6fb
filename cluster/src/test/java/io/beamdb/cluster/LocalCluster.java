package io.beamdb.cluster;

import io.beamdb.wire.Scram;
import java.io.IOException;
import java.net.ServerSocket;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Three (or n) in-process {@link ClusterNode}s on loopback ports under one directory, for tests.
 * Nodes can be stopped and restarted on the same data. Not thread-safe.
 */
final class LocalCluster implements AutoCloseable {
  static final String USER = "admin";
  static final String PASSWORD = "pw";

  final List<NodeConfig> configs = new ArrayList<>();
  final ClusterNode[] nodes;

  LocalCluster(Path dir, int n) throws IOException {
    this(dir, n, Map.of());
  }

  /** {@code settings}: node settings for every node (engine settings and RAFT_* ones). */
  LocalCluster(Path dir, int n, Map<String, String> settings) throws IOException {
    this(dir, n, settings, null);
  }

  /** {@code tls}: every node's client port requires TLS with this key store (null: plaintext). */
  LocalCluster(Path dir, int n, Map<String, String> settings, NodeConfig.Tls tls) throws IOException {
    List<NodeConfig.Peer> peers = new ArrayList<>();
    for (int i = 1; i <= n; i++) {
      peers.add(new NodeConfig.Peer("n" + i, "127.0.0.1:" + freePort(), "127.0.0.1:" + freePort()));
    }
    String verifier = Scram.newVerifier(PASSWORD).text();
    for (NodeConfig.Peer p : peers) {
      configs.add(new NodeConfig(p.id(), p.listen(), p.raft(), dir.resolve(p.id()), "bank", peers,
          Map.of(USER, verifier), settings, tls));
    }
    nodes = new ClusterNode[n];
    for (int i = 0; i < n; i++) {
      start(i);
    }
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  void start(int i) throws IOException {
    nodes[i] = ClusterNode.start(configs.get(i));
  }

  void stop(int i) {
    nodes[i].close();
    nodes[i] = null;
  }

  /** Index of the node serving SQL, or -1. */
  int leader() {
    for (int i = 0; i < nodes.length; i++) {
      if (nodes[i] != null && nodes[i].isServing()) {
        return i;
      }
    }
    return -1;
  }

  /** The driver URL listing every node. */
  String url() {
    StringBuilder b = new StringBuilder("jdbc:beam://");
    for (int i = 0; i < configs.size(); i++) {
      b.append(i == 0 ? "" : ",").append(configs.get(i).listen());
    }
    return b.append("/bank").toString();
  }

  @Override
  public void close() {
    for (int i = 0; i < nodes.length; i++) {
      if (nodes[i] != null) {
        stop(i);
      }
    }
  }
}
