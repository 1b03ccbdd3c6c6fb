package io.beamdb.sql.catalog;

import io.beamdb.sql.type.BeamType;
import io.beamdb.sql.type.ColumnType;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * Serializes table definitions for the catalog key space: key {@code [0x01]['T'][table id
 * u32]}, value format version 1: {@code [1][id][schema][name][n columns]{name, type ordinal,
 * precision, scale, nullable, has default, default sql}[n pk]{pos}[n indexes]{id, name, unique,
 * n, pos...}}, strings in modified UTF-8. Stateless and thread-safe.
 */
public final class CatalogCodec {
  /**
   * Format version byte: 2 adds the identity sequence of each column, 3 appends FOREIGN KEY and
   * CHECK constraints ({@code [n fks]{name, n, pos..., ref table id, ref pos..., on delete, on
   * update}[n checks]{name, sql}}), 4 appends the COMMENT ON texts ({@code [n]{key ("" for the
   * table, else a column name), u32 length + UTF-8 text}}); 1 to 3 are still read.
   */
  public static final int VERSION = 4;
  /** First byte of every catalog key. */
  public static final byte KEYSPACE = 0x01;

  private CatalogCodec() {
  }

  /** The catalog key of table {@code tableId}. */
  public static byte[] tableKey(int tableId) {
    return new byte[] {KEYSPACE, 'T', (byte) (tableId >>> 24), (byte) (tableId >>> 16), (byte) (tableId >>> 8), (byte) tableId};
  }

  /** Key of the next unused table id (4 bytes big-endian), so dropped ids are never reused. */
  public static byte[] nextTableIdKey() {
    return new byte[] {KEYSPACE, 'N'};
  }

  /** The catalog key of sequence {@code id}: {@code [0x01]['S'][id u32]}. */
  public static byte[] sequenceKey(int id) {
    return new byte[] {KEYSPACE, 'S', (byte) (id >>> 24), (byte) (id >>> 16), (byte) (id >>> 8), (byte) id};
  }

  /** Prefix of every sequence definition key. */
  public static byte[] sequencePrefix() {
    return new byte[] {KEYSPACE, 'S'};
  }

  /** Key holding the end of the last allocated block of sequence {@code id}: {@code [0x01]['V'][id u32]}. */
  public static byte[] sequenceValueKey(int id) {
    return new byte[] {KEYSPACE, 'V', (byte) (id >>> 24), (byte) (id >>> 16), (byte) (id >>> 8), (byte) id};
  }

  /** Encodes a sequence definition: {@code [1][id][schema][name][start][increment][cache]}. */
  public static byte[] encode(SequenceDef s) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeByte(1);
      out.writeInt(s.id());
      out.writeUTF(s.schema());
      out.writeUTF(s.name());
      out.writeLong(s.start());
      out.writeLong(s.increment());
      out.writeLong(s.cache());
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Decodes a sequence definition written by {@link #encode(SequenceDef)}. */
  public static SequenceDef decodeSequence(byte[] data) {
    try {
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(data));
      int version = in.readUnsignedByte();
      if (version != 1) {
        throw new IllegalStateException("unknown sequence format version " + version);
      }
      return new SequenceDef(in.readInt(), in.readUTF(), in.readUTF(), in.readLong(), in.readLong(), in.readLong());
    } catch (IOException e) {
      throw new UncheckedIOException("corrupt sequence entry", e);
    }
  }

  /** The catalog key of view {@code id}: {@code [0x01]['W'][id u32]}. */
  public static byte[] viewKey(int id) {
    return new byte[] {KEYSPACE, 'W', (byte) (id >>> 24), (byte) (id >>> 16), (byte) (id >>> 8), (byte) id};
  }

  /** Prefix of every view definition key. */
  public static byte[] viewPrefix() {
    return new byte[] {KEYSPACE, 'W'};
  }

  /** Encodes a view: {@code [1][id][schema][name][sql as u32 length + UTF-8][n]{name, type ordinal, precision, scale}}. */
  public static byte[] encode(ViewDef v) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeByte(1);
      out.writeInt(v.id());
      out.writeUTF(v.schema());
      out.writeUTF(v.name());
      byte[] sql = v.sql().getBytes(java.nio.charset.StandardCharsets.UTF_8);
      out.writeInt(sql.length);
      out.write(sql);
      out.writeShort(v.columnNames().size());
      for (int i = 0; i < v.columnNames().size(); i++) {
        ColumnType t = v.columnTypes().get(i);
        out.writeUTF(v.columnNames().get(i));
        out.writeByte(t.type().ordinal());
        out.writeInt(t.precision());
        out.writeInt(t.scale());
      }
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Decodes a view written by {@link #encode(ViewDef)}. */
  public static ViewDef decodeView(byte[] data) {
    try {
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(data));
      int version = in.readUnsignedByte();
      if (version != 1) {
        throw new IllegalStateException("unknown view format version " + version);
      }
      int id = in.readInt();
      String schema = in.readUTF();
      String name = in.readUTF();
      byte[] sql = new byte[in.readInt()];
      in.readFully(sql);
      int n = in.readUnsignedShort();
      List<String> names = new ArrayList<>(n);
      List<ColumnType> types = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        names.add(in.readUTF());
        types.add(new ColumnType(BeamType.values()[in.readUnsignedByte()], in.readInt(), in.readInt()));
      }
      return new ViewDef(id, schema, name, new String(sql, java.nio.charset.StandardCharsets.UTF_8), names, types);
    } catch (IOException e) {
      throw new UncheckedIOException("corrupt view entry", e);
    }
  }

  /** The catalog key of trigger {@code id}: {@code [0x01]['G'][id u32]}. */
  public static byte[] triggerKey(int id) {
    return new byte[] {KEYSPACE, 'G', (byte) (id >>> 24), (byte) (id >>> 16), (byte) (id >>> 8), (byte) id};
  }

  /** Prefix of every trigger definition key. */
  public static byte[] triggerPrefix() {
    return new byte[] {KEYSPACE, 'G'};
  }

  /**
   * Encodes a trigger, format version 1: {@code [1][id][schema][name][table id][timing
   * ordinal][event ordinal][n]{update column}[has when]{when as u32 length + UTF-8}[n]{statement
   * as u32 length + UTF-8}[sql as u32 length + UTF-8]}. Catalogs written before triggers existed
   * simply have no such keys.
   */
  public static byte[] encode(TriggerDef t) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeByte(1);
      out.writeInt(t.id());
      out.writeUTF(t.schema());
      out.writeUTF(t.name());
      out.writeInt(t.tableId());
      out.writeByte(t.timing().ordinal());
      out.writeByte(t.event().ordinal());
      out.writeShort(t.updateColumns().size());
      for (String c : t.updateColumns()) {
        out.writeUTF(c);
      }
      out.writeBoolean(t.when() != null);
      if (t.when() != null) {
        writeLong(out, t.when());
      }
      out.writeShort(t.statements().size());
      for (String s : t.statements()) {
        writeLong(out, s);
      }
      writeLong(out, t.sql());
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Decodes a trigger written by {@link #encode(TriggerDef)}. */
  public static TriggerDef decodeTrigger(byte[] data) {
    try {
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(data));
      int version = in.readUnsignedByte();
      if (version != 1) {
        throw new IllegalStateException("unknown trigger format version " + version);
      }
      int id = in.readInt();
      String schema = in.readUTF();
      String name = in.readUTF();
      int tableId = in.readInt();
      TriggerDef.Timing timing = TriggerDef.Timing.values()[in.readUnsignedByte()];
      TriggerDef.Event event = TriggerDef.Event.values()[in.readUnsignedByte()];
      int nc = in.readUnsignedShort();
      List<String> cols = new ArrayList<>(nc);
      for (int i = 0; i < nc; i++) {
        cols.add(in.readUTF());
      }
      String when = in.readBoolean() ? readLong(in) : null;
      int ns = in.readUnsignedShort();
      List<String> statements = new ArrayList<>(ns);
      for (int i = 0; i < ns; i++) {
        statements.add(readLong(in));
      }
      return new TriggerDef(id, schema, name, tableId, timing, event, cols, when, statements, readLong(in));
    } catch (IOException e) {
      throw new UncheckedIOException("corrupt trigger entry", e);
    }
  }

  private static void writeLong(DataOutputStream out, String s) throws IOException {
    byte[] b = s.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    out.writeInt(b.length);
    out.write(b);
  }

  private static String readLong(DataInputStream in) throws IOException {
    byte[] b = new byte[in.readInt()];
    in.readFully(b);
    return new String(b, java.nio.charset.StandardCharsets.UTF_8);
  }

  /** The key recording schema {@code name} (created with CREATE SCHEMA): {@code [0x01]['H'][UTF-8 name]}. */
  public static byte[] schemaKey(String name) {
    byte[] n = name.getBytes(java.nio.charset.StandardCharsets.UTF_8);
    byte[] k = new byte[2 + n.length];
    k[0] = KEYSPACE;
    k[1] = 'H';
    System.arraycopy(n, 0, k, 2, n.length);
    return k;
  }

  /** Prefix of every schema key. */
  public static byte[] schemaPrefix() {
    return new byte[] {KEYSPACE, 'H'};
  }

  /** The schema name stored in schema key {@code key}. */
  public static String schemaName(byte[] key) {
    return new String(key, 2, key.length - 2, java.nio.charset.StandardCharsets.UTF_8);
  }

  /** Prefix shared by every table definition key. */
  public static byte[] tablePrefix() {
    return new byte[] {KEYSPACE, 'T'};
  }

  public static byte[] encode(TableDef t) {
    try {
      ByteArrayOutputStream bytes = new ByteArrayOutputStream();
      DataOutputStream out = new DataOutputStream(bytes);
      out.writeByte(VERSION);
      out.writeInt(t.id());
      out.writeUTF(t.schema());
      out.writeUTF(t.name());
      out.writeShort(t.columns().size());
      for (ColumnDef c : t.columns()) {
        out.writeUTF(c.name());
        out.writeByte(c.type().type().ordinal());
        out.writeInt(c.type().precision());
        out.writeInt(c.type().scale());
        out.writeBoolean(c.nullable());
        out.writeBoolean(c.defaultSql() != null);
        if (c.defaultSql() != null) {
          out.writeUTF(c.defaultSql());
        }
        out.writeBoolean(c.identitySequence() != null);
        if (c.identitySequence() != null) {
          out.writeUTF(c.identitySequence());
        }
      }
      int[] pk = t.primaryKey();
      out.writeShort(pk.length);
      for (int p : pk) {
        out.writeShort(p);
      }
      out.writeShort(t.indexes().size());
      for (IndexDef ix : t.indexes()) {
        out.writeInt(ix.id());
        out.writeUTF(ix.name());
        out.writeBoolean(ix.unique());
        out.writeShort(ix.columns().length);
        for (int p : ix.columns()) {
          out.writeShort(p);
        }
      }
      out.writeShort(t.foreignKeys().size());
      for (ForeignKeyDef fk : t.foreignKeys()) {
        out.writeUTF(fk.name());
        out.writeShort(fk.columns().length);
        for (int i = 0; i < fk.columns().length; i++) {
          out.writeShort(fk.columns()[i]);
          out.writeShort(fk.refColumns()[i]);
        }
        out.writeInt(fk.refTableId());
        out.writeByte(fk.onDelete().ordinal());
        out.writeByte(fk.onUpdate().ordinal());
      }
      out.writeShort(t.checks().size());
      for (CheckDef c : t.checks()) {
        out.writeUTF(c.name());
        byte[] sql = c.sql().getBytes(java.nio.charset.StandardCharsets.UTF_8);
        out.writeInt(sql.length);
        out.write(sql);
      }
      out.writeShort(t.comments().size());
      for (java.util.Map.Entry<String, String> e : t.comments().entrySet()) {
        out.writeUTF(e.getKey());
        writeLong(out, e.getValue());
      }
      out.flush();
      return bytes.toByteArray();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Decodes a table definition written by {@link #encode(TableDef)} in any format version 1..4. */
  public static TableDef decode(byte[] data) {
    try {
      DataInputStream in = new DataInputStream(new ByteArrayInputStream(data));
      int version = in.readUnsignedByte();
      if (version < 1 || version > VERSION) {
        throw new IllegalStateException("unknown catalog format version " + version);
      }
      int id = in.readInt();
      String schema = in.readUTF();
      String name = in.readUTF();
      int n = in.readUnsignedShort();
      List<ColumnDef> cols = new ArrayList<>(n);
      for (int i = 0; i < n; i++) {
        String cname = in.readUTF();
        BeamType bt = BeamType.values()[in.readUnsignedByte()];
        int precision = in.readInt();
        int scale = in.readInt();
        boolean nullable = in.readBoolean();
        String dflt = in.readBoolean() ? in.readUTF() : null;
        String identity = version >= 2 && in.readBoolean() ? in.readUTF() : null;
        cols.add(new ColumnDef(cname, new ColumnType(bt, precision, scale), nullable, dflt, identity));
      }
      int[] pk = new int[in.readUnsignedShort()];
      for (int i = 0; i < pk.length; i++) {
        pk[i] = in.readUnsignedShort();
      }
      int ni = in.readUnsignedShort();
      List<IndexDef> indexes = new ArrayList<>(ni);
      for (int i = 0; i < ni; i++) {
        int ixId = in.readInt();
        String ixName = in.readUTF();
        boolean unique = in.readBoolean();
        int[] ixCols = new int[in.readUnsignedShort()];
        for (int j = 0; j < ixCols.length; j++) {
          ixCols[j] = in.readUnsignedShort();
        }
        indexes.add(new IndexDef(ixId, ixName, unique, ixCols));
      }
      List<ForeignKeyDef> fks = new ArrayList<>();
      List<CheckDef> checks = new ArrayList<>();
      if (version >= 3) {
        int nf = in.readUnsignedShort();
        for (int i = 0; i < nf; i++) {
          String fkName = in.readUTF();
          int[] fkCols = new int[in.readUnsignedShort()];
          int[] refCols = new int[fkCols.length];
          for (int j = 0; j < fkCols.length; j++) {
            fkCols[j] = in.readUnsignedShort();
            refCols[j] = in.readUnsignedShort();
          }
          int refTable = in.readInt();
          ForeignKeyDef.Action onDelete = ForeignKeyDef.Action.values()[in.readUnsignedByte()];
          ForeignKeyDef.Action onUpdate = ForeignKeyDef.Action.values()[in.readUnsignedByte()];
          fks.add(new ForeignKeyDef(fkName, fkCols, refTable, refCols, onDelete, onUpdate));
        }
        int nc = in.readUnsignedShort();
        for (int i = 0; i < nc; i++) {
          String ckName = in.readUTF();
          byte[] sql = new byte[in.readInt()];
          in.readFully(sql);
          checks.add(new CheckDef(ckName, new String(sql, java.nio.charset.StandardCharsets.UTF_8)));
        }
      }
      java.util.Map<String, String> comments = new java.util.TreeMap<>();
      if (version >= 4) {
        int ncomments = in.readUnsignedShort();
        for (int i = 0; i < ncomments; i++) {
          String key = in.readUTF();
          comments.put(key, readLong(in));
        }
      }
      return new TableDef(id, schema, name, cols, pk, indexes, fks, checks, comments);
    } catch (IOException e) {
      throw new UncheckedIOException("corrupt catalog entry", e);
    }
  }
}
