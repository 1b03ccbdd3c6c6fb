package io.beamdb.planner.calcite;

import io.beamdb.sql.catalog.ColumnDef;
import io.beamdb.sql.catalog.TableDef;
import io.beamdb.sql.type.ColumnType;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.rex.RexBuilder;
import org.apache.calcite.rex.RexNode;
import org.apache.calcite.schema.ColumnStrategy;
import org.apache.calcite.schema.impl.AbstractTable;
import org.apache.calcite.sql.SqlNode;
import org.apache.calcite.sql.parser.SqlParseException;
import org.apache.calcite.sql.parser.SqlParser;
import org.apache.calcite.sql2rel.InitializerContext;
import org.apache.calcite.sql2rel.NullInitializerExpressionFactory;

/**
 * A BeamDB table as Calcite's validator and SqlToRel see it: its row type and its column
 * defaults (through {@link org.apache.calcite.sql2rel.InitializerExpressionFactory}, which
 * SqlToRelConverter unwraps to fill columns an INSERT omits). Planning only; execution uses
 * BeamDB's own operators. Immutable.
 *
 * <p>With statistics ({@link io.beamdb.planner.stats.StatsSource}) the table reports a
 * {@link org.apache.calcite.schema.Statistic} to Calcite: the row count and the unique keys
 * (primary key, unique indexes over NOT NULL columns), which Calcite's metadata (RelMdRowCount, RelMdUniqueKeys) and
 * {@code LoptOptimizeJoinRule}'s join ordering use; without, Calcite's defaults apply.
 */
public final class BeamCalciteTable extends AbstractTable {
  private final TableDef table;
  private final Defaults defaults = new Defaults();
  private final io.beamdb.planner.stats.StatsSource stats;

  public BeamCalciteTable(TableDef table) {
    this(table, io.beamdb.planner.stats.StatsSource.NONE);
  }

  /** A table whose statistics come from {@code stats}. */
  public BeamCalciteTable(TableDef table, io.beamdb.planner.stats.StatsSource stats) {
    this.table = table;
    this.stats = stats;
  }

  /** The table's current statistics, or null when it was never analyzed. */
  public io.beamdb.planner.stats.TableStats stats() {
    return stats.stats(table);
  }

  @Override
  public org.apache.calcite.schema.Statistic getStatistic() {
    io.beamdb.planner.stats.TableStats s = stats();
    if (s == null) {
      return org.apache.calcite.schema.Statistics.UNKNOWN;
    }
    java.util.List<org.apache.calcite.util.ImmutableBitSet> keys = new java.util.ArrayList<>();
    if (table.hasPrimaryKey()) {
      keys.add(org.apache.calcite.util.ImmutableBitSet.of(table.primaryKey()));
    }
    for (io.beamdb.sql.catalog.IndexDef ix : table.indexes()) {
      // a UNIQUE index admits many rows with NULL, so it is a key only over NOT NULL columns
      // (otherwise Calcite drops a DISTINCT or a GROUP BY over it and duplicate NULLs survive)
      boolean notNull = true;
      for (int c : ix.columns()) {
        notNull &= !table.columns().get(c).nullable();
      }
      if (ix.unique() && notNull) {
        keys.add(org.apache.calcite.util.ImmutableBitSet.of(ix.columns()));
      }
    }
    return org.apache.calcite.schema.Statistics.of((double) Math.max(1, s.rowCount()), keys);
  }

  /** The catalog definition. */
  public TableDef def() {
    return table;
  }

  @Override
  public RelDataType getRowType(RelDataTypeFactory typeFactory) {
    RelDataTypeFactory.Builder b = typeFactory.builder();
    for (ColumnDef c : table.columns()) {
      // VARCHAR(n) is unbounded for Calcite: SqlToRel would otherwise truncate over-long literals
      // in a cast; BeamDB checks the declared length on write and fails with 22001, as H2 does
      ColumnType t = c.type().type() == io.beamdb.sql.type.BeamType.VARCHAR
          || c.type().type() == io.beamdb.sql.type.BeamType.VARBINARY
          ? new ColumnType(c.type().type(), -1, 0) : c.type();
      b.add(c.name(), TypeMapping.toRelType(typeFactory, t, c.nullable()));
    }
    return b.build();
  }

  @Override
  public <C extends Object> C unwrap(Class<C> aClass) {
    if (aClass.isInstance(defaults)) {
      return aClass.cast(defaults);
    }
    if (aClass.isInstance(this)) {
      return aClass.cast(this);
    }
    return super.unwrap(aClass);
  }

  /** Column defaults: DEFAULT expressions parsed with Calcite and converted to RexNodes. */
  private final class Defaults extends NullInitializerExpressionFactory {
    @Override
    public ColumnStrategy generationStrategy(RelOptTable t, int iColumn) {
      ColumnDef c = table.columns().get(iColumn);
      if (c.defaultSql() != null || c.isIdentity()) {
        return ColumnStrategy.DEFAULT;
      }
      return c.nullable() ? ColumnStrategy.NULLABLE : ColumnStrategy.NOT_NULLABLE;
    }

    @Override
    public RexNode newColumnDefaultValue(RelOptTable t, int iColumn, InitializerContext context) {
      ColumnDef c = table.columns().get(iColumn);
      RexBuilder rexBuilder = context.getRexBuilder();
      RelDataType type = t.getRowType().getFieldList().get(iColumn).getType();
      if (c.isIdentity()) {
        // identity: the next value of the column's own sequence
        RexNode next = rexBuilder.makeCall(
            context.getRexBuilder().getTypeFactory().createSqlType(org.apache.calcite.sql.type.SqlTypeName.BIGINT),
            org.apache.calcite.sql.fun.SqlStdOperatorTable.NEXT_VALUE,
            java.util.List.of(rexBuilder.makeLiteral(org.apache.calcite.util.Util.listToString(
                java.util.List.of(table.schema(), c.identitySequence())))));
        return rexBuilder.makeCast(type, next, true, false);
      }
      if (c.defaultSql() == null) {
        return rexBuilder.makeNullLiteral(type);
      }
      SqlNode expr;
      try {
        expr = SqlParser.create(c.defaultSql(), CalcitePlanning.parserConfig()).parseExpression();
      } catch (SqlParseException e) {
        throw new IllegalStateException("Invalid DEFAULT '" + c.defaultSql() + "' of column " + c.name(), e);
      }
      RexNode value = context.convertExpression(expr);
      return rexBuilder.makeCast(type, value, true, false);
    }
  }
}
