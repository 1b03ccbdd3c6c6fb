package io.beamdb.sql.encoding;

import io.beamdb.sql.type.BeamType;
import org.junit.jupiter.api.Test;

import java.math.BigDecimal;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

class RowCodecTest {
  @Test
  void roundTripsEveryType() {
    BeamType[] types = BeamType.values();
    Object[] row = {(byte) 1, (short) -2, 3, 4L, new BigDecimal("-12.340"), 1.5f, 2.25, true, "ab ", "h\u00e9llo",
        19000, 3_600_000, 1_700_000_000_123L, new byte[] {1, 2}, new byte[] {0, -1, 7},
        java.util.UUID.fromString("123e4567-e89b-12d3-a456-426614174000"), -1_700_000_000_123L, -14L, 90_061_001L};
    assertArrayEquals(row, RowCodec.decode(types, RowCodec.encode(types, row)));
  }

  @Test
  void nullsAndAddedColumns() {
    BeamType[] old = {BeamType.INTEGER, BeamType.VARCHAR};
    byte[] data = RowCodec.encode(old, new Object[] {null, "x"});
    Object[] decoded = RowCodec.decode(new BeamType[] {BeamType.INTEGER, BeamType.VARCHAR, BeamType.BIGINT}, data);
    assertNull(decoded[0]);
    assertEquals("x", decoded[1]);
    assertNull(decoded[2]);
  }
}
