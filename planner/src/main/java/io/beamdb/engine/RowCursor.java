package io.beamdb.engine;

import java.sql.SQLException;
import java.util.List;

/**
 * A forward-only stream of result rows. Values are external Java values:
 * INTEGER {@code Integer}, BIGINT {@code Long}, SMALLINT {@code Short}, TINYINT {@code Byte},
 * DECIMAL {@code BigDecimal}, DOUBLE {@code Double}, REAL {@code Float}, CHAR/VARCHAR
 * {@code String}, BOOLEAN {@code Boolean}, DATE {@code java.time.LocalDate}, TIME
 * {@code java.time.LocalTime}, TIMESTAMP {@code java.time.LocalDateTime}; SQL NULL is
 * {@code null}. Not thread-safe.
 */
public interface RowCursor extends AutoCloseable {
  /** The columns of every row; never changes. */
  List<ColumnInfo> columns();

  /** Advances to the next row; false at the end. Errors carry the engine's SQLState. */
  boolean next() throws SQLException;

  /** Value of column {@code index} (0-based) of the current row. */
  Object get(int index);

  /** Releases resources; idempotent. */
  @Override
  void close();
}
