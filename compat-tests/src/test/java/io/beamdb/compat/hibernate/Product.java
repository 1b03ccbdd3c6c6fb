package io.beamdb.compat.hibernate;

import jakarta.persistence.Column;
import jakarta.persistence.Embedded;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.GeneratedValue;
import jakarta.persistence.GenerationType;
import jakarta.persistence.Id;
import jakarta.persistence.Lob;
import jakarta.persistence.ManyToMany;
import jakarta.persistence.Table;
import java.util.HashSet;
import java.util.Set;
import java.util.UUID;

/** UUID id, an embedded value, STRING and ORDINAL enums, CLOB and BLOB, the inverse side of a many-to-many. */
@Entity
@Table(name = "product")
public class Product {
  /** Stored by name (Hibernate's H2 dialect declares a native ENUM column). */
  public enum Category { BOOK, FOOD, TOOL }

  /** Stored by ordinal. */
  public enum Priority { LOW, NORMAL, HIGH }

  @Id
  @GeneratedValue(strategy = GenerationType.UUID)
  private UUID id;

  @Column(nullable = false, length = 60)
  private String name;

  @Enumerated(EnumType.STRING)
  @Column(nullable = false)
  private Category category;

  @Enumerated(EnumType.ORDINAL)
  private Priority priority;

  @Embedded
  private Dimensions dimensions;

  @Lob
  private String manual;

  @Lob
  private byte[] image;

  @ManyToMany(mappedBy = "wishlist")
  private Set<Customer> wishedBy = new HashSet<>();

  protected Product() {}

  public Product(String name, Category category, Priority priority, Dimensions dimensions) {
    this.name = name;
    this.category = category;
    this.priority = priority;
    this.dimensions = dimensions;
  }

  public UUID getId() {
    return id;
  }

  public String getName() {
    return name;
  }

  public Category getCategory() {
    return category;
  }

  public Priority getPriority() {
    return priority;
  }

  public Dimensions getDimensions() {
    return dimensions;
  }

  public String getManual() {
    return manual;
  }

  public void setManual(String manual) {
    this.manual = manual;
  }

  public byte[] getImage() {
    return image;
  }

  public void setImage(byte[] image) {
    this.image = image;
  }

  public Set<Customer> getWishedBy() {
    return wishedBy;
  }
}
