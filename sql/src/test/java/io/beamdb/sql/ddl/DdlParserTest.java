package io.beamdb.sql.ddl;

import io.beamdb.sql.type.BeamType;
import org.junit.jupiter.api.Test;

import java.sql.SQLException;
import java.util.List;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

class DdlParserTest {
  @Test
  void createTableWithConstraintsAndDefaults() throws SQLException {
    DdlCommand.CreateTable c = (DdlCommand.CreateTable) DdlParser.parse(
        "create table if not exists \"Mixed\" (id bigint primary key, name varchar(20) not null default 'x', "
            + "price decimal(10,2) default -1.5, at timestamp default current_timestamp, code char(3) unique)", "PUBLIC");
    assertEquals("Mixed", c.name());
    assertTrue(c.ifNotExists());
    assertEquals(List.of("ID"), c.primaryKey());
    assertEquals(BeamType.BIGINT, c.columns().get(0).type().type());
    assertFalse(c.columns().get(0).nullable());
    assertEquals("'x'", c.columns().get(1).defaultSql());
    assertFalse(c.columns().get(1).nullable());
    assertEquals(10, c.columns().get(2).type().precision());
    assertEquals(2, c.columns().get(2).type().scale());
    assertEquals("-1.5", c.columns().get(2).defaultSql());
    assertEquals("current_timestamp", c.columns().get(3).defaultSql());
    assertEquals(List.of("CODE"), c.uniques().get(0).columns());
  }

  @Test
  void tableLevelPrimaryKeyAndIndexes() throws SQLException {
    DdlCommand.CreateTable c = (DdlCommand.CreateTable) DdlParser.parse(
        "CREATE TABLE t (a INT, b INT, PRIMARY KEY (a, b))", "PUBLIC");
    assertEquals(List.of("A", "B"), c.primaryKey());
    DdlCommand.CreateIndex ix = (DdlCommand.CreateIndex) DdlParser.parse("CREATE UNIQUE INDEX i1 ON t (b, a)", "PUBLIC");
    assertTrue(ix.unique());
    assertEquals(List.of("B", "A"), ix.columns());
    assertTrue(((DdlCommand.DropTable) DdlParser.parse("DROP TABLE IF EXISTS t", "PUBLIC")).ifExists());
    assertEquals("I1", ((DdlCommand.DropIndex) DdlParser.parse("DROP INDEX i1", "PUBLIC")).name());
  }

  @Test
  void errorsHaveSqlStates() {
    assertEquals("42000", assertThrows(SQLException.class, () -> DdlParser.parse("CREATE TABLE (", "PUBLIC")).getSQLState());
    assertEquals("42000", assertThrows(SQLException.class, () -> DdlParser.parse("CREATE TABLE t (a WIBBLE)", "PUBLIC")).getSQLState());
  }
}
