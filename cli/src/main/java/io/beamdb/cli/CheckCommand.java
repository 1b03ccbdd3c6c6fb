package io.beamdb.cli;

import io.beamdb.storage.StorageChecker;
import io.beamdb.storage.StorageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code beam check PATH}: verifies every checksum of every file of a database directory with
 * {@link StorageChecker} (manifests, every SSTable block, index, filter and footer, the WALs the
 * next open would replay) and prints each problem as {@code FILE @OFFSET: message}. Exit status
 * 0 when sound, 1 if any problem was found, 2 if the path is not a directory or is locked by a
 * running process.
 */
@Command(name = "check", description = "Verify every checksum of a database directory; exit 1 on damage.")
final class CheckCommand implements Callable<Integer> {

  @ParentCommand BeamCli parent;

  @Parameters(index = "0", paramLabel = "PATH", description = "The database directory (the path of a jdbc:beam:file: URL).")
  Path path;

  @Override
  public Integer call() {
    if (!Files.isDirectory(path)) {
      parent.err.println("beam check: " + path + " is not a directory");
      return 2;
    }
    StorageChecker.Report r;
    try {
      r = StorageChecker.check(path);
    } catch (StorageException e) {
      if (e.kind() == StorageException.Kind.LOCKED) {
        parent.err.println("beam check: " + path + " is in use by a running process (its LOCK is held); stop it first");
      } else {
        parent.err.println("beam check: cannot check " + path + ": " + e.getMessage());
      }
      return 2;
    }
    for (StorageChecker.Problem p : r.problems()) {
      parent.out.println("PROBLEM " + p.file() + (p.offset() >= 0 ? " @" + p.offset() : "") + ": " + p.message());
    }
    for (String n : r.notes()) {
      parent.out.println("note: " + n);
    }
    parent.out.printf("checked %d manifest(s) (%d edits), %d table(s) (%d data blocks), %d WAL(s) (%d records): %s%n",
        r.manifests(), r.manifestEdits(), r.tables(), r.blocks(), r.wals(), r.walRecords(),
        r.ok() ? "OK" : r.problems().size() + " problem(s)");
    parent.out.flush();
    return r.ok() ? 0 : 1;
  }
}
