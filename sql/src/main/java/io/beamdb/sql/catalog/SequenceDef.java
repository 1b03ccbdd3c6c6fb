package io.beamdb.sql.catalog;

/**
 * A sequence: {@code CREATE SEQUENCE name START WITH start INCREMENT BY increment CACHE cache}, or
 * the implicit sequence of an identity column. Values are handed out in blocks of {@code cache}
 * whose end is persisted first, so after a crash at most one block is skipped (gaps, as in H2
 * and PostgreSQL); values are never rolled back. Immutable.
 *
 * @param id        sequence id, unique in the database
 * @param schema    schema name
 * @param name      sequence name
 * @param start     first value
 * @param increment step (non-zero; negative counts down)
 * @param cache     how many values are allocated per persisted block (>= 1)
 */
public record SequenceDef(int id, String schema, String name, long start, long increment, long cache) {
}
