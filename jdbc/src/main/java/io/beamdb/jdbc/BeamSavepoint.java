package io.beamdb.jdbc;

import java.sql.SQLException;
import java.sql.Savepoint;

/** A savepoint handed out by {@link BeamConnection}: an id for unnamed ones, else a name. Immutable. */
final class BeamSavepoint implements Savepoint {
  private final int id;
  private final String name;

  BeamSavepoint(int id, String name) {
    this.id = id;
    this.name = name;
  }

  /** The engine-side name of {@code sp}; HY000 for savepoints of another driver. */
  static String engineName(Savepoint sp) throws SQLException {
    if (!(sp instanceof BeamSavepoint)) {
      throw Errors.invalidArgument("not a BeamDB savepoint: " + sp);
    }
    BeamSavepoint b = (BeamSavepoint) sp;
    return b.name != null ? b.name : "JDBC_SAVEPOINT_" + b.id;
  }

  @Override
  public int getSavepointId() throws SQLException {
    if (name != null) {
      throw new SQLException("Named savepoint " + name + " has no id", "HY000");
    }
    return id;
  }

  @Override
  public String getSavepointName() throws SQLException {
    if (name == null) {
      throw new SQLException("Unnamed savepoint " + id + " has no name", "HY000");
    }
    return name;
  }

  @Override
  public String toString() {
    return name != null ? name : "savepoint " + id;
  }
}
