package io.beamdb.planner.calcite;

import io.beamdb.sql.catalog.ViewDef;
import org.apache.calcite.plan.RelOptTable;
import org.apache.calcite.plan.RelOptUtil;
import org.apache.calcite.rel.RelNode;
import org.apache.calcite.rel.RelRoot;
import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.schema.Schema;
import org.apache.calcite.schema.TranslatableTable;
import org.apache.calcite.schema.impl.AbstractTable;

import java.util.List;

/**
 * A view as Calcite sees it: the row type recorded at CREATE VIEW, and {@link #toRel} expanding
 * the stored query through the planner's view expander every time the view is used (so the
 * view always reads current data and the optimizer sees through it). Immutable.
 */
public final class BeamViewTable extends AbstractTable implements TranslatableTable {
  private final ViewDef view;

  public BeamViewTable(ViewDef view) {
    this.view = view;
  }

  @Override
  public RelDataType getRowType(RelDataTypeFactory typeFactory) {
    RelDataTypeFactory.Builder b = typeFactory.builder();
    for (int i = 0; i < view.columnNames().size(); i++) {
      b.add(view.columnNames().get(i), TypeMapping.toRelType(typeFactory, view.columnTypes().get(i), true));
    }
    return b.build();
  }

  @Override
  public Schema.TableType getJdbcTableType() {
    return Schema.TableType.VIEW;
  }

  @Override
  public RelNode toRel(RelOptTable.ToRelContext context, RelOptTable relOptTable) {
    RelDataType rowType = relOptTable.getRowType();
    // the stored text is parsed again here, so it needs the same H2 spelling rewrite as a statement
    RelRoot root = context.expandView(rowType, BeamFunctions.rewriteH2Syntax(view.sql()), List.of(view.schema()),
        List.of(view.schema(), view.name()));
    // rename to the view's column names and cast to the recorded types
    return RelOptUtil.createCastRel(root.project(), rowType, true);
  }
}
