package io.beamdb.cli;

import io.beamdb.cluster.LocalClusterLauncher;
import io.beamdb.cluster.NodeConfig;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParentCommand;

/**
 * {@code beam cluster start|stop|status}: a local cluster of child JVMs on 127.0.0.1 (see
 * {@link LocalClusterLauncher} for the directory layout).
 */
@Command(name = "cluster", description = "Start, stop or list a local cluster on 127.0.0.1.",
    subcommands = {ClusterCommand.Start.class, ClusterCommand.Stop.class, ClusterCommand.Status.class})
final class ClusterCommand implements Callable<Integer> {
  @ParentCommand BeamCli parent;

  @Override
  public Integer call() {
    parent.err.println("beam cluster: give start, stop or status");
    return 2;
  }

  /** Options every subcommand shares. */
  static class DirOption {
    @Option(names = "--dir", defaultValue = "./data/cluster", description = "Cluster directory (default: ${DEFAULT-VALUE}).")
    Path dir;
  }

  @Command(name = "start", description = "Start every node that is not running (creating the cluster on first use).")
  static final class Start extends DirOption implements Callable<Integer> {
    @ParentCommand ClusterCommand cluster;

    @Option(names = "--nodes", defaultValue = "3", description = "Number of nodes of a new cluster (default: ${DEFAULT-VALUE}).")
    int nodes;

    @Option(names = "--base-port", defaultValue = "7450",
        description = "Client port of node 1; node K uses base+10(K-1), its Raft port one above (default: ${DEFAULT-VALUE}).")
    int basePort;

    @Option(names = "--database", defaultValue = "beam", description = "Database name (default: ${DEFAULT-VALUE}).")
    String database;

    @Option(names = {"-u", "--user"}, defaultValue = "admin", description = "User of a new cluster (default: ${DEFAULT-VALUE}).")
    String user;

    @Option(names = {"-p", "--password"}, defaultValue = "admin",
        description = "Password of a new cluster (default: ${DEFAULT-VALUE}); stored only as a SCRAM verifier.")
    String password;

    @Option(names = "--tls", description = "A new cluster requires TLS from clients: a self-signed certificate"
        + " for 127.0.0.1 and localhost is made with the JDK's keytool in DIR/tls (the URL printed carries the"
        + " SSL settings).")
    boolean tls;

    @Option(names = "--wait", defaultValue = "60", description = "Seconds to wait for a leader (0: do not wait; default: ${DEFAULT-VALUE}).")
    int waitSeconds;

    @Override
    public Integer call() throws Exception {
      BeamCli parent = cluster.parent;
      if (nodes < 1) {
        parent.err.println("beam cluster start: --nodes must be >= 1");
        return 2;
      }
      LocalClusterLauncher launcher = new LocalClusterLauncher(dir);
      String java = ProcessHandle.current().info().command().orElse("java");
      List<String> command = new ArrayList<>(List.of(java, "-Xmx384m", "-XX:+UseSerialGC", "-cp",
          System.getProperty("java.class.path"), BeamCli.class.getName(), "server", "--config"));
      for (String line : launcher.start(nodes, basePort, database, user, password, tls, command)) {
        parent.out.println(line);
      }
      String url = launcher.url();
      parent.out.println("URL: " + url);
      parent.out.flush();
      if (waitSeconds > 0) {
        Properties p = new Properties();
        p.setProperty("user", user);
        p.setProperty("password", password);
        p.setProperty("CONNECT_TIMEOUT", Long.toString(waitSeconds * 1000L));
        try (Connection c = DriverManager.getConnection(url, p)) {
          parent.out.println("a leader is serving SQL: beam shell -u " + user + " -p " + password + " "
              + (url.contains(";") ? "'" + url + "'" : url));
        } catch (SQLException e) {
          if ("28P01".equals(e.getSQLState())) {
            parent.out.println("a leader is serving SQL (give the cluster's user and password to connect)");
          } else {
            parent.err.println("beam cluster start: no leader within " + waitSeconds + " s: " + e.getMessage()
                + " (see the logs in " + dir + ")");
            return 1;
          }
        }
      }
      return 0;
    }
  }

  @Command(name = "stop", description = "Stop every node (or one with --node).")
  static final class Stop extends DirOption implements Callable<Integer> {
    @ParentCommand ClusterCommand cluster;

    @Option(names = "--node", description = "Only this node, e.g. n2.")
    String node;

    @Override
    public Integer call() throws Exception {
      try {
        for (String line : new LocalClusterLauncher(dir).stop(node)) {
          cluster.parent.out.println(line);
        }
      } catch (IllegalArgumentException e) {
        cluster.parent.err.println("beam cluster stop: " + e.getMessage());
        return 2;
      }
      return 0;
    }
  }

  @Command(name = "status", description = "List the nodes, their addresses, whether they run and which one leads.")
  static final class Status extends DirOption implements Callable<Integer> {
    @ParentCommand ClusterCommand cluster;

    @Override
    public Integer call() throws Exception {
      LocalClusterLauncher launcher = new LocalClusterLauncher(dir);
      List<NodeConfig> configs = launcher.configs();
      if (configs.isEmpty()) {
        cluster.parent.err.println("beam cluster status: no cluster in " + dir);
        return 1;
      }
      for (NodeConfig c : configs) {
        String state = launcher.running(c.id()).map(h -> "running (pid " + h.pid() + "), "
            + LocalClusterLauncher.role(c)).orElse("stopped");
        cluster.parent.out.println(c.id() + " " + c.listen() + " raft " + c.raft() + " " + state);
      }
      cluster.parent.out.println("URL: " + launcher.url());
      return 0;
    }
  }
}
