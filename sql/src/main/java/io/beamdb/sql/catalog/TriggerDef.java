package io.beamdb.sql.catalog;

import java.util.List;

/**
 * A row-level trigger: SQL statements run for every row an INSERT, UPDATE or DELETE writes to
 * its table, before or after the row is written, in the writing statement's transaction. The
 * statements (and the WHEN condition) may refer to the row through {@code NEW.column} (INSERT,
 * UPDATE) and {@code OLD.column} (UPDATE, DELETE). Immutable.
 *
 * @param id            trigger id, unique among triggers; triggers on one event fire in id (creation) order
 * @param schema        schema of the trigger (the schema of its table)
 * @param name          trigger name, unique in its schema
 * @param tableId       id of the table it watches; dropping the table drops the trigger
 * @param timing        BEFORE or AFTER the row is written
 * @param event         the kind of write that fires it
 * @param updateColumns for {@code UPDATE OF c1, c2}: fires only when the UPDATE sets one of these
 *                      columns; empty for any UPDATE (and for INSERT/DELETE)
 * @param when          the WHEN condition (SQL text), or null for always
 * @param statements    the body's statements (SQL text, without the {@code ;})
 * @param sql           the CREATE TRIGGER statement as written (for metadata)
 */
public record TriggerDef(int id, String schema, String name, int tableId, Timing timing, Event event,
                         List<String> updateColumns, String when, List<String> statements, String sql) {
  /** When the trigger runs relative to the row write. */
  public enum Timing { BEFORE, AFTER }

  /** The write that fires the trigger. */
  public enum Event { INSERT, UPDATE, DELETE }

  public TriggerDef {
    updateColumns = List.copyOf(updateColumns);
    statements = List.copyOf(statements);
  }
}
