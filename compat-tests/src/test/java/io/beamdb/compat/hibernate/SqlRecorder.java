package io.beamdb.compat.hibernate;

import java.io.PrintWriter;
import java.lang.reflect.InvocationHandler;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.sql.CallableStatement;
import java.sql.Connection;
import java.sql.DatabaseMetaData;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A {@link DataSource} that sits between HikariCP and {@link io.beamdb.jdbc.BeamDataSource} and
 * records every SQL text Hibernate sends and every {@link SQLException} BeamDB answers with
 * (SQL, SQLState, message), so that a gap is reported exactly even when Hibernate only logs it
 * (the schema tool does). JDBC objects are wrapped with dynamic proxies; nothing is changed.
 */
final class SqlRecorder implements DataSource {

  /** One SQLException BeamDB threw: where, for which SQL, with which state and message. */
  record Failure(String call, String sql, String sqlState, String message) {
    @Override
    public String toString() {
      return "[" + sqlState + "] " + call + (sql == null ? "" : " <" + sql + ">") + ": " + message;
    }
  }

  private static final Set<Class<?>> WRAPPED = Set.of(
      Connection.class, Statement.class, PreparedStatement.class, CallableStatement.class,
      DatabaseMetaData.class);

  private final DataSource target;
  private final List<String> statements = new ArrayList<>();
  private int batches;
  private final List<Failure> failures = new ArrayList<>();

  SqlRecorder(DataSource target) {
    this.target = target;
  }

  synchronized List<String> statements() {
    return List.copyOf(statements);
  }

  synchronized List<Failure> failures() {
    return List.copyOf(failures);
  }

  /** Failures whose SQL text contains {@code fragment} (case-insensitive). */
  synchronized List<Failure> failuresFor(String fragment) {
    String f = fragment.toLowerCase();
    return failures.stream()
        .filter(x -> x.sql() != null && x.sql().toLowerCase().contains(f)).toList();
  }

  /** How many times executeBatch/executeLargeBatch was called. */
  synchronized int batches() {
    return batches;
  }

  synchronized void clear() {
    statements.clear();
    failures.clear();
  }

  private synchronized void sent(String sql) {
    statements.add(sql);
  }

  private synchronized void failed(String call, String sql, SQLException e) {
    failures.add(new Failure(call, sql, e.getSQLState(), e.getMessage()));
  }

  private Object wrap(Object target, Class<?> iface, String sql) {
    if (target == null || !WRAPPED.contains(iface)) {
      return target;
    }
    Class<?>[] ifaces = iface == Statement.class ? new Class<?>[] {Statement.class}
        : new Class<?>[] {iface};
    return Proxy.newProxyInstance(getClass().getClassLoader(), ifaces,
        new Handler(target, sql));
  }

  private final class Handler implements InvocationHandler {
    private final Object target;
    private final String preparedSql;

    Handler(Object target, String preparedSql) {
      this.target = target;
      this.preparedSql = preparedSql;
    }

    @Override
    public Object invoke(Object proxy, Method m, Object[] args) throws Throwable {
      String name = m.getName();
      if (name.equals("unwrap") && args != null && args[0] instanceof Class<?> c
          && c.isInstance(proxy)) {
        return proxy;
      }
      if (name.equals("isWrapperFor") && args != null && args[0] instanceof Class<?> c
          && c.isInstance(proxy)) {
        return true;
      }
      if (name.equals("executeBatch") || name.equals("executeLargeBatch")) {
        synchronized (SqlRecorder.this) {
          batches++;
        }
      }
      String sql = preparedSql;
      if (args != null && args.length > 0 && args[0] instanceof String s
          && (name.startsWith("prepare") || name.startsWith("execute")
              || name.equals("addBatch") || name.equals("nativeSQL"))) {
        sql = s;
        sent(s);
      }
      try {
        Object result = m.invoke(target, args);
        return wrap(result, m.getReturnType(), sql);
      } catch (InvocationTargetException ite) {
        Throwable cause = ite.getCause();
        if (cause instanceof SQLException e) {
          failed(m.getDeclaringClass().getSimpleName() + "." + name, sql, e);
        }
        throw cause;
      }
    }
  }

  @Override
  public Connection getConnection() throws SQLException {
    return (Connection) wrap(target.getConnection(), Connection.class, null);
  }

  @Override
  public Connection getConnection(String user, String password) throws SQLException {
    return (Connection) wrap(target.getConnection(user, password), Connection.class, null);
  }

  @Override
  public PrintWriter getLogWriter() throws SQLException {
    return target.getLogWriter();
  }

  @Override
  public void setLogWriter(PrintWriter out) throws SQLException {
    target.setLogWriter(out);
  }

  @Override
  public void setLoginTimeout(int seconds) throws SQLException {
    target.setLoginTimeout(seconds);
  }

  @Override
  public int getLoginTimeout() throws SQLException {
    return target.getLoginTimeout();
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    return target.getParentLogger();
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    return iface.isInstance(this) ? iface.cast(this) : target.unwrap(iface);
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) throws SQLException {
    return iface.isInstance(this) || target.isWrapperFor(iface);
  }
}
