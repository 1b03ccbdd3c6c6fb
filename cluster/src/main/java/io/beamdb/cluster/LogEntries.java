package io.beamdb.cluster;

import java.nio.ByteBuffer;

/**
 * The Raft log entries of the key-space group. Each entry's payload starts with a type byte:
 * <pre>
 * BARRIER  [1][epoch u64]                    a new leader's engine starts writing: only batches of
 *                                            this epoch are applied from here on
 * BATCH    [2][epoch u64][WriteBatch bytes]  one committed transaction's storage batch
 *                                            ({@code io.beamdb.storage.WriteBatch#serialize})
 * </pre>
 * Replies: {@code [0][sequence u64]} applied, {@code [1]} fenced (the batch's epoch is not the
 * current one: a deposed leader's write, not applied anywhere). Stateless.
 */
final class LogEntries {
  static final byte BARRIER = 1;
  static final byte BATCH = 2;
  static final byte APPLIED = 0;
  static final byte FENCED = 1;

  private LogEntries() {
  }

  static byte[] barrier(long epoch) {
    return ByteBuffer.allocate(9).put(BARRIER).putLong(epoch).array();
  }

  static byte[] batch(long epoch, byte[] batch) {
    return ByteBuffer.allocate(9 + batch.length).put(BATCH).putLong(epoch).put(batch).array();
  }

  static byte[] applied(long sequence) {
    return ByteBuffer.allocate(9).put(APPLIED).putLong(sequence).array();
  }

  static byte[] fenced() {
    return new byte[] {FENCED};
  }
}
