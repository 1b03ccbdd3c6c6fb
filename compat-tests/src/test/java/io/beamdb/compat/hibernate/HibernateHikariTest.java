package io.beamdb.compat.hibernate;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import jakarta.persistence.EntityManager;
import jakarta.persistence.PersistenceException;
import jakarta.persistence.EntityManagerFactory;
import jakarta.persistence.OptimisticLockException;
import jakarta.persistence.RollbackException;
import java.io.IOException;
import java.math.BigDecimal;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Disabled;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;

/**
 * A Hibernate ORM 7 application on BeamDB through a HikariCP pool of 4, with Hibernate's H2Dialect.
 * Each test starts from empty tables. Where BeamDB lacks what Hibernate needs, the test asserts
 * what a user needs and is @Disabled with the missing feature named.
 */
@Timeout(value = 60, unit = TimeUnit.SECONDS)
class HibernateHikariTest {

  private static HibernateApp app;
  private static List<String> schemaSql;
  private static List<SqlRecorder.Failure> schemaFailures;

  @BeforeAll
  static void start() {
    app = new HibernateApp("jdbc:beam:mem:hibernate_" + System.nanoTime() + ";LOCK_TIMEOUT=5000");
    schemaSql = app.recorder.statements();
    schemaFailures = app.recorder.failures();
    System.err.println("== SQL sent while the EntityManagerFactory started ==");
    schemaSql.forEach(s -> System.err.println("  " + s));
    System.err.println("== SQLExceptions BeamDB returned while it started ==");
    schemaFailures.forEach(f -> System.err.println("  " + f));
  }

  @AfterAll
  static void stop() {
    if (app != null) {
      System.err.println("== all SQLExceptions BeamDB returned ==");
      app.recorder.failures().forEach(f -> System.err.println("  " + f));
      Path out = Path.of("target", "hibernate-sql.txt");
      try {
        Files.write(out, new LinkedHashSet<>(app.recorder.statements()));
      } catch (IOException e) {
        System.err.println("could not write " + out + ": " + e);
      }
      app.close();
    }
  }

  @BeforeEach
  void emptyTables() throws SQLException {
    try (Connection c = app.pool.getConnection(); Statement s = c.createStatement()) {
      s.executeUpdate("delete from customer_wishlist");
      s.executeUpdate("delete from product");
      s.executeUpdate("delete from customer_tag");
      s.executeUpdate("delete from purchase_order");
      s.executeUpdate("delete from customer");
    }
  }

  // ---------------------------------------------------------------- helpers

  private static long count(String entity) {
    return countOf("select count(e) from " + entity + " e");
  }

  private static long countOf(String jpql) {
    return app.inTx(em -> em.createQuery(jpql, Long.class).getSingleResult());
  }

  private static int versionOf(Long customerId) {
    return app.inTx(em -> em.find(Customer.class, customerId).getVersion());
  }

  /** Three customers; ann has 3 orders, bob 2, cy none. Returns their ids in that order. */
  private static List<Long> seed() {
    return app.inTx(em -> {
      Customer ann = new Customer("ann", "ann@example.com");
      ann.setCreditLimit(new BigDecimal("1000.00"));
      ann.getTags().addAll(Set.of("vip", "eu"));
      Customer bob = new Customer("bob", "bob@example.com");
      bob.setCreditLimit(new BigDecimal("250.50"));
      bob.getTags().add("us");
      Customer cy = new Customer("cy", null);
      cy.setActive(false);
      em.persist(ann);
      em.persist(bob);
      em.persist(cy);
      LocalDate d = LocalDate.of(2025, 3, 1);
      em.persist(ann.addOrder(new BigDecimal("10.50"), 1, d, "NEW"));
      em.persist(ann.addOrder(new BigDecimal("20.25"), 2, d.plusDays(1), "PAID"));
      em.persist(ann.addOrder(new BigDecimal("30.00"), 3, d.plusDays(2), "PAID"));
      em.persist(bob.addOrder(new BigDecimal("5.00"), 5, d, "NEW"));
      em.persist(bob.addOrder(new BigDecimal("7.75"), 1, d.plusDays(3), "SHIPPED"));
      return List.of(ann.getId(), bob.getId(), cy.getId());
    });
  }

  // ---------------------------------------------------------------- schema

  @Test
  void schemaToolCreatesTheWholeSchemaWithoutErrors() {
    for (String table : List.of("customer", "customer_tag", "purchase_order")) {
      assertTrue(schemaSql.stream().anyMatch(s -> s.startsWith("create table " + table + " ")),
          () -> "no create table " + table + " in " + schemaSql);
    }
    assertTrue(schemaSql.stream().anyMatch(s -> s.startsWith("create sequence order_seq")),
        () -> "no create sequence in " + schemaSql);
    assertTrue(schemaSql.stream().anyMatch(s -> s.startsWith("create index idx_customer_name")),
        () -> "no create index in " + schemaSql);
    assertTrue(schemaSql.stream().anyMatch(s -> s.contains(" foreign key ")),
        () -> "no foreign key in " + schemaSql);
    // Hibernate's LOB probe (Connection.createNClob) has no SQL text and its own test.
    assertEquals(List.of(), schemaFailures.stream().filter(f -> f.sql() != null).toList(),
        "schema DDL failures");
  }

  @Test
  void hibernatePicksBeamDialectFromTheJdbcMetadata() {
    org.hibernate.dialect.Dialect d = app.emf.unwrap(org.hibernate.engine.spi.SessionFactoryImplementor.class)
        .getJdbcServices().getDialect();
    assertEquals(io.beamdb.hibernate.BeamDialect.class, d.getClass());
  }

  @Test
  void foreignKeysAreCreatedAndEnforced() {
    assertEquals(List.of(), schemaFailures.stream().filter(f -> f.sql() != null).toList(),
        "schema DDL failures");
    SQLException e = assertThrows(SQLException.class, () -> {
      try (Connection c = app.pool.getConnection(); Statement s = c.createStatement()) {
        s.executeUpdate("insert into purchase_order (id, version, customer_id, amount, quantity)"
            + " values (-1, 0, -42, 1.00, 1)");
      }
    });
    // 23503 foreign_key_violation, as PostgreSQL (H2 says 23506)
    assertEquals("23503", e.getSQLState(), e::getMessage);
  }

  @Test
  void lobCreationProbeSucceeds() {
    assertEquals(List.of(), schemaFailures.stream()
        .filter(f -> f.call().matches("Connection\\.createN?[BC]lob"))
        .toList());
  }

  @Test
  void schemaValidateAgainstTheCreatedSchema() {
    // a second EntityManagerFactory on the same pool, as an application restarted with
    // hbm2ddl validate would: Hibernate reads the schema back through DatabaseMetaData
    app.recorder.clear();
    try (EntityManagerFactory validating = HibernateApp.entityManagerFactory(app.pool, "validate")) {
      assertTrue(validating.isOpen());
    } finally {
      System.err.println("== SQL / failures of schema validation ==");
      app.recorder.statements().forEach(s -> System.err.println("  " + s));
      app.recorder.failures().forEach(f -> System.err.println("  " + f));
    }
  }

  // ---------------------------------------------------------------- CRUD

  @Test
  void persistAndFind() {
    LocalDateTime created = LocalDateTime.of(2025, 1, 2, 3, 4, 5, 123_000_000); // millis only
    long[] ids = app.inTx(em -> {
      Customer c = new Customer("dora", "dora@example.com");
      c.setBirthDate(LocalDate.of(1990, 12, 31));
      c.setCreatedAt(created);
      c.setCreditLimit(new BigDecimal("1234.56"));
      c.setActive(true);
      c.getTags().addAll(Set.of("a", "b"));
      em.persist(c);
      assertNotNull(c.getId(), "identity id assigned at persist");
      PurchaseOrder o = c.addOrder(new BigDecimal("99.99"), 7, LocalDate.of(2025, 6, 1), "NEW");
      em.persist(o);
      assertNotNull(o.getId(), "sequence id assigned at persist");
      return new long[] {c.getId(), o.getId()};
    });
    app.inTxVoid(em -> {
      Customer c = em.find(Customer.class, ids[0]);
      assertNotNull(c);
      assertEquals("dora", c.getName());
      assertEquals("dora@example.com", c.getEmail());
      assertEquals(LocalDate.of(1990, 12, 31), c.getBirthDate());
      assertEquals(created, c.getCreatedAt());
      assertEquals(0, new BigDecimal("1234.56").compareTo(c.getCreditLimit()));
      assertEquals(Boolean.TRUE, c.getActive());
      assertEquals(0, c.getVersion());
      assertEquals(Set.of("a", "b"), c.getTags());
      assertEquals(1, c.getOrders().size());
      PurchaseOrder o = c.getOrders().get(0);
      assertEquals(ids[1], o.getId());
      assertEquals(0, new BigDecimal("99.99").compareTo(o.getAmount()));
      assertEquals(7, o.getQuantity());
      assertEquals(LocalDate.of(2025, 6, 1), o.getOrderDate());
      assertEquals(0L, o.getVersion());
      PurchaseOrder again = em.find(PurchaseOrder.class, ids[1]);
      assertEquals(ids[0], again.getCustomer().getId());
    });
  }

  @Test
  @Disabled("BeamDB truncates TIMESTAMP values to milliseconds: Hibernate's column is "
      + "timestamp(6) and it binds 03:04:05.123456, BeamDB returns 03:04:05.123 (also for "
      + "literals; ResultSetMetaData scale is 0). H2 and PostgreSQL keep microseconds")
  void localDateTimeKeepsMicroseconds() {
    LocalDateTime created = LocalDateTime.of(2025, 1, 2, 3, 4, 5, 123_456_000);
    Long id = app.inTx(em -> {
      Customer c = new Customer("micro", null);
      c.setCreatedAt(created);
      em.persist(c);
      return c.getId();
    });
    assertEquals(created, app.inTx(em -> em.find(Customer.class, id).getCreatedAt()));
  }

  @Test
  void instantsAndZonedTimestampsKeepTheirInstant() {
    java.time.Instant login = java.time.Instant.parse("2025-03-30T00:59:59.250Z");
    java.time.OffsetDateTime call = java.time.OffsetDateTime.parse("2025-10-26T02:30:00+03:00");
    Long id = app.inTx(em -> {
      Customer c = new Customer("zoned", null);
      c.setLastLoginAt(login);
      c.setNextCallAt(call);
      em.persist(c);
      return c.getId();
    });
    app.inTxVoid(em -> {
      Customer c = em.find(Customer.class, id);
      assertEquals(login, c.getLastLoginAt());
      assertEquals(call.toInstant(), c.getNextCallAt().toInstant());
      // JPQL comparison with a bound instant
      assertEquals(1L, em.createQuery("select count(c) from Customer c where c.lastLoginAt < :t", Long.class)
          .setParameter("t", login.plusMillis(1)).getSingleResult());
    });
  }

  @Test
  void sequenceIdsAreAllocatedInBlocks() {
    int batchesBefore = app.recorder.batches();
    List<Long> ids = app.inTx(em -> {
      Customer c = new Customer("seq", null);
      em.persist(c);
      List<Long> out = new ArrayList<>();
      for (int i = 0; i < 60; i++) {
        PurchaseOrder o = c.addOrder(BigDecimal.ONE, 1, null, null);
        em.persist(o);
        out.add(o.getId());
      }
      return out;
    });
    assertEquals(60, ids.stream().distinct().count());
    for (int i = 1; i < ids.size(); i++) {
      assertTrue(ids.get(i) > ids.get(i - 1), "increasing: " + ids);
    }
    assertEquals(60L, count("PurchaseOrder"));
    // hibernate.jdbc.batch_size=20: the 60 inserts went through PreparedStatement batches
    assertTrue(app.recorder.batches() - batchesBefore >= 3, "executeBatch calls");
  }

  @Test
  void mergeAndRemove() {
    List<Long> ids = seed();
    Customer detached = app.inTx(em -> em.find(Customer.class, ids.get(2)));
    detached.setName("cyrus");
    detached.setBirthDate(LocalDate.of(2000, 1, 1));
    app.inTxVoid(em -> em.merge(detached));
    app.inTxVoid(em -> {
      Customer c = em.find(Customer.class, ids.get(2));
      assertEquals("cyrus", c.getName());
      assertEquals(LocalDate.of(2000, 1, 1), c.getBirthDate());
      assertEquals(1, c.getVersion());
      em.remove(c);
    });
    app.inTxVoid(em -> assertNull(em.find(Customer.class, ids.get(2))));
    assertEquals(2L, count("Customer"));
  }

  @Test
  void uuidEmbeddedEnumsLobsAndManyToMany() {
    String manual = "step ".repeat(40_000); // 200 kB of text: a CLOB
    byte[] image = new byte[70_000];
    for (int i = 0; i < image.length; i++) {
      image[i] = (byte) (i * 31);
    }
    List<Long> customers = seed();
    java.util.UUID[] ids = app.inTx(em -> {
      Product book = new Product("sql book", Product.Category.BOOK, Product.Priority.HIGH, new Dimensions(15, 23));
      book.setManual(manual);
      book.setImage(image);
      Product saw = new Product("saw", Product.Category.TOOL, Product.Priority.LOW, new Dimensions(60, 12));
      Product tea = new Product("tea", Product.Category.FOOD, null, null);
      em.persist(book);
      em.persist(saw);
      em.persist(tea);
      Customer ann = em.find(Customer.class, customers.get(0));
      ann.getWishlist().addAll(List.of(book, saw));
      em.find(Customer.class, customers.get(1)).getWishlist().add(book);
      return new java.util.UUID[] {book.getId(), saw.getId(), tea.getId()};
    });
    assertNotNull(ids[0], "UUID generated");
    app.inTxVoid(em -> {
      Product book = em.find(Product.class, ids[0]);
      assertEquals(ids[0], book.getId());
      assertEquals(Product.Category.BOOK, book.getCategory());
      assertEquals(Product.Priority.HIGH, book.getPriority());
      assertEquals(new Dimensions(15, 23), book.getDimensions());
      assertEquals(manual, book.getManual());
      assertArrayEquals(image, book.getImage());
      assertEquals(2, book.getWishedBy().size());
      assertNull(em.find(Product.class, ids[2]).getDimensions());
    });
    assertEquals(List.of("saw"), app.inTx(em -> em.createQuery(
        "select p.name from Product p where p.category = :c", String.class)
        .setParameter("c", Product.Category.TOOL).getResultList()));
    assertEquals(List.of("saw", "sql book"), app.inTx(em -> em.createQuery(
        "select p.name from Product p where p.dimensions.widthCm > 10 and p.priority <> :p or p.priority = :p "
            + "order by p.name", String.class)
        .setParameter("p", Product.Priority.HIGH).getResultList()));
    List<Object[]> perCustomer = app.inTx(em -> em.createQuery(
        "select c.name, count(p) from Customer c join c.wishlist p group by c.name order by c.name",
        Object[].class).getResultList());
    assertEquals(2, perCustomer.size());
    assertEquals(2L, perCustomer.get(0)[1]);
    assertEquals(1L, perCustomer.get(1)[1]);
    // the join table's foreign key rejects a row naming a product that does not exist
    PersistenceException e = assertThrows(PersistenceException.class, () -> app.inTxVoid(em ->
        em.createNativeQuery("insert into customer_wishlist (customer_id, product_id) values (?, ?)")
            .setParameter(1, customers.get(2)).setParameter(2, java.util.UUID.randomUUID()).executeUpdate()));
    assertTrue(e instanceof org.hibernate.exception.ConstraintViolationException
        || e.getCause() instanceof org.hibernate.exception.ConstraintViolationException, e::toString);
    // a bulk delete of a wished-for product: Hibernate first deletes its join-table rows
    assertEquals(1, (int) app.inTx(em -> em.createQuery("delete from Product p where p.id = :id")
        .setParameter("id", ids[0]).executeUpdate()));
    assertEquals(1L, countOf("select count(p) from Customer c join c.wishlist p"));
    app.inTxVoid(em -> {
      Product saw = em.find(Product.class, ids[1]);
      for (Customer c : saw.getWishedBy()) {
        c.getWishlist().remove(saw);
      }
      em.remove(saw);
    });
    assertEquals(1L, count("Product"));
    assertEquals(0L, countOf("select count(p) from Customer c join c.wishlist p"));
  }

  // ---------------------------------------------------------------- queries

  @Test
  void jpqlJoinGroupByAggregatesAndParameters() {
    seed();
    List<Object[]> rows = app.inTx(em -> em.createQuery(
            "select c.name, count(o), sum(o.amount), max(o.quantity) from PurchaseOrder o "
                + "join o.customer c where o.orderDate >= :from and c.active = :active "
                + "group by c.name having count(o) > :min order by c.name", Object[].class)
        .setParameter("from", LocalDate.of(2025, 3, 1))
        .setParameter("active", true)
        .setParameter("min", 0L)
        .getResultList());
    assertEquals(2, rows.size());
    assertEquals("ann", rows.get(0)[0]);
    assertEquals(3L, rows.get(0)[1]);
    assertEquals(0, new BigDecimal("60.75").compareTo((BigDecimal) rows.get(0)[2]));
    assertEquals(3, rows.get(0)[3]);
    assertEquals("bob", rows.get(1)[0]);
    assertEquals(2L, rows.get(1)[1]);
    assertEquals(0, new BigDecimal("12.75").compareTo((BigDecimal) rows.get(1)[2]));

    List<String> paid = app.inTx(em -> em.createQuery(
            "select distinct c.name from Customer c join c.orders o where o.status in :st "
                + "and c.name like :p order by c.name", String.class)
        .setParameter("st", List.of("PAID", "SHIPPED"))
        .setParameter("p", "%n%")
        .getResultList());
    assertEquals(List.of("ann"), paid);

    List<String> leftJoin = app.inTx(em -> em.createQuery(
            "select c.name from Customer c left join c.orders o group by c.name "
                + "having count(o) = 0", String.class).getResultList());
    assertEquals(List.of("cy"), leftJoin);
  }

  @Test
  void fetchJoinAndElementCollectionQuery() {
    seed();
    List<Customer> customers = app.inTx(em -> em.createQuery(
            "select distinct c from Customer c left join fetch c.orders "
                + "where c.active = true order by c.name", Customer.class).getResultList());
    assertEquals(2, customers.size());
    assertEquals(3, customers.get(0).getOrders().size()); // initialized: EM already closed
    assertEquals(2, customers.get(1).getOrders().size());

    List<String> tagged = app.inTx(em -> em.createQuery(
            "select c.name from Customer c join c.tags t where t = :t", String.class)
        .setParameter("t", "vip").getResultList());
    assertEquals(List.of("ann"), tagged);
  }

  @Test
  void criteriaQuery() {
    seed();
    List<String> names = app.inTx(em -> {
      var cb = em.getCriteriaBuilder();
      var q = cb.createQuery(String.class);
      var c = q.from(Customer.class);
      q.select(c.get("name"))
          .where(cb.greaterThan(c.get("creditLimit"), new BigDecimal("100")))
          .orderBy(cb.desc(c.get("name")));
      return em.createQuery(q).getResultList();
    });
    assertEquals(List.of("bob", "ann"), names);
  }

  @Test
  void pagination() {
    List<Long> ids = seed();
    List<PurchaseOrder> all = app.inTx(em -> em.createQuery(
        "select o from PurchaseOrder o order by o.id", PurchaseOrder.class).getResultList());
    assertEquals(5, all.size());
    List<Long> page2 = app.inTx(em -> em.createQuery(
            "select o.id from PurchaseOrder o order by o.id", Long.class)
        .setFirstResult(2).setMaxResults(2).getResultList());
    assertEquals(List.of(all.get(2).getId(), all.get(3).getId()), page2);
    List<Long> first = app.inTx(em -> em.createQuery(
            "select o.id from PurchaseOrder o order by o.id", Long.class)
        .setMaxResults(1).getResultList());
    assertEquals(List.of(all.get(0).getId()), first);
    List<Long> last = app.inTx(em -> em.createQuery(
            "select o.id from PurchaseOrder o where o.customer.id = :c order by o.id", Long.class)
        .setParameter("c", ids.get(0))
        .setFirstResult(2).setMaxResults(10).getResultList());
    assertEquals(List.of(all.get(2).getId()), last);
  }

  @Test
  void nativeQuery() {
    seed();
    @SuppressWarnings("unchecked")
    List<Object[]> rows = app.inTx(em -> em.createNativeQuery(
            "select c.name, count(*) from customer c join purchase_order o "
                + "on o.customer_id = c.id where o.amount > ? group by c.name order by c.name")
        .setParameter(1, new BigDecimal("6.00"))
        .getResultList());
    assertEquals(2, rows.size());
    assertEquals("ann", rows.get(0)[0]);
    assertEquals(3L, ((Number) rows.get(0)[1]).longValue());
    assertEquals("bob", rows.get(1)[0]);
    assertEquals(1L, ((Number) rows.get(1)[1]).longValue());

    int updated = app.inTx(em -> em.createNativeQuery(
            "update purchase_order set status = ? where status = ?")
        .setParameter(1, "ARCHIVED").setParameter(2, "NEW").executeUpdate());
    assertEquals(2, updated);

    List<Customer> entities = app.inTx(em -> em.createNativeQuery(
        "select * from customer where active = true order by name", Customer.class)
        .getResultList());
    assertEquals(List.of("ann", "bob"), entities.stream().map(Customer::getName).toList());
  }

  // ---------------------------------------------------------------- writes

  @Test
  void versionIncrementsAndConcurrentUpdateFailsWithOptimisticLock() {
    Long id = seed().get(0);
    app.inTxVoid(em -> em.find(Customer.class, id).setName("ann2"));
    assertEquals(1, versionOf(id));

    EntityManager em1 = app.emf.createEntityManager();
    EntityManager em2 = app.emf.createEntityManager();
    try {
      em1.getTransaction().begin();
      em2.getTransaction().begin();
      Customer c1 = em1.find(Customer.class, id);
      Customer c2 = em2.find(Customer.class, id);
      assertEquals(1, c1.getVersion());
      assertEquals(1, c2.getVersion());
      c1.setCreditLimit(new BigDecimal("1.00"));
      em1.getTransaction().commit();
      c2.setCreditLimit(new BigDecimal("2.00"));
      RollbackException e = assertThrows(RollbackException.class,
          () -> em2.getTransaction().commit());
      assertTrue(e.getCause() instanceof OptimisticLockException, () -> "cause: " + e.getCause());
    } finally {
      if (em1.getTransaction().isActive()) {
        em1.getTransaction().rollback();
      }
      if (em2.getTransaction().isActive()) {
        em2.getTransaction().rollback();
      }
      em1.close();
      em2.close();
    }
    app.inTxVoid(em -> {
      Customer c = em.find(Customer.class, id);
      assertEquals(2, c.getVersion());
      assertEquals(0, new BigDecimal("1.00").compareTo(c.getCreditLimit()));
    });

    // explicit flush inside the transaction throws the OptimisticLockException itself
    EntityManager stale = app.emf.createEntityManager();
    try {
      stale.getTransaction().begin();
      PurchaseOrder o = stale.createQuery("select o from PurchaseOrder o order by o.id",
          PurchaseOrder.class).setMaxResults(1).getSingleResult();
      app.inTxVoid(em -> em.find(PurchaseOrder.class, o.getId()).setStatus("CHANGED"));
      o.setStatus("STALE");
      assertThrows(OptimisticLockException.class, stale::flush);
    } finally {
      if (stale.getTransaction().isActive()) {
        stale.getTransaction().rollback();
      }
      stale.close();
    }
  }

  @Test
  void bulkUpdateAndDelete() {
    List<Long> ids = seed();
    int updated = app.inTx(em -> em.createQuery(
            "update PurchaseOrder o set o.status = :s, o.amount = o.amount * 2 "
                + "where o.customer.id = :c")
        .setParameter("s", "DOUBLED").setParameter("c", ids.get(0)).executeUpdate());
    assertEquals(3, updated);
    BigDecimal sum = app.inTx(em -> em.createQuery(
            "select sum(o.amount) from PurchaseOrder o where o.status = 'DOUBLED'",
            BigDecimal.class).getSingleResult());
    assertEquals(0, new BigDecimal("121.50").compareTo(sum));

    int versioned = app.inTx(em -> em.createQuery(
            "update versioned Customer c set c.active = false where c.id = :id")
        .setParameter("id", ids.get(0)).executeUpdate());
    assertEquals(1, versioned);
    assertEquals(1, versionOf(ids.get(0)));

    int deleted = app.inTx(em -> em.createQuery(
            "delete from PurchaseOrder o where o.amount < :a")
        .setParameter("a", new BigDecimal("10")).executeUpdate());
    assertEquals(2, deleted);
    assertEquals(3L, count("PurchaseOrder"));

    // deleting customers without orders: Hibernate first deletes their element-collection rows
    int gone = app.inTx(em -> em.createQuery(
            "delete from Customer c where c.orders is empty").executeUpdate());
    assertEquals(2, gone);
    assertEquals(1L, count("Customer"));
  }

  @Test
  void bulkUpdateAndDeleteThroughAnAssociationPath() {
    seed();
    int updated = app.inTx(em -> em.createQuery(
            "update PurchaseOrder o set o.status = 'BOB' where o.customer.name = :n")
        .setParameter("n", "bob").executeUpdate());
    assertEquals(2, updated);
    int deleted = app.inTx(em -> em.createQuery(
            "delete from PurchaseOrder o where o.customer.name = :n")
        .setParameter("n", "bob").executeUpdate());
    assertEquals(2, deleted);
    assertEquals(3L, count("PurchaseOrder"));
  }

  @Test
  void rolledBackTransactionLeavesNoTrace() {
    List<Long> ids = seed();
    EntityManager em = app.emf.createEntityManager();
    try {
      em.getTransaction().begin();
      Customer c = new Customer("ghost", "ghost@example.com");
      c.getTags().add("boo");
      em.persist(c); // identity: the insert runs now
      em.persist(c.addOrder(BigDecimal.TEN, 1, null, "NEW"));
      em.createQuery("update PurchaseOrder o set o.status = 'X'").executeUpdate();
      em.createQuery("delete from PurchaseOrder o where o.customer.id = :bob")
          .setParameter("bob", ids.get(1)).executeUpdate();
      em.flush();
      assertEquals(4L, em.createQuery("select count(o) from PurchaseOrder o", Long.class)
          .getSingleResult()); // 5 seeded + 1 new - 2 bob's, seen inside the transaction
      em.getTransaction().rollback();
    } finally {
      if (em.getTransaction().isActive()) {
        em.getTransaction().rollback();
      }
      em.close();
    }
    assertEquals(3L, count("Customer"));
    assertEquals(5L, count("PurchaseOrder"));
    assertEquals(0L, countOf("select count(c) from Customer c where c.name = 'ghost'"));
    assertEquals(0L, countOf("select count(o) from PurchaseOrder o where o.status = 'X'"));
    assertEquals(2L, countOf("select count(o) from PurchaseOrder o where o.customer.name = 'bob'"));
    assertEquals(0L, countOf("select count(t) from Customer c join c.tags t where t = 'boo'"));
  }

  @Test
  void concurrentInsertsFromFourThreads() throws Exception {
    int threads = 4;
    int perThread = 25;
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<List<Long>>> futures = new ArrayList<>();
      for (int t = 0; t < threads; t++) {
        int thread = t;
        futures.add(pool.submit(() -> {
          List<Long> ids = new ArrayList<>();
          for (int i = 0; i < perThread; i++) {
            int n = i;
            ids.add(app.inTx(em -> {
              Customer c = new Customer("t" + thread + "_" + n, "t" + thread + "_" + n + "@x");
              em.persist(c);
              em.persist(c.addOrder(BigDecimal.valueOf(n), n, null, "T" + thread));
              return c.getId();
            }));
          }
          return ids;
        }));
      }
      List<Long> all = new ArrayList<>();
      for (Future<List<Long>> f : futures) {
        all.addAll(f.get(50, TimeUnit.SECONDS));
      }
      assertEquals(threads * perThread, all.stream().distinct().count(), "distinct identity ids");
    } finally {
      pool.shutdownNow();
    }
    assertEquals((long) threads * perThread, count("Customer"));
    assertEquals((long) threads * perThread, count("PurchaseOrder"));
    List<Object[]> perStatus = app.inTx(em -> em.createQuery(
        "select o.status, count(o) from PurchaseOrder o group by o.status order by o.status",
        Object[].class).getResultList());
    assertEquals(threads, perStatus.size());
    for (Object[] r : perStatus) {
      assertEquals((long) perThread, r[1]);
    }
  }
}
