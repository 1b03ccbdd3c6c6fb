package io.beamdb.compat.hibernate;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.FetchType;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.JoinColumn;
import jakarta.persistence.ManyToOne;
import jakarta.persistence.SequenceGenerator;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.math.BigDecimal;
import java.time.LocalDate;

/** Sequence id (pooled, allocation 50), @Version (Long) and a lazy many-to-one to Customer. */
@Entity
@Table(name = "purchase_order")
public class PurchaseOrder {

  @Id
  @GeneratedValue(strategy = GenerationType.SEQUENCE, generator = "order_seq")
  @SequenceGenerator(name = "order_seq", sequenceName = "order_seq", allocationSize = 50)
  private Long id;

  @Version
  private Long version;

  @ManyToOne(optional = false, fetch = FetchType.LAZY)
  @JoinColumn(name = "customer_id", nullable = false)
  private Customer customer;

  @Column(nullable = false, precision = 12, scale = 2)
  private BigDecimal amount;

  @Column(nullable = false)
  private Integer quantity;

  private LocalDate orderDate;

  @Column(length = 20)
  private String status;

  protected PurchaseOrder() {}

  PurchaseOrder(Customer customer, BigDecimal amount, int quantity, LocalDate orderDate,
      String status) {
    this.customer = customer;
    this.amount = amount;
    this.quantity = quantity;
    this.orderDate = orderDate;
    this.status = status;
  }

  public Long getId() { return id; }
  public Long getVersion() { return version; }
  public Customer getCustomer() { return customer; }
  public BigDecimal getAmount() { return amount; }
  public void setAmount(BigDecimal amount) { this.amount = amount; }
  public Integer getQuantity() { return quantity; }
  public LocalDate getOrderDate() { return orderDate; }
  public String getStatus() { return status; }
  public void setStatus(String status) { this.status = status; }
}
