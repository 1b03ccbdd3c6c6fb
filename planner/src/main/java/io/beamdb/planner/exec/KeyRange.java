package io.beamdb.planner.exec;

import io.beamdb.planner.expr.Expr;
import io.beamdb.sql.encoding.KeyEncoder;
import io.beamdb.sql.type.ColumnType;

import java.sql.SQLException;

/**
 * The key range an index or primary-key scan reads: equality values for a prefix of the key
 * columns, then optionally a lower and/or upper bound on the next key column. Bounds are
 * expressions (literals, parameters, correlation variables) evaluated when the scan opens.
 * Immutable.
 *
 * @param eq          expressions equal to the first {@code eq.length} key columns
 * @param eqTypes     column types of those key columns
 * @param lower       lower bound of the next key column, or null
 * @param lowerIncl   whether the lower bound is inclusive
 * @param upper       upper bound of the next key column, or null
 * @param upperIncl   whether the upper bound is inclusive
 * @param rangeType   type of the range column (when lower or upper is set)
 * @param text        human-readable description for EXPLAIN
 */
public record KeyRange(Expr[] eq, ColumnType[] eqTypes, Expr lower, boolean lowerIncl, Expr upper,
                       boolean upperIncl, ColumnType rangeType, String text) {

  /** Computed byte bounds: scan {@code [from, to)}; {@code empty} when no key can match. */
  public record Bounds(byte[] from, byte[] to, boolean empty) {
  }

  /** Evaluates the bounds under {@code prefix} (the index's key prefix). */
  public Bounds evaluate(byte[] prefix, ExecContext ctx) throws SQLException {
    KeyEncoder enc = new KeyEncoder(prefix);
    for (int i = 0; i < eq.length; i++) {
      Object v = eq[i].eval(null, ctx);
      if (v == null) {
        return new Bounds(null, null, true);
      }
      enc.add(eqTypes[i].type(), coerce(eqTypes[i], v));
    }
    byte[] eqPrefix = enc.toBytes();
    byte[] from = eqPrefix;
    byte[] to = KeyEncoder.prefixEnd(eqPrefix);
    if (lower != null) {
      Object v = lower.eval(null, ctx);
      if (v == null) {
        return new Bounds(null, null, true);
      }
      byte[] b = new KeyEncoder(eqPrefix).add(rangeType.type(), coerce(rangeType, v)).toBytes();
      from = lowerIncl ? b : KeyEncoder.prefixEnd(b);
    } else if (upper != null) {
      // skip NULLs (encoded first) for a range with only an upper bound
      from = new KeyEncoder(eqPrefix).addByte(0x01).toBytes();
    }
    if (upper != null) {
      Object v = upper.eval(null, ctx);
      if (v == null) {
        return new Bounds(null, null, true);
      }
      byte[] b = new KeyEncoder(eqPrefix).add(rangeType.type(), coerce(rangeType, v)).toBytes();
      to = upperIncl ? KeyEncoder.prefixEnd(b) : b;
    }
    if (to != null && java.util.Arrays.compareUnsigned(from, to) >= 0) {
      return new Bounds(null, null, true);
    }
    return new Bounds(from, to, false);
  }

  private static Object coerce(ColumnType t, Object v) throws SQLException {
    return ColumnType.of(t.type()).coerce(v);
  }
}
