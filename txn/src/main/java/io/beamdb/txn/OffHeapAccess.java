package io.beamdb.txn;

import java.util.Optional;

/**
 * Whether this JVM can run the off-heap {@link RowCache} (Chronicle Map on the class path and the
 * module access it needs), and its factory. Chronicle classes are only touched through
 * {@link ChronicleRowCache}, loaded after these checks.
 */
final class OffHeapAccess {
  /** The JVM flags Chronicle Map needs on JDK 17 (see DEPENDENCIES.md). */
  static final String FLAGS = "--add-opens=java.base/java.lang=ALL-UNNAMED --add-opens=java.base/java.lang.reflect=ALL-UNNAMED "
      + "--add-exports=java.base/sun.nio.ch=ALL-UNNAMED --add-exports=jdk.compiler/com.sun.tools.javac.file=ALL-UNNAMED "
      + "--add-exports=java.base/jdk.internal.ref=ALL-UNNAMED";

  private OffHeapAccess() {
  }

  /** Null when the off-heap cache can be tried, else what is missing. */
  static String missing() {
    if (OffHeapAccess.class.getClassLoader().getResource("net/openhft/chronicle/map/ChronicleMap.class") == null) {
      return "net.openhft:chronicle-map is not on the class path";
    }
    Module me = OffHeapAccess.class.getModule();
    Module base = Object.class.getModule();
    if (!base.isOpen("java.lang", me) || !base.isOpen("java.lang.reflect", me)) {
      return "the JVM does not open java.base/java.lang and java.lang.reflect to it";
    }
    if (!base.isExported("sun.nio.ch", me)) {
      return "the JVM does not export java.base/sun.nio.ch to it";
    }
    Optional<Module> compiler = ModuleLayer.boot().findModule("jdk.compiler");
    if (compiler.isEmpty()) {
      return "the runtime has no jdk.compiler module";
    }
    if (!compiler.get().isExported("com.sun.tools.javac.file", me)) {
      return "the JVM does not export jdk.compiler/com.sun.tools.javac.file to it";
    }
    return null;
  }

  /** Creates the off-heap backend; Chronicle's usage analytics and banner are switched off first. */
  static RowCache.Backend create(long entries, int maxValueBytes) {
    if (System.getProperty("chronicle.analytics.disable") == null) {
      System.setProperty("chronicle.analytics.disable", "true");
    }
    if (System.getProperty("chronicle.announcer.disable") == null) {
      System.setProperty("chronicle.announcer.disable", "true");
    }
    return new ChronicleRowCache(entries, maxValueBytes);
  }
}
