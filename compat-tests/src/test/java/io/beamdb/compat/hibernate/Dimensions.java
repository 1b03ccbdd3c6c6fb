package io.beamdb.compat.hibernate;

import jakarta.persistence.Embeddable;
import java.util.Objects;

/** An embeddable value: two columns of the owning table. */
@Embeddable
public class Dimensions {
  private Integer widthCm;
  private Integer heightCm;

  protected Dimensions() {}

  public Dimensions(int widthCm, int heightCm) {
    this.widthCm = widthCm;
    this.heightCm = heightCm;
  }

  public Integer getWidthCm() {
    return widthCm;
  }

  public Integer getHeightCm() {
    return heightCm;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof Dimensions d && Objects.equals(widthCm, d.widthCm) && Objects.equals(heightCm, d.heightCm);
  }

  @Override
  public int hashCode() {
    return Objects.hash(widthCm, heightCm);
  }
}
