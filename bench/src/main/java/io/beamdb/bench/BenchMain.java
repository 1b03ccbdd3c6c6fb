package io.beamdb.bench;

import java.util.Arrays;

/**
 * Entry point of {@code beam bench}: {@code beam bench sql [flags]} runs {@link SqlBench} (the OLTP
 * suite against H2, HSQLDB and SQLite); {@code beam bench storage [--keys N] ...} runs {@link StorageBench}
 * (BeamDB's LSM store against RocksDB JNI); {@code beam bench memory} runs {@link io.beamdb.bench.sql.MemoryBench}
 * (memory per row against H2, HSQLDB and SQLite).
 */
public final class BenchMain {
  private BenchMain() {
  }

  public static void main(String[] args) throws Exception {
    if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
      System.out.println("usage: beam bench sql [--rows N] [--seconds S] [--engines ...] [--workloads ...] (beam bench sql --help for all flags)");
      System.out.println("       beam bench mvcc [--threads 1,2,4,8] [--seconds S] [--isolation LEVEL]");
      System.out.println("       beam bench memory [--rows N] [--engines beam-mem,h2-mem,hsqldb-mem,sqlite-mem,beam-file,h2-file]");
      System.out.println("       beam bench storage [--keys N] [--reads N] [--value-size B] [--compression none|lz4] [--dir D] [--engines beamdb,rocksdb]");
      return;
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    switch (args[0]) {
      case "sql":
        SqlBench.main(rest);
        break;
      case "storage":
        StorageBench.main(rest);
        break;
      case "mvcc":
        ConcurrencyBench.main(rest);
        break;
      case "memory":
        io.beamdb.bench.sql.MemoryBench.main(rest);
        break;
      default:
        System.err.println("unknown benchmark '" + args[0] + "'; try: beam bench sql, beam bench storage, beam bench mvcc, beam bench memory");
        System.exit(2);
    }
  }
}
