package io.beamdb.wire;

import io.beamdb.engine.CatalogView;
import io.beamdb.engine.ColumnInfo;
import io.beamdb.txn.IsolationLevel;
import java.sql.BatchUpdateException;
import java.sql.SQLException;
import java.sql.SQLNonTransientConnectionException;
import java.sql.SQLTimeoutException;
import java.sql.SQLTransactionRollbackException;
import java.util.ArrayList;
import java.util.List;

/**
 * Encodes the engine API's types ({@link ColumnInfo}, {@link CatalogView}, errors, session
 * state) into frames and back. Stateless.
 */
public final class EngineCodec {
  private EngineCodec() {
  }

  /** Session state carried at the start of every response after the handshake. */
  public record State(boolean autoCommit, boolean inTransaction, IsolationLevel isolation, String schema) {
  }

  /** Writes the state block; the schema only when it differs from {@code lastSchema}. */
  public static void writeState(WireWriter w, State s, String lastSchema) {
    boolean schema = !s.schema().equals(lastSchema);
    w.writeByte((s.autoCommit() ? 1 : 0) | (s.inTransaction() ? 2 : 0) | (schema ? 4 : 0));
    w.writeByte(s.isolation().ordinal());
    if (schema) {
      w.writeString(s.schema());
    }
  }

  /** Reads a state block; {@code lastSchema} when none was sent. */
  public static State readState(WireReader r, String lastSchema) {
    int flags = r.readByte();
    IsolationLevel iso = IsolationLevel.values()[r.readByte()];
    String schema = (flags & 4) != 0 ? r.readString() : lastSchema;
    return new State((flags & 1) != 0, (flags & 2) != 0, iso, schema);
  }

  public static void writeColumns(WireWriter w, List<ColumnInfo> columns) {
    w.writeInt(columns.size());
    for (ColumnInfo c : columns) {
      w.writeString(c.label()).writeString(c.columnName()).writeString(c.tableName()).writeString(c.schemaName())
          .writeInt(c.jdbcType()).writeString(c.typeName()).writeInt(c.precision()).writeInt(c.scale())
          .writeBoolean(c.nullable()).writeString(c.javaClass());
    }
  }

  public static List<ColumnInfo> readColumns(WireReader r) {
    int n = r.readInt();
    List<ColumnInfo> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(new ColumnInfo(r.readString(), r.readString(), r.readString(), r.readString(), r.readInt(),
          r.readString(), r.readInt(), r.readInt(), r.readBoolean(), r.readString()));
    }
    return out;
  }

  /** Writes an error frame body: SQLState, message, vendor code, batch update counts. */
  public static void writeError(WireWriter w, SQLException e) {
    w.writeString(e.getSQLState() == null ? "HY000" : e.getSQLState());
    w.writeString(e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage());
    w.writeInt(e.getErrorCode());
    long[] counts = e instanceof BatchUpdateException b ? b.getLargeUpdateCounts() : null;
    w.writeInt(counts == null ? -1 : counts.length);
    if (counts != null) {
      for (long c : counts) {
        w.writeLong(c);
      }
    }
  }

  /**
   * Reads an error frame body into the SQLException subclass JDBC clients expect for its
   * SQLState (40xxx rollback, 57014 timeout, 08xxx connection; a batch error as
   * {@link BatchUpdateException}).
   */
  public static SQLException readError(WireReader r) {
    String state = r.readString();
    String message = r.readString();
    int code = r.readInt();
    int n = r.readInt();
    if (n >= 0) {
      long[] counts = new long[n];
      for (int i = 0; i < n; i++) {
        counts[i] = r.readLong();
      }
      return new BatchUpdateException(message, state, code, counts, null);
    }
    if (state.startsWith("40")) {
      return new SQLTransactionRollbackException(message, state, code);
    }
    if (state.equals("57014")) {
      return new SQLTimeoutException(message, state, code);
    }
    if (state.startsWith("08")) {
      return new SQLNonTransientConnectionException(message, state, code);
    }
    return new SQLException(message, state, code);
  }

  public static void writeCatalog(WireWriter w, CatalogView catalog) {
    List<CatalogView.TableInfo> tables = catalog.tables();
    w.writeInt(tables.size());
    for (CatalogView.TableInfo t : tables) {
      w.writeString(t.schema()).writeString(t.name()).writeString(t.type()).writeString(t.remarks());
      w.writeInt(t.columns().size());
      for (CatalogView.ColumnMeta c : t.columns()) {
        w.writeString(c.name()).writeInt(c.jdbcType()).writeString(c.typeName()).writeInt(c.precision())
            .writeInt(c.scale()).writeBoolean(c.nullable()).writeString(c.defaultSql()).writeString(c.remarks());
      }
      writeStrings(w, t.primaryKey());
      w.writeInt(t.indexes().size());
      for (CatalogView.IndexInfo ix : t.indexes()) {
        w.writeString(ix.name()).writeBoolean(ix.unique());
        writeStrings(w, ix.columns());
      }
    }
  }

  /** A catalog snapshot as read; immutable. */
  public static CatalogView readCatalog(WireReader r) {
    int n = r.readInt();
    List<CatalogView.TableInfo> tables = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      String schema = r.readString();
      String name = r.readString();
      String type = r.readString();
      String remarks = r.readString();
      int nc = r.readInt();
      List<CatalogView.ColumnMeta> cols = new ArrayList<>(nc);
      for (int j = 0; j < nc; j++) {
        cols.add(new CatalogView.ColumnMeta(r.readString(), r.readInt(), r.readString(), r.readInt(), r.readInt(),
            r.readBoolean(), r.readString(), r.readString()));
      }
      List<String> pk = readStrings(r);
      int ni = r.readInt();
      List<CatalogView.IndexInfo> idx = new ArrayList<>(ni);
      for (int j = 0; j < ni; j++) {
        idx.add(new CatalogView.IndexInfo(r.readString(), r.readBoolean(), readStrings(r)));
      }
      tables.add(new CatalogView.TableInfo(schema, name, List.copyOf(cols), pk, List.copyOf(idx), type, remarks));
    }
    List<CatalogView.TableInfo> all = List.copyOf(tables);
    return () -> all;
  }

  public static void writeStrings(WireWriter w, List<String> s) {
    w.writeInt(s.size());
    for (String x : s) {
      w.writeString(x);
    }
  }

  public static List<String> readStrings(WireReader r) {
    int n = r.readInt();
    List<String> out = new ArrayList<>(n);
    for (int i = 0; i < n; i++) {
      out.add(r.readString());
    }
    return List.copyOf(out);
  }
}
