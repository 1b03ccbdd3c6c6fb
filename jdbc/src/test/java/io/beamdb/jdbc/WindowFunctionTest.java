package io.beamdb.jdbc;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Window functions: ranking, offsets, values and aggregates over frames. */
class WindowFunctionTest {
  private Connection c;

  @BeforeEach
  void setUp() throws SQLException {
    c = Db.mem();
    Db.exec(c, "CREATE TABLE emp (id INT PRIMARY KEY, dept VARCHAR(5), salary INT)");
    Db.exec(c, "INSERT INTO emp VALUES (1, 'eng', 100), (2, 'eng', 200), (3, 'eng', 200), (4, 'ops', 50), "
        + "(5, 'ops', 70), (6, 'hr', NULL)");
  }

  @AfterEach
  void tearDown() throws SQLException {
    c.close();
  }

  private List<String> rows(String sql) throws SQLException {
    List<String> out = new ArrayList<>();
    try (ResultSet rs = c.createStatement().executeQuery(sql)) {
      int n = rs.getMetaData().getColumnCount();
      while (rs.next()) {
        StringBuilder b = new StringBuilder();
        for (int i = 1; i <= n; i++) {
          b.append(i > 1 ? "," : "").append(rs.getString(i));
        }
        out.add(b.toString());
      }
    }
    return out;
  }

  @Test
  void ranking() throws SQLException {
    assertEquals(List.of("1,3,3,2", "2,1,1,1", "3,2,1,1", "4,2,2,2", "5,1,1,1", "6,1,1,1"),
        rows("SELECT id, ROW_NUMBER() OVER (PARTITION BY dept ORDER BY salary DESC, id), "
            + "RANK() OVER (PARTITION BY dept ORDER BY salary DESC), "
            + "DENSE_RANK() OVER (PARTITION BY dept ORDER BY salary DESC) FROM emp ORDER BY id"));
    assertEquals(List.of("1,1", "2,1", "3,2", "4,2", "5,3", "6,3"),
        rows("SELECT id, NTILE(3) OVER (ORDER BY id) FROM emp ORDER BY id"));
    // top earner per department, the common use
    assertEquals(List.of("eng,2", "hr,6", "ops,5"),
        rows("SELECT dept, id FROM (SELECT dept, id, ROW_NUMBER() OVER (PARTITION BY dept ORDER BY salary DESC, id) rn "
            + "FROM emp) t WHERE rn = 1 ORDER BY dept"));
  }

  @Test
  void offsetsAndValues() throws SQLException {
    assertEquals(List.of("1,null,200,100", "2,100,200,100", "3,200,0,100", "4,null,70,50", "5,50,0,50"),
        rows("SELECT id, LAG(salary) OVER (PARTITION BY dept ORDER BY id), "
            + "LEAD(salary, 1, 0) OVER (PARTITION BY dept ORDER BY id), "
            + "FIRST_VALUE(salary) OVER (PARTITION BY dept ORDER BY id) FROM emp WHERE dept <> 'hr' ORDER BY id"));
  }

  @Test
  void aggregatesOverFrames() throws SQLException {
    // default frame with ORDER BY: running total including peers (ids 2 and 3 tie on salary)
    assertEquals(List.of("1,100", "2,500", "3,500", "4,50", "5,120"),
        rows("SELECT id, SUM(salary) OVER (PARTITION BY dept ORDER BY salary) FROM emp WHERE dept <> 'hr' ORDER BY id"));
    // ROWS frame: moving sum of the previous, current and next row
    assertEquals(List.of("1,300", "2,500", "3,450", "4,320", "5,120"),
        rows("SELECT id, SUM(salary) OVER (ORDER BY id ROWS BETWEEN 1 PRECEDING AND 1 FOLLOWING) "
            + "FROM emp WHERE dept <> 'hr' ORDER BY id"));
    // no ORDER BY: the whole partition; COUNT(*) and COUNT(col) differ on NULL
    assertEquals(List.of("1,3,3,167", "4,2,2,60", "6,1,0,null"),
        rows("SELECT * FROM (SELECT id, COUNT(*) OVER (PARTITION BY dept), COUNT(salary) OVER (PARTITION BY dept), "
            + "CAST(AVG(salary) OVER (PARTITION BY dept) AS INT) FROM emp) t WHERE id IN (1, 4, 6) ORDER BY 1"));
    // windows see the rows after WHERE/GROUP BY/HAVING
    assertEquals(List.of("1,1", "4,1"),
        rows("SELECT MIN(id), COUNT(*) OVER (PARTITION BY dept) FROM emp GROUP BY dept, id HAVING id IN (1, 4) ORDER BY 1"));
    assertEquals(List.of("1,100,100", "2,100,200", "3,100,200", "4,50,200", "5,50,200"),
        rows("SELECT id, MIN(salary) OVER w, MAX(salary) OVER w FROM emp WHERE salary IS NOT NULL "
            + "WINDOW w AS (ORDER BY id ROWS BETWEEN UNBOUNDED PRECEDING AND CURRENT ROW) ORDER BY id"));
  }
}
