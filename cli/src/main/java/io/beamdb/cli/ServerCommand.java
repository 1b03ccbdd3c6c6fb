package io.beamdb.cli;

import io.beamdb.cluster.ClusterNode;
import io.beamdb.cluster.NodeConfig;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.logging.Level;
import java.util.logging.Logger;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code beam server --config node.yaml}: runs one cluster node until the process is
 * terminated (SIGTERM/Ctrl-C close it cleanly). See {@link NodeConfig} for the file.
 */
@Command(name = "server", description = "Run a cluster node (see docs/07-cluster.md for node.yaml).")
final class ServerCommand implements Callable<Integer> {
  /** Held so the level set on it is not garbage collected. */
  private static final Logger RATIS_LOG = Logger.getLogger("org.apache.ratis");

  @ParentCommand BeamCli parent;

  @Option(names = "--config", required = true, description = "The node's YAML configuration.")
  Path config;

  @Option(names = "--verbose", description = "Log Apache Ratis at INFO (default: warnings only).")
  boolean verbose;

  @Override
  public Integer call() throws Exception {
    RATIS_LOG.setLevel(verbose ? Level.INFO : Level.WARNING);
    NodeConfig cfg;
    try {
      cfg = NodeConfig.load(config);
    } catch (IllegalArgumentException e) {
      parent.err.println("beam server: " + config + ": " + e.getMessage());
      return 2;
    }
    ClusterNode node;
    try {
      node = ClusterNode.start(cfg);
    } catch (java.io.IOException e) {
      // e.g. the address is in use, or the TLS key store cannot be read (the message names the file)
      parent.err.println("beam server: node " + cfg.id() + " did not start: " + e.getMessage());
      return 1;
    }
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      node.close();
      stopped.countDown();
    }, "beam-server-shutdown"));
    parent.out.println("node " + cfg.id() + ": clients on " + cfg.listen() + ", raft on " + cfg.raft()
        + ", data in " + cfg.data() + ", database '" + cfg.database() + "'");
    parent.out.flush();
    stopped.await();
    return 0;
  }
}
