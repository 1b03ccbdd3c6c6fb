package io.beamdb.difftest;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;

/** One engine's connection to a private in-memory database, with results captured as values. */
final class Db implements AutoCloseable {

  /** A statement's outcome: rows (or an update count), or an error. */
  record Result(List<List<Object>> rows, long updateCount, String sqlState, String error) {
    boolean failed() {
      return error != null;
    }

    String describe() {
      if (failed()) {
        return "ERROR " + sqlState + ": " + error;
      }
      if (rows == null) {
        return "update count " + updateCount;
      }
      StringBuilder sb = new StringBuilder(rows.size() + " row(s)");
      int n = 0;
      for (List<Object> r : rows) {
        if (n++ == 12) {
          sb.append("\n    ...");
          break;
        }
        sb.append("\n    ").append(Normalizer.render(r));
      }
      return sb.toString();
    }
  }

  final String name;
  final String url;
  private Connection connection;

  Db(String name, String url) throws SQLException {
    this.name = name;
    this.url = url;
    this.connection = DriverManager.getConnection(url);
  }

  static Db beam() throws SQLException {
    return new Db("BeamDB", "jdbc:beam:mem:");
  }

  static Db h2() throws SQLException {
    return new Db("H2", "jdbc:h2:mem:");
  }

  /** Closes the connection (dropping the private database) and opens a fresh one. */
  void reset() throws SQLException {
    connection.close();
    connection = DriverManager.getConnection(url);
  }

  Connection connection() {
    return connection;
  }

  Result query(String sql) {
    try (Statement st = connection.createStatement()) {
      st.setQueryTimeout(30);
      try (ResultSet rs = st.executeQuery(sql)) {
        int w = rs.getMetaData().getColumnCount();
        List<List<Object>> rows = new ArrayList<>();
        while (rs.next()) {
          List<Object> row = new ArrayList<>(w);
          for (int i = 1; i <= w; i++) {
            row.add(rs.getObject(i));
          }
          rows.add(row);
        }
        return new Result(rows, -1, null, null);
      }
    } catch (SQLException e) {
      return new Result(null, -1, String.valueOf(e.getSQLState()), String.valueOf(e.getMessage()));
    }
  }

  Result update(String sql) {
    try (Statement st = connection.createStatement()) {
      st.setQueryTimeout(30);
      return new Result(null, st.executeUpdate(sql), null, null);
    } catch (SQLException e) {
      return new Result(null, -1, String.valueOf(e.getSQLState()), String.valueOf(e.getMessage()));
    }
  }

  /** Runs a statement in its own explicit transaction (as the fuzzer runs DML), then commits. */
  Result updateInTransaction(String sql) throws SQLException {
    connection.setAutoCommit(false);
    try {
      return update(sql);
    } finally {
      connection.commit();
      connection.setAutoCommit(true);
    }
  }

  @Override
  public void close() throws SQLException {
    connection.close();
  }
}
