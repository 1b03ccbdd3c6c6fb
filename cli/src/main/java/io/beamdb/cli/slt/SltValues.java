package io.beamdb.cli.slt;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.math.RoundingMode;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Renders JDBC values the way the reference sqllogictest engine prints them, and hashes
 * result lists.
 *
 * <pre>
 *   NULL                    NULL
 *   I (integer)             printf("%d"); a real or decimal value is truncated toward zero,
 *                           text is read as SQLite does (leading number, else 0)
 *   R (real)                printf("%.3f"), rounding the exact binary value half-even as C does
 *   T (text)                the text; "" is "(empty)"; bytes outside ' '..'~' print as '@'
 * </pre>
 */
public final class SltValues {

  /** A leading number the way SQLite's text-to-number conversion accepts it. */
  private static final Pattern NUMBER_PREFIX =
      Pattern.compile("^\\s*([+-]?(?:\\d+(?:\\.\\d*)?|\\.\\d+)(?:[eE][+-]?\\d+)?)");

  /** The expected line of a hashed result: {@code N values hashing to <md5>}. */
  public static final Pattern HASH_LINE = Pattern.compile("^(\\d+) values hashing to ([0-9a-f]{32})$");

  private SltValues() {}

  /** Renders {@code value} (from {@code ResultSet.getObject}) for a column of type letter {@code type}. */
  public static String render(Object value, char type) {
    if (value == null) {
      return "NULL";
    }
    switch (type) {
      case 'I':
        return integer(value).toString();
      case 'R':
        return real(value);
      default:
        return text(value);
    }
  }

  static BigInteger integer(Object value) {
    if (value instanceof Long || value instanceof Integer || value instanceof Short || value instanceof Byte) {
      return BigInteger.valueOf(((Number) value).longValue());
    }
    if (value instanceof BigInteger big) {
      return big;
    }
    if (value instanceof BigDecimal decimal) {
      return decimal.toBigInteger();
    }
    if (value instanceof Double || value instanceof Float) {
      double d = ((Number) value).doubleValue();
      if (Double.isNaN(d)) {
        return BigInteger.ZERO;
      }
      if (Double.isInfinite(d)) {
        return BigInteger.valueOf(d > 0 ? Long.MAX_VALUE : Long.MIN_VALUE);
      }
      return new BigDecimal(d).toBigInteger();
    }
    if (value instanceof Number number) {
      return new BigDecimal(number.toString()).toBigInteger();
    }
    if (value instanceof Boolean b) {
      return b ? BigInteger.ONE : BigInteger.ZERO;
    }
    BigDecimal parsed = numberPrefix(value.toString());
    return parsed == null ? BigInteger.ZERO : parsed.toBigInteger();
  }

  static String real(Object value) {
    double d;
    if (value instanceof Number number) {
      d = number.doubleValue();
    } else if (value instanceof Boolean b) {
      d = b ? 1 : 0;
    } else {
      BigDecimal parsed = numberPrefix(value.toString());
      d = parsed == null ? 0 : parsed.doubleValue();
    }
    return formatReal(d);
  }

  /** {@code printf("%.3f", d)} as glibc prints it. */
  public static String formatReal(double d) {
    if (Double.isNaN(d)) {
      return "nan";
    }
    if (Double.isInfinite(d)) {
      return d > 0 ? "inf" : "-inf";
    }
    BigDecimal rounded = new BigDecimal(d).setScale(3, RoundingMode.HALF_EVEN);
    String s = rounded.toPlainString();
    boolean negative = d < 0 || (d == 0 && 1 / d < 0);
    if (negative && rounded.signum() == 0) {
      s = "-" + s;
    }
    return s;
  }

  static String text(Object value) {
    String s;
    if (value instanceof BigDecimal decimal) {
      s = decimal.toPlainString();
    } else if (value instanceof Boolean b) {
      s = b ? "1" : "0";
    } else if (value instanceof byte[] bytes) {
      s = new String(bytes, StandardCharsets.ISO_8859_1);
    } else {
      s = value.toString();
    }
    if (s.isEmpty()) {
      return "(empty)";
    }
    StringBuilder sb = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < ' ' || c > '~') {
        if (sb == null) {
          sb = new StringBuilder(s);
        }
        sb.setCharAt(i, '@');
      }
    }
    return sb == null ? s : sb.toString();
  }

  private static BigDecimal numberPrefix(String s) {
    Matcher m = NUMBER_PREFIX.matcher(s);
    if (!m.find()) {
      return null;
    }
    try {
      return new BigDecimal(m.group(1).startsWith("+") ? m.group(1).substring(1) : m.group(1));
    } catch (NumberFormatException e) {
      return null;
    }
  }

  /** MD5 of the values, each followed by a newline, in lower-case hex (as the reference computes it). */
  public static String md5(List<String> values) {
    MessageDigest md;
    try {
      md = MessageDigest.getInstance("MD5");
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
    for (String v : values) {
      md.update(v.getBytes(StandardCharsets.ISO_8859_1));
      md.update((byte) '\n');
    }
    StringBuilder hex = new StringBuilder(32);
    for (byte b : md.digest()) {
      hex.append(Character.forDigit((b >> 4) & 0xf, 16)).append(Character.forDigit(b & 0xf, 16));
    }
    return hex.toString();
  }

  /** {@code N values hashing to <md5>}. */
  public static String hashLine(List<String> values) {
    return values.size() + " values hashing to " + md5(values);
  }
}
