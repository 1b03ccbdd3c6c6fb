package io.beamdb.wire;

/** Tags of SQL values on the wire (one byte before each value). */
final class ValueTag {
  private ValueTag() {
  }

  static final byte NULL = 0;
  static final byte INT = 1;
  static final byte LONG = 2;
  static final byte SHORT = 3;
  static final byte BYTE = 4;
  /** int scale, unscaled two's-complement bytes. */
  static final byte DECIMAL = 5;
  static final byte DOUBLE = 6;
  static final byte FLOAT = 7;
  static final byte STRING = 8;
  static final byte TRUE = 9;
  static final byte FALSE = 10;
  /** long epoch day. */
  static final byte DATE = 11;
  /** long nano of day. */
  static final byte TIME = 12;
  /** long epoch day, long nano of day. */
  static final byte TIMESTAMP = 13;
  static final byte BYTES = 14;
  /** two longs. */
  static final byte UUID = 15;
  /** long epoch second, int nano, int offset seconds (TIMESTAMP WITH TIME ZONE). */
  static final byte OFFSET_DATETIME = 16;
  /** long seconds, int nano (INTERVAL DAY TO SECOND as java.time.Duration). */
  static final byte DURATION = 17;
  /** long total months (INTERVAL YEAR TO MONTH as java.time.Period). */
  static final byte PERIOD = 18;
}
