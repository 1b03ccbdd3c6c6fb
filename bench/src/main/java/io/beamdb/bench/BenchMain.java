package io.beamdb.bench;

import java.util.Arrays;

/**
 * Entry point of {@code beam bench}: {@code beam bench sql [--rows N] [--seconds S] [--engines ...]}
 * runs {@link SqlBench}.
 */
public final class BenchMain {
  private BenchMain() {
  }

  public static void main(String[] args) throws Exception {
    if (args.length == 0 || args[0].equals("--help") || args[0].equals("-h")) {
      System.out.println("usage: beam bench sql [--rows N] [--seconds S] [--engines beam-full,beam-normal,h2,hsqldb,sqlite-full,sqlite-normal]");
      return;
    }
    String[] rest = Arrays.copyOfRange(args, 1, args.length);
    switch (args[0]) {
      case "sql":
        SqlBench.main(rest);
        break;
      default:
        System.err.println("unknown benchmark '" + args[0] + "'; try: beam bench sql");
        System.exit(2);
    }
  }
}
