package io.beamdb.sql.encoding;

import io.beamdb.sql.type.BeamType;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.List;
import java.util.Random;
import java.util.function.Supplier;

import static org.junit.jupiter.api.Assertions.assertEquals;

/** The byte order of encoded keys must equal the SQL order of the values (NULL first). */
class KeyEncoderTest {
  private static final long SEED = Long.getLong("beamdb.seed", System.nanoTime());

  @SuppressWarnings({"unchecked", "rawtypes"})
  private static void checkOrder(BeamType type, Supplier<Object> gen, Comparator<Object> sqlOrder) {
    Random r = new Random(SEED);
    List<Object> values = new ArrayList<>();
    values.add(null);
    for (int i = 0; i < 2000; i++) {
      values.add(gen.get());
    }
    for (int i = 0; i < values.size(); i++) {
      Object a = values.get(i);
      Object b = values.get(r.nextInt(values.size()));
      int expected = a == null ? (b == null ? 0 : -1) : b == null ? 1 : Integer.signum(sqlOrder.compare(a, b));
      int actual = Integer.signum(Arrays.compareUnsigned(new KeyEncoder().add(type, a).toBytes(),
          new KeyEncoder().add(type, b).toBytes()));
      assertEquals(expected, actual, "seed " + SEED + ": " + a + " vs " + b);
    }
  }

  @Test
  void integersSortNumerically() {
    Random r = new Random(SEED);
    checkOrder(BeamType.BIGINT, () -> r.nextBoolean() ? r.nextLong() : (long) r.nextInt(100) - 50,
        (a, b) -> Long.compare((Long) a, (Long) b));
  }

  @Test
  void doublesSortNumerically() {
    Random r = new Random(SEED);
    checkOrder(BeamType.DOUBLE, () -> r.nextBoolean() ? r.nextGaussian() * 1e6 : (double) (r.nextInt(7) - 3),
        (a, b) -> Double.compare((Double) a == -0.0 ? 0.0 : (Double) a, (Double) b == -0.0 ? 0.0 : (Double) b));
  }

  @Test
  void decimalsSortNumerically() {
    Random r = new Random(SEED);
    checkOrder(BeamType.DECIMAL, () -> BigDecimal.valueOf(r.nextInt(2_000_000) - 1_000_000, r.nextInt(6)),
        (a, b) -> ((BigDecimal) a).compareTo((BigDecimal) b));
  }

  @Test
  void stringsSortLexicographically() {
    Random r = new Random(SEED);
    String alphabet = "ab\u0000z\u00e9";
    checkOrder(BeamType.VARCHAR, () -> {
      StringBuilder b = new StringBuilder();
      int n = r.nextInt(5);
      for (int i = 0; i < n; i++) {
        b.append(alphabet.charAt(r.nextInt(alphabet.length())));
      }
      return b.toString();
    }, (a, b) -> ((String) a).compareTo((String) b));
  }

  @Test
  void uuidsAndBinarySortUnsigned() {
    Random r = new Random(SEED);
    checkOrder(BeamType.UUID, () -> new java.util.UUID(r.nextLong(), r.nextLong()), (a, b) -> {
      java.util.UUID x = (java.util.UUID) a;
      java.util.UUID y = (java.util.UUID) b;
      int c = Long.compareUnsigned(x.getMostSignificantBits(), y.getMostSignificantBits());
      return c != 0 ? c : Long.compareUnsigned(x.getLeastSignificantBits(), y.getLeastSignificantBits());
    });
    checkOrder(BeamType.VARBINARY, () -> {
      byte[] b = new byte[r.nextInt(4)];
      r.nextBytes(b);
      return b;
    }, (a, b) -> Arrays.compareUnsigned((byte[]) a, (byte[]) b));
  }

  @Test
  void compositeKeysAreNotConfusedByPrefixes() {
    byte[] ab = new KeyEncoder().add(BeamType.VARCHAR, "a").add(BeamType.VARCHAR, "b").toBytes();
    byte[] a_ = new KeyEncoder().add(BeamType.VARCHAR, "ab").add(BeamType.VARCHAR, "").toBytes();
    assertEquals(-1, Integer.signum(Arrays.compareUnsigned(ab, a_)));
  }
}
