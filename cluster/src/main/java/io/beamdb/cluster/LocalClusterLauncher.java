package io.beamdb.cluster;

import io.beamdb.wire.Scram;
import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;

/**
 * {@code beam cluster start|stop|status}: a local cluster of child JVMs on 127.0.0.1, one per
 * node, under a directory {@code D}:
 * <pre>
 * D/nK.yaml   node K's configuration (client port base+10(K-1), Raft port one above)
 * D/nK/       node K's data (lsm/, raft/)
 * D/nK.log    node K's standard output and error
 * D/nK.pid    node K's process id while it runs
 * D/tls/node.p12        with --tls: the nodes' self-signed key and certificate (IP 127.0.0.1, localhost)
 * D/tls/truststore.p12  with --tls: that certificate, for clients (password {@value #TRUSTSTORE_PASSWORD})
 * </pre>
 * Starting again reuses existing configurations and data and starts only the nodes that are not
 * running (so a stopped or killed node rejoins and catches up). Not thread-safe.
 */
public final class LocalClusterLauncher {
  /** Password of {@code D/tls/truststore.p12} (it holds only a public certificate). */
  public static final String TRUSTSTORE_PASSWORD = "changeit";
  private final Path dir;

  /** @param dir the cluster directory (created by {@link #start}) */
  public LocalClusterLauncher(Path dir) {
    this.dir = dir.toAbsolutePath().normalize();
  }

  /**
   * Writes configurations for {@code nodes} nodes unless they exist (user {@code user} with
   * {@code password}, stored as a SCRAM verifier), then starts every node that is not running.
   *
   * @param command the command line that runs {@code beam server --config FILE} minus the file
   *                (e.g. {@code java -cp beam.jar io.beamdb.cli.BeamCli server --config})
   * @return one line per node saying what happened
   * @throws IOException when files cannot be written or a process cannot be started
   */
  public List<String> start(int nodes, int basePort, String database, String user, String password,
                            List<String> command) throws IOException {
    return start(nodes, basePort, database, user, password, false, command);
  }

  /**
   * As {@link #start(int, int, String, String, String, List)}; with {@code tls} a new cluster gets
   * a self-signed certificate made by the JDK's {@code keytool} and requires TLS from clients
   * ({@link #url()} then carries the SSL settings). Ignored for an existing cluster.
   */
  public List<String> start(int nodes, int basePort, String database, String user, String password, boolean tls,
                            List<String> command) throws IOException {
    Files.createDirectories(dir);
    List<NodeConfig> configs = configs();
    if (configs.isEmpty()) {
      NodeConfig.Tls nodeTls = tls ? makeCertificate() : null;
      List<NodeConfig.Peer> peers = new ArrayList<>();
      for (int i = 1; i <= nodes; i++) {
        int port = basePort + 10 * (i - 1);
        peers.add(new NodeConfig.Peer("n" + i, "127.0.0.1:" + port, "127.0.0.1:" + (port + 1)));
      }
      String verifier = Scram.newVerifier(password).text();
      for (NodeConfig.Peer p : peers) {
        NodeConfig c = new NodeConfig(p.id(), p.listen(), p.raft(), Path.of(p.id()), database, peers,
            Map.of(user, verifier), Map.of(), nodeTls);
        Files.writeString(dir.resolve(p.id() + ".yaml"), c.toYaml());
      }
      configs = configs();
    }
    List<String> out = new ArrayList<>();
    for (NodeConfig c : configs) {
      Optional<ProcessHandle> running = running(c.id());
      if (running.isPresent()) {
        out.add(c.id() + " already running (pid " + running.get().pid() + ") on " + c.listen());
        continue;
      }
      List<String> cmd = new ArrayList<>(command);
      cmd.add(dir.resolve(c.id() + ".yaml").toString());
      File log = dir.resolve(c.id() + ".log").toFile();
      Process p = new ProcessBuilder(cmd).directory(dir.toFile()).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log)).start();
      p.getOutputStream().close(); // no standard input
      Files.writeString(dir.resolve(c.id() + ".pid"), Long.toString(p.pid()));
      out.add(c.id() + " started (pid " + p.pid() + ") on " + c.listen() + ", raft " + c.raft() + ", log " + log);
    }
    return out;
  }

  /** Makes {@code tls/node.p12} and {@code tls/truststore.p12} with the JDK's keytool. */
  private NodeConfig.Tls makeCertificate() throws IOException {
    Path tlsDir = Files.createDirectories(dir.resolve("tls"));
    Path keystore = tlsDir.resolve("node.p12");
    Path cert = tlsDir.resolve("node.crt");
    Path truststore = tlsDir.resolve("truststore.p12");
    for (Path p : List.of(keystore, cert, truststore)) {
      Files.deleteIfExists(p);
    }
    String password = java.util.HexFormat.of().formatHex(Scram.nonce());
    keytool("-genkeypair", "-alias", "beam", "-keyalg", "EC", "-groupname", "secp256r1", "-dname", "CN=beam-local",
        "-ext", "SAN=IP:127.0.0.1,DNS:localhost", "-validity", "3650", "-keystore", keystore.toString(),
        "-storetype", "PKCS12", "-storepass", password, "-keypass", password);
    keytool("-exportcert", "-alias", "beam", "-keystore", keystore.toString(), "-storepass", password,
        "-file", cert.toString());
    keytool("-importcert", "-noprompt", "-alias", "beam", "-file", cert.toString(), "-keystore",
        truststore.toString(), "-storetype", "PKCS12", "-storepass", TRUSTSTORE_PASSWORD);
    return new NodeConfig.Tls(Path.of("tls", "node.p12"), password, "PKCS12", true);
  }

  private void keytool(String... args) throws IOException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    cmd.addAll(List.of(args));
    Path log = dir.resolve("tls").resolve("keytool.log");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    try {
      if (!p.waitFor(60, TimeUnit.SECONDS)) {
        p.destroyForcibly();
        throw new IOException("keytool did not finish within 60 s: " + cmd.get(0));
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      p.destroyForcibly();
      throw new IOException("interrupted while running keytool", e);
    }
    if (p.exitValue() != 0) {
      throw new IOException("keytool " + args[0] + " failed (exit " + p.exitValue() + "): "
          + Files.readString(log).trim());
    }
  }

  /** The node configurations in {@code dir}, by node id. */
  public List<NodeConfig> configs() throws IOException {
    List<NodeConfig> out = new ArrayList<>();
    if (!Files.isDirectory(dir)) {
      return out;
    }
    try (var files = Files.list(dir)) {
      for (Path f : files.filter(p -> p.getFileName().toString().matches("n\\d+\\.yaml")).sorted().toList()) {
        out.add(NodeConfig.load(f));
      }
    }
    return out;
  }

  /**
   * What node {@code config} says when a client says hello: "leader (serving SQL)", "follower"
   * (it redirects), or why it cannot be asked. Opens and closes one connection.
   */
  public static String role(NodeConfig config) {
    try (java.net.Socket raw = new java.net.Socket()) {
      raw.connect(new java.net.InetSocketAddress(NodeConfig.host(config.listen()), NodeConfig.port(config.listen())),
          2_000);
      raw.setSoTimeout(5_000);
      java.net.Socket s = config.tls() == null ? raw : statusTls(raw, config);
      io.beamdb.wire.WireWriter w = new io.beamdb.wire.WireWriter();
      w.reset(io.beamdb.wire.Protocol.HELLO).writeInt(io.beamdb.wire.Protocol.MAGIC).writeInt(io.beamdb.wire.Protocol.VERSION)
          .writeString("").writeString(config.database()).writeBytes(Scram.nonce());
      w.writeTo(s.getOutputStream());
      s.getOutputStream().flush();
      io.beamdb.wire.WireReader r = io.beamdb.wire.Frames.read(new java.io.BufferedInputStream(s.getInputStream()));
      return switch (r.type()) {
        case io.beamdb.wire.Protocol.AUTH_CHALLENGE -> "leader (serving SQL)";
        case io.beamdb.wire.Protocol.REDIRECT -> {
          String leader = r.readString();
          yield leader.isEmpty() ? "follower (no leader yet)" : "follower (leader at " + leader + ")";
        }
        default -> "unexpected answer " + r.type();
      };
    } catch (IOException | RuntimeException | java.security.GeneralSecurityException e) {
      return "not answering (" + e.getMessage() + ")";
    }
  }

  /**
   * TLS for the status probe only: it sends no credentials (an empty user and a nonce) and only
   * reads whether it is challenged or redirected, so it does not check the node's certificate.
   */
  private static java.net.Socket statusTls(java.net.Socket raw, NodeConfig config)
      throws IOException, java.security.GeneralSecurityException {
    javax.net.ssl.TrustManager trustAll = new javax.net.ssl.X509TrustManager() {
      @Override
      public void checkClientTrusted(java.security.cert.X509Certificate[] chain, String authType) {
      }

      @Override
      public void checkServerTrusted(java.security.cert.X509Certificate[] chain, String authType) {
      }

      @Override
      public java.security.cert.X509Certificate[] getAcceptedIssuers() {
        return new java.security.cert.X509Certificate[0];
      }
    };
    javax.net.ssl.SSLContext ctx = javax.net.ssl.SSLContext.getInstance("TLS");
    ctx.init(null, new javax.net.ssl.TrustManager[] {trustAll}, null);
    javax.net.ssl.SSLSocket s = (javax.net.ssl.SSLSocket) ctx.getSocketFactory()
        .createSocket(raw, NodeConfig.host(config.listen()), NodeConfig.port(config.listen()), true);
    s.setEnabledProtocols(WireServer.TLS_PROTOCOLS);
    s.startHandshake();
    return s;
  }

  /**
   * The driver URL listing every node; for a cluster made with TLS also {@code SSL=true} and the
   * trust store settings.
   */
  public String url() throws IOException {
    List<NodeConfig> configs = configs();
    StringBuilder b = new StringBuilder("jdbc:beam://");
    for (int i = 0; i < configs.size(); i++) {
      b.append(i == 0 ? "" : ",").append(configs.get(i).listen());
    }
    b.append('/').append(configs.isEmpty() ? "beam" : configs.get(0).database());
    Path truststore = dir.resolve("tls").resolve("truststore.p12");
    if (!configs.isEmpty() && configs.get(0).tls() != null && Files.exists(truststore)) {
      b.append(";SSL=true;SSL_TRUSTSTORE=").append(truststore).append(";SSL_TRUSTSTORE_PASSWORD=")
          .append(TRUSTSTORE_PASSWORD);
    }
    return b.toString();
  }

  /** The live process of node {@code id} per its pid file. */
  public Optional<ProcessHandle> running(String id) throws IOException {
    Path pidFile = dir.resolve(id + ".pid");
    if (!Files.exists(pidFile)) {
      return Optional.empty();
    }
    long pid = Long.parseLong(Files.readString(pidFile).trim());
    // a reused pid would have to be another java process to be mistaken for the node (the
    // command line cannot be checked: Linux truncates long ones as reported here)
    return ProcessHandle.of(pid).filter(ProcessHandle::isAlive)
        .filter(h -> h.info().command().map(c -> c.contains("java")).orElse(true));
  }

  /**
   * Stops node {@code id}, or every node when null: SIGTERM, then SIGKILL after 10 s.
   *
   * @return one line per node
   */
  public List<String> stop(String id) throws IOException {
    List<String> out = new ArrayList<>();
    for (NodeConfig c : configs()) {
      if (id != null && !id.equals(c.id())) {
        continue;
      }
      Optional<ProcessHandle> h = running(c.id());
      if (h.isEmpty()) {
        out.add(c.id() + " not running");
      } else {
        ProcessHandle p = h.get();
        p.destroy();
        try {
          p.onExit().get(10, TimeUnit.SECONDS);
          out.add(c.id() + " stopped (pid " + p.pid() + ")");
        } catch (Exception e) {
          p.destroyForcibly();
          out.add(c.id() + " killed (pid " + p.pid() + ") after not stopping within 10 s: " + e);
        }
      }
      Files.deleteIfExists(dir.resolve(c.id() + ".pid"));
    }
    if (id != null && out.isEmpty()) {
      throw new IllegalArgumentException("no node '" + id + "' in " + dir);
    }
    return out;
  }
}
