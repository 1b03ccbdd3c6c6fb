package io.beamdb.cli;

import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.ParentCommand;

/** {@code beam version}: prints the BeamDB and Java versions. */
@Command(name = "version", description = "Print the BeamDB version.")
final class VersionCommand implements Callable<Integer> {

  @ParentCommand BeamCli parent;

  @Override
  public Integer call() {
    parent.out.println("BeamDB " + BeamCli.version());
    parent.out.println("Java " + System.getProperty("java.version") + " ("
        + System.getProperty("java.vm.name") + ")");
    parent.out.flush();
    return 0;
  }
}
