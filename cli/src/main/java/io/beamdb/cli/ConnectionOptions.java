package io.beamdb.cli;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.Properties;
import picocli.CommandLine.Option;

/** {@code --user} and {@code --password}, shared by the commands that connect. */
final class ConnectionOptions {

  @Option(names = {"-u", "--user"}, description = "User name passed to the driver.")
  String user;

  @Option(names = {"-p", "--password"}, description = "Password passed to the driver.")
  String password;

  Connection open(String url) throws SQLException {
    Properties properties = new Properties();
    if (user != null) {
      properties.setProperty("user", user);
    }
    if (password != null) {
      properties.setProperty("password", password);
    }
    return DriverManager.getConnection(url, properties);
  }
}
