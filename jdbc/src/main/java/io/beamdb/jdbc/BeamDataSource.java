package io.beamdb.jdbc;

import java.io.PrintWriter;
import java.sql.Connection;
import java.sql.SQLException;
import java.sql.SQLFeatureNotSupportedException;
import java.util.Properties;
import java.util.logging.Logger;
import javax.sql.DataSource;

/**
 * A {@link DataSource} for BeamDB: set {@link #setUrl url} (and optionally user and password),
 * then call {@link #getConnection()}. Every call opens a new physical connection; use a pool
 * (e.g. HikariCP) for pooling. Bean properties may be changed at any time; each getter/setter is
 * synchronized, so the object is thread-safe. SQLStates are those of
 * {@link BeamDriver#connect}; a missing URL is {@code 08001}.
 */
public class BeamDataSource implements DataSource {
  private String url;
  private String user;
  private String password;
  private String description;
  private int loginTimeout;
  private PrintWriter logWriter;

  public BeamDataSource() {
  }

  public BeamDataSource(String url) {
    this.url = url;
  }

  public synchronized String getUrl() {
    return url;
  }

  public synchronized void setUrl(String url) {
    this.url = url;
  }

  /** Alias of {@link #getUrl()} for tools that expect the {@code URL} property name. */
  public String getURL() {
    return getUrl();
  }

  /** Alias of {@link #setUrl(String)}. */
  public void setURL(String url) {
    setUrl(url);
  }

  public synchronized String getUser() {
    return user;
  }

  public synchronized void setUser(String user) {
    this.user = user;
  }

  public synchronized String getPassword() {
    return password;
  }

  public synchronized void setPassword(String password) {
    this.password = password;
  }

  public synchronized String getDescription() {
    return description;
  }

  public synchronized void setDescription(String description) {
    this.description = description;
  }

  @Override
  public Connection getConnection() throws SQLException {
    String u;
    String p;
    synchronized (this) {
      u = user;
      p = password;
    }
    return getConnection(u, p);
  }

  @Override
  public Connection getConnection(String username, String password) throws SQLException {
    String target = getUrl();
    if (target == null || target.isBlank()) {
      throw Errors.connect("BeamDataSource has no URL; call setUrl(\"jdbc:beam:...\") first");
    }
    if (!BeamUrl.accepts(target)) {
      throw Errors.connect("Not a BeamDB URL: " + target);
    }
    Properties props = new Properties();
    if (username != null) {
      props.setProperty("user", username);
    }
    if (password != null) {
      props.setProperty("password", password);
    }
    return BeamDriver.instance().connect(target, props);
  }

  @Override
  public synchronized PrintWriter getLogWriter() {
    return logWriter;
  }

  @Override
  public synchronized void setLogWriter(PrintWriter out) {
    this.logWriter = out;
  }

  @Override
  public synchronized void setLoginTimeout(int seconds) {
    this.loginTimeout = seconds;
  }

  @Override
  public synchronized int getLoginTimeout() {
    return loginTimeout;
  }

  @Override
  public Logger getParentLogger() throws SQLFeatureNotSupportedException {
    throw Errors.unsupported("java.util.logging (BeamDB uses System.Logger)");
  }

  @Override
  public <T> T unwrap(Class<T> iface) throws SQLException {
    if (iface != null && iface.isInstance(this)) {
      return iface.cast(this);
    }
    throw new SQLException("BeamDataSource does not wrap " + iface, "HY000");
  }

  @Override
  public boolean isWrapperFor(Class<?> iface) {
    return iface != null && iface.isInstance(this);
  }
}
