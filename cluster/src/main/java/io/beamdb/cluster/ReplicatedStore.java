package io.beamdb.cluster;

import io.beamdb.storage.KvIterator;
import io.beamdb.storage.KvStore;
import io.beamdb.storage.LsmStore;
import io.beamdb.storage.Snapshot;
import io.beamdb.storage.StorageException;
import io.beamdb.storage.WriteBatch;
import java.nio.ByteBuffer;

/**
 * The leader engine's view of storage: reads go to this node's LSM store; {@link #write} sends
 * the batch through the Raft log as a {@code BATCH} entry of this engine's epoch and returns once
 * it is committed (a majority has it durably) and applied here by {@link KvStateMachine}. A write
 * that is fenced, fails or times out throws {@link StorageException} (kind IO, SQLState 58030 at
 * the client) and tells the node to retire this engine, because the batch may still be applied
 * later and the engine's commit clock would then be wrong. Thread-safe.
 */
final class ReplicatedStore implements KvStore {
  private final LsmStore local;
  private final ClusterNode node;
  private final long epoch;

  ReplicatedStore(LsmStore local, ClusterNode node, long epoch) {
    this.local = local;
    this.node = node;
    this.epoch = epoch;
  }

  @Override
  public long write(WriteBatch batch) {
    if (batch.isEmpty()) {
      return 0;
    }
    byte[] reply;
    try {
      reply = node.submit(LogEntries.batch(epoch, batch.serialize()));
    } catch (Exception e) {
      node.engineFailed(epoch, "replicating a commit failed: " + e);
      throw new StorageException(StorageException.Kind.IO,
          "commit not confirmed by the cluster (outcome unknown; this node stops serving until it is leader again): " + e, e);
    }
    if (reply.length == 9 && reply[0] == LogEntries.APPLIED) {
      return ByteBuffer.wrap(reply, 1, 8).getLong();
    }
    node.engineFailed(epoch, "a commit was fenced: another node has become leader");
    throw new StorageException(StorageException.Kind.IO,
        "commit rejected: this node is no longer the leader (nothing was written)", null);
  }

  @Override
  public byte[] get(byte[] key) {
    return local.get(key);
  }

  @Override
  public byte[] get(byte[] key, Snapshot snapshot) {
    return local.get(key, snapshot);
  }

  @Override
  public Snapshot snapshot() {
    return local.snapshot();
  }

  @Override
  public KvIterator iterator(Snapshot snapshot) {
    return local.iterator(snapshot);
  }

  @Override
  public void flush() {
    local.flush();
  }

  /** No-op: the node owns the local store. */
  @Override
  public void close() {
  }
}
