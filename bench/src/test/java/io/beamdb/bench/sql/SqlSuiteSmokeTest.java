package io.beamdb.bench.sql;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.zaxxer.hikari.HikariDataSource;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Every workload of {@code beam bench sql} runs without errors on BeamDB and H2 (tiny sizes, no timing checks). */
class SqlSuiteSmokeTest {
  @TempDir
  Path dir;

  @Test
  void everyWorkloadRuns() throws Exception {
    SqlSuite.Options o = new SqlSuite.Options();
    o.rows = 500;
    o.ycsbRows = 200;
    o.ycsbFields = 3;
    o.fieldLength = 10;
    o.threads = new int[] {1, 2};
    o.tpccThreads = 2;
    o.tpccCustomers = 5;
    o.tpccItems = 50;
    o.seconds = 0.02;
    o.warmup = 0.005;
    o.analyticSeconds = 0.02;
    for (String key : new String[] {"beam-normal", "h2"}) {
      Engine e = Engine.all().get(key);
      SqlSuite suite = new SqlSuite(o);
      try (HikariDataSource ds = e.open(dir.resolve(key), suite.poolSize())) {
        Map<String, Runner.Result> results = suite.run(ds);
        assertEquals(6 + 4 * 2 + 2, results.size(), key + ": " + results.keySet());
        for (Map.Entry<String, Runner.Result> r : results.entrySet()) {
          assertEquals(0, r.getValue().errors(), key + " " + r.getKey() + ": " + r.getValue().firstError());
          assertTrue(r.getValue().ops() >= 0);
        }
      }
    }
  }
}
