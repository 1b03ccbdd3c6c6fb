package io.beamdb.hibernate;

import org.hibernate.dialect.DatabaseVersion;
import org.hibernate.dialect.H2Dialect;
import org.hibernate.engine.jdbc.dialect.spi.DialectResolutionInfo;

/**
 * Hibernate ORM 7 dialect for BeamDB ({@code jdbc:beam:} URLs). BeamDB accepts the SQL that
 * Hibernate's {@link H2Dialect} generates for H2 2.x (DDL with identity columns and sequences,
 * {@code NEXT VALUE FOR}, {@code OFFSET/FETCH}, {@code FOR UPDATE}, H2's functions), so this
 * dialect is H2's, pinned to the H2 feature level BeamDB implements, with these differences:
 *
 * <ul>
 *   <li>No row-id pseudo column: BeamDB has no {@code _ROWID_}, so bulk UPDATE/DELETE whose
 *       WHERE goes through an association is rendered with the primary key
 *       ({@code ... where id in (select ...)}) instead of H2's {@code MERGE ... ON t._rowid_}.</li>
 *   <li>No temporary tables: multi-table bulk mutations use Hibernate's inline (id list)
 *       strategy and multi-table inserts its persistent-table strategy.</li>
 *   <li>Timestamps keep milliseconds: BeamDB stores TIMESTAMP with millisecond precision, so the
 *       schema tool declares {@code timestamp(3)} rather than {@code timestamp(6)}.</li>
 *   <li>Time zones are normalized: a {@code timestamp with time zone} column holds an instant
 *       and returns it at the session zone's offset, as PostgreSQL does.</li>
 * </ul>
 *
 * <p>Hibernate picks this dialect by itself through {@link BeamDialectResolver} when the JDBC
 * metadata names the product "BeamDB"; setting {@code hibernate.dialect} is not needed.
 * Thread-safe and immutable once constructed, like every Hibernate dialect.
 */
public class BeamDialect extends H2Dialect {
  /** The H2 feature level BeamDB's SQL follows. */
  static final DatabaseVersion H2_LEVEL = DatabaseVersion.make(2, 3, 232);

  /** A dialect for the current BeamDB version. */
  public BeamDialect() {
    super(H2_LEVEL);
  }

  /** A dialect for the database described by {@code info} (as Hibernate constructs dialects). */
  public BeamDialect(DialectResolutionInfo info) {
    this();
  }

  /** BeamDB has no row-id pseudo column; Hibernate falls back to the primary key. */
  @Override
  public String rowId(String rowId) {
    return null;
  }

  /** No temporary tables: multi-table bulk UPDATE/DELETE restrict by id lists inline. */
  @Override
  public org.hibernate.query.sqm.mutation.spi.SqmMultiTableMutationStrategy getFallbackSqmMutationStrategy(
      org.hibernate.metamodel.mapping.EntityMappingType entity,
      org.hibernate.metamodel.spi.RuntimeModelCreationContext context) {
    return new org.hibernate.query.sqm.mutation.internal.inline.InlineMutationStrategy(this);
  }

  /** No temporary tables: multi-table INSERT ... SELECT stages rows in a regular table keyed by session. */
  @Override
  public org.hibernate.query.sqm.mutation.spi.SqmMultiTableInsertStrategy getFallbackSqmInsertStrategy(
      org.hibernate.metamodel.mapping.EntityMappingType entity,
      org.hibernate.metamodel.spi.RuntimeModelCreationContext context) {
    return new org.hibernate.query.sqm.mutation.internal.temptable.PersistentTableInsertStrategy(entity, context);
  }

  @Override
  public boolean supportsTemporaryTables() {
    return false;
  }

  /** TIMESTAMP values are stored with millisecond precision. */
  @Override
  public int getDefaultTimestampPrecision() {
    return 3;
  }

  /**
   * TIMESTAMP WITH TIME ZONE keeps the instant but not the offset (as in PostgreSQL), so
   * Hibernate normalizes zoned values ({@code OffsetDateTime}, {@code ZonedDateTime}) instead of
   * expecting the offset back.
   */
  @Override
  public org.hibernate.dialect.TimeZoneSupport getTimeZoneSupport() {
    return org.hibernate.dialect.TimeZoneSupport.NORMALIZE;
  }
}
