package io.beamdb.wire;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/** Reads frames from a stream. Stateless. */
public final class Frames {
  private Frames() {
  }

  /**
   * Reads one whole frame, blocking.
   *
   * @throws EOFException when the stream ends before or inside a frame
   * @throws ProtocolException when the length field is out of range
   */
  public static WireReader read(InputStream in) throws IOException {
    byte[] head = in.readNBytes(5);
    if (head.length < 5) {
      throw new EOFException(head.length == 0 ? "connection closed by peer" : "connection closed inside a frame");
    }
    int length = ((head[0] & 0xff) << 24) | ((head[1] & 0xff) << 16) | ((head[2] & 0xff) << 8) | (head[3] & 0xff);
    if (length < 1 || length > Protocol.MAX_FRAME) {
      throw new ProtocolException("bad frame length " + length);
    }
    byte[] payload = in.readNBytes(length - 1);
    if (payload.length < length - 1) {
      throw new EOFException("connection closed inside a frame");
    }
    return new WireReader(head[4], payload);
  }
}
