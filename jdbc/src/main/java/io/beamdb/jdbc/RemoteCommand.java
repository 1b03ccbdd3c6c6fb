package io.beamdb.jdbc;

import io.beamdb.engine.ColumnInfo;
import io.beamdb.engine.PreparedCommand;
import java.util.List;

/** A statement prepared on the server, named by its handle there. Immutable. */
final class RemoteCommand implements PreparedCommand {
  final int handle;
  private final String sql;
  private final int[] paramTypes;
  private final boolean returnsRows;
  private final List<ColumnInfo> columns;

  RemoteCommand(int handle, String sql, int[] paramTypes, boolean returnsRows, List<ColumnInfo> columns) {
    this.handle = handle;
    this.sql = sql;
    this.paramTypes = paramTypes;
    this.returnsRows = returnsRows;
    this.columns = columns;
  }

  @Override
  public String sql() {
    return sql;
  }

  @Override
  public int parameterCount() {
    return paramTypes.length;
  }

  @Override
  public int parameterType(int index) {
    return paramTypes[index];
  }

  @Override
  public List<ColumnInfo> resultColumns() {
    return columns;
  }

  @Override
  public boolean returnsRows() {
    return returnsRows;
  }
}
