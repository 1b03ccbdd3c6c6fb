package io.beamdb.engine;

/**
 * Which columns of inserted rows a client wants back as generated keys (JDBC
 * {@code RETURN_GENERATED_KEYS}, or column names / 1-based indexes). With neither names nor
 * indexes, the table's identity columns are returned (its primary key when it has none).
 * Immutable.
 *
 * @param columnNames   column names, or null
 * @param columnIndexes 1-based column positions, or null
 */
public record GeneratedKeysRequest(String[] columnNames, int[] columnIndexes) {
  /** The default request: identity columns. */
  public static final GeneratedKeysRequest IDENTITY = new GeneratedKeysRequest(null, null);
}
