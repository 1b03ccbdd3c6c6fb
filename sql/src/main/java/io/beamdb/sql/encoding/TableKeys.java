package io.beamdb.sql.encoding;

import io.beamdb.sql.catalog.IndexDef;
import io.beamdb.sql.catalog.TableDef;
import io.beamdb.sql.type.BeamType;

import java.util.Arrays;

/**
 * Builds the storage keys of rows and index entries (see {@code docs/04-catalog-and-encoding.md}):
 * <pre>
 *   row:          [0x02][table id u32][0 u32][pk values, memcomparable]   -> RowCodec row
 *   index entry:  [0x02][table id u32][index id u32][indexed values][pk]  -> [pk]
 * </pre>
 * A table without a primary key uses its hidden row id (BIGINT) as the pk values. Stateless.
 */
public final class TableKeys {
  /** First byte of every data key. */
  public static final byte KEYSPACE = 0x02;
  /** Length of {@code [0x02][table id][index id]}. */
  public static final int PREFIX_LENGTH = 9;

  private TableKeys() {
  }

  /** {@code [0x02][tableId][indexId]}; index 0 is the rows themselves. */
  public static byte[] prefix(int tableId, int indexId) {
    return new KeyEncoder().addByte(KEYSPACE).addInt(tableId).addInt(indexId).toBytes();
  }

  /** The encoded primary key of {@code row} (or of {@code rowId} for a hidden-key table). */
  public static byte[] primaryKey(TableDef table, Object[] row, long rowId) {
    KeyEncoder e = new KeyEncoder(prefix(table.id(), 0));
    if (table.hasPrimaryKey()) {
      BeamType[] types = table.types();
      for (int p : table.primaryKey()) {
        e.add(types[p], row[p]);
      }
    } else {
      e.add(BeamType.BIGINT, rowId);
    }
    return e.toBytes();
  }

  /** The row key for a primary key given as values in key order (for point lookups). */
  public static byte[] primaryKeyOf(TableDef table, Object[] keyValues) {
    KeyEncoder e = new KeyEncoder(prefix(table.id(), 0));
    BeamType[] types = table.types();
    int[] pk = table.primaryKey();
    for (int i = 0; i < keyValues.length; i++) {
      e.add(types[pk[i]], keyValues[i]);
    }
    return e.toBytes();
  }

  /** The index entry key of {@code row} whose row key is {@code rowKey}. */
  public static byte[] indexKey(TableDef table, IndexDef index, Object[] row, byte[] rowKey) {
    KeyEncoder e = new KeyEncoder(prefix(table.id(), index.id()));
    BeamType[] types = table.types();
    for (int p : index.columns()) {
      e.add(types[p], row[p]);
    }
    e.addRaw(Arrays.copyOfRange(rowKey, PREFIX_LENGTH, rowKey.length));
    return e.toBytes();
  }

  /** The prefix of index entries whose indexed columns equal {@code row}'s (uniqueness checks). */
  public static byte[] indexValuePrefix(TableDef table, IndexDef index, Object[] row) {
    KeyEncoder e = new KeyEncoder(prefix(table.id(), index.id()));
    BeamType[] types = table.types();
    for (int p : index.columns()) {
      e.add(types[p], row[p]);
    }
    return e.toBytes();
  }

  /** The value stored with an index entry: the row's primary key without the prefix. */
  public static byte[] indexValue(byte[] rowKey) {
    return Arrays.copyOfRange(rowKey, PREFIX_LENGTH, rowKey.length);
  }

  /** The row key an index entry's value points to. */
  public static byte[] rowKeyFromIndexValue(int tableId, byte[] indexValue) {
    byte[] pre = prefix(tableId, 0);
    byte[] out = Arrays.copyOf(pre, pre.length + indexValue.length);
    System.arraycopy(indexValue, 0, out, pre.length, indexValue.length);
    return out;
  }

}
