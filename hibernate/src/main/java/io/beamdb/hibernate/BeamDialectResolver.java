package io.beamdb.hibernate;

import org.hibernate.dialect.Dialect;
import org.hibernate.engine.jdbc.dialect.spi.DialectResolutionInfo;
import org.hibernate.engine.jdbc.dialect.spi.DialectResolver;

/**
 * Lets Hibernate choose {@link BeamDialect} from the JDBC metadata: registered in
 * {@code META-INF/services/org.hibernate.engine.jdbc.dialect.spi.DialectResolver}, which
 * Hibernate's {@code DialectResolverInitiator} loads with {@link java.util.ServiceLoader} before
 * its standard resolver. Answers only for the product name "BeamDB" (null otherwise, so other
 * databases resolve as usual). Stateless and thread-safe.
 */
public final class BeamDialectResolver implements DialectResolver {
  /** The product name BeamDB's {@code DatabaseMetaData.getDatabaseProductName()} reports. */
  public static final String PRODUCT_NAME = "BeamDB";

  @Override
  public Dialect resolveDialect(DialectResolutionInfo info) {
    return PRODUCT_NAME.equals(info.getDatabaseName()) ? new BeamDialect(info) : null;
  }
}
