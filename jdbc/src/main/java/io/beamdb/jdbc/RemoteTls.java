package io.beamdb.jdbc;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManagerFactory;

/**
 * TLS for remote connections, from the URL or {@code Properties} settings:
 * <ul>
 *   <li>{@code SSL} ({@code true}|{@code false}, default false; {@code ssl} works too, keys are
 *       case-insensitive): connect with TLS (TLSv1.3 or TLSv1.2, the JDK's default cipher
 *       suites)</li>
 *   <li>{@code SSL_TRUSTSTORE}: key store file with the certificates to trust (the server's own
 *       self-signed certificate, or its CA); default: the JVM's trust store ({@code cacerts}, or
 *       {@code javax.net.ssl.trustStore})</li>
 *   <li>{@code SSL_TRUSTSTORE_PASSWORD} (default none: integrity not checked) and
 *       {@code SSL_TRUSTSTORE_TYPE} ({@code PKCS12} default, or {@code JKS})</li>
 *   <li>{@code SSL_VERIFY_HOSTNAME} (default true): the certificate must name the host as written
 *       in the URL (DNS or IP subject alternative name); false only checks that it is trusted
 *       (e.g. a test certificate used under several addresses)</li>
 * </ul>
 * Immutable and thread-safe.
 */
final class RemoteTls {
  /** The settings this class reads. */
  static final Set<String> SETTINGS = Set.of("SSL", "SSL_TRUSTSTORE", "SSL_TRUSTSTORE_PASSWORD",
      "SSL_TRUSTSTORE_TYPE", "SSL_VERIFY_HOSTNAME");
  private static final List<String> PROTOCOLS = List.of("TLSv1.3", "TLSv1.2");

  private final SSLSocketFactory factory;
  private final boolean verifyHostname;
  private final String truststore;

  private RemoteTls(SSLSocketFactory factory, boolean verifyHostname, String truststore) {
    this.factory = factory;
    this.verifyHostname = verifyHostname;
    this.truststore = truststore;
  }

  /**
   * The TLS configuration of {@code settings}, or null when {@code SSL} is not true.
   *
   * @throws SQLException 08001 naming the setting when a value is invalid, an {@code SSL_*}
   *     setting is given without {@code SSL=true}, or the trust store cannot be read
   */
  static RemoteTls from(Map<String, String> settings) throws SQLException {
    if (!bool(settings, "SSL", false)) {
      for (String key : SETTINGS) {
        if (!key.equals("SSL") && settings.containsKey(key)) {
          throw Errors.connect("Setting " + key + " needs SSL=true (TLS is off)");
        }
      }
      return null;
    }
    boolean verify = bool(settings, "SSL_VERIFY_HOSTNAME", true);
    String path = settings.get("SSL_TRUSTSTORE");
    try {
      SSLContext ctx;
      if (path == null) {
        for (String key : List.of("SSL_TRUSTSTORE_PASSWORD", "SSL_TRUSTSTORE_TYPE")) {
          if (settings.containsKey(key)) {
            throw Errors.connect("Setting " + key + " needs SSL_TRUSTSTORE");
          }
        }
        ctx = SSLContext.getDefault();
      } else {
        ctx = SSLContext.getInstance("TLS");
        ctx.init(null, trustManagers(path, settings), null);
      }
      return new RemoteTls(ctx.getSocketFactory(), verify, path);
    } catch (GeneralSecurityException e) {
      throw new SQLNonTransientConnectionException("Cannot set up TLS: " + e.getMessage(), "08001", e);
    }
  }

  private static javax.net.ssl.TrustManager[] trustManagers(String path, Map<String, String> settings)
      throws SQLException, GeneralSecurityException {
    String type = settings.getOrDefault("SSL_TRUSTSTORE_TYPE", "PKCS12");
    String password = settings.get("SSL_TRUSTSTORE_PASSWORD");
    KeyStore ks;
    try {
      ks = KeyStore.getInstance(type);
    } catch (java.security.KeyStoreException e) {
      throw Errors.connect("SSL_TRUSTSTORE_TYPE '" + type + "' is not a key store type this JVM knows; use PKCS12 or JKS");
    }
    try (InputStream in = Files.newInputStream(Path.of(path))) {
      ks.load(in, password == null ? null : password.toCharArray());
    } catch (IOException | GeneralSecurityException | RuntimeException e) {
      throw new SQLNonTransientConnectionException("Cannot read SSL_TRUSTSTORE '" + path + "' (" + e
          + "): check the path, SSL_TRUSTSTORE_PASSWORD and SSL_TRUSTSTORE_TYPE (" + type + ")", "08001", e);
    }
    if (ks.size() == 0) {
      throw Errors.connect("SSL_TRUSTSTORE '" + path + "' holds no certificate: import the server's certificate"
          + " (keytool -importcert) or its CA's");
    }
    TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
    tmf.init(ks);
    return tmf.getTrustManagers();
  }

  private static boolean bool(Map<String, String> settings, String key, boolean dflt) throws SQLException {
    String v = settings.get(key);
    if (v == null) {
      return dflt;
    }
    return switch (v.trim().toLowerCase(Locale.ROOT)) {
      case "true" -> true;
      case "false" -> false;
      default -> throw Errors.connect("Invalid " + key + " '" + v + "'; give true or false");
    };
  }

  /**
   * Layers TLS over {@code plain} (connected to {@code host:port}) and completes the handshake
   * within the socket's read timeout.
   *
   * @throws IOException when the handshake fails; see {@link #certificateProblem}
   */
  SSLSocket handshake(Socket plain, String host, int port) throws IOException {
    SSLSocket s = (SSLSocket) factory.createSocket(plain, host, port, true);
    SSLParameters p = s.getSSLParameters();
    List<String> offered = new ArrayList<>(PROTOCOLS);
    offered.retainAll(Arrays.asList(s.getSupportedProtocols()));
    p.setProtocols(offered.toArray(new String[0]));
    if (verifyHostname) {
      p.setEndpointIdentificationAlgorithm("HTTPS");
    }
    s.setSSLParameters(p);
    s.startHandshake();
    return s;
  }

  /**
   * When {@code e} says the server's certificate was not accepted (untrusted, expired, or not
   * issued for {@code host}): an 08001 naming the host, the cause and the setting that fixes it.
   * Null for other failures (the connection was dropped or timed out: worth another try).
   */
  SQLException certificateProblem(String host, IOException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof CertificateException) {
        String cause = t.getMessage();
        String fix;
        if (cause != null && (cause.startsWith("No subject alternative") || cause.startsWith("No name matching"))) {
          fix = "connect by a host name or IP address the certificate lists, or set SSL_VERIFY_HOSTNAME=false";
        } else if (truststore == null) {
          fix = "set SSL_TRUSTSTORE to a key store holding the server's certificate or its CA (the JVM's default"
              + " trust store was used)";
        } else {
          fix = "import the server's certificate or its CA into SSL_TRUSTSTORE '" + truststore + "'";
        }
        return new SQLNonTransientConnectionException("TLS handshake with " + host
            + " failed: the server's certificate was not accepted (" + cause + "); " + fix, "08001", e);
      }
    }
    return null;
  }

  /** What to say about a handshake failure that is not a certificate problem. */
  static String describe(IOException e) {
    return "TLS handshake failed (" + e + "); if this server has no TLS configured (no 'tls:' in its YAML),"
        + " connect without SSL=true";
  }
}
