package io.beamdb.wire;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.SecretKeyFactory;
import javax.crypto.spec.PBEKeySpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Password authentication in the manner of SCRAM-SHA-256 (RFC 5802/7677), built from the JDK's
 * PBKDF2WithHmacSHA256, HmacSHA256 and SHA-256. Neither the password nor anything that lets an
 * eavesdropper log in is sent, and the server stores only a {@link Verifier}
 * ({@code SCRAM-SHA-256$iterations:salt$storedKey:serverKey}, the text PostgreSQL uses), never the
 * password.
 *
 * <pre>
 * salted    = PBKDF2(password, salt, iterations)
 * clientKey = HMAC(salted, "Client Key");  storedKey = SHA256(clientKey)
 * serverKey = HMAC(salted, "Server Key")
 * auth      = user "," clientNonce "," serverNonce          (nonces base64)
 * proof     = clientKey XOR HMAC(storedKey, auth)           client -> server
 * signature = HMAC(serverKey, auth)                         server -> client (server proves it knows the verifier)
 * </pre>
 * Stateless and thread-safe.
 */
public final class Scram {
  private static final SecureRandom RANDOM = new SecureRandom();
  /** PBKDF2 iterations for new verifiers. */
  public static final int DEFAULT_ITERATIONS = 4096;

  private Scram() {
  }

  /**
   * What the server stores for a user.
   *
   * @param salt       random salt
   * @param iterations PBKDF2 iterations
   * @param storedKey  SHA-256 of the client key
   * @param serverKey  HMAC key the server signs with
   */
  public record Verifier(byte[] salt, int iterations, byte[] storedKey, byte[] serverKey) {
    /** The text form {@code SCRAM-SHA-256$iterations:salt$storedKey:serverKey} (base64 parts). */
    public String text() {
      Base64.Encoder b = Base64.getEncoder();
      return "SCRAM-SHA-256$" + iterations + ":" + b.encodeToString(salt) + "$" + b.encodeToString(storedKey)
          + ":" + b.encodeToString(serverKey);
    }

    /**
     * Parses {@link #text()}.
     *
     * @throws IllegalArgumentException when the text is not a verifier
     */
    public static Verifier parse(String text) {
      String[] parts = text.trim().split("\\$");
      if (parts.length != 3 || !parts[0].equals("SCRAM-SHA-256")) {
        throw new IllegalArgumentException("not a SCRAM-SHA-256 verifier (expected SCRAM-SHA-256$iterations:salt$storedKey:serverKey)");
      }
      String[] a = parts[1].split(":");
      String[] k = parts[2].split(":");
      if (a.length != 2 || k.length != 2) {
        throw new IllegalArgumentException("malformed SCRAM-SHA-256 verifier");
      }
      Base64.Decoder d = Base64.getDecoder();
      return new Verifier(d.decode(a[1]), Integer.parseInt(a[0]), d.decode(k[0]), d.decode(k[1]));
    }
  }

  /** A verifier for {@code password} with a fresh random salt. */
  public static Verifier newVerifier(String password) {
    return verifier(password, nonce(), DEFAULT_ITERATIONS);
  }

  /** The verifier for {@code password} with the given salt and iterations. */
  public static Verifier verifier(String password, byte[] salt, int iterations) {
    byte[] salted = salted(password, salt, iterations);
    return new Verifier(salt, iterations, sha256(hmac(salted, "Client Key")), hmac(salted, "Server Key"));
  }

  /** 18 random bytes. */
  public static byte[] nonce() {
    byte[] n = new byte[18];
    RANDOM.nextBytes(n);
    return n;
  }

  /** The message both sides sign. */
  public static byte[] authMessage(String user, byte[] clientNonce, byte[] serverNonce) {
    Base64.Encoder b = Base64.getEncoder();
    return (user + "," + b.encodeToString(clientNonce) + "," + b.encodeToString(serverNonce))
        .getBytes(StandardCharsets.UTF_8);
  }

  /** Client side: the proof for {@code password} answering a challenge. */
  public static byte[] clientProof(String password, byte[] salt, int iterations, byte[] authMessage) {
    byte[] salted = salted(password, salt, iterations);
    byte[] clientKey = hmac(salted, "Client Key");
    return xor(clientKey, hmac(sha256(clientKey), authMessage));
  }

  /** Client side: the signature a genuine server sends back. */
  public static byte[] expectedServerSignature(String password, byte[] salt, int iterations, byte[] authMessage) {
    return hmac(hmac(salted(password, salt, iterations), "Server Key"), authMessage);
  }

  /** Server side: true when {@code proof} shows knowledge of the password behind {@code v}. */
  public static boolean verify(Verifier v, byte[] authMessage, byte[] proof) {
    byte[] signature = hmac(v.storedKey(), authMessage);
    if (proof == null || proof.length != signature.length) {
      return false;
    }
    return MessageDigest.isEqual(sha256(xor(proof, signature)), v.storedKey());
  }

  /** Server side: the signature proving the server holds the verifier. */
  public static byte[] serverSignature(Verifier v, byte[] authMessage) {
    return hmac(v.serverKey(), authMessage);
  }

  private static byte[] salted(String password, byte[] salt, int iterations) {
    try {
      PBEKeySpec spec = new PBEKeySpec(password.toCharArray(), salt, iterations, 256);
      return SecretKeyFactory.getInstance("PBKDF2WithHmacSHA256").generateSecret(spec).getEncoded();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("PBKDF2WithHmacSHA256 is not available in this JDK", e);
    }
  }

  private static byte[] hmac(byte[] key, String text) {
    return hmac(key, text.getBytes(StandardCharsets.UTF_8));
  }

  private static byte[] hmac(byte[] key, byte[] data) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return mac.doFinal(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("HmacSHA256 is not available in this JDK", e);
    }
  }

  private static byte[] sha256(byte[] data) {
    try {
      return MessageDigest.getInstance("SHA-256").digest(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is not available in this JDK", e);
    }
  }

  private static byte[] xor(byte[] a, byte[] b) {
    byte[] out = new byte[a.length];
    for (int i = 0; i < a.length; i++) {
      out[i] = (byte) (a[i] ^ b[i]);
    }
    return out;
  }
}
