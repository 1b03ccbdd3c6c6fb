package io.beamdb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class TableFormatterTest {

  @Test
  void alignsColumnsAndPrintsNull() {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"1", "alice"});
    rows.add(new String[] {"10", null});
    String table = TableFormatter.format(List.of("ID", "NAME"), rows, new boolean[] {true, false});
    assertEquals(
        """
        +----+-------+
        | ID | NAME  |
        +----+-------+
        |  1 | alice |
        | 10 | NULL  |
        +----+-------+
        """, table);
  }

  @Test
  void emptyResultShowsHeaderOnly() {
    assertEquals(
        """
        +---+
        | A |
        +---+
        """, TableFormatter.format(List.of("A"), List.of(), null));
  }

  @Test
  void escapesControlCharacters() {
    List<String[]> rows = new ArrayList<>();
    rows.add(new String[] {"a\nb\tc"});
    assertEquals(
        """
        +---------+
        | X       |
        +---------+
        | a\\nb\\tc |
        +---------+
        """, TableFormatter.format(List.of("X"), rows, null));
  }

  @Test
  void readsResultSetWithNumericAlignment() throws Exception {
    try (Connection c = DriverManager.getConnection("jdbc:h2:mem:");
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery(
            "SELECT * FROM (VALUES (1, 'x', CAST(2.50 AS DECIMAL(5,2))), (123, NULL, NULL)) AS t(n, s, d)")) {
      assertEquals(
          """
          +-----+------+------+
          | N   | S    | D    |
          +-----+------+------+
          |   1 | x    | 2.50 |
          | 123 | NULL | NULL |
          +-----+------+------+
          """, TableFormatter.format(TableFormatter.read(rs)));
    }
  }
}
