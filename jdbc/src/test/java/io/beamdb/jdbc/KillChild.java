package io.beamdb.jdbc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;

/**
 * Child-process entry point for DiskTest. {@code insert DIR}: inserts ids 1, 2, ... into ACKS one
 * autocommit statement at a time, printing each id after executeUpdate returns. {@code open DIR}:
 * tries to open the database and prints {@code OPENED} or {@code ERROR <SQLState>}.
 */
public final class KillChild {
  private KillChild() {
  }

  public static void main(String[] args) throws Exception {
    String url = "jdbc:beam:file:" + args[1];
    if (args[0].equals("insert")) {
      try (Connection c = DriverManager.getConnection(url);
           PreparedStatement ps = c.prepareStatement("INSERT INTO acks VALUES (?)")) {
        for (int i = 1; i <= 1_000_000; i++) {
          ps.setInt(1, i);
          ps.executeUpdate();
          System.out.println(i);
          System.out.flush();
        }
      }
    } else {
      try (Connection c = DriverManager.getConnection(url)) {
        System.out.println("OPENED");
      } catch (SQLException e) {
        System.out.println("ERROR " + e.getSQLState());
      }
      System.out.flush();
    }
  }
}
