package io.beamdb.bench;

import io.beamdb.storage.Compression;
import io.beamdb.storage.KvIterator;
import io.beamdb.storage.LsmStore;
import io.beamdb.storage.StorageOptions;
import io.beamdb.storage.StorageStats;
import io.beamdb.storage.SyncMode;
import io.beamdb.storage.WriteBatch;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.stream.Stream;
import org.rocksdb.BlockBasedTableConfig;
import org.rocksdb.BloomFilter;
import org.rocksdb.CompressionType;
import org.rocksdb.LRUCache;
import org.rocksdb.Options;
import org.rocksdb.RocksDB;
import org.rocksdb.RocksDBException;
import org.rocksdb.RocksIterator;
import org.rocksdb.Statistics;
import org.rocksdb.TickerType;
import org.rocksdb.WriteOptions;

/**
 * {@code beam bench storage}: a db_bench-style benchmark (LevelDB {@code benchmarks/db_bench.cc},
 * RocksDB wiki "Benchmarking tools") of BeamDB's {@link LsmStore} against RocksDB JNI in the same
 * run, on one thread.
 *
 * <p>Workloads on {@code --keys N} keys (default 1,000,000), 16-byte keys ({@code %016d}) and
 * {@code --value-size} byte values (default 100; half random, half repeated, so about 2:1
 * compressible, as db_bench's {@code --compression_ratio=0.5}), one put per write, WAL on, no sync:
 * <ul>
 *   <li>fillseq: N puts in key order into an empty store;</li>
 *   <li>fillrandom: N puts of uniformly random keys into an empty store;</li>
 *   <li>overwrite: N more random puts into the fillrandom store;</li>
 *   <li>readrandom: {@code --reads} gets of random keys (default N);</li>
 *   <li>readseq: one full forward scan;</li>
 *   <li>seekrandom: {@code --reads}/10 iterator seeks to random keys;</li>
 *   <li>fillsync: N/1000 (at least 200) puts, each fsynced (SyncMode.FULL / {@code sync=true}).</li>
 * </ul>
 * Comparable options on both: 4 MiB memtable (RocksDB: 3 write buffers = BeamDB's active + 2
 * immutable), 4 KiB blocks, bloom filter 10 bits/key, 8 MiB block cache, L0 triggers 4/8/12,
 * L1 10 MiB and x10 per level (RocksDB: dynamic level bytes off), 2 MiB target files, one flush
 * and one compaction thread, compression {@code --compression none|lz4} on both.
 * Write amplification = (WAL + flush + compaction bytes) / (N·(16 + value size)) over fillrandom
 * and overwrite (BeamDB's {@link StorageStats}, RocksDB's statistics tickers); space = bytes of
 * all files in the directory after overwrite. Each engine runs all its phases alone (the other is
 * closed), BeamDB first, each after an untimed warm-up of min(N, 200,000) random puts, as many
 * gets and one scan in a scratch store (so the JIT has compiled BeamDB's paths before fillseq).
 * Output: one line per phase, then one table on stdout.
 */
public final class StorageBench {
  private StorageBench() {
  }

  /** One store under test. */
  interface Engine extends AutoCloseable {
    void put(byte[] key, byte[] value) throws Exception;

    byte[] get(byte[] key) throws Exception;

    long scanAll();

    boolean seek(byte[] key);

    /** {WAL bytes, flush bytes, compaction bytes} written since open. */
    long[] writtenBytes();

    @Override
    void close() throws Exception;
  }

  static final class Beam implements Engine {
    final LsmStore db;

    Beam(Path dir, boolean sync, Compression compression) {
      db = LsmStore.open(StorageOptions.onDisk(dir).withSync(sync ? SyncMode.FULL : SyncMode.OFF)
          .withCompression(compression));
    }

    @Override public void put(byte[] key, byte[] value) {
      db.write(new WriteBatch().put(key, value));
    }

    @Override public byte[] get(byte[] key) {
      return db.get(key);
    }

    @Override public long scanAll() {
      long n = 0;
      try (KvIterator it = db.iterator(null)) {
        for (it.seekToFirst(); it.valid(); it.next()) {
          n += it.key().length + it.value().length > 0 ? 1 : 0;
        }
      }
      return n;
    }

    @Override public boolean seek(byte[] key) {
      try (KvIterator it = db.iterator(null)) {
        it.seek(key);
        return it.valid() && it.value() != null;
      }
    }

    @Override public long[] writtenBytes() {
      StorageStats s = db.stats();
      return new long[] {s.walBytesWritten(), s.flushBytesWritten(), s.compactionBytesWritten()};
    }

    @Override public void close() {
      db.close();
    }
  }

  static final class Rocks implements Engine {
    final Statistics stats = new Statistics();
    final LRUCache cache = new LRUCache(8L << 20);
    final BloomFilter bloom = new BloomFilter(10, false);
    final Options options;
    final WriteOptions writeOptions;
    final RocksDB db;

    Rocks(Path dir, boolean sync, Compression compression) throws RocksDBException {
      options = new Options().setCreateIfMissing(true)
          .setWriteBufferSize(4L << 20).setMaxWriteBufferNumber(3)
          .setLevel0FileNumCompactionTrigger(4).setLevel0SlowdownWritesTrigger(8).setLevel0StopWritesTrigger(12)
          .setLevelCompactionDynamicLevelBytes(false).setMaxBytesForLevelBase(10L << 20)
          .setMaxBytesForLevelMultiplier(10).setTargetFileSizeBase(2L << 20)
          .setMaxBackgroundJobs(2).setMaxOpenFiles(-1)
          .setCompressionType(compression == Compression.LZ4 ? CompressionType.LZ4_COMPRESSION : CompressionType.NO_COMPRESSION)
          .setStatistics(stats)
          .setTableFormatConfig(new BlockBasedTableConfig().setBlockSize(4096).setFilterPolicy(bloom).setBlockCache(cache));
      writeOptions = new WriteOptions().setSync(sync).setDisableWAL(false);
      db = RocksDB.open(options, dir.toString());
    }

    @Override public void put(byte[] key, byte[] value) throws RocksDBException {
      db.put(writeOptions, key, value);
    }

    @Override public byte[] get(byte[] key) throws RocksDBException {
      return db.get(key);
    }

    @Override public long scanAll() {
      long n = 0;
      try (RocksIterator it = db.newIterator()) {
        for (it.seekToFirst(); it.isValid(); it.next()) {
          n += it.key().length + it.value().length > 0 ? 1 : 0;
        }
      }
      return n;
    }

    @Override public boolean seek(byte[] key) {
      try (RocksIterator it = db.newIterator()) {
        it.seek(key);
        return it.isValid() && it.value() != null;
      }
    }

    @Override public long[] writtenBytes() {
      return new long[] {stats.getTickerCount(TickerType.WAL_FILE_BYTES), stats.getTickerCount(TickerType.FLUSH_WRITE_BYTES),
          stats.getTickerCount(TickerType.COMPACT_WRITE_BYTES)};
    }

    @Override public void close() {
      db.close();
      writeOptions.close();
      options.close();
      cache.close();
      bloom.close();
      stats.close();
    }
  }

  interface Opener {
    Engine open(Path dir, boolean sync) throws Exception;
  }

  /** Per engine: phase name -> ops/s, plus write amplification and space. */
  static final class Result {
    final Map<String, Double> opsPerSec = new LinkedHashMap<>();
    final Map<String, Long> ops = new LinkedHashMap<>();
    double writeAmp;
    long spaceBytes;
  }

  private static byte[] key(long i) {
    return String.format("%016d", i).getBytes(StandardCharsets.US_ASCII);
  }

  public static void main(String[] args) throws Exception {
    long keys = 1_000_000;
    long reads = -1;
    int valueSize = 100;
    Compression compression = Compression.NONE;
    Path base = null;
    List<String> engines = List.of("beamdb", "rocksdb");
    for (int i = 0; i < args.length; i++) {
      switch (args[i]) {
        case "--keys" -> keys = Long.parseLong(args[++i]);
        case "--reads" -> reads = Long.parseLong(args[++i]);
        case "--value-size" -> valueSize = Integer.parseInt(args[++i]);
        case "--compression" -> compression = Compression.valueOf(args[++i].toUpperCase(Locale.ROOT));
        case "--dir" -> base = Path.of(args[++i]);
        case "--engines" -> engines = List.of(args[++i].split(","));
        case "--help", "-h" -> {
          System.out.println("usage: beam bench storage [--keys N] [--reads N] [--value-size B] [--compression none|lz4]"
              + " [--dir D] [--engines beamdb,rocksdb]");
          return;
        }
        default -> {
          System.err.println("unknown option " + args[i] + "; try --help");
          System.exit(2);
        }
      }
    }
    if (reads < 0) {
      reads = keys;
    }
    boolean tempBase = base == null;
    if (tempBase) {
      base = Files.createTempDirectory("beam-bench-storage");
    }
    Files.createDirectories(base);
    RocksDB.loadLibrary();
    Compression c = compression;
    Map<String, Opener> openers = new LinkedHashMap<>();
    openers.put("beamdb", (d, sync) -> new Beam(d, sync, c));
    openers.put("rocksdb", (d, sync) -> new Rocks(d, sync, c));
    System.out.printf("beam bench storage: %,d keys, 16-byte keys, %d-byte values, %,d reads, compression %s, dir %s%n",
        keys, valueSize, reads, compression, base);
    System.out.printf("java %s, %d cpus, rocksdbjni %s%n", System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors(), RocksDB.rocksdbVersion());
    Map<String, Result> results = new LinkedHashMap<>();
    for (String e : engines) {
      Opener o = openers.get(e);
      if (o == null) {
        throw new IllegalArgumentException("unknown engine " + e);
      }
      results.put(e, run(e, o, base.resolve(e), keys, reads, valueSize));
    }
    print(results, keys, valueSize);
    if (tempBase) {
      deleteTree(base);
    }
  }

  private static Result run(String name, Opener opener, Path dir, long keys, long reads, int valueSize) throws Exception {
    Result r = new Result();
    ValueGen values = new ValueGen(valueSize, 301);
    deleteTree(dir);
    Files.createDirectories(dir);
    // warm-up (untimed): lets the JIT compile the write, read and scan paths before fillseq
    try (Engine e = opener.open(dir.resolve("warmup"), false)) {
      Random rnd = new Random(3);
      long n = Math.min(keys, 200_000);
      for (long i = 0; i < n; i++) {
        e.put(key(Math.floorMod(rnd.nextLong(), keys)), values.next());
      }
      for (long i = 0; i < n; i++) {
        e.get(key(Math.floorMod(rnd.nextLong(), keys)));
      }
      e.scanAll();
    }
    deleteTree(dir.resolve("warmup"));
    // fillseq
    try (Engine e = opener.open(dir.resolve("fillseq"), false)) {
      long t = System.nanoTime();
      for (long i = 0; i < keys; i++) {
        e.put(key(i), values.next());
      }
      record(r, name, "fillseq", keys, t);
    }
    deleteTree(dir.resolve("fillseq"));
    // fillrandom, overwrite and the reads on one store
    Path main = dir.resolve("random");
    try (Engine e = opener.open(main, false)) {
      Random rnd = new Random(1);
      long t = System.nanoTime();
      for (long i = 0; i < keys; i++) {
        e.put(key(Math.floorMod(rnd.nextLong(), keys)), values.next());
      }
      record(r, name, "fillrandom", keys, t);
      t = System.nanoTime();
      for (long i = 0; i < keys; i++) {
        e.put(key(Math.floorMod(rnd.nextLong(), keys)), values.next());
      }
      record(r, name, "overwrite", keys, t);
      long[] w = e.writtenBytes();
      r.writeAmp = (double) (w[0] + w[1] + w[2]) / (2.0 * keys * (16 + valueSize));
      r.spaceBytes = treeSize(main);
      System.out.printf("  %s after overwrite: wal %,d flush %,d compaction %,d bytes, space %,d bytes%n",
          name, w[0], w[1], w[2], r.spaceBytes);
      t = System.nanoTime();
      long found = 0;
      for (long i = 0; i < reads; i++) {
        if (e.get(key(Math.floorMod(rnd.nextLong(), keys))) != null) {
          found++;
        }
      }
      record(r, name, "readrandom", reads, t);
      System.out.printf("  %s readrandom: %,d of %,d found%n", name, found, reads);
      t = System.nanoTime();
      long n = e.scanAll();
      record(r, name, "readseq", n, t);
      long seeks = Math.max(1, reads / 10);
      t = System.nanoTime();
      for (long i = 0; i < seeks; i++) {
        e.seek(key(Math.floorMod(rnd.nextLong(), keys)));
      }
      record(r, name, "seekrandom", seeks, t);
    }
    deleteTree(main);
    long syncOps = Math.max(200, keys / 1000);
    try (Engine e = opener.open(dir.resolve("fillsync"), true)) {
      Random rnd = new Random(2);
      long t = System.nanoTime();
      for (long i = 0; i < syncOps; i++) {
        e.put(key(Math.floorMod(rnd.nextLong(), keys)), values.next());
      }
      record(r, name, "fillsync", syncOps, t);
    }
    deleteTree(dir);
    return r;
  }

  private static void record(Result r, String engine, String phase, long ops, long startNanos) {
    double secs = (System.nanoTime() - startNanos) / 1e9;
    double rate = ops / secs;
    r.opsPerSec.put(phase, rate);
    r.ops.put(phase, ops);
    System.out.printf("  %-8s %-11s %,12d ops in %8.2f s: %,12.0f ops/s (%.2f us/op)%n", engine, phase, ops, secs, rate,
        1e6 / rate);
  }

  private static void print(Map<String, Result> results, long keys, int valueSize) {
    List<String> names = new ArrayList<>(results.keySet());
    Result first = results.values().iterator().next();
    StringBuilder h = new StringBuilder(String.format("%n| %-10s | %11s |", "benchmark", "ops"));
    StringBuilder sep = new StringBuilder("|------------|-------------|");
    for (String n : names) {
      h.append(String.format(" %13s |", n + " ops/s"));
      sep.append("---------------|");
    }
    boolean ratio = names.size() == 2;
    if (ratio) {
      String label = names.get(0) + "/" + names.get(1);
      h.append(String.format(" %9s |", label.equals("beamdb/rocksdb") ? "ratio" : label));
      sep.append("-----------|");
    }
    System.out.println(h);
    System.out.println(sep);
    for (String phase : first.opsPerSec.keySet()) {
      StringBuilder row = new StringBuilder(String.format("| %-10s | %,11d |", phase, first.ops.get(phase)));
      for (String n : names) {
        row.append(String.format(" %,13.0f |", results.get(n).opsPerSec.get(phase)));
      }
      if (ratio) {
        row.append(String.format(" %9.2f |", results.get(names.get(0)).opsPerSec.get(phase)
            / results.get(names.get(1)).opsPerSec.get(phase)));
      }
      System.out.println(row);
    }
    StringBuilder wa = new StringBuilder(String.format("| %-10s | %11s |", "write amp", ""));
    StringBuilder sp = new StringBuilder(String.format("| %-10s | %11s |", "space MiB", ""));
    for (String n : names) {
      wa.append(String.format(" %13.2f |", results.get(n).writeAmp));
      sp.append(String.format(" %13.1f |", results.get(n).spaceBytes / 1048576.0));
    }
    if (ratio) {
      wa.append(String.format(" %9.2f |", results.get(names.get(0)).writeAmp / results.get(names.get(1)).writeAmp));
      sp.append(String.format(" %9.2f |", (double) results.get(names.get(0)).spaceBytes / results.get(names.get(1)).spaceBytes));
    }
    System.out.println(wa);
    System.out.println(sp);
    System.out.printf("%nwrite amp = (WAL + flush + compaction bytes) / user bytes of fillrandom + overwrite (%,d x %d B);"
        + " space = all files after overwrite (at most %,d distinct keys, %.1f MiB raw)%n",
        2 * keys, 16 + valueSize, keys, keys * (16.0 + valueSize) / 1048576.0);
  }

  /** db_bench's RandomGenerator in spirit: values half random bytes, half a repeated byte. */
  static final class ValueGen {
    private final byte[] data = new byte[1 << 20];
    private final int size;
    private int pos;

    ValueGen(int size, long seed) {
      this.size = size;
      Random rnd = new Random(seed);
      for (int i = 0; i < data.length; i += size) {
        for (int j = 0; j < size && i + j < data.length; j++) {
          data[i + j] = j < size / 2 ? (byte) (' ' + rnd.nextInt(95)) : (byte) 'x';
        }
      }
    }

    byte[] next() {
      if (pos + size > data.length) {
        pos = 0;
      }
      byte[] v = java.util.Arrays.copyOfRange(data, pos, pos + size);
      pos += size + 7; // shift so consecutive values differ
      if (pos + size > data.length) {
        pos = (pos + 13) % size;
      }
      return v;
    }
  }

  private static long treeSize(Path dir) throws IOException {
    try (Stream<Path> s = Files.walk(dir)) {
      long total = 0;
      for (Path p : (Iterable<Path>) s::iterator) {
        if (Files.isRegularFile(p)) {
          total += Files.size(p);
        }
      }
      return total;
    }
  }

  private static void deleteTree(Path dir) throws IOException {
    if (!Files.exists(dir)) {
      return;
    }
    try (Stream<Path> s = Files.walk(dir)) {
      for (Path p : s.sorted(Comparator.reverseOrder()).toList()) {
        Files.delete(p);
      }
    }
  }
}
