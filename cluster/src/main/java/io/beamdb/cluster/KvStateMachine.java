package io.beamdb.cluster;

import io.beamdb.storage.KvIterator;
import io.beamdb.storage.LsmStore;
import io.beamdb.storage.Snapshot;
import io.beamdb.storage.WriteBatch;
import java.io.BufferedInputStream;
import java.io.BufferedOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.EOFException;
import java.io.File;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicInteger;
import org.apache.ratis.io.MD5Hash;
import org.apache.ratis.proto.RaftProtos.LogEntryProto;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftGroupMemberId;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.protocol.TermIndex;
import org.apache.ratis.server.storage.FileInfo;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.statemachine.StateMachineStorage;
import org.apache.ratis.statemachine.TransactionContext;
import org.apache.ratis.statemachine.impl.BaseStateMachine;
import org.apache.ratis.statemachine.impl.SimpleStateMachineStorage;
import org.apache.ratis.statemachine.impl.SingleFileSnapshotInfo;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.LifeCycle;
import org.apache.ratis.util.MD5FileUtil;

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
 * <p><b>Snapshots.</b> {@link #takeSnapshot} (called by Ratis every {@code RAFT_SNAPSHOT_EVERY}
 * applied entries, on the apply thread, so storage holds exactly the entries up to the last applied
 * index) writes every live key/value of the LSM store at one storage {@link Snapshot} to
 * {@code sm/snapshot.TERM_INDEX} in the Raft storage directory, with an MD5 file beside it; Ratis
 * may then purge the log up to that index. File format (big-endian):
 * <pre>
 * "BEAMSNP1" term:u64 index:u64 epoch:u64
 * { keyLength:i32 key valueLength:i32 value }*   in ascending unsigned key order, without the
 *                                                 [0x00]['R'] and [0x00]['E'] keys
 * -1:i32
 * </pre>
 * A follower whose log is behind the leader's first entry gets the file through Ratis'
 * InstallSnapshot; Ratis then calls {@link #reinitialize}, which installs it when storage is behind
 * it: a merge of the file with the store in key order (keys only in the store are deleted, new or
 * changed ones written) in batches of about 4 MiB, the (term, index) and epoch keys last. A crash in
 * the middle leaves the old applied index, so the next start installs the snapshot again
 * ({@link #initialize} does the same check). Snapshot size and install time are linear in the
 * live data; the apply thread is blocked while a snapshot is written.
 *
 * <p>Thread-safety: Ratis applies entries, takes snapshots and reinitializes from one thread;
 * {@link #epoch()} and the counters may be read anywhere.
 */
final class KvStateMachine extends BaseStateMachine {
  private static final System.Logger LOG = System.getLogger(KvStateMachine.class.getName());
  static final byte[] APPLIED_KEY = {0x00, 'R'};
  static final byte[] EPOCH_KEY = {0x00, 'E'};

  private static final byte[] MAGIC = {'B', 'E', 'A', 'M', 'S', 'N', 'P', '1'};
  /** An install writes the store in batches of about this many bytes. */
  private static final long INSTALL_BATCH_BYTES = 4L << 20;

  private final LsmStore store;
  private final Runnable onLeaderChange;
  private final SimpleStateMachineStorage snapshots = new SimpleStateMachineStorage();
  private final AtomicInteger snapshotsTaken = new AtomicInteger();
  private final AtomicInteger snapshotsInstalled = new AtomicInteger();
  private volatile long epoch;
  private long appliedAtStart;

  KvStateMachine(LsmStore store, Runnable onLeaderChange) {
    this.store = store;
    this.onLeaderChange = onLeaderChange;
  }

  @Override
  public void initialize(RaftServer server, RaftGroupId groupId, RaftStorage storage) throws IOException {
    super.initialize(server, groupId, storage);
    getLifeCycle().startAndTransition(() -> {
      snapshots.init(storage);
      loadState();
    }, IOException.class);
  }

  /** Called by Ratis before it installs a snapshot sent by the leader; {@link #reinitialize} follows. */
  @Override
  public void pause() {
    if (getLifeCycle().getCurrentState() == LifeCycle.State.RUNNING) {
      getLifeCycle().transition(LifeCycle.State.PAUSING);
      getLifeCycle().transition(LifeCycle.State.PAUSED);
    }
  }

  /** Called by Ratis (paused) after it stored a snapshot sent by the leader: installs it into storage. */
  @Override
  public void reinitialize() throws IOException {
    loadState();
    getLifeCycle().transitionIfValid(LifeCycle.State.STARTING);
    getLifeCycle().transitionIfValid(LifeCycle.State.RUNNING);
  }

  @Override
  public StateMachineStorage getStateMachineStorage() {
    return snapshots;
  }

  @Override
  public SingleFileSnapshotInfo getLatestSnapshot() {
    return snapshots.getLatestSnapshot();
  }

  /**
   * Reads the applied index and epoch from storage; installs the latest snapshot file when storage
   * is behind it; tells Ratis where the state machine stands.
   */
  private void loadState() throws IOException {
    long[] stored = storedAppliedAndEpoch();
    long storedIndex = stored[1];
    epoch = stored[2];
    SingleFileSnapshotInfo latest = snapshots.loadLatestSnapshot();
    if (latest != null && latest.getIndex() > storedIndex) {
      install(latest);
      stored = storedAppliedAndEpoch();
      storedIndex = stored[1];
      epoch = stored[2];
    }
    appliedAtStart = storedIndex; // Ratis replays its log from the snapshot (or the start); skip up to here
    if (latest != null) {
      setLastAppliedTermIndex(latest.getTermIndex());
    }
    if (storedIndex > 0) {
      LOG.log(System.Logger.Level.INFO, "storage has applied the Raft log up to index {0} (term {1}); latest snapshot {2}",
          storedIndex, stored[0], latest == null ? "none" : latest.getTermIndex());
    }
  }

  /** {term, index, epoch} stored with the data (zeros when nothing was applied yet). */
  private long[] storedAppliedAndEpoch() {
    byte[] applied = store.get(APPLIED_KEY);
    byte[] e = store.get(EPOCH_KEY);
    long[] out = new long[3];
    if (applied != null) {
      ByteBuffer b = ByteBuffer.wrap(applied);
      out[0] = b.getLong();
      out[1] = b.getLong();
    }
    out[2] = e == null ? 0 : ByteBuffer.wrap(e).getLong();
    return out;
  }

  /** Number of snapshots this state machine wrote since it started. */
  int snapshotsTaken() {
    return snapshotsTaken.get();
  }

  /** Number of snapshots installed into storage (sent by the leader or re-installed at start). */
  int snapshotsInstalled() {
    return snapshotsInstalled.get();
  }

  @Override
  public long takeSnapshot() throws IOException {
    TermIndex last = getLastAppliedTermIndex();
    if (last == null || last.getIndex() <= 0) {
      return org.apache.ratis.server.raftlog.RaftLog.INVALID_LOG_INDEX;
    }
    long start = System.nanoTime();
    File target = snapshots.getSnapshotFile(last.getTerm(), last.getIndex());
    // not named snapshot.*: a file left by a crash in the middle is never taken for a snapshot
    Path tmp = target.toPath().resolveSibling("partial-" + target.getName());
    Files.deleteIfExists(tmp);
    long keys = 0;
    try (Snapshot view = store.snapshot();
         KvIterator it = store.iterator(view);
         DataOutputStream out = new DataOutputStream(new BufferedOutputStream(Files.newOutputStream(tmp), 1 << 16))) {
      out.write(MAGIC);
      out.writeLong(last.getTerm());
      out.writeLong(last.getIndex());
      out.writeLong(epoch);
      for (it.seekToFirst(); it.valid(); it.next()) {
        byte[] k = it.key();
        if (isPositionKey(k)) {
          continue;
        }
        byte[] v = it.value();
        out.writeInt(k.length);
        out.write(k);
        out.writeInt(v.length);
        out.write(v);
        keys++;
      }
      out.writeInt(-1);
    }
    Files.move(tmp, target.toPath(), StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    MD5Hash md5 = MD5FileUtil.computeAndSaveMd5ForFile(target);
    snapshots.updateLatestSnapshot(new SingleFileSnapshotInfo(new FileInfo(target.toPath(), md5), last));
    snapshotsTaken.incrementAndGet();
    LOG.log(System.Logger.Level.INFO, "snapshot at {0}: {1} keys, {2} bytes, {3} ms", last, keys, target.length(),
        (System.nanoTime() - start) / 1_000_000);
    return last.getIndex();
  }

  private static boolean isPositionKey(byte[] k) {
    return Arrays.equals(k, APPLIED_KEY) || Arrays.equals(k, EPOCH_KEY);
  }

  /** Makes storage equal to the snapshot file's content (see the class comment). */
  private void install(SingleFileSnapshotInfo info) throws IOException {
    long start = System.nanoTime();
    Path file = info.getFile().getPath();
    if (info.getFile().getFileDigest() != null) {
      MD5FileUtil.verifySavedMD5(file.toFile(), info.getFile().getFileDigest());
    }
    long written = 0;
    long deleted = 0;
    try (DataInputStream in = new DataInputStream(new BufferedInputStream(Files.newInputStream(file), 1 << 16));
         Snapshot view = store.snapshot();
         KvIterator it = store.iterator(view)) {
      byte[] magic = new byte[MAGIC.length];
      in.readFully(magic);
      if (!Arrays.equals(magic, MAGIC)) {
        throw new IOException("not a BeamDB Raft snapshot: " + file);
      }
      long term = in.readLong();
      long index = in.readLong();
      long snapshotEpoch = in.readLong();
      if (term != info.getTerm() || index != info.getIndex()) {
        throw new IOException("snapshot " + file + " holds " + term + "/" + index + ", its name says " + info.getTermIndex());
      }
      WriteBatch batch = new WriteBatch();
      it.seekToFirst();
      byte[][] rec = readRecord(in, file);
      while (rec != null || it.valid()) {
        int c;
        if (rec == null) {
          c = -1;
        } else if (!it.valid()) {
          c = 1;
        } else {
          c = Arrays.compareUnsigned(it.key(), rec[0]);
        }
        if (c < 0) { // only in storage
          if (!isPositionKey(it.key())) {
            batch.delete(it.key().clone());
            deleted++;
          }
          it.next();
        } else {
          if (c > 0 || !Arrays.equals(it.value(), rec[1])) {
            batch.put(rec[0], rec[1]);
            written++;
          }
          if (c == 0) {
            it.next();
          }
          rec = readRecord(in, file);
        }
        if (batch.approximateBytes() >= INSTALL_BATCH_BYTES) {
          store.write(batch);
          batch = new WriteBatch();
        }
      }
      batch.put(APPLIED_KEY, ByteBuffer.allocate(16).putLong(term).putLong(index).array());
      batch.put(EPOCH_KEY, ByteBuffer.allocate(8).putLong(snapshotEpoch).array());
      store.write(batch);
    } catch (EOFException e) {
      throw new IOException("truncated Raft snapshot " + file, e);
    }
    snapshotsInstalled.incrementAndGet();
    LOG.log(System.Logger.Level.INFO, "installed snapshot {0}: {1} keys written, {2} deleted, {3} ms", info.getTermIndex(),
        written, deleted, (System.nanoTime() - start) / 1_000_000);
  }

  /** The next {key, value} of a snapshot file, or null at its end marker. */
  private static byte[][] readRecord(DataInputStream in, Path file) throws IOException {
    int kl = in.readInt();
    if (kl < 0) {
      return null;
    }
    byte[] k = new byte[kl];
    in.readFully(k);
    int vl = in.readInt();
    if (vl < 0) {
      throw new IOException("corrupt Raft snapshot " + file + ": negative value length");
    }
    byte[] v = new byte[vl];
    in.readFully(v);
    return new byte[][] {k, v};
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
      // stored with the position, so a snapshot or restart after this entry knows the epoch even
      // when the barrier itself was purged from the log
      epoch = entryEpoch;
      store.write(new WriteBatch().put(APPLIED_KEY, ByteBuffer.allocate(16).putLong(term).putLong(index).array())
          .put(EPOCH_KEY, ByteBuffer.allocate(8).putLong(entryEpoch).array()));
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

  /**
   * Answers a (linearizable) read-only request with the current writer epoch (8 bytes). Ratis
   * calls it once this node has applied the log up to the request's read index.
   */
  @Override
  public CompletableFuture<Message> query(Message request) {
    return CompletableFuture.completedFuture(Message.valueOf(ByteString.copyFrom(ByteBuffer.allocate(8).putLong(epoch).array())));
  }

  @Override
  public void notifyLeaderChanged(RaftGroupMemberId groupMemberId, RaftPeerId newLeaderId) {
    onLeaderChange.run();
  }
}
