package io.beamdb.sql.catalog;

import java.util.Locale;

/**
 * A FOREIGN KEY constraint of a (child) table: every row whose {@code columns} are all non-null
 * must match a row of the referenced (parent) table on {@code refColumns}, which are the
 * parent's primary key or a unique index. Checked at the end of each statement; violations are
 * SQLState 23503. Column positions are positions in the respective table.
 *
 * @param name       constraint name, unique within the schema
 * @param columns    positions of the referencing columns in the child table
 * @param refTableId id of the referenced table (may be the child table itself)
 * @param refColumns positions of the referenced columns in the parent table, same length
 * @param onDelete   what deleting a referenced parent row does
 * @param onUpdate   what changing a referenced parent key does
 */
public record ForeignKeyDef(String name, int[] columns, int refTableId, int[] refColumns, Action onDelete,
                            Action onUpdate) {
  /** Referential actions as in SQL:2016 11.8 &lt;referential action&gt;. */
  public enum Action {
    NO_ACTION, RESTRICT, CASCADE, SET_NULL, SET_DEFAULT;

    /** SQL spelling, e.g. {@code SET NULL}. */
    public String sql() {
      return name().replace('_', ' ');
    }

    /** Parses {@code CASCADE}, {@code SET NULL}, {@code NO ACTION}, ... (any case, any spacing). */
    public static Action parse(String text) {
      return valueOf(text.trim().toUpperCase(Locale.ROOT).replaceAll("\\s+", "_"));
    }
  }

  /** True when {@code position} is one of the referencing columns. */
  public boolean usesColumn(int position) {
    for (int c : columns) {
      if (c == position) {
        return true;
      }
    }
    return false;
  }

  /** True when {@code position} is one of the referenced columns. */
  public boolean usesRefColumn(int position) {
    for (int c : refColumns) {
      if (c == position) {
        return true;
      }
    }
    return false;
  }
}
