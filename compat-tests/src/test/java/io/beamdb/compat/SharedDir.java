package io.beamdb.compat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;

/**
 * Finds the {@code shared/} directory that sits beside the repository checkout (CI clones the
 * repository with {@code shared/} next to it). Searches upwards from the working directory
 * (Maven runs tests in the module directory) for a directory with a
 * {@code shared/sqllogictest} child; {@code -Dbeam.shared.dir=...} or {@code BEAM_SHARED_DIR}
 * override the search.
 */
final class SharedDir {

  private SharedDir() {}

  static Path sqllogictest() {
    return locate().resolve("sqllogictest");
  }

  static Path locate() {
    String override = System.getProperty("beam.shared.dir", System.getenv("BEAM_SHARED_DIR"));
    if (override != null && !override.isBlank()) {
      Path dir = Paths.get(override).toAbsolutePath().normalize();
      if (Files.isDirectory(dir.resolve("sqllogictest"))) {
        return dir;
      }
      throw new IllegalStateException("beam.shared.dir / BEAM_SHARED_DIR = " + dir
          + " has no sqllogictest directory");
    }
    Path start = Paths.get("").toAbsolutePath().normalize();
    for (Path dir = start; dir != null; dir = dir.getParent()) {
      Path candidate = dir.resolve("shared");
      if (Files.isDirectory(candidate.resolve("sqllogictest"))) {
        return candidate;
      }
    }
    throw new IllegalStateException("cannot find shared/sqllogictest in " + start
        + " or any directory above it; the shared/ directory must sit beside the repository"
        + " checkout (or set -Dbeam.shared.dir=/path/to/shared)");
  }
}
