package io.beamdb.engine;

import io.beamdb.planner.physical.PhysicalPlan;
import io.beamdb.sql.ddl.DdlCommand;
import io.beamdb.sql.type.ColumnType;

import java.util.List;

/**
 * A prepared command: a compiled physical plan (queries and DML), a parsed DDL command, or a
 * transaction-control command. Immutable.
 */
final class EnginePreparedCommand implements PreparedCommand {
  /** What kind of command this is. */
  enum Kind { QUERY, DML, EXPLAIN, DDL, COMMIT, ROLLBACK, BEGIN, SET_ISOLATION, SET_SCHEMA, SAVEPOINT, ROLLBACK_TO, RELEASE, BACKUP,
    ANALYZE, EXPLAIN_ANALYZE }

  final String sql;
  final Kind kind;
  final PhysicalPlan plan;
  final DdlCommand ddl;
  final ColumnType[] paramTypes;
  final List<ColumnInfo> columns;
  final ColumnType[] columnTypes;
  final long catalogVersion;
  final String explainText;
  /** The command re-planned after a schema change, used by later executions; null while current. */
  volatile EnginePreparedCommand replacement;
  /** The level a SET TRANSACTION ISOLATION LEVEL command sets. */
  io.beamdb.txn.IsolationLevel isolation;
  /** Schema a SET SCHEMA command switches to. */
  String targetSchema;
  /** Savepoint name of SAVEPOINT / ROLLBACK TO / RELEASE commands. */
  String savepoint;
  /** True for {@code SELECT ... FOR UPDATE}: rows read are locked for the transaction. */
  boolean forUpdate;
  /**
   * For DML with a RETURNING clause: its expressions over the table's row (the new row of an
   * INSERT or UPDATE, the old row of a DELETE); {@link #columns} describe them. Null otherwise.
   */
  io.beamdb.planner.expr.Expr[] returning;
  /** Statistics epoch the plan was made under; a different current epoch makes it plan again. */
  long statsEpoch;
  /** For EXPLAIN ANALYZE: the profiled statement it runs. */
  EnginePreparedCommand explained;

  EnginePreparedCommand(String sql, Kind kind, PhysicalPlan plan, DdlCommand ddl, ColumnType[] paramTypes,
                        List<ColumnInfo> columns, ColumnType[] columnTypes, long catalogVersion, String explainText) {
    this.sql = sql;
    this.kind = kind;
    this.plan = plan;
    this.ddl = ddl;
    this.paramTypes = paramTypes;
    this.columns = columns;
    this.columnTypes = columnTypes;
    this.catalogVersion = catalogVersion;
    this.explainText = explainText;
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
    return paramTypes[index].type().jdbcType();
  }

  @Override
  public List<ColumnInfo> resultColumns() {
    return columns;
  }

  @Override
  public boolean returnsRows() {
    return kind == Kind.QUERY || kind == Kind.EXPLAIN || kind == Kind.EXPLAIN_ANALYZE || returning != null;
  }
}
