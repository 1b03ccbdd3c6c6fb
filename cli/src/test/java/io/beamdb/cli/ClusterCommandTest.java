package io.beamdb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code beam cluster start|status|stop} with one child JVM, and {@code beam shell} against it
 * through a remote URL.
 */
@Timeout(120)
class ClusterCommandTest {
  @TempDir
  Path dir;

  private String log() throws java.io.IOException {
    Path log = dir.resolve("c/n1.log");
    return Files.exists(log) ? "\nn1.log:\n" + Files.readString(log) : "";
  }

  @Test
  void startQueryStatusStop() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String d = dir.resolve("c").toString();
    try {
      CliTestSupport.Result start = CliTestSupport.run("", "cluster", "start", "--nodes", "1", "--dir", d,
          "--base-port", Integer.toString(port), "-u", "ann", "-p", "secret");
      assertEquals(0, start.status(), start.out() + start.err());
      assertTrue(start.out().contains("a leader is serving SQL"), start.out());
      assertTrue(Files.readString(dir.resolve("c/n1.yaml")).contains("SCRAM-SHA-256$"), "a verifier, no password");
      String url = "jdbc:beam://127.0.0.1:" + port + "/beam";
      CliTestSupport.Result shell = CliTestSupport.run(
          "CREATE TABLE t (id INT PRIMARY KEY);\nINSERT INTO t VALUES (1), (2);\nSELECT COUNT(*) FROM t;\n",
          "shell", "-u", "ann", "-p", "secret", url);
      assertEquals(0, shell.status(), shell.out() + shell.err());
      assertTrue(shell.out().contains("2 rows affected"), shell.out());
      CliTestSupport.Result status = CliTestSupport.run("", "cluster", "status", "--dir", d);
      assertTrue(status.out().contains("n1 127.0.0.1:" + port) && status.out().contains("leader (serving SQL)"),
          status.out() + log());
    } finally {
      CliTestSupport.Result stop = CliTestSupport.run("", "cluster", "stop", "--dir", d);
      assertTrue(stop.out().contains("n1 stopped") || stop.out().contains("n1 killed"), stop.out() + stop.err() + log());
    }
    CliTestSupport.Result after = CliTestSupport.run("", "cluster", "status", "--dir", d);
    assertTrue(after.out().contains("stopped"), after.out());
  }

  @Test
  void aTlsClusterPrintsAUrlWithTheTrustStoreAndRefusesPlaintext() throws Exception {
    int port;
    try (ServerSocket s = new ServerSocket(0)) {
      port = s.getLocalPort();
    }
    String d = dir.resolve("c").toString();
    try {
      CliTestSupport.Result start = CliTestSupport.run("", "cluster", "start", "--nodes", "1", "--dir", d,
          "--base-port", Integer.toString(port), "--tls");
      assertEquals(0, start.status(), start.out() + start.err() + log());
      assertTrue(start.out().contains("a leader is serving SQL"), start.out());
      String url = "jdbc:beam://127.0.0.1:" + port + "/beam;SSL=true;SSL_TRUSTSTORE=" + dir.resolve("c/tls/truststore.p12")
          + ";SSL_TRUSTSTORE_PASSWORD=changeit";
      assertTrue(start.out().contains(url), start.out());
      CliTestSupport.Result shell = CliTestSupport.run("SELECT 40 + 2;\n", "shell", "-u", "admin", "-p", "admin", url);
      assertEquals(0, shell.status(), shell.out() + shell.err());
      assertTrue(shell.out().contains("42"), shell.out());
      CliTestSupport.Result plain = CliTestSupport.run("SELECT 1;\n", "shell", "-u", "admin", "-p", "admin",
          "jdbc:beam://127.0.0.1:" + port + "/beam");
      assertTrue(plain.status() != 0 && (plain.out() + plain.err()).contains("accepts only TLS"),
          plain.out() + plain.err());
      CliTestSupport.Result status = CliTestSupport.run("", "cluster", "status", "--dir", d);
      assertTrue(status.out().contains("leader (serving SQL)") && status.out().contains("SSL=true"),
          status.out() + log());
    } finally {
      CliTestSupport.Result stop = CliTestSupport.run("", "cluster", "stop", "--dir", d);
      assertTrue(stop.out().contains("n1 stopped") || stop.out().contains("n1 killed"), stop.out() + stop.err() + log());
    }
  }
}
