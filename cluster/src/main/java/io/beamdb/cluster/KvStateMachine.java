package io.beamdb.cluster;

import io.beamdb.storage.LsmStore;
import io.beamdb.storage.WriteBatch;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.concurrent.CompletableFuture;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;

/**
 * The Raft state machine of the key space: applies committed {@link LogEntries} to this node's
 * LSM store, in log order, on every replica (the leader included; the leader's engine sees its
 * own commits only through here).
 *
 * <p><b>Exactly-once application across restarts.</b> Each applied batch also writes two raw
 * keys in the same atomic storage batch: {@code [0x00]['R']} = (term, index) of the entry and
 * {@code [0x00]['E']} = the writer epoch. On start the state machine reads them back; Ratis then
 * replays its log and entries at or below that index are skipped. So the LSM may sync lazily:
 * whatever it lost in a crash is re-applied from the (synced) Raft log. Keys starting with 0x00
 * are never returned by transaction scans nor dropped by MVCC compaction.
 *
 * <p><b>Fencing.</b> A {@code BARRIER(epoch)} entry makes {@code epoch} current; a {@code BATCH}
 * of another epoch is answered "fenced" and not applied, deterministically on every replica. A
 * leader that lost leadership therefore cannot get a write applied after its successor started,
 * even if its request reaches the new leader.
 *
 * <p>Not snapshotting: a restarted node catches up by log replay (Ratis keeps the whole log).
 * Thread-safety: Ratis applies entries from one thread; {@link #epoch()} may be read anywhere.
 */
final class KvStateMachine extends BaseStateMachine {
  private static final System.Logger LOG = System.getLogger(KvStateMachine.class.getName());
  static final byte[] APPLIED_KEY = {0x00, 'R'};
  static final byte[] EPOCH_KEY = {0x00, 'E'};

  private final LsmStore store;
  private final Runnable onLeaderChange;
  private volatile long epoch;
  private long appliedAtStart;

  KvStateMachine(LsmStore store, Runnable onLeaderChange) {
    this.store = store;
    this.onLeaderChange = onLeaderChange;
  }

  @Override
  public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage storage) throws IOException {
    super.initialize(server, groupId, storage);
    byte[] applied = store.get(APPLIED_KEY);
    byte[] e = store.get(EPOCH_KEY);
    epoch = e == null ? 0 : ByteBuffer.wrap(e).getLong();
    if (applied != null) {
      ByteBuffer b = ByteBuffer.wrap(applied);
      long term = b.getLong();
      appliedAtStart = b.getLong(); // Ratis replays its log from the start; skip up to here
      LOG.log(System.Logger.Level.INFO, "storage has applied the Raft log up to index {0} (term {1})",
          appliedAtStart, term);
    }
  }

  /** The current writer epoch. */
  long epoch() {
    return epoch;
  }

  @Override
  public CompletableFuture<Message> applyTransaction(TransactionContext trx) {
    LogEntryProto entry = trx.getLogEntry();
    long term = entry.getTerm();
    long index = entry.getIndex();
    ByteBuffer data = entry.getStateMachineLogEntry().getLogData().asReadOnlyByteBuffer();
    byte type = data.get();
    long entryEpoch = data.getLong();
    byte[] reply;
    if (index <= appliedAtStart) {
      reply = LogEntries.fenced(); // replayed after a restart: already in storage
      if (type == LogEntries.BARRIER) {
        epoch = entryEpoch;
      }
    } else if (type == LogEntries.BARRIER) {
      epoch = entryEpoch;
      reply = LogEntries.applied(0);
    } else if (type == LogEntries.BATCH && entryEpoch == epoch) {
      byte[] bytes = new byte[data.remaining()];
      data.get(bytes);
      WriteBatch batch = WriteBatch.deserialize(bytes);
      batch.put(APPLIED_KEY, ByteBuffer.allocate(16).putLong(term).putLong(index).array());
      batch.put(EPOCH_KEY, ByteBuffer.allocate(8).putLong(entryEpoch).array());
      reply = LogEntries.applied(store.write(batch));
    } else {
      reply = LogEntries.fenced();
    }
    updateLastAppliedTermIndex(term, index);
    return CompletableFuture.completedFuture(Message.valueOf(ByteString.copyFrom(reply)));
  }

  @Override
  public void notifyLeaderChanged(RaftGroupMemberId groupMemberId, RaftPeerId newLeaderId) {
    onLeaderChange.run();
  }
}
