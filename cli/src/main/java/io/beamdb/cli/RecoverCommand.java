package io.beamdb.cli;

import io.beamdb.storage.LsmStore;
import io.beamdb.storage.StorageChecker;
import io.beamdb.storage.StorageException;
import io.beamdb.storage.StorageOptions;
import io.beamdb.storage.StorageSalvager;
import io.beamdb.storage.fs.FileSystem;
import io.beamdb.txn.ClockRepair;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code beam recover PATH --to NEW}: salvages every readable row of a damaged database into a
 * new one. Steps: {@link StorageSalvager} reads every table block and WAL record whose checksum
 * verifies (ignoring the manifest) and writes the newest version of each key into NEW; the
 * commit clock is raised past every salvaged version ({@link ClockRepair}); every secondary index
 * is rebuilt from its table ({@code DROP INDEX} + {@code CREATE INDEX}), since its entries and
 * the rows may have been damaged in different places; NEW is verified with
 * {@link StorageChecker}. Prints the damaged byte ranges skipped and the rows per table.
 *
 * <p>Exit status: 0 when nothing was damaged, 1 when rows may have been lost (damaged ranges were
 * skipped, or an index could not be rebuilt), 2 on usage errors (PATH not a directory, in use by
 * a running process, NEW already a database).
 */
@Command(name = "recover", description = "Salvage every readable row of a damaged database into a new one.")
final class RecoverCommand implements Callable<Integer> {

  @ParentCommand BeamCli parent;

  @Parameters(index = "0", paramLabel = "PATH", description = "The damaged database directory.")
  Path path;

  @Option(names = "--to", required = true, paramLabel = "NEW", description = "Directory of the new database (must not exist or be empty).")
  Path to;

  @Override
  public Integer call() throws IOException {
    if (!Files.isDirectory(path)) {
      parent.err.println("beam recover: " + path + " is not a directory");
      return 2;
    }
    if (Files.exists(to) && (!Files.isDirectory(to) || hasEntries(to))) {
      parent.err.println("beam recover: " + to + " exists and is not an empty directory");
      return 2;
    }
    StorageSalvager.Report r;
    try {
      r = StorageSalvager.salvage(path, FileSystem.DEFAULT, StorageOptions.onDisk(to));
      try (LsmStore store = LsmStore.open(StorageOptions.onDisk(to))) {
        ClockRepair.ensureClockCoversVersions(store);
      }
    } catch (StorageException e) {
      if (e.kind() == StorageException.Kind.LOCKED) {
        parent.err.println("beam recover: " + path + " is in use by a running process (its LOCK is held); stop it first");
      } else {
        parent.err.println("beam recover: " + e.getMessage());
      }
      return 2;
    }
    for (String d : r.damaged()) {
      parent.out.println("DAMAGED " + d);
    }
    parent.out.printf("read %d table(s) (%d blocks), %d WAL(s) (%d records); %d key(s) salvaged%n",
        r.tables(), r.blocks(), r.wals(), r.walRecords(), r.keys());
    boolean lossless = r.damaged().isEmpty();
    try (Connection c = DriverManager.getConnection("jdbc:beam:file:" + to.toAbsolutePath())) {
      lossless &= rebuildIndexes(c);
      for (Map.Entry<String, Long> e : rowCounts(c).entrySet()) {
        parent.out.println("table " + e.getKey() + ": " + e.getValue() + " row(s)");
      }
    } catch (SQLException e) {
      parent.err.println("beam recover: the salvaged database " + to + " cannot be read (" + e.getSQLState() + "): "
          + e.getMessage());
      return 1;
    }
    StorageChecker.Report check = StorageChecker.check(to);
    parent.out.println("check of " + to + ": " + (check.ok() ? "OK" : check.problems()));
    parent.out.flush();
    return lossless && check.ok() ? 0 : 1;
  }

  private static boolean hasEntries(Path dir) throws IOException {
    try (var s = Files.list(dir)) {
      return s.findAny().isPresent();
    }
  }

  private record Index(String schema, String table, String name, boolean unique, List<String> columns) {
  }

  private static List<String[]> tables(Connection c) throws SQLException {
    List<String[]> out = new ArrayList<>();
    try (ResultSet rs = c.getMetaData().getTables(null, null, "%", new String[] {"TABLE"})) {
      while (rs.next()) {
        out.add(new String[] {rs.getString("TABLE_SCHEM"), rs.getString("TABLE_NAME")});
      }
    }
    return out;
  }

  private static String quote(String id) {
    return '"' + id.replace("\"", "\"\"") + '"';
  }

  /** Rebuilds every secondary index; returns false if one could not be rebuilt. */
  private boolean rebuildIndexes(Connection c) throws SQLException {
    List<Index> indexes = new ArrayList<>();
    for (String[] t : tables(c)) {
      Map<String, Index> byName = new LinkedHashMap<>();
      try (ResultSet rs = c.getMetaData().getIndexInfo(null, t[0], t[1], false, false)) {
        while (rs.next()) {
          String name = rs.getString("INDEX_NAME");
          if (name == null || name.startsWith("PRIMARY_KEY_")) {
            continue;
          }
          Index ix = byName.get(name);
          if (ix == null) {
            ix = new Index(t[0], t[1], name, !rs.getBoolean("NON_UNIQUE"), new ArrayList<>());
            byName.put(name, ix);
          }
          ix.columns().add(rs.getString("COLUMN_NAME"));
        }
      }
      indexes.addAll(byName.values());
    }
    boolean ok = true;
    for (Index ix : indexes) {
      String cols = String.join(", ", ix.columns().stream().map(RecoverCommand::quote).toList());
      String table = (ix.schema() == null ? "" : quote(ix.schema()) + ".") + quote(ix.table());
      try (Statement st = c.createStatement()) {
        st.execute("DROP INDEX " + (ix.schema() == null ? "" : quote(ix.schema()) + ".") + quote(ix.name()));
        st.execute("CREATE " + (ix.unique() ? "UNIQUE " : "") + "INDEX " + quote(ix.name()) + " ON " + table + " (" + cols + ")");
        parent.out.println("rebuilt index " + ix.name() + " on " + ix.table());
      } catch (SQLException e) {
        ok = false;
        parent.out.println("INDEX " + ix.name() + " on " + ix.table() + " not rebuilt (" + e.getSQLState() + "): " + e.getMessage());
      }
    }
    return ok;
  }

  private static Map<String, Long> rowCounts(Connection c) throws SQLException {
    Map<String, Long> out = new LinkedHashMap<>();
    for (String[] t : tables(c)) {
      String table = (t[0] == null ? "" : quote(t[0]) + ".") + quote(t[1]);
      try (Statement st = c.createStatement(); ResultSet rs = st.executeQuery("SELECT COUNT(*) FROM " + table)) {
        rs.next();
        out.put(t[1], rs.getLong(1));
      }
    }
    return out;
  }
}
