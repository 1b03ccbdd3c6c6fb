package io.beamdb.cluster;

import io.beamdb.engine.CommandResult;
import io.beamdb.engine.GeneratedKeysRequest;
import io.beamdb.engine.PreparedCommand;
import io.beamdb.engine.RowCursor;
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
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;

/**
 * One client connection on the server: the handshake, then a loop reading request frames and
 * answering each with the session-state block and a reply (see {@link Protocol}). Owns one
 * engine {@link Session}, its prepared commands by handle and its open cursors by id. Runs on its
 * own thread; {@link #cancelIfKey} and {@link #kill} may be called from others.
 */
final class ServerConnection implements Runnable {
  private static final System.Logger LOG = System.getLogger(ServerConnection.class.getName());
  /** A row batch stops growing past this many bytes even below the fetch size. */
  private static final int BATCH_BYTES = 1 << 20;
  /** First byte of a TLS handshake record (a ClientHello); no plaintext frame starts with it. */
  private static final int TLS_HANDSHAKE_RECORD = 22;
  /** The first byte and a TLS handshake must arrive within this. */
  private static final int TLS_HANDSHAKE_MILLIS = 10_000;

  private final WireServer server;
  private final Socket socket;
  private final long id;
  private final long cancelKey;
  private final WireWriter w = new WireWriter();
  private final Map<Integer, PreparedCommand> commands = new HashMap<>();
  private final Map<Integer, RowCursor> cursors = new HashMap<>();
  private int nextHandle = 1;
  private int nextCursor = 1;
  private volatile Session session;
  private String sentSchema;
  private InputStream in;
  private OutputStream out;

  ServerConnection(WireServer server, Socket socket, long id, long cancelKey) {
    this.server = server;
    this.socket = socket;
    this.id = id;
    this.cancelKey = cancelKey;
  }

  long id() {
    return id;
  }

  void cancelIfKey(long key) {
    Session s = session;
    if (key == cancelKey && s != null) {
      s.cancel();
    }
  }

  /**
   * Cancels what the session is running and closes the socket; the serving thread then ends and
   * rolls the session back.
   */
  void kill() {
    Session s = session;
    if (s != null) {
      s.cancel();
    }
    try {
      socket.close();
    } catch (IOException e) {
      LOG.log(System.Logger.Level.DEBUG, "closing client socket", e);
    }
  }

  @Override
  public void run() {
    try {
      socket.setTcpNoDelay(true);
      if (openStreams() && handshake()) {
        serve();
      }
    } catch (IOException e) {
      if (!WireServer.isDisconnect(e)) {
        LOG.log(System.Logger.Level.WARNING, "client connection " + id + " failed", e);
      }
    } catch (ProtocolException e) {
      LOG.log(System.Logger.Level.WARNING, "client connection " + id + " sent a malformed frame: " + e.getMessage());
    } finally {
      for (RowCursor c : cursors.values()) {
        c.close();
      }
      Session s = session;
      if (s != null) {
        s.close();
      }
      kill();
      server.removed(this);
    }
  }

  // ---- handshake

  /**
   * Sets {@link #in} and {@link #out}: over TLS when the first byte starts a TLS record, else
   * plaintext (refused with 08001 when this node requires TLS). False when the connection is
   * done.
   */
  private boolean openStreams() throws IOException {
    InputStream raw = socket.getInputStream();
    socket.setSoTimeout(TLS_HANDSHAKE_MILLIS);
    int first;
    try {
      first = raw.read();
    } catch (SocketTimeoutException e) {
      LOG.log(System.Logger.Level.INFO, "client " + socket.getRemoteSocketAddress() + " sent nothing within "
          + TLS_HANDSHAKE_MILLIS + " ms; disconnected");
      return false;
    }
    if (first < 0) {
      return false;
    }
    byte[] consumed = {(byte) first};
    SSLContext tls = server.tls();
    if (first == TLS_HANDSHAKE_RECORD) {
      if (tls == null) {
        LOG.log(System.Logger.Level.INFO, "client " + socket.getRemoteSocketAddress() + " started a TLS handshake,"
            + " but this node has no 'tls:' in its configuration; disconnected (the client should drop SSL=true)");
        return false;
      }
      SSLSocket ssl = (SSLSocket) tls.getSocketFactory().createSocket(socket, new ByteArrayInputStream(consumed), true);
      ssl.setUseClientMode(false);
      ssl.setEnabledProtocols(supported(ssl.getSupportedProtocols()));
      try {
        ssl.startHandshake();
      } catch (SSLException | SocketTimeoutException e) {
        LOG.log(System.Logger.Level.INFO, "TLS handshake with client " + socket.getRemoteSocketAddress()
            + " failed: " + e.getMessage());
        return false;
      }
      in = new BufferedInputStream(ssl.getInputStream(), 1 << 16);
      out = new BufferedOutputStream(ssl.getOutputStream(), 1 << 16);
    } else {
      in = new BufferedInputStream(new SequenceInputStream(new ByteArrayInputStream(consumed), raw), 1 << 16);
      out = new BufferedOutputStream(socket.getOutputStream(), 1 << 16);
      if (server.tlsRequired()) {
        Frames.read(in); // the HELLO (or CANCEL), so that closing does not reset the connection
        refuse(new SQLException("BeamDB server " + socket.getLocalAddress().getHostAddress() + ":"
            + socket.getLocalPort() + " accepts only TLS connections: add SSL=true to the URL (with SSL_TRUSTSTORE="
            + "<key store holding the server's certificate> unless a CA this JVM trusts signed it)", "08001"));
        return false;
      }
    }
    socket.setSoTimeout(0);
    return true;
  }

  private static String[] supported(String[] available) {
    List<String> out = new ArrayList<>();
    for (String p : WireServer.TLS_PROTOCOLS) {
      if (Arrays.asList(available).contains(p)) {
        out.add(p);
      }
    }
    return out.toArray(new String[0]);
  }

  private boolean handshake() throws IOException {
    WireReader r = Frames.read(in);
    if (r.type() == Protocol.CANCEL) {
      if (r.readInt() == Protocol.MAGIC) {
        server.cancel(r.readLong(), r.readLong());
      }
      return false;
    }
    if (r.type() != Protocol.HELLO || r.readInt() != Protocol.MAGIC) {
      throw new ProtocolException("expected HELLO");
    }
    int version = r.readInt();
    String user = r.readString();
    String database = r.readString();
    byte[] clientNonce = r.readBytes();
    if (version != Protocol.VERSION) {
      return refuse(new SQLException("Client speaks protocol version " + version + ", this server speaks "
          + Protocol.VERSION, "08P01"));
    }
    if (!server.database().equals(database)) {
      return refuse(new SQLException("Database '" + database + "' does not exist here; this server serves '"
          + server.database() + "'", "08001"));
    }
    if (redirected()) {
      return false;
    }
    Scram.Verifier v = server.verifier(user);
    byte[] serverNonce = Scram.nonce();
    w.reset(Protocol.AUTH_CHALLENGE).writeBytes(v.salt()).writeInt(v.iterations()).writeBytes(serverNonce);
    flush();
    r = Frames.read(in);
    if (r.type() != Protocol.AUTH_RESPONSE) {
      throw new ProtocolException("expected AUTH_RESPONSE");
    }
    byte[] auth = Scram.authMessage(user, clientNonce, serverNonce);
    if (!server.knowsUser(user) || !Scram.verify(v, auth, r.readBytes())) {
      return refuse(new SQLException("Password authentication failed for user '" + user + "'", "28P01"));
    }
    if (redirected()) {
      return false;
    }
    try {
      session = server.source().open();
    } catch (SQLException e) {
      return refuse(e);
    }
    w.reset(Protocol.READY).writeLong(id).writeLong(cancelKey).writeBytes(Scram.serverSignature(v, auth))
        .writeString("BeamDB");
    writeState();
    flush();
    return true;
  }

  private boolean redirected() throws IOException {
    String leader = server.source().redirect();
    if (leader == null) {
      return false;
    }
    w.reset(Protocol.REDIRECT).writeString(leader)
        .writeString(leader.isEmpty() ? "no leader elected yet" : "not the leader; the leader is " + leader);
    flush();
    return true;
  }

  private boolean refuse(SQLException e) throws IOException {
    w.reset(Protocol.ERROR);
    EngineCodec.writeError(w, e);
    flush();
    return false;
  }

  // ---- requests

  private void serve() throws IOException {
    while (true) {
      WireReader r = Frames.read(in);
      byte type = r.type();
      if (type == Protocol.CLOSE) {
        return;
      }
      if (type == Protocol.CLOSE_CURSOR) {
        RowCursor c = cursors.remove(r.readInt());
        if (c != null) {
          c.close();
        }
        continue;
      }
      if (type == Protocol.CLOSE_HANDLE) {
        commands.remove(r.readInt());
        continue;
      }
      try {
        handle(type, r);
      } catch (SQLException e) {
        error(e);
      } catch (RuntimeException e) {
        LOG.log(System.Logger.Level.ERROR, "internal error serving request " + type + " on connection " + id, e);
        error(new SQLException("Internal error: " + e, "XX000"));
      }
      out.flush();
    }
  }

  private void handle(byte type, WireReader r) throws SQLException, IOException {
    Session s = session;
    switch (type) {
      case Protocol.PREPARE -> {
        PreparedCommand c = s.prepare(r.readString());
        int handle = nextHandle++;
        commands.put(handle, c);
        begin(Protocol.PREPARED).writeInt(handle).writeInt(c.parameterCount());
        for (int i = 0; i < c.parameterCount(); i++) {
          w.writeInt(c.parameterType(i));
        }
        w.writeBoolean(c.returnsRows());
        EngineCodec.writeColumns(w, c.resultColumns());
      }
      case Protocol.EXECUTE -> execute(s, r);
      case Protocol.EXECUTE_BATCH -> batch(s, r);
      case Protocol.FETCH -> {
        int cursorId = r.readInt();
        RowCursor c = cursors.get(cursorId);
        if (c == null) {
          throw new SQLException("No open cursor " + cursorId, "24000");
        }
        List<Object[]> rows = new ArrayList<>();
        boolean done = fill(c, cursorId, r.readInt(), rows);
        begin(Protocol.ROWS);
        writeRows(rows, c.columns().size(), done);
      }
      case Protocol.SET_AUTOCOMMIT -> {
        s.setAutoCommit(r.readBoolean());
        begin(Protocol.OK);
      }
      case Protocol.COMMIT -> {
        s.commit();
        begin(Protocol.OK);
      }
      case Protocol.ROLLBACK -> {
        s.rollback();
        begin(Protocol.OK);
      }
      case Protocol.SET_ISOLATION -> {
        s.setIsolationLevel(IsolationLevel.values()[r.readByte()]);
        begin(Protocol.OK);
      }
      case Protocol.SAVEPOINT -> {
        int op = r.readByte();
        String name = r.readString();
        switch (op) {
          case 0 -> s.setSavepoint(name);
          case 1 -> s.rollbackToSavepoint(name);
          default -> s.releaseSavepoint(name);
        }
        begin(Protocol.OK);
      }
      case Protocol.CATALOG -> {
        var catalog = s.catalog();
        begin(Protocol.CATALOG_INFO);
        EngineCodec.writeCatalog(w, catalog);
      }
      case Protocol.PING -> begin(Protocol.OK);
      default -> throw new ProtocolException("unknown request type " + type);
    }
    w.writeTo(out);
  }

  private PreparedCommand command(int handle) throws SQLException {
    PreparedCommand c = commands.get(handle);
    if (c == null) {
      throw new SQLException("No prepared statement with handle " + handle, "26000");
    }
    return c;
  }

  private static Object[] params(WireReader r) {
    Object[] p = new Object[r.readInt()];
    for (int i = 0; i < p.length; i++) {
      p[i] = r.value();
    }
    return p;
  }

  private void execute(Session s, WireReader r) throws SQLException {
    PreparedCommand c = command(r.readInt());
    long timeout = r.readLong();
    int fetchSize = r.readInt();
    GeneratedKeysRequest keys = null;
    if (r.readByte() != 0) {
      int n = r.readInt();
      String[] names = n < 0 ? null : new String[n];
      for (int i = 0; i < Math.max(n, 0); i++) {
        names[i] = r.readString();
      }
      n = r.readInt();
      int[] idx = n < 0 ? null : new int[n];
      for (int i = 0; i < Math.max(n, 0); i++) {
        idx[i] = r.readInt();
      }
      keys = new GeneratedKeysRequest(names, idx);
    }
    beforeStatement(s);
    CommandResult result = s.execute(c, params(r), timeout, keys);
    if (!result.hasRows()) {
      RowCursor generated = result.generatedKeys();
      List<Object[]> rows = new ArrayList<>();
      if (generated != null) {
        try (generated) {
          while (generated.next()) {
            rows.add(row(generated));
          }
        }
      }
      begin(Protocol.RESULT).writeByte(0).writeLong(result.updateCount()).writeBoolean(generated != null);
      if (generated != null) {
        EngineCodec.writeColumns(w, generated.columns());
        writeRows(rows, generated.columns().size(), true);
      }
      return;
    }
    RowCursor cursor = result.cursor();
    int cursorId = nextCursor++;
    List<Object[]> rows = new ArrayList<>();
    boolean done;
    try {
      done = fill(cursor, cursorId, fetchSize, rows);
    } catch (SQLException | RuntimeException e) {
      cursor.close();
      throw e;
    }
    if (!done) {
      cursors.put(cursorId, cursor);
    }
    begin(Protocol.RESULT).writeByte(1).writeInt(cursorId);
    EngineCodec.writeColumns(w, cursor.columns());
    writeRows(rows, cursor.columns().size(), done);
  }

  /**
   * A statement that takes a fresh read snapshot first passes the source's read barrier (on a
   * cluster node: Raft ReadIndex / leader lease), so the snapshot includes every commit that was
   * acknowledged before the statement arrived: reads are linearizable.
   */
  private void beforeStatement(Session s) throws SQLException {
    if (!s.inTransaction() || s.isolationLevel() == IsolationLevel.READ_COMMITTED) {
      server.source().readBarrier();
    }
  }

  /** Reads up to {@code max} rows (bounded by bytes); closes and forgets the cursor at its end. */
  private boolean fill(RowCursor c, int cursorId, int max, List<Object[]> rows) throws SQLException {
    try {
      WireWriter probe = new WireWriter().reset((byte) 0);
      while (rows.size() < Math.max(1, max)) {
        if (!c.next()) {
          c.close();
          cursors.remove(cursorId);
          return true;
        }
        Object[] row = row(c);
        for (Object v : row) {
          probe.value(v);
        }
        rows.add(row);
        if (probe.size() > BATCH_BYTES) {
          break;
        }
      }
      return false;
    } catch (SQLException | RuntimeException e) {
      c.close();
      cursors.remove(cursorId);
      throw e;
    }
  }

  private static Object[] row(RowCursor c) {
    Object[] row = new Object[c.columns().size()];
    for (int i = 0; i < row.length; i++) {
      row[i] = c.get(i);
    }
    return row;
  }

  private void writeRows(List<Object[]> rows, int columns, boolean done) {
    w.writeInt(rows.size());
    for (Object[] row : rows) {
      for (int i = 0; i < columns; i++) {
        w.value(row[i]);
      }
    }
    w.writeBoolean(done);
  }

  private void batch(Session s, WireReader r) throws SQLException {
    PreparedCommand c = command(r.readInt());
    long timeout = r.readLong();
    int n = r.readInt();
    long[] counts = new long[n];
    for (int i = 0; i < n; i++) {
      Object[] p = params(r);
      try {
        beforeStatement(s);
        CommandResult result = s.execute(c, p, timeout);
        if (result.hasRows()) {
          result.cursor().close();
          throw new SQLException("The statement returns a result set; use executeQuery: " + c.sql(), "07000");
        }
        counts[i] = Math.max(0, result.updateCount());
      } catch (SQLException e) {
        throw new BatchUpdateException("Batch entry " + (i + 1) + " failed: " + e.getMessage(), e.getSQLState(),
            e.getErrorCode(), Arrays.copyOf(counts, i), e);
      }
    }
    begin(Protocol.BATCH_RESULT).writeInt(n);
    for (long x : counts) {
      w.writeLong(x);
    }
  }

  // ---- replies

  private WireWriter begin(byte type) {
    w.reset(type);
    writeState();
    return w;
  }

  private void writeState() {
    Session s = session;
    EngineCodec.State st = new EngineCodec.State(s.getAutoCommit(), s.inTransaction(), s.isolationLevel(),
        s.currentSchema());
    EngineCodec.writeState(w, st, sentSchema);
    sentSchema = st.schema();
  }

  private void error(SQLException e) throws IOException {
    begin(Protocol.ERROR);
    EngineCodec.writeError(w, e);
    w.writeTo(out);
  }

  private void flush() throws IOException {
    w.writeTo(out);
    out.flush();
  }
}
