package io.beamdb.cluster;

import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

/**
 * {@code java -cp ... io.beamdb.cluster.NodeMain node.yaml}: runs one node until the process is
 * terminated, without the CLI (used by tests that kill nodes with SIGKILL; {@code beam server}
 * is the user-facing command).
 */
public final class NodeMain {
  private NodeMain() {
  }

  /** @param args the node's YAML configuration file */
  public static void main(String[] args) throws Exception {
    if (args.length != 1) {
      System.err.println("usage: NodeMain node.yaml");
      System.exit(2);
    }
    ClusterNode node = ClusterNode.start(NodeConfig.load(Path.of(args[0])));
    CountDownLatch stopped = new CountDownLatch(1);
    Runtime.getRuntime().addShutdownHook(new Thread(() -> {
      node.close();
      stopped.countDown();
    }, "beam-node-shutdown"));
    stopped.await();
  }
}
