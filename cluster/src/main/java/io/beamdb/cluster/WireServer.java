package io.beamdb.cluster;

import io.beamdb.wire.Scram;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.security.SecureRandom;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Accepts client connections speaking {@link io.beamdb.wire.Protocol} and serves each on its own
 * thread ({@link ServerConnection}) with a session from a {@link SessionSource}. Users are
 * authenticated against SCRAM verifiers; the database name in the handshake must match.
 * Thread-safe.
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
    return e instanceof java.io.EOFException || e instanceof SocketException;
  }
}
