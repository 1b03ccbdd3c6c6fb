package io.beamdb.wire;

/**
 * A malformed or unexpected frame: the peer does not speak this protocol version, or the stream
 * is corrupt. The connection cannot be used afterwards; callers map it to SQLState 08P01.
 */
public final class ProtocolException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public ProtocolException(String message) {
    super(message);
  }
}
