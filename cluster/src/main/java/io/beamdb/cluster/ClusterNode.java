package io.beamdb.cluster;

import io.beamdb.engine.Database;
import io.beamdb.engine.ExternalStore;
import io.beamdb.engine.Session;
import io.beamdb.storage.LsmStore;
import io.beamdb.storage.StorageOptions;
import io.beamdb.storage.SyncMode;
import io.beamdb.txn.MvccCompactionFilter;
import io.beamdb.wire.Scram;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.ratis.RaftConfigKeys;
import org.apache.ratis.client.RaftClient;
import org.apache.ratis.conf.RaftProperties;
import org.apache.ratis.grpc.GrpcConfigKeys;
import org.apache.ratis.protocol.ClientId;
import org.apache.ratis.protocol.Message;
import org.apache.ratis.protocol.RaftClientReply;
import org.apache.ratis.protocol.RaftClientRequest;
import org.apache.ratis.protocol.RaftGroup;
import org.apache.ratis.protocol.RaftGroupId;
import org.apache.ratis.protocol.RaftPeer;
import org.apache.ratis.protocol.RaftPeerId;
import org.apache.ratis.retry.RetryPolicies;
import org.apache.ratis.rpc.SupportedRpcType;
import org.apache.ratis.server.DivisionInfo;
import org.apache.ratis.server.RaftServer;
import org.apache.ratis.server.RaftServerConfigKeys;
import org.apache.ratis.server.storage.RaftStorage;
import org.apache.ratis.thirdparty.com.google.protobuf.ByteString;
import org.apache.ratis.util.SizeInBytes;
import org.apache.ratis.util.TimeDuration;

/**
 * A cluster node: this node's LSM store, the Raft group replicating it (Apache Ratis), and the
 * wire-protocol server. The whole key space is one Raft group (one range).
 *
 * <p>SQL runs on the leader only. When this node becomes leader (and Ratis reports it ready) it
 * appends a {@code BARRIER} entry with a fresh epoch, waits until it is applied here (so every
 * earlier commit is in local storage), then opens an engine over the local store whose commits go
 * through the log ({@link ReplicatedStore}); the engine reads the catalog, table ids and commit
 * clock from storage at open. When it stops being leader, or a replicated write fails, the engine
 * is closed and every client connection dropped; clients reconnect and are redirected to the new
 * leader. Followers answer handshakes with a redirect.
 *
 * <p>Thread-safety: all public methods may be called from any thread.
 */
public final class ClusterNode implements SessionSource, AutoCloseable {
  private static final System.Logger LOG = System.getLogger(ClusterNode.class.getName());
  /** Node setting (in {@code settings:}, not passed to the engine): applied entries between Raft snapshots. */
  public static final String RAFT_SNAPSHOT_EVERY = "RAFT_SNAPSHOT_EVERY";
  /** Node setting: the log is purged only when at least this many entries can go (default 1024). */
  public static final String RAFT_PURGE_GAP = "RAFT_PURGE_GAP";
  /** Node setting: Raft log segment size in bytes (default 8 MiB); only closed segments are purged. */
  public static final String RAFT_LOG_SEGMENT_BYTES = "RAFT_LOG_SEGMENT_BYTES";
  /** How long a replicated write may take before the engine gives up on it. */
  private static final long WRITE_TIMEOUT_SECONDS = 10;

  private record Engine(long term, long epoch, Database db, Session anchor) {
  }

  private final NodeConfig config;
  private final Map<String, String> engineSettings;
  private final LsmStore store;
  private final KvStateMachine stateMachine;
  private final RaftGroup group;
  private final RaftPeerId self;
  private final RaftServer server;
  private final RaftClient client;
  private final WireServer wire;
  private final Map<RaftPeerId, String> clientAddresses = new LinkedHashMap<>();
  private final Thread leadership;
  private final Object monitor = new Object();
  private final SecureRandom random = new SecureRandom();
  private final ClientId readClient = ClientId.randomId();
  private final AtomicLong readCalls = new AtomicLong();
  private final ClientId writeClient = ClientId.randomId();
  private final AtomicLong writeCalls = new AtomicLong();
  private volatile Engine engine;
  private volatile long failedEpoch;
  private volatile boolean closed;

  private ClusterNode(NodeConfig config) throws IOException {
    this.config = config;
    this.engineSettings = new LinkedHashMap<>(config.settings());
    engineSettings.keySet().removeIf(k -> k.startsWith("RAFT_"));
    Path lsmDir = config.data().resolve("lsm");
    Path raftDir = config.data().resolve("raft");
    Files.createDirectories(lsmDir);
    Files.createDirectories(raftDir);
    MvccCompactionFilter gc = new MvccCompactionFilter(() -> {
      Engine e = engine;
      return e == null ? 0 : ExternalStore.gcWatermark(e.db());
    });
    // the Raft log is synced before a commit is acknowledged; storage may lag (see KvStateMachine)
    this.store = LsmStore.open(StorageOptions.onDisk(lsmDir).withSync(SyncMode.NORMAL).withCompactionFilter(gc::drop));
    boolean started = false;
    try {
      this.stateMachine = new KvStateMachine(store, this::wake);
      List<RaftPeer> peers = new ArrayList<>();
      for (NodeConfig.Peer p : config.peers()) {
        RaftPeerId id = RaftPeerId.valueOf(p.id());
        peers.add(RaftPeer.newBuilder().setId(id).setAddress(p.raft()).build());
        clientAddresses.put(id, p.listen());
      }
      this.self = RaftPeerId.valueOf(config.id());
      UUID groupUuid = UUID.nameUUIDFromBytes(("beamdb-range-0:" + config.database()).getBytes(StandardCharsets.UTF_8));
      this.group = RaftGroup.valueOf(RaftGroupId.valueOf(groupUuid), peers);
      RaftProperties props = new RaftProperties();
      RaftConfigKeys.Rpc.setType(props, SupportedRpcType.GRPC);
      GrpcConfigKeys.Server.setPort(props, NodeConfig.port(config.raft()));
      RaftServerConfigKeys.setStorageDir(props, List.of(raftDir.toFile()));
      // election timeout 1-2 s: shorter ones made leaders step down during JIT warm-up and CPU
      // starvation on a loaded 2-core machine (followers answering after ~900 ms)
      RaftServerConfigKeys.Rpc.setTimeoutMin(props, TimeDuration.valueOf(1000, TimeUnit.MILLISECONDS));
      RaftServerConfigKeys.Rpc.setTimeoutMax(props, TimeDuration.valueOf(2000, TimeUnit.MILLISECONDS));
      // send appends at once (the default waits up to 10 ms between appendEntries calls, which
      // bounded a single client's commits at about 90/s)
      RaftServerConfigKeys.Log.Appender.setWaitTimeMin(props, TimeDuration.ZERO);
      // reads: ReadIndex (the leader confirms with a majority that it still leads, then waits until
      // it applied up to its commit index), answered from the leader lease while it is valid
      RaftServerConfigKeys.Read.setOption(props, RaftServerConfigKeys.Read.Option.LINEARIZABLE);
      RaftServerConfigKeys.Read.setLeaderLeaseEnabled(props, true);
      // snapshots (KvStateMachine#takeSnapshot) every RAFT_SNAPSHOT_EVERY applied entries; the log
      // is then purged up to the snapshot, and a follower behind the purged part gets the
      // snapshot through InstallSnapshot
      long snapshotEvery = raftSetting(config, RAFT_SNAPSHOT_EVERY, 20_000);
      RaftServerConfigKeys.Snapshot.setAutoTriggerEnabled(props, true);
      RaftServerConfigKeys.Snapshot.setAutoTriggerThreshold(props, snapshotEvery);
      RaftServerConfigKeys.Snapshot.setCreationGap(props, Math.min(1024, snapshotEvery));
      RaftServerConfigKeys.Snapshot.setRetentionFileNum(props, 2);
      // no snapshot at shutdown: it copies all data and would make `beam cluster stop` (SIGKILL
      // after 10 s) slow; a restart replays the log after the last snapshot instead
      RaftServerConfigKeys.Snapshot.setTriggerWhenStopEnabled(props, false);
      RaftServerConfigKeys.Log.setPurgeUptoSnapshotIndex(props, true);
      RaftServerConfigKeys.Log.setPurgeGap(props, (int) raftSetting(config, RAFT_PURGE_GAP, 1024));
      RaftServerConfigKeys.Log.setSegmentSizeMax(props,
          SizeInBytes.valueOf(raftSetting(config, RAFT_LOG_SEGMENT_BYTES, 8L << 20)));
      boolean formatted;
      try (Stream<Path> s = Files.list(raftDir)) {
        formatted = s.findAny().isPresent();
      }
      this.server = RaftServer.newBuilder().setServerId(self).setStateMachine(stateMachine).setProperties(props)
          .setGroup(group).setOption(formatted ? RaftStorage.StartupOption.RECOVER : RaftStorage.StartupOption.FORMAT)
          .build();
      server.start();
      this.client = RaftClient.newBuilder().setProperties(props).setRaftGroup(group).setLeaderId(self)
          .setClientId(ClientId.randomId()).setRetryPolicy(RetryPolicies.noRetry()).build();
      Map<String, Scram.Verifier> users = new LinkedHashMap<>();
      config.users().forEach((u, v) -> users.put(u, Scram.Verifier.parse(v)));
      this.wire = new WireServer(new InetSocketAddress(NodeConfig.host(config.listen()), NodeConfig.port(config.listen())),
          this, config.database(), users, config.tls());
      this.leadership = new Thread(this::leadershipLoop, "beam-leadership-" + config.id());
      leadership.setDaemon(true);
      leadership.start();
      started = true;
    } finally {
      if (!started) {
        close();
      }
    }
  }

  /**
   * Starts a node: opens (or creates) its storage and Raft log, joins the group and listens for
   * clients.
   *
   * @throws IOException when storage, the Raft port or the client port cannot be opened
   */
  public static ClusterNode start(NodeConfig config) throws IOException {
    return new ClusterNode(config);
  }

  /** This node's id. */
  public String id() {
    return config.id();
  }

  /** The client port the wire server listens on. */
  public int clientPort() {
    return wire.port();
  }

  /** True while this node is the leader with an open engine (serving SQL). */
  public boolean isServing() {
    return engine != null;
  }

  /** One line about this node's Raft state (role, term, leader, applied index), for status output. */
  public String describe() {
    try {
      DivisionInfo info = server.getDivision(group.getGroupId()).getInfo();
      return config.id() + " " + info.getCurrentRole() + " term " + info.getCurrentTerm() + " leader "
          + info.getLeaderId() + " applied " + info.getLastAppliedIndex() + (isServing() ? " serving SQL" : "");
    } catch (IOException e) {
      return config.id() + " (no Raft state: " + e.getMessage() + ")";
    }
  }

  // ---- SessionSource

  @Override
  public String redirect() {
    if (engine != null) {
      return null;
    }
    try {
      RaftPeerId leader = server.getDivision(group.getGroupId()).getInfo().getLeaderId();
      if (leader == null || leader.equals(self)) {
        return "";
      }
      return clientAddresses.getOrDefault(leader, "");
    } catch (IOException e) {
      LOG.log(System.Logger.Level.DEBUG, "no Raft division yet", e);
      return "";
    }
  }

  @Override
  public Session open() throws SQLException {
    Engine e = engine;
    if (e == null) {
      throw new SQLNonTransientConnectionException("Node " + config.id() + " is not the leader any more", "08006");
    }
    return e.db().openSession();
  }

  /**
   * Linearizable reads: a Raft read-only request through this node's server (Ratis ReadIndex,
   * Ongaro's thesis section 6.4: the leader confirms its leadership with a heartbeat round, or
   * from its lease while that is valid, and waits until it has applied up to the commit index it
   * saw when the request arrived). The reply carries the writer epoch; it must be the serving
   * engine's, otherwise another leader wrote in between and this engine's view may be stale.
   * Costs no log entry; with a valid lease no network round trip.
   *
   * @throws SQLException 08006 when this node does not serve SQL, is not the leader any more, or
   *     cannot confirm it within the write timeout
   */
  @Override
  public void readBarrier() throws SQLException {
    Engine e = engine;
    if (e == null) {
      throw new SQLNonTransientConnectionException("Node " + config.id() + " is not the leader any more", "08006");
    }
    RaftClientRequest request = RaftClientRequest.newBuilder().setClientId(readClient).setServerId(self)
        .setGroupId(group.getGroupId()).setCallId(readCalls.incrementAndGet()).setMessage(Message.EMPTY)
        .setType(RaftClientRequest.readRequestType()).build();
    RaftClientReply reply;
    try {
      reply = server.submitClientRequestAsync(request).get(WRITE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    } catch (InterruptedException ex) {
      Thread.currentThread().interrupt();
      throw new SQLNonTransientConnectionException("Interrupted while confirming leadership for a read", "08006", ex);
    } catch (Exception ex) {
      throw new SQLNonTransientConnectionException("Node " + config.id() + " cannot confirm it is the leader: " + ex, "08006", ex);
    }
    if (!reply.isSuccess()) {
      throw new SQLNonTransientConnectionException("Node " + config.id() + " is not the leader any more: "
          + reply.getException(), "08006");
    }
    long epoch = reply.getMessage().getContent().asReadOnlyByteBuffer().getLong();
    if (epoch != e.epoch() || engine != e) {
      throw new SQLNonTransientConnectionException("Node " + config.id() + " lost leadership meanwhile", "08006");
    }
  }

  // ---- replication

  /** Appends {@code entry} through this node (as leader) and returns the state machine's reply. */
  byte[] submit(byte[] entry) throws Exception {
    // straight into this node's Raft server: no loopback RPC, and no client-side sliding window
    // (an ordered RaftClient closes its window for good after one failed request)
    RaftClientRequest request = RaftClientRequest.newBuilder().setClientId(writeClient).setServerId(self)
        .setGroupId(group.getGroupId()).setCallId(writeCalls.incrementAndGet())
        .setMessage(Message.valueOf(ByteString.copyFrom(entry))).setType(RaftClientRequest.writeRequestType()).build();
    RaftClientReply reply = server.submitClientRequestAsync(request).get(WRITE_TIMEOUT_SECONDS, TimeUnit.SECONDS);
    if (!reply.isSuccess()) {
      throw reply.getException() != null ? reply.getException() : new IOException("Raft write failed: " + reply);
    }
    return reply.getMessage().getContent().toByteArray();
  }

  private static long raftSetting(NodeConfig config, String key, long dflt) {
    String v = config.settings().get(key);
    if (v == null) {
      return dflt;
    }
    try {
      long n = Long.parseLong(v.trim());
      if (n <= 0) {
        throw new NumberFormatException();
      }
      return n;
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException("setting " + key + " must be a positive integer: '" + v + "'");
    }
  }

  /** The Raft state machine (tests read its snapshot counters). */
  KvStateMachine stateMachine() {
    return stateMachine;
  }

  /** This node's Raft log: {first index kept, last applied index}. */
  long[] logWindow() throws IOException {
    RaftServer.Division d = server.getDivision(group.getGroupId());
    return new long[] {d.getRaftLog().getStartIndex(), d.getInfo().getLastAppliedIndex()};
  }

  /**
   * Asks Ratis to hand leadership to {@code id} (this node must be the leader); returns whether it
   * moved within {@code timeoutMillis}.
   */
  boolean transferLeadership(String id, long timeoutMillis) {
    try {
      return client.admin().transferLeadership(RaftPeerId.valueOf(id), timeoutMillis).isSuccess();
    } catch (IOException e) {
      LOG.log(System.Logger.Level.INFO, "leadership transfer to {0} failed: {1}", id, e.toString());
      return false;
    }
  }

  /** A replicated write of {@code epoch}'s engine failed: retire that engine. */
  void engineFailed(long epoch, String why) {
    Engine e = engine;
    if (e != null && e.epoch() == epoch) {
      LOG.log(System.Logger.Level.WARNING, "node {0}: {1}; closing the SQL engine", config.id(), why);
      failedEpoch = epoch;
      wake();
    }
  }

  private void wake() {
    synchronized (monitor) {
      monitor.notifyAll();
    }
  }

  private void leadershipLoop() {
    while (!closed) {
      try {
        DivisionInfo info = server.getDivision(group.getGroupId()).getInfo();
        boolean leader = info.isLeader() && info.isLeaderReady();
        Engine e = engine;
        if (e != null && (!leader || info.getCurrentTerm() != e.term() || failedEpoch == e.epoch())) {
          retire(e, leader ? "replication failure" : "lost leadership");
        }
        if (engine == null && leader) {
          serve(info.getCurrentTerm());
        }
      } catch (Exception ex) {
        if (!closed) {
          LOG.log(System.Logger.Level.WARNING, "node " + config.id() + ": leadership check failed; will retry", ex);
        }
      }
      synchronized (monitor) {
        try {
          monitor.wait(100);
        } catch (InterruptedException ex) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  private void serve(long term) throws Exception {
    long epoch;
    do {
      epoch = random.nextLong();
    } while (epoch == 0);
    long start = System.nanoTime();
    submit(LogEntries.barrier(epoch));
    if (stateMachine.epoch() != epoch) {
      return; // someone else's barrier came after ours: not leader any more
    }
    Database db = ExternalStore.open(config.database(), store, new ReplicatedStore(store, this, epoch), engineSettings);
    Session anchor = db.openSession(); // keeps the database open while no client is connected
    engine = new Engine(term, epoch, db, anchor);
    LOG.log(System.Logger.Level.INFO, "node {0} is leader (term {1}) and serves SQL on {2}; took {3} ms",
        config.id(), term, config.listen(), (System.nanoTime() - start) / 1_000_000);
  }

  private void retire(Engine e, String why) {
    engine = null;
    LOG.log(System.Logger.Level.INFO, "node {0} stops serving SQL: {1}", config.id(), why);
    wire.closeConnections();
    e.anchor().close();
    e.db().close();
  }

  /** Stops serving, leaves the group (the others go on) and closes storage. Idempotent. */
  @Override
  public void close() {
    if (closed) {
      return;
    }
    closed = true;
    wake();
    Engine e = engine;
    if (e != null) {
      retire(e, "shutting down");
    }
    if (wire != null) {
      wire.close();
    }
    closeQuietly(client);
    closeQuietly(server);
    store.close();
  }

  private static void closeQuietly(AutoCloseable c) {
    if (c == null) {
      return;
    }
    try {
      c.close();
    } catch (Exception ex) {
      LOG.log(System.Logger.Level.WARNING, "closing " + c + " failed", ex);
    }
  }

  /** The data directory's parent-relative description, for logs. */
  @Override
  public String toString() {
    return "ClusterNode[" + config.id() + " " + config.listen() + " raft " + config.raft() + " " + config.data() + "]";
  }
}
