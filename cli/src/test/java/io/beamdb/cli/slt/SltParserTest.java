package io.beamdb.cli.slt;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class SltParserTest {

  @Test
  void parsesEveryRecordKind() {
    List<SltRecord> records = SltParser.parse("""
        # leading comment
        hash-threshold 8

        statement ok
        CREATE TABLE t1(a INTEGER,
        # a comment inside the SQL is dropped
          b INTEGER)

        statement error
        INSERT INTO nope VALUES(1)

        skipif mysql
        onlyif sqlite
        query IT rowsort label-1
        SELECT a, b
          FROM t1
        ----
        1
        x

        query R
        SELECT 1.0

        halt
        """);
    assertEquals(6, records.size());
    assertEquals(new SltRecord.HashThreshold(2, List.of(), 8), records.get(0));

    SltRecord.Statement create = assertInstanceOf(SltRecord.Statement.class, records.get(1));
    assertEquals("CREATE TABLE t1(a INTEGER,\n  b INTEGER)", create.sql());
    assertFalse(create.expectError());
    assertEquals(4, create.line());

    assertTrue(assertInstanceOf(SltRecord.Statement.class, records.get(2)).expectError());

    SltRecord.Query query = assertInstanceOf(SltRecord.Query.class, records.get(3));
    assertEquals(12, query.line());
    assertEquals(List.of(new SltRecord.Condition(false, "mysql"), new SltRecord.Condition(true, "sqlite")),
        query.conditions());
    assertEquals("IT", query.types());
    assertEquals(SltRecord.SortMode.ROWSORT, query.sort());
    assertEquals("label-1", query.label());
    assertEquals("SELECT a, b\n  FROM t1", query.sql());
    assertEquals(List.of("1", "x"), query.expected());

    SltRecord.Query bare = assertInstanceOf(SltRecord.Query.class, records.get(4));
    assertEquals(SltRecord.SortMode.NOSORT, bare.sort());
    assertNull(bare.label());
    assertEquals(List.of(), bare.expected());

    assertInstanceOf(SltRecord.Halt.class, records.get(5));
  }

  @Test
  void commentLinesDoNotSeparateRecords() {
    List<SltRecord> records = SltParser.parse("statement ok\n# comment\nSELECT 1\n\n\n\nstatement ok\nSELECT 2\n");
    assertEquals(2, records.size());
    assertEquals("SELECT 1", ((SltRecord.Statement) records.get(0)).sql());
  }

  @Test
  void toleratesCrlf() {
    List<SltRecord> records = SltParser.parse("query I nosort\r\nSELECT 1\r\n----\r\n1\r\n\r\nstatement ok\r\nSELECT 2\r\n");
    assertEquals(2, records.size());
    SltRecord.Query q = (SltRecord.Query) records.get(0);
    assertEquals("SELECT 1", q.sql());
    assertEquals(List.of("1"), q.expected());
  }

  @Test
  void conditionsSelectTheEngine() {
    SltRecord skip = SltParser.parse("skipif beamdb\nstatement ok\nSELECT 1").get(0);
    SltRecord onlyOther = SltParser.parse("onlyif mysql\nstatement ok\nSELECT 1").get(0);
    SltRecord onlyUs = SltParser.parse("onlyif BeamDB\nstatement ok\nSELECT 1").get(0);
    SltRecord skipOther = SltParser.parse("skipif mysql\nstatement ok\nSELECT 1").get(0);
    assertTrue(skip.skippedFor("beamdb"));
    assertTrue(onlyOther.skippedFor("beamdb"));
    assertFalse(onlyUs.skippedFor("beamdb"));
    assertFalse(skipOther.skippedFor("beamdb"));
  }

  @Test
  void unknownRecordsAreInvalidNotFatal() {
    List<SltRecord> records = SltParser.parse("frobnicate now\n\nquery X\nSELECT 1\n\nstatement ok\nSELECT 1");
    assertEquals(3, records.size());
    assertInstanceOf(SltRecord.Invalid.class, records.get(0));
    assertInstanceOf(SltRecord.Invalid.class, records.get(1));
    assertTrue(records.get(0).isTest());
  }
}
