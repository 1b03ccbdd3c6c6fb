/**
 * The BeamDB client/server protocol, shared by the remote JDBC driver ({@code jdbc:beam://...})
 * and the server node ({@code beam server}).
 *
 * <p>A connection is a TCP stream of <em>frames</em>: {@code [int32 length][byte type][payload]},
 * length counting the type byte and payload, big-endian, at most {@link Protocol#MAX_FRAME}
 * bytes. Strictly request/response: the client sends one request frame and reads one response
 * frame, except for the few "no reply" frames ({@link Protocol#CLOSE_CURSOR},
 * {@link Protocol#CLOSE_HANDLE}) that the server handles silently. See {@link Protocol} for the
 * message list and {@code docs/07-cluster.md} for the handshake.
 */
package io.beamdb.wire;
