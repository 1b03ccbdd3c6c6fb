package io.beamdb.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.io.RandomAccessFile;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.List;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** A damaged SSTable is reported as corruption (SQLState XX001), never as wrong rows. */
class CorruptionTest {
  @TempDir
  Path dir;

  @Test
  void flippedByteInSSTableGivesXX001() throws Exception {
    String url = "jdbc:beam:file:" + dir.resolve("db");
    try (Connection c = DriverManager.getConnection(url)) {
      Db.exec(c, "CREATE TABLE t (id INTEGER PRIMARY KEY, name VARCHAR(40))");
      c.setAutoCommit(false);
      try (PreparedStatement ps = c.prepareStatement("INSERT INTO t VALUES (?, ?)")) {
        for (int i = 0; i < 500; i++) {
          ps.setInt(1, i);
          ps.setString(2, "some row payload number " + i);
          ps.executeUpdate();
        }
      }
      c.commit();
    } // close flushes the memtable to an SSTable
    List<Path> tables;
    try (Stream<Path> s = Files.list(dir.resolve("db"))) {
      tables = s.filter(p -> p.toString().endsWith(".sst")).collect(Collectors.toList());
    }
    assertTrue(!tables.isEmpty(), "expected an SSTable after close");
    Path biggest = tables.stream().max((a, b) -> Long.compare(size(a), size(b))).get();
    try (RandomAccessFile f = new RandomAccessFile(biggest.toFile(), "rw")) {
      long at = f.length() / 3; // inside a data block holding table rows
      f.seek(at);
      int b = f.read();
      f.seek(at);
      f.write(b ^ 0x5A);
    }
    SQLException e = assertThrows(SQLException.class, () -> {
      try (Connection c = DriverManager.getConnection(url);
           ResultSet rs = c.createStatement().executeQuery("SELECT COUNT(*), SUM(id) FROM t")) {
        rs.next();
      }
    });
    assertEquals("XX001", e.getSQLState(), e.getMessage());
    assertTrue(e.getMessage().contains(".sst"), "message names the file: " + e.getMessage());
  }

  private static long size(Path p) {
    try {
      return Files.size(p);
    } catch (IOException e) {
      throw new RuntimeException(e);
    }
  }
}
