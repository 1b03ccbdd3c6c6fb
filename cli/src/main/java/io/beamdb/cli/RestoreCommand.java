package io.beamdb.cli;

import io.beamdb.storage.Backup;
import io.beamdb.storage.StorageChecker;
import io.beamdb.storage.StorageException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/**
 * {@code beam restore FILE --to DIR}: unpacks a backup written by {@code BACKUP TO 'FILE'} into
 * a new database directory and verifies it with {@link StorageChecker}; open it afterwards as
 * {@code jdbc:beam:file:DIR}. Exit status 0 when restored and sound, 1 when the backup is damaged,
 * 2 on usage errors (FILE missing, DIR not empty).
 */
@Command(name = "restore", description = "Restore a BACKUP TO zip file into a new database directory.")
final class RestoreCommand implements Callable<Integer> {

  @ParentCommand BeamCli parent;

  @Parameters(index = "0", paramLabel = "FILE", description = "The backup file written by BACKUP TO.")
  Path file;

  @Option(names = "--to", required = true, paramLabel = "DIR", description = "The new database directory (must not exist or be empty).")
  Path to;

  @Override
  public Integer call() {
    if (!Files.isRegularFile(file)) {
      parent.err.println("beam restore: " + file + " is not a file");
      return 2;
    }
    try {
      Backup.restore(file, to);
    } catch (StorageException e) {
      parent.err.println("beam restore: " + e.getMessage());
      return e.kind() == StorageException.Kind.CORRUPTION ? 1 : 2;
    }
    StorageChecker.Report r = StorageChecker.check(to);
    for (StorageChecker.Problem p : r.problems()) {
      parent.out.println("PROBLEM " + p);
    }
    parent.out.println("restored " + file + " into " + to + ": " + (r.ok() ? "OK" : r.problems().size() + " problem(s)")
        + "; open it as jdbc:beam:file:" + to.toAbsolutePath());
    parent.out.flush();
    return r.ok() ? 0 : 1;
  }
}
