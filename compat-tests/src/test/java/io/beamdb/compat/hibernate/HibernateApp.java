package io.beamdb.compat.hibernate;

import com.zaxxer.hikari.HikariConfig;
import com.zaxxer.hikari.HikariDataSource;
import io.beamdb.jdbc.BeamDataSource;
import jakarta.persistence.EntityManager;
import jakarta.persistence.EntityManagerFactory;
import java.util.function.Consumer;
import java.util.function.Function;
import javax.sql.DataSource;
import org.hibernate.jpa.HibernatePersistenceConfiguration;

/**
 * The JPA application under test: BeamDB's DataSource, wrapped by {@link SqlRecorder}, pooled by
 * HikariCP (4 connections), handed to Hibernate 7 as {@code jakarta.persistence.nonJtaDataSource}.
 * Bootstrapped programmatically (no persistence.xml), schema {@code drop-and-create}; no
 * {@code hibernate.dialect} is set: Hibernate resolves {@code io.beamdb.hibernate.BeamDialect}
 * from the JDBC metadata through the resolver that beamdb-hibernate registers.
 */
final class HibernateApp implements AutoCloseable {

  static {
    // Hibernate logs through jboss-logging; the test class path only has slf4j-nop, so send it to
    // java.util.logging (stderr, which surefire keeps in target/surefire-reports/*-output.txt).
    System.setProperty("org.jboss.logging.provider", "jdk");
  }

  final SqlRecorder recorder;
  final HikariDataSource pool;
  final EntityManagerFactory emf;

  HibernateApp(String url) {
    recorder = new SqlRecorder(new BeamDataSource(url));
    HikariConfig hc = new HikariConfig();
    hc.setPoolName("beam-hibernate");
    hc.setDataSource(recorder);
    hc.setMaximumPoolSize(4);
    hc.setMinimumIdle(4);
    hc.setConnectionTimeout(10_000);
    pool = new HikariDataSource(hc);
    try {
      emf = entityManagerFactory(pool, "drop-and-create");
    } catch (RuntimeException e) {
      pool.close();
      throw e;
    }
  }

  /** An EntityManagerFactory over {@code dataSource}; {@code schemaAction} as in JPA. */
  static EntityManagerFactory entityManagerFactory(DataSource dataSource, String schemaAction) {
    return new HibernatePersistenceConfiguration("beamdb-compat")
        .managedClasses(Customer.class, PurchaseOrder.class, Product.class)
        .property("jakarta.persistence.nonJtaDataSource", dataSource)
        .property("jakarta.persistence.schema-generation.database.action", schemaAction)
        // JDBC batching as real applications configure it: addBatch/executeBatch for the
        // sequence-id inserts, element-collection rows and versioned updates
        .property("hibernate.jdbc.batch_size", 20)
        .property("hibernate.order_inserts", true)
        .property("hibernate.order_updates", true)
        .createEntityManagerFactory();
  }

  /** Runs {@code work} in a new EntityManager inside one transaction and commits. */
  <T> T inTx(Function<EntityManager, T> work) {
    EntityManager em = emf.createEntityManager();
    try {
      em.getTransaction().begin();
      T result = work.apply(em);
      em.getTransaction().commit();
      return result;
    } finally {
      if (em.getTransaction().isActive()) {
        em.getTransaction().rollback();
      }
      em.close();
    }
  }

  void inTxVoid(Consumer<EntityManager> work) {
    inTx(em -> {
      work.accept(em);
      return null;
    });
  }

  @Override
  public void close() {
    try {
      emf.close();
    } finally {
      pool.close();
    }
  }
}
