package io.beamdb.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/** A self-signed test certificate for IP 127.0.0.1, made with the JDK's keytool. */
final class TestCerts {
  private TestCerts() {
  }

  /**
   * Writes {@code node.p12} (EC key and certificate, password {@code keyPassword}) and
   * {@code trust.p12} (the certificate, password {@code trustPassword}) into {@code dir}.
   *
   * @return the key store and the trust store
   */
  static Path[] make(Path dir, String keyPassword, String trustPassword) throws IOException, InterruptedException {
    Path keystore = dir.resolve("node.p12");
    Path truststore = dir.resolve("trust.p12");
    Path cert = dir.resolve("node.crt");
    keytool(dir, "-genkeypair", "-alias", "beam", "-keyalg", "EC", "-groupname", "secp256r1", "-dname",
        "CN=beam-test", "-ext", "SAN=IP:127.0.0.1", "-validity", "2", "-keystore", keystore.toString(),
        "-storetype", "PKCS12", "-storepass", keyPassword, "-keypass", keyPassword);
    keytool(dir, "-exportcert", "-alias", "beam", "-keystore", keystore.toString(), "-storepass", keyPassword,
        "-file", cert.toString());
    keytool(dir, "-importcert", "-noprompt", "-alias", "beam", "-file", cert.toString(), "-keystore",
        truststore.toString(), "-storetype", "PKCS12", "-storepass", trustPassword);
    return new Path[] {keystore, truststore};
  }

  /** Runs the JDK's keytool; its output goes to a file so that a failure can show it. */
  private static void keytool(Path dir, String... args) throws IOException, InterruptedException {
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "keytool").toString());
    cmd.addAll(List.of(args));
    Path log = Files.createTempFile(dir, "keytool", ".log");
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).redirectOutput(log.toFile()).start();
    assertTrue(p.waitFor(30, TimeUnit.SECONDS), "keytool timed out");
    assertEquals(0, p.exitValue(), () -> "keytool failed: " + read(log));
  }

  private static String read(Path p) {
    try {
      return Files.readString(p);
    } catch (IOException e) {
      return e.toString();
    }
  }
}
