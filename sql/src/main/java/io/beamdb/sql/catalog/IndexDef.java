package io.beamdb.sql.catalog;

import java.util.List;

/**
 * A secondary index of a table. Entries are stored under keys {@code [0x02][table id][index
 * id][indexed values][primary key]} with empty values, so every entry is unique and a range
 * scan over a prefix of the indexed values finds the matching rows.
 *
 * @param id      index id within its table (1..), 0 is the primary key
 * @param name    index name, unique within the schema
 * @param unique  whether two rows may not share non-null indexed values
 * @param columns positions of the indexed columns in the table, in key order
 */
public record IndexDef(int id, String name, boolean unique, int[] columns) {
  /** Column positions as a list, for display. */
  public List<Integer> columnList() {
    return java.util.Arrays.stream(columns).boxed().toList();
  }
}
