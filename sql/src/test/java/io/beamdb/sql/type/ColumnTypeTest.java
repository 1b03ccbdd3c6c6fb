package io.beamdb.sql.type;

import org.junit.jupiter.api.Test;

import java.math.BigDecimal;
import java.sql.SQLException;
import java.time.LocalDate;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

class ColumnTypeTest {
  @Test
  void assignmentRules() throws SQLException {
    assertEquals(3, ColumnType.of(BeamType.INTEGER).coerce(2.5));
    assertEquals("22003", assertThrows(SQLException.class, () -> ColumnType.of(BeamType.SMALLINT).coerce(40000)).getSQLState());
    assertEquals(new BigDecimal("1.24"), new ColumnType(BeamType.DECIMAL, 5, 2).coerce(new BigDecimal("1.235")));
    assertEquals("22003", assertThrows(SQLException.class, () -> new ColumnType(BeamType.DECIMAL, 3, 2).coerce(10)).getSQLState());
    assertEquals("ab ", new ColumnType(BeamType.CHAR, 3, 0).coerce("ab"));
    assertEquals("22001", assertThrows(SQLException.class, () -> new ColumnType(BeamType.VARCHAR, 2, 0).coerce("abc")).getSQLState());
    assertEquals("22018", assertThrows(SQLException.class, () -> ColumnType.of(BeamType.INTEGER).coerce("x1")).getSQLState());
    assertEquals((int) LocalDate.of(2024, 2, 29).toEpochDay(), ColumnType.of(BeamType.DATE).coerce("2024-02-29"));
    assertEquals("22007", assertThrows(SQLException.class, () -> ColumnType.of(BeamType.DATE).coerce("2024-02-30")).getSQLState());
  }
}
