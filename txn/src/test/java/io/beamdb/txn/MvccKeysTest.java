package io.beamdb.txn;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class MvccKeysTest {
  @Test
  void newerVersionsSortFirstAndRoundTrip() {
    byte[] k = {0x02, 5, 6};
    byte[] v1 = MvccKeys.encode(k, 1);
    byte[] v9 = MvccKeys.encode(k, 9);
    assertTrue(Arrays.compareUnsigned(v9, v1) < 0, "newer first");
    assertEquals(9, MvccKeys.commitTs(v9));
    assertArrayEquals(k, MvccKeys.logicalKey(v9));
    assertTrue(MvccKeys.isVersionOf(v9, k));
    assertFalse(MvccKeys.isVersionOf(v9, new byte[] {0x02, 5}));
    assertTrue(MvccKeys.sameLogical(v1, v9));
    // every version of k sorts before afterAllVersions(k), which sorts before the next key
    byte[] after = MvccKeys.afterAllVersions(k);
    assertTrue(Arrays.compareUnsigned(MvccKeys.encode(k, 1), after) < 0);
    assertTrue(Arrays.compareUnsigned(after, MvccKeys.encode(new byte[] {0x02, 5, 7}, Long.MAX_VALUE)) < 0);
    // a read at ts seeks to encode(k, ts): versions <= ts are at or after it, newer ones before
    byte[] seek = MvccKeys.encode(k, 5);
    assertTrue(Arrays.compareUnsigned(v9, seek) < 0);
    assertTrue(Arrays.compareUnsigned(v1, seek) > 0);
  }

  @Test
  void valuesAndMetadata() {
    assertTrue(MvccKeys.isTombstone(MvccKeys.tombstoneValue()));
    byte[] pv = MvccKeys.putValue(new byte[] {1, 2});
    assertFalse(MvccKeys.isTombstone(pv));
    assertArrayEquals(new byte[] {1, 2}, MvccKeys.data(pv));
    assertArrayEquals(new byte[0], MvccKeys.data(MvccKeys.putValue(new byte[0])));
    assertFalse(MvccKeys.isVersioned(MvccKeys.CLOCK_KEY));
    assertFalse(MvccKeys.isVersioned(MvccKeys.encode(new byte[] {0x00, 'x'}, 3)));
    assertTrue(MvccKeys.isVersioned(MvccKeys.encode(new byte[] {0x01}, 3)));
  }
}
