package io.beamdb.compat.hibernate;

import jakarta.persistence.CollectionTable;
import jakarta.persistence.Column;
import jakarta.persistence.ElementCollection;
import jakarta.persistence.Entity;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Index;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.JoinTable;
import jakarta.persistence.ManyToMany;
import jakarta.persistence.OneToMany;
import jakarta.persistence.OrderBy;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.math.BigDecimal;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Identity id, @Version, a unique column, an index, one-to-many orders, an element collection and
 * the owning side of a many-to-many wishlist.
 */
@Entity
@Table(name = "customer", indexes = @Index(name = "idx_customer_name", columnList = "name"))
public class Customer {

  @Id
  @GeneratedValue(strategy = GenerationType.IDENTITY)
  private Long id;

  @Version
  private Integer version;

  @Column(nullable = false, length = 100)
  private String name;

  @Column(unique = true, length = 120)
  private String email;

  @Column(nullable = false)
  private Boolean active = Boolean.TRUE;

  private LocalDate birthDate;

  private LocalDateTime createdAt;

  /** An instant: {@code timestamp(3) with time zone} (Hibernate's TIMESTAMP_UTC). */
  private java.time.Instant lastLoginAt;

  /** A zoned value: stored as its instant, read back at the session zone's offset. */
  private java.time.OffsetDateTime nextCallAt;

  @Column(precision = 12, scale = 2)
  private BigDecimal creditLimit;

  @OneToMany(mappedBy = "customer")
  @OrderBy("id")
  private List<PurchaseOrder> orders = new ArrayList<>();

  @ElementCollection
  @CollectionTable(name = "customer_tag", joinColumns = @JoinColumn(name = "customer_id"))
  @Column(name = "tag", length = 40)
  private Set<String> tags = new HashSet<>();

  @ManyToMany
  @JoinTable(name = "customer_wishlist", joinColumns = @JoinColumn(name = "customer_id"),
      inverseJoinColumns = @JoinColumn(name = "product_id"))
  private Set<Product> wishlist = new HashSet<>();

  protected Customer() {}

  public Customer(String name, String email) {
    this.name = name;
    this.email = email;
  }

  /** Adds the order to this customer and points it back here. */
  public PurchaseOrder addOrder(BigDecimal amount, int quantity, LocalDate date, String status) {
    PurchaseOrder o = new PurchaseOrder(this, amount, quantity, date, status);
    orders.add(o);
    return o;
  }

  public Long getId() { return id; }
  public Integer getVersion() { return version; }
  public String getName() { return name; }
  public void setName(String name) { this.name = name; }
  public String getEmail() { return email; }
  public void setEmail(String email) { this.email = email; }
  public Boolean getActive() { return active; }
  public void setActive(Boolean active) { this.active = active; }
  public LocalDate getBirthDate() { return birthDate; }
  public void setBirthDate(LocalDate birthDate) { this.birthDate = birthDate; }
  public LocalDateTime getCreatedAt() { return createdAt; }
  public void setCreatedAt(LocalDateTime createdAt) { this.createdAt = createdAt; }
  public java.time.Instant getLastLoginAt() { return lastLoginAt; }
  public void setLastLoginAt(java.time.Instant lastLoginAt) { this.lastLoginAt = lastLoginAt; }
  public java.time.OffsetDateTime getNextCallAt() { return nextCallAt; }
  public void setNextCallAt(java.time.OffsetDateTime nextCallAt) { this.nextCallAt = nextCallAt; }
  public BigDecimal getCreditLimit() { return creditLimit; }
  public void setCreditLimit(BigDecimal creditLimit) { this.creditLimit = creditLimit; }
  public List<PurchaseOrder> getOrders() { return orders; }
  public Set<String> getTags() { return tags; }

  public Set<Product> getWishlist() {
    return wishlist;
  }
}
