package io.beamdb.bench.sql;

import java.sql.SQLException;
import java.util.Locale;

/** Which engine errors a client retries (the conventions of DESIGN.md section 9, plus each peer's own). */
final class Errors {
  private Errors() {
  }

  /**
   * Serialization failure / deadlock (40001, 40P01, any engine), H2's lock timeout (HYT00) and
   * concurrent-update error (90131), SQLite busy/locked (error codes 5, 6 and their extended
   * codes).
   */
  static boolean isTransient(SQLException e) {
    for (Throwable t = e; t instanceof SQLException s; t = t.getCause()) {
      String state = s.getSQLState();
      if (state != null && (state.startsWith("40") || state.equals("HYT00"))) {
        return true;
      }
      int code = s.getErrorCode();
      boolean sqlite = s.getClass().getName().startsWith("org.sqlite.");
      if (code == 90131 || (sqlite && ((code & 0xff) == 5 || (code & 0xff) == 6))) {
        return true;
      }
      String msg = s.getMessage();
      if (msg != null && msg.toUpperCase(Locale.ROOT).contains("SQLITE_BUSY")) {
        return true;
      }
    }
    return false;
  }
}
