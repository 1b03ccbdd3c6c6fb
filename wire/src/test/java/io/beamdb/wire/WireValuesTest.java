package io.beamdb.wire;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;

class WireValuesTest {
  private static WireReader roundTrip(WireWriter w) throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    w.writeTo(out);
    return Frames.read(new ByteArrayInputStream(out.toByteArray()));
  }

  @Test
  void everyValueKindSurvivesAFrame() throws Exception {
    List<Object> values = Arrays.asList(null, 42, -7L, (short) 3, (byte) -1, new BigDecimal("-12345678901234567890.123"),
        2.5d, 1.5f, "ünïcode", true, false, LocalDate.of(1999, 12, 31), LocalTime.of(23, 59, 59, 999_999_999),
        LocalDateTime.of(2024, 2, 29, 0, 0, 1, 5), UUID.randomUUID());
    WireWriter w = new WireWriter().reset(Protocol.ROWS);
    for (Object v : values) {
      w.value(v);
    }
    w.value(new byte[] {1, 2, 3});
    WireReader r = roundTrip(w);
    assertEquals(Protocol.ROWS, r.type());
    for (Object v : values) {
      assertEquals(v, r.value());
    }
    assertArrayEquals(new byte[] {1, 2, 3}, (byte[]) r.value());
    assertEquals(false, r.hasMore());
  }

  @Test
  void truncatedAndUnknownInputIsRejected() throws Exception {
    assertThrows(EOFException.class, () -> Frames.read(new ByteArrayInputStream(new byte[] {0, 0, 0, 9, 1})));
    assertThrows(ProtocolException.class, () -> Frames.read(new ByteArrayInputStream(new byte[] {0x7f, 0, 0, 0, 1})));
    WireReader r = roundTrip(new WireWriter().reset(Protocol.ROWS).writeByte(99));
    assertThrows(ProtocolException.class, r::value);
    WireReader s = roundTrip(new WireWriter().reset(Protocol.ROWS).writeInt(5));
    assertThrows(ProtocolException.class, s::readString);
    assertThrows(IllegalArgumentException.class, () -> new WireWriter().reset(Protocol.ROWS).value(new Object()));
  }
}
