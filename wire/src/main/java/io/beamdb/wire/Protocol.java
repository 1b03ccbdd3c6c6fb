package io.beamdb.wire;

/**
 * Constants of protocol version {@value #VERSION}: the magic number, frame types and limits.
 *
 * <p>Handshake: client {@link #HELLO} (magic, version, user, database, client nonce); the server
 * answers {@link #AUTH_CHALLENGE} (salt, iterations, server nonce), {@link #REDIRECT} (this node
 * is not the leader: try another address) or {@link #ERROR}; client {@link #AUTH_RESPONSE}
 * (SCRAM-style proof, see {@link Scram}); server {@link #READY} (session id, cancel key, server
 * signature) or {@link #ERROR} 28P01. A connection whose first frame is {@link #CANCEL} cancels
 * the running statements of another session and is closed.
 *
 * <p>After the handshake each server response starts with a session-state block (flags byte:
 * bit 0 autocommit, bit 1 in transaction, bit 2 a schema name follows; isolation ordinal byte).
 *
 * <p>The frames may run inside TLS (a node with {@code tls:} in its configuration): the TLS
 * handshake comes first and the frames are unchanged. A server tells the two apart by the first
 * byte: a TLS handshake record starts with 22, while a frame starts with the high byte of its
 * length, at most 4 since frames are at most {@link #MAX_FRAME} bytes.
 */
public final class Protocol {
  private Protocol() {
  }

  /** "BEAM" in ASCII: the first four payload bytes of HELLO and CANCEL. */
  public static final int MAGIC = 0x4245414D;
  /** The protocol version this code speaks. */
  public static final int VERSION = 1;
  /** Largest frame accepted (length field), 64 MiB. */
  public static final int MAX_FRAME = 64 << 20;

  // ---- client -> server
  /** magic, version, user, database, client nonce. */
  public static final byte HELLO = 1;
  /** client proof bytes. */
  public static final byte AUTH_RESPONSE = 2;
  /** magic, session id, cancel key (first and only frame of a side connection). */
  public static final byte CANCEL = 3;
  /** sql. */
  public static final byte PREPARE = 10;
  /** handle, timeout ms, fetch size, generated-keys request, parameter values. */
  public static final byte EXECUTE = 11;
  /** handle, timeout ms, row count, rows of parameter values. */
  public static final byte EXECUTE_BATCH = 12;
  /** cursor id, max rows. */
  public static final byte FETCH = 13;
  /** cursor id; no reply. */
  public static final byte CLOSE_CURSOR = 14;
  /** handle; no reply. */
  public static final byte CLOSE_HANDLE = 15;
  /** boolean. */
  public static final byte SET_AUTOCOMMIT = 20;
  /** no payload. */
  public static final byte COMMIT = 21;
  /** no payload. */
  public static final byte ROLLBACK = 22;
  /** isolation ordinal. */
  public static final byte SET_ISOLATION = 23;
  /** op (0 set, 1 rollback to, 2 release), name. */
  public static final byte SAVEPOINT = 24;
  /** no payload; answered by CATALOG_INFO. */
  public static final byte CATALOG = 25;
  /** no payload; answered by OK (Connection.isValid). */
  public static final byte PING = 26;
  /** no payload; the server closes the session and the socket. */
  public static final byte CLOSE = 27;

  // ---- server -> client
  /** salt, iterations, server nonce. */
  public static final byte AUTH_CHALLENGE = 64;
  /** session id, cancel key, server signature, server version. */
  public static final byte READY = 65;
  /** host:port of the leader ("" when unknown yet), message. */
  public static final byte REDIRECT = 66;
  /** SQLState, message, vendor code, update counts of a failed batch (may be empty). */
  public static final byte ERROR = 67;
  /** state only. */
  public static final byte OK = 68;
  /** handle, parameter count and types, returns-rows flag, columns. */
  public static final byte PREPARED = 69;
  /** result kind (0 count, 1 rows); count + generated keys, or cursor id + columns + first rows. */
  public static final byte RESULT = 70;
  /** rows, done flag. */
  public static final byte ROWS = 71;
  /** update counts. */
  public static final byte BATCH_RESULT = 72;
  /** tables with columns, primary keys, indexes. */
  public static final byte CATALOG_INFO = 73;
}
