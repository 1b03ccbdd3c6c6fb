package io.beamdb.jdbc;

import io.beamdb.engine.CatalogView;
import io.beamdb.engine.ColumnInfo;
import io.beamdb.engine.CommandResult;
import io.beamdb.engine.Database;
import io.beamdb.engine.GeneratedKeysRequest;
import io.beamdb.engine.PreparedCommand;
import io.beamdb.engine.Session;
import io.beamdb.txn.IsolationLevel;
import io.beamdb.wire.EngineCodec;
import io.beamdb.wire.Frames;
import io.beamdb.wire.Protocol;
import io.beamdb.wire.ProtocolException;
import io.beamdb.wire.Scram;
import io.beamdb.wire.WireReader;
import io.beamdb.wire.WireWriter;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigDecimal;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.security.MessageDigest;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLInvalidAuthorizationSpecException;
import java.sql.SQLNonTransientConnectionException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The remote-mode {@link Session}: speaks the {@link Protocol} over one TCP connection to a
 * BeamDB server (the leader of its cluster). Connecting tries the URL's hosts in order, follows
 * "not leader" redirects and retries until {@code CONNECT_TIMEOUT}; once connected, a broken
 * connection makes every call fail with SQLState 08006 and the session closed (a commit whose
 * reply was lost has an unknown outcome).
 *
 * <p>Prepared statements are cached by SQL text (the server holds them by handle; handles
 * evicted from the cache are released). Result rows stream in batches of the statement's fetch
 * size ({@link #fetchSizeHint}, default {@code FETCH_SIZE}, 1000). {@link #cancel()} opens a
 * side connection carrying this session's id and secret cancel key. {@code NETWORK_TIMEOUT} (ms,
 * default none) is the initial JDBC network timeout, for pools that cannot call
 * {@code setNetworkTimeout}: a request without a reply within it fails with 08006.
 *
 * <p>With {@code SSL=true} every connection (each host tried, redirects, the cancel side
 * connection) runs TLS first ({@link RemoteTls}: trust store, host-name check); the BeamDB
 * handshake, SCRAM included, then runs inside it. A certificate the driver does not accept fails
 * the connect at once with 08001 naming the host, the cause and the setting to fix; a node that
 * requires TLS answers a plaintext HELLO with 08001 (no retry); a failed or cut-off TLS handshake
 * (e.g. a plaintext node) is retried like any failed attempt until {@code CONNECT_TIMEOUT}.
 *
 * <p>Thread-safety: requests are serialized on this object; {@link #cancel()} may be called from
 * any thread.
 */
final class RemoteSession implements Session {
  private static final System.Logger LOG = System.getLogger(RemoteSession.class.getName());
  /** Settings remote URLs accept. */
  static final Set<String> SETTINGS = union(Set.of("USER", "PASSWORD", "CONNECT_TIMEOUT", "FETCH_SIZE", "NETWORK_TIMEOUT"),
      RemoteTls.SETTINGS);
  private static final int PREPARED_CACHE = 256;
  private static final int SOCKET_CONNECT_MILLIS = 2_000;

  private static Set<String> union(Set<String> a, Set<String> b) {
    Set<String> u = new java.util.HashSet<>(a);
    u.addAll(b);
    return Set.copyOf(u);
  }

  /** A TLS handshake that failed (as opposed to the BeamDB handshake after it). */
  private static final class TlsHandshakeFailed extends IOException {
    TlsHandshakeFailed(IOException cause) {
      super(cause.getMessage(), cause);
    }
  }

  /** One batch of fetched rows. */
  record Batch(List<Object[]> rows, boolean done) {
  }

  private final Socket socket;
  private final RemoteTls tls;
  private final String hostPort;
  private final String database;
  private final InputStream in;
  private final OutputStream out;
  private final WireWriter w = new WireWriter();
  private final long sessionId;
  private final long cancelKey;
  private final int defaultFetchSize;
  private int fetchSize;
  private EngineCodec.State state;
  private volatile boolean closed;
  private final Map<String, RemoteCommand> prepared = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, RemoteCommand> eldest) {
      if (size() > PREPARED_CACHE) {
        release(eldest.getValue().handle);
        return true;
      }
      return false;
    }
  };

  private RemoteSession(Socket socket, RemoteTls tls, String hostPort, String database, InputStream in,
                        OutputStream out, long sessionId, long cancelKey, EngineCodec.State state, int fetchSize) {
    this.socket = socket;
    this.tls = tls;
    this.hostPort = hostPort;
    this.database = database;
    this.in = in;
    this.out = out;
    this.sessionId = sessionId;
    this.cancelKey = cancelKey;
    this.state = state;
    this.defaultFetchSize = fetchSize;
  }

  /**
   * Connects to the first reachable leader among {@code address.hosts()}.
   *
   * @throws SQLException 08001 when no host accepts within CONNECT_TIMEOUT (default 10000 ms), a
   *     setting is unknown or invalid, the trust store cannot be read, a server's TLS certificate is
   *     not accepted, or a server requires TLS and {@code SSL=true} is missing; 28P01 wrong user or
   *     password; 08P01 protocol mismatch
   */
  static RemoteSession connect(RemoteAddress address, Map<String, String> settings) throws SQLException {
    for (String key : settings.keySet()) {
      if (!SETTINGS.contains(key)) {
        throw Errors.connect("Unknown setting '" + key + "' for a remote URL; known settings are "
            + String.join(", ", new java.util.TreeSet<>(SETTINGS)));
      }
    }
    String user = settings.getOrDefault("USER", "");
    String password = settings.getOrDefault("PASSWORD", "");
    long timeout = positive(settings, "CONNECT_TIMEOUT", 10_000);
    int fetchSize = (int) positive(settings, "FETCH_SIZE", 1_000);
    int networkTimeout = settings.containsKey("NETWORK_TIMEOUT") ? (int) positive(settings, "NETWORK_TIMEOUT", 0) : 0;
    RemoteTls tls = RemoteTls.from(settings);
    long deadline = System.nanoTime() + timeout * 1_000_000L;
    List<String> order = new ArrayList<>(address.hosts());
    String lastProblem = "no host tried";
    // a host that accepts but does not answer (a paused or overloaded node) holds one attempt for
    // at most this long; it doubles after every round without a leader (2, 4, 8, 10 s), so a
    // slow but healthy node is still reached while a hung one does not stall failover
    long attemptCap = 2_000;
    while (true) {
      String redirect = null;
      for (String host : order) {
        try {
          long left = Math.max(1, (deadline - System.nanoTime()) / 1_000_000);
          Object r = attempt(host, tls, address.database(), user, password, fetchSize,
              (int) Math.min(left, attemptCap));
          if (r instanceof RemoteSession s) {
            if (networkTimeout > 0) {
              s.readTimeout(networkTimeout);
              s.networkTimeout = networkTimeout;
            }
            return s;
          }
          String[] red = (String[]) r;
          lastProblem = host + ": " + red[1];
          if (!red[0].isEmpty()) {
            redirect = red[0];
            break;
          }
        } catch (TlsHandshakeFailed e) {
          SQLException fatal = tls.certificateProblem(host, (IOException) e.getCause());
          if (fatal != null) {
            throw fatal;
          }
          lastProblem = host + ": " + RemoteTls.describe((IOException) e.getCause());
          LOG.log(System.Logger.Level.DEBUG, "TLS handshake with " + host + " failed: " + e.getMessage());
        } catch (IOException e) {
          // a timeout of an attempt cut short by the deadline says less than a TLS failure of the
          // same host seen before: keep that one for the error message
          if (!(e instanceof java.net.SocketTimeoutException && lastProblem != null
              && lastProblem.startsWith(host + ": TLS handshake failed"))) {
            lastProblem = host + ": " + e;
          }
          LOG.log(System.Logger.Level.DEBUG, "cannot connect to " + host, e);
        } catch (SQLException e) {
          if (!"08006".equals(e.getSQLState())) {
            throw e;
          }
          lastProblem = host + ": " + e.getMessage(); // lost leadership during the handshake: look again
        }
      }
      if (redirect != null) {
        order.remove(redirect);
        order.add(0, redirect);
        if (System.nanoTime() < deadline) {
          continue;
        }
      }
      if (System.nanoTime() >= deadline) {
        throw new SQLNonTransientConnectionException("Cannot connect to BeamDB cluster " + address.hosts()
            + " within " + timeout + " ms; last problem: " + lastProblem, "08001");
      }
      attemptCap = Math.min(10_000, attemptCap * 2);
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new SQLNonTransientConnectionException("Interrupted while connecting", "08001", e);
      }
    }
  }

  private static long positive(Map<String, String> settings, String key, long dflt) throws SQLException {
    String v = settings.get(key);
    if (v == null) {
      return dflt;
    }
    try {
      long n = Long.parseLong(v.trim());
      if (n > 0) {
        return n;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw Errors.connect("Invalid " + key + " '" + v + "'; give a positive number");
  }

  /** One handshake: a session, or {redirect host ("" = unknown), message}. */
  private static Object attempt(String host, RemoteTls tls, String database, String user, String password,
                                int fetchSize, int handshakeMillis) throws IOException, SQLException {
    Socket raw = new Socket();
    Socket socket = raw;
    boolean ok = false;
    try {
      raw.setTcpNoDelay(true);
      raw.connect(new InetSocketAddress(RemoteAddress.hostOf(host), RemoteAddress.portOf(host)),
          Math.min(SOCKET_CONNECT_MILLIS, handshakeMillis));
      raw.setSoTimeout(handshakeMillis); // a host that accepts but never answers must not hang us
      if (tls != null) {
        try {
          socket = tls.handshake(raw, RemoteAddress.hostOf(host), RemoteAddress.portOf(host));
        } catch (IOException e) {
          throw new TlsHandshakeFailed(e);
        }
      }
      InputStream in = new BufferedInputStream(socket.getInputStream(), 1 << 16);
      OutputStream out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
      WireWriter w = new WireWriter();
      byte[] clientNonce = Scram.nonce();
      w.reset(Protocol.HELLO).writeInt(Protocol.MAGIC).writeInt(Protocol.VERSION).writeString(user)
          .writeString(database).writeBytes(clientNonce);
      w.writeTo(out);
      out.flush();
      WireReader r = Frames.read(in);
      switch (r.type()) {
        case Protocol.REDIRECT -> {
          return new String[] {r.readString(), r.readString()};
        }
        case Protocol.ERROR -> throw EngineCodec.readError(r);
        case Protocol.AUTH_CHALLENGE -> { }
        default -> throw new ProtocolException("unexpected frame " + r.type() + " in handshake");
      }
      byte[] salt = r.readBytes();
      int iterations = r.readInt();
      byte[] serverNonce = r.readBytes();
      byte[] auth = Scram.authMessage(user, clientNonce, serverNonce);
      w.reset(Protocol.AUTH_RESPONSE).writeBytes(Scram.clientProof(password, salt, iterations, auth));
      w.writeTo(out);
      out.flush();
      r = Frames.read(in);
      if (r.type() == Protocol.ERROR) {
        SQLException e = EngineCodec.readError(r);
        if (e.getSQLState().startsWith("28")) {
          throw new SQLInvalidAuthorizationSpecException(e.getMessage(), e.getSQLState(), e.getErrorCode());
        }
        throw e;
      }
      if (r.type() != Protocol.READY) {
        throw new ProtocolException("unexpected frame " + r.type() + " in handshake");
      }
      long id = r.readLong();
      long key = r.readLong();
      byte[] signature = r.readBytes();
      r.readString(); // server version
      if (!MessageDigest.isEqual(signature, Scram.expectedServerSignature(password, salt, iterations, auth))) {
        throw new SQLInvalidAuthorizationSpecException("Server " + host
            + " failed to prove it knows the password verifier", "28000");
      }
      EngineCodec.State state = EngineCodec.readState(r, null);
      socket.setSoTimeout(0);
      ok = true;
      return new RemoteSession(socket, tls, host, database, in, out, id, key, state, fetchSize);
    } catch (ProtocolException e) {
      throw new SQLNonTransientConnectionException("Server " + host + " does not speak BeamDB protocol version "
          + Protocol.VERSION + ": " + e.getMessage(), "08P01", e);
    } finally {
      if (!ok) {
        raw.close();
      }
    }
  }

  // ---- request plumbing

  /** Sends the frame built in {@link #w} and reads the reply; ERROR replies become exceptions. */
  private WireReader call() throws SQLException {
    if (closed) {
      throw Errors.connectionClosed();
    }
    WireReader r;
    try {
      w.writeTo(out);
      out.flush();
      r = Frames.read(in);
    } catch (IOException | ProtocolException e) {
      closeSocket();
      throw new SQLNonTransientConnectionException("Connection to " + hostPort + " failed: " + e.getMessage()
          + " (the outcome of a statement or commit in flight is unknown)", "08006", e);
    }
    try {
      state = EngineCodec.readState(r, state.schema());
      if (r.type() == Protocol.ERROR) {
        throw EngineCodec.readError(r);
      }
      return r;
    } catch (ProtocolException e) {
      closeSocket();
      throw new SQLNonTransientConnectionException("Malformed reply from " + hostPort + ": " + e.getMessage(), "08P01", e);
    }
  }

  /** Queues a no-reply frame; it travels with the next request. */
  private void sendNoReply(byte type, int id) {
    if (closed) {
      return;
    }
    WireWriter nr = new WireWriter();
    nr.reset(type).writeInt(id);
    try {
      nr.writeTo(out);
    } catch (IOException e) {
      LOG.log(System.Logger.Level.DEBUG, "cannot release server object " + id, e);
      closeSocket();
    }
  }

  private void release(int handle) {
    sendNoReply(Protocol.CLOSE_HANDLE, handle);
  }

  synchronized void closeCursor(int id) {
    sendNoReply(Protocol.CLOSE_CURSOR, id);
  }

  synchronized Batch fetch(int cursorId, int columns) throws SQLException {
    w.reset(Protocol.FETCH).writeInt(cursorId).writeInt(currentFetchSize());
    return readRows(call(), columns);
  }

  private int currentFetchSize() {
    return fetchSize > 0 ? fetchSize : defaultFetchSize;
  }

  private static Batch readRows(WireReader r, int columns) {
    int n = r.readInt();
    List<Object[]> rows = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      Object[] row = new Object[columns];
      for (int c = 0; c < columns; c++) {
        row[c] = r.value();
      }
      rows.add(row);
    }
    return new Batch(rows, r.readBoolean());
  }

  /**
   * How long a request may wait for the server's reply (JDBC {@code setNetworkTimeout}); 0 waits
   * forever. A request that times out fails with 08006 and closes the session, as a dropped
   * connection does (a statement or commit in flight has an unknown outcome).
   */
  /** NETWORK_TIMEOUT from the URL (ms; 0 = none): the connection's initial network timeout. */
  int networkTimeout;

  void readTimeout(int millis) {
    try {
      socket.setSoTimeout(millis);
    } catch (java.net.SocketException e) {
      LOG.log(System.Logger.Level.DEBUG, "cannot set the socket timeout", e);
    }
  }

  /** Rows per FETCH for the next execute (JDBC {@code setFetchSize}; 0 = the connection default). */
  synchronized void fetchSizeHint(int rows) {
    fetchSize = rows;
  }

  private void writeParams(Object[] params) throws SQLException {
    w.writeInt(params.length);
    for (Object p : params) {
      try {
        w.value(wireValue(p));
      } catch (IllegalArgumentException e) {
        throw new SQLException("Cannot send a parameter of type " + p.getClass().getName(), "22018", e);
      }
    }
  }

  private static Object wireValue(Object p) {
    if (p instanceof java.sql.Date d) {
      return d.toLocalDate();
    } else if (p instanceof java.sql.Time t) {
      return t.toLocalTime();
    } else if (p instanceof java.sql.Timestamp t) {
      return t.toLocalDateTime();
    } else if (p instanceof java.math.BigInteger b) {
      return new BigDecimal(b);
    }
    return p;
  }

  // ---- Session

  @Override
  public synchronized PreparedCommand prepare(String sql) throws SQLException {
    RemoteCommand cached = prepared.get(sql);
    if (cached != null) {
      return cached;
    }
    w.reset(Protocol.PREPARE).writeString(sql);
    WireReader r = call();
    int handle = r.readInt();
    int n = r.readInt();
    int[] types = new int[n];
    for (int i = 0; i < n; i++) {
      types[i] = r.readInt();
    }
    boolean rows = r.readBoolean();
    RemoteCommand c = new RemoteCommand(handle, sql, types, rows, EngineCodec.readColumns(r));
    prepared.put(sql, c);
    return c;
  }

  @Override
  public CommandResult execute(PreparedCommand command, Object[] params) throws SQLException {
    return execute(command, params, 0, null);
  }

  @Override
  public CommandResult execute(PreparedCommand command, Object[] params, long timeoutMillis) throws SQLException {
    return execute(command, params, timeoutMillis, null);
  }

  @Override
  public synchronized CommandResult execute(PreparedCommand command, Object[] params, long timeoutMillis,
                                            GeneratedKeysRequest keys) throws SQLException {
    RemoteCommand c = own(command);
    w.reset(Protocol.EXECUTE).writeInt(c.handle).writeLong(timeoutMillis).writeInt(currentFetchSize());
    if (keys == null) {
      w.writeByte(0);
    } else {
      w.writeByte(1);
      String[] names = keys.columnNames();
      int[] idx = keys.columnIndexes();
      w.writeInt(names == null ? -1 : names.length);
      if (names != null) {
        for (String s : names) {
          w.writeString(s);
        }
      }
      w.writeInt(idx == null ? -1 : idx.length);
      if (idx != null) {
        for (int i : idx) {
          w.writeInt(i);
        }
      }
    }
    writeParams(params);
    WireReader r = call();
    if (r.readByte() == 0) {
      long count = r.readLong();
      if (!r.readBoolean()) {
        return CommandResult.ofCount(count);
      }
      List<ColumnInfo> cols = EngineCodec.readColumns(r);
      return CommandResult.ofCount(count, new ListCursor(cols, readRows(r, cols.size()).rows()));
    }
    int cursor = r.readInt();
    List<ColumnInfo> cols = EngineCodec.readColumns(r);
    Batch b = readRows(r, cols.size());
    return CommandResult.ofRows(new RemoteCursor(this, cursor, cols, b.rows(), b.done()));
  }

  /**
   * Executes {@code command} once per parameter row in one round trip; returns the update
   * counts. A failing row stops the batch: {@link BatchUpdateException} with the counts of the
   * rows before it and the row's SQLState.
   */
  synchronized long[] executeBatch(PreparedCommand command, List<Object[]> rows, long timeoutMillis)
      throws SQLException {
    RemoteCommand c = own(command);
    w.reset(Protocol.EXECUTE_BATCH).writeInt(c.handle).writeLong(timeoutMillis).writeInt(rows.size());
    for (Object[] p : rows) {
      writeParams(p);
    }
    WireReader r = call();
    long[] counts = new long[r.readInt()];
    for (int i = 0; i < counts.length; i++) {
      counts[i] = r.readLong();
    }
    return counts;
  }

  private static RemoteCommand own(PreparedCommand command) throws SQLException {
    if (command instanceof RemoteCommand c) {
      return c;
    }
    throw new SQLException("Command was not prepared by this remote session", "HY000");
  }

  /** Cancels over a side connection; failures are logged (the statement then just runs on). */
  @Override
  public void cancel() {
    if (closed) {
      return;
    }
    try (Socket raw = new Socket()) {
      raw.connect(new InetSocketAddress(RemoteAddress.hostOf(hostPort), RemoteAddress.portOf(hostPort)),
          SOCKET_CONNECT_MILLIS);
      Socket s = raw;
      if (tls != null) {
        raw.setSoTimeout(SOCKET_CONNECT_MILLIS * 5);
        s = tls.handshake(raw, RemoteAddress.hostOf(hostPort), RemoteAddress.portOf(hostPort));
      }
      WireWriter cw = new WireWriter();
      cw.reset(Protocol.CANCEL).writeInt(Protocol.MAGIC).writeLong(sessionId).writeLong(cancelKey);
      OutputStream o = s.getOutputStream();
      cw.writeTo(o);
      o.flush();
      s.getInputStream().read(); // the server closes the side connection when done
    } catch (IOException e) {
      LOG.log(System.Logger.Level.WARNING, "cancel request to " + hostPort + " failed: " + e);
    }
  }

  private void simple(byte type) throws SQLException {
    w.reset(type);
    call();
  }

  @Override
  public synchronized void setIsolationLevel(IsolationLevel level) throws SQLException {
    w.reset(Protocol.SET_ISOLATION).writeByte(level.ordinal());
    call();
  }

  @Override
  public synchronized IsolationLevel isolationLevel() {
    return state.isolation();
  }

  private void savepoint(int op, String name) throws SQLException {
    w.reset(Protocol.SAVEPOINT).writeByte(op).writeString(name);
    call();
  }

  @Override
  public synchronized void setSavepoint(String name) throws SQLException {
    savepoint(0, name);
  }

  @Override
  public synchronized void rollbackToSavepoint(String name) throws SQLException {
    savepoint(1, name);
  }

  @Override
  public synchronized void releaseSavepoint(String name) throws SQLException {
    savepoint(2, name);
  }

  @Override
  public synchronized boolean getAutoCommit() {
    return state.autoCommit();
  }

  @Override
  public synchronized void setAutoCommit(boolean autoCommit) throws SQLException {
    w.reset(Protocol.SET_AUTOCOMMIT).writeBoolean(autoCommit);
    call();
  }

  @Override
  public synchronized void commit() throws SQLException {
    simple(Protocol.COMMIT);
  }

  @Override
  public synchronized void rollback() throws SQLException {
    simple(Protocol.ROLLBACK);
  }

  @Override
  public synchronized boolean inTransaction() {
    return state.inTransaction();
  }

  /** Round trip to the server (Connection.isValid). */
  synchronized boolean ping() {
    try {
      simple(Protocol.PING);
      return true;
    } catch (SQLException e) {
      LOG.log(System.Logger.Level.DEBUG, "ping failed", e);
      return false;
    }
  }

  @Override
  public Database database() {
    return new Database() {
      @Override
      public String name() {
        return database;
      }

      @Override
      public boolean inMemory() {
        return false;
      }

      @Override
      public Session openSession() throws SQLException {
        throw new SQLException("Open remote sessions through the driver", "0A000");
      }

      @Override
      public void close() {
      }
    };
  }

  @Override
  public synchronized String currentSchema() {
    return state.schema();
  }

  @Override
  public synchronized CatalogView catalog() throws SQLException {
    w.reset(Protocol.CATALOG);
    return EngineCodec.readCatalog(call());
  }

  @Override
  public synchronized void close() {
    if (closed) {
      return;
    }
    try {
      w.reset(Protocol.CLOSE);
      w.writeTo(out);
      out.flush();
    } catch (IOException e) {
      LOG.log(System.Logger.Level.DEBUG, "closing remote session", e);
    }
    closeSocket();
  }

  private void closeSocket() {
    closed = true;
    try {
      socket.close();
    } catch (IOException e) {
      LOG.log(System.Logger.Level.DEBUG, "closing socket", e);
    }
  }

  @Override
  public boolean isClosed() {
    return closed;
  }

  /** The {@code host:port} this session is connected to. */
  String hostPort() {
    return hostPort;
  }

  @Override
  public String toString() {
    return "RemoteSession[" + hostPort + "/" + database + " #" + sessionId + "]";
  }
}
