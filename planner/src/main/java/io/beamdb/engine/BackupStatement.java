package io.beamdb.engine;

import io.beamdb.sql.SqlErrors;
import io.beamdb.storage.Backup;
import io.beamdb.storage.StorageException;
import io.beamdb.txn.TxnErrors;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.sql.SQLException;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * {@code BACKUP TO 'file'}: writes an online, consistent backup of the whole database to one zip
 * file ({@link Backup#backup}): the committed data of one commit point, taken from a storage
 * snapshot while other sessions keep writing (the session's own uncommitted changes are not
 * included). Restore with {@code beam restore FILE --to DIR}, then open
 * {@code jdbc:beam:file:DIR}. A relative path is resolved against the working directory of the
 * process; an existing file is replaced atomically. Works for in-memory databases too.
 *
 * <p>SQLStates: 42000 malformed statement; 58030 the file cannot be written (53100 disk full).
 */
final class BackupStatement {
  private static final Pattern SYNTAX = Pattern.compile("(?is)\\s*BACKUP\\s+TO\\s+'((?:[^']|'')+)'\\s*;?\\s*");

  private BackupStatement() {
  }

  /** The target path of a {@code BACKUP TO 'file'} statement; 42000 if malformed. */
  static Path target(String sql) throws SQLException {
    Matcher m = SYNTAX.matcher(sql);
    if (!m.matches()) {
      throw SqlErrors.syntax("Syntax error in '" + sql.trim() + "'; use BACKUP TO 'file.zip'");
    }
    try {
      return Path.of(m.group(1).replace("''", "'"));
    } catch (InvalidPathException e) {
      throw SqlErrors.syntax("Invalid backup file name '" + m.group(1) + "': " + e.getMessage());
    }
  }

  /** Runs the backup; returns update count 0. */
  static CommandResult execute(EngineDatabase db, String sql) throws SQLException {
    Path file = target(sql);
    try {
      Backup.backup(db.store(), file);
    } catch (StorageException e) {
      throw TxnErrors.storage(e);
    }
    return CommandResult.ofCount(0);
  }
}
