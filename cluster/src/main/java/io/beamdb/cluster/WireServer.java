package io.beamdb.cluster;

import io.beamdb.wire.Scram;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.nio.file.Files;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.KeyStoreException;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;

/**
 * Accepts client connections speaking {@link io.beamdb.wire.Protocol} and serves each on its own
 * thread ({@link ServerConnection}) with a session from a {@link SessionSource}. Users are
 * authenticated against SCRAM verifiers; the database name in the handshake must match.
 *
 * <p>With {@link NodeConfig.Tls} the port speaks TLS (TLSv1.3 and TLSv1.2, the JDK's default
 * cipher suites): each connection's first byte tells a TLS ClientHello (record type 22) from a
 * plaintext HELLO frame (whose first length byte is at most 4). A plaintext client of a node that
 * requires TLS gets ERROR 08001 saying to connect with {@code SSL=true}; a TLS client of a
 * plaintext node is disconnected (the driver reports 08001 after {@code CONNECT_TIMEOUT}, naming
 * the likely cause). The first byte and the TLS handshake must arrive within 10 s.
 *
 * <p>Thread-safe.
 */
public final class WireServer implements AutoCloseable {
  private static final System.Logger LOG = System.getLogger(WireServer.class.getName());

  private final ServerSocket socket;
  private final SessionSource source;
  private final String database;
  private final Map<String, Scram.Verifier> users;
  private final Map<Long, ServerConnection> connections = new ConcurrentHashMap<>();
  private final AtomicLong nextId = new AtomicLong(1);
  private final SecureRandom random = new SecureRandom();
  private final byte[] fakeSalt = Scram.nonce();
  private final Thread acceptor;
  private final SSLContext tls;
  private final boolean tlsRequired;
  private volatile boolean closed;

  /**
   * Binds {@code address} (port 0 picks a free port) and starts accepting.
   *
   * @param database the database name clients must ask for
   * @param users    user name to verifier; an unknown user fails authentication like a wrong password
   * @throws IOException when the address cannot be bound
   */
  public WireServer(InetSocketAddress address, SessionSource source, String database,
                    Map<String, Scram.Verifier> users) throws IOException {
    this(address, source, database, users, null);
  }

  /**
   * Binds {@code address} (port 0 picks a free port) and starts accepting, with TLS when
   * {@code tls} is not null.
   *
   * @param database the database name clients must ask for
   * @param users    user name to verifier; an unknown user fails authentication like a wrong password
   * @param tls      the key store and whether plaintext clients are refused; null for plaintext only
   * @throws IOException when the address cannot be bound, or the key store cannot be read (the
   *     message names the file and what to check)
   */
  public WireServer(InetSocketAddress address, SessionSource source, String database,
                    Map<String, Scram.Verifier> users, NodeConfig.Tls tls) throws IOException {
    this.tls = tls == null ? null : serverContext(tls);
    this.tlsRequired = tls != null && tls.required();
    this.source = source;
    this.database = database;
    this.users = Map.copyOf(users);
    this.socket = new ServerSocket();
    socket.setReuseAddress(true);
    socket.bind(address, 128);
    this.acceptor = new Thread(this::acceptLoop, "beam-wire-accept-" + port());
    acceptor.setDaemon(true);
    acceptor.start();
  }

  /** The bound port. */
  public int port() {
    return socket.getLocalPort();
  }

  private void acceptLoop() {
    while (!closed) {
      Socket s;
      try {
        s = socket.accept();
      } catch (IOException e) {
        if (!closed) {
          LOG.log(System.Logger.Level.ERROR, "accept failed on port " + port(), e);
        }
        return;
      }
      long id = nextId.getAndIncrement();
      ServerConnection c = new ServerConnection(this, s, id, random.nextLong());
      connections.put(id, c);
      Thread t = new Thread(c, "beam-wire-" + port() + "-" + id);
      t.setDaemon(true);
      t.start();
    }
  }

  /** TLS protocols offered, newest first. */
  static final String[] TLS_PROTOCOLS = {"TLSv1.3", "TLSv1.2"};

  private static SSLContext serverContext(NodeConfig.Tls tls) throws IOException {
    char[] password = tls.keystorePassword().toCharArray();
    KeyStore ks;
    try {
      ks = KeyStore.getInstance(tls.keystoreType());
    } catch (KeyStoreException e) {
      throw new IOException("tls.keystoreType '" + tls.keystoreType() + "' is not a key store type this JVM knows;"
          + " use PKCS12 or JKS", e);
    }
    try (InputStream in = Files.newInputStream(tls.keystore())) {
      ks.load(in, password);
    } catch (IOException | GeneralSecurityException e) {
      throw new IOException("Cannot read TLS key store " + tls.keystore() + " (" + e.getMessage()
          + "): check tls.keystore, tls.keystorePassword and tls.keystoreType in the node's YAML", e);
    }
    try {
      boolean hasKey = false;
      for (String alias : java.util.Collections.list(ks.aliases())) {
        hasKey |= ks.isKeyEntry(alias);
      }
      if (!hasKey) {
        throw new IOException("TLS key store " + tls.keystore() + " holds no private key: create one with"
            + " keytool -genkeypair (see docs/07-cluster.md)");
      }
      KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
      kmf.init(ks, password);
      SSLContext ctx = SSLContext.getInstance("TLS");
      ctx.init(kmf.getKeyManagers(), null, null);
      return ctx;
    } catch (GeneralSecurityException e) {
      throw new IOException("Cannot use the key in TLS key store " + tls.keystore() + " (" + e.getMessage()
          + "): the key's password must be tls.keystorePassword", e);
    }
  }

  /** The TLS context of this server, or null when it speaks plaintext only. */
  SSLContext tls() {
    return tls;
  }

  /** True when plaintext clients are refused. */
  boolean tlsRequired() {
    return tlsRequired;
  }

  SessionSource source() {
    return source;
  }

  String database() {
    return database;
  }

  /** The verifier of {@code user}, or a fake one (same shape) so unknown users look like bad passwords. */
  Scram.Verifier verifier(String user) {
    Scram.Verifier v = users.get(user);
    return v != null ? v : new Scram.Verifier(fakeSalt, Scram.DEFAULT_ITERATIONS, new byte[32], new byte[32]);
  }

  boolean knowsUser(String user) {
    return users.containsKey(user);
  }

  void cancel(long id, long key) {
    ServerConnection c = connections.get(id);
    if (c != null) {
      c.cancelIfKey(key);
    }
  }

  void removed(ServerConnection c) {
    connections.remove(c.id());
  }

  /** Number of open client connections. */
  public int connectionCount() {
    return connections.size();
  }

  /**
   * Drops every client connection (their sessions roll back): used when this node stops being
   * the leader, so clients reconnect and find the new one.
   */
  public void closeConnections() {
    for (ServerConnection c : connections.values()) {
      c.kill();
    }
  }

  /** Stops accepting and drops every connection. Idempotent. */
  @Override
  public void close() {
    closed = true;
    try {
      socket.close();
    } catch (IOException e) {
      LOG.log(System.Logger.Level.DEBUG, "closing server socket", e);
    }
    closeConnections();
  }

  boolean isClosed() {
    return closed;
  }

  static boolean isDisconnect(IOException e) {
    return e instanceof java.io.EOFException || e instanceof SocketException
        || (e instanceof SSLException && !(e instanceof SSLHandshakeException)
            && (e.getCause() instanceof SocketException || e.getCause() instanceof java.io.EOFException
                || String.valueOf(e.getMessage()).contains("closed") || String.valueOf(e.getMessage()).contains("reset")));
  }
}
