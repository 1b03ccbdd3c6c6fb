package io.beamdb.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class StatementSplitterTest {

  @Test
  void keepsTriggerBodiesTogether() {
    String trigger = "CREATE TRIGGER t1 AFTER INSERT ON t BEGIN\n  INSERT INTO log VALUES (CASE WHEN NEW.x > 0 THEN 'p;' END);\n"
        + "  DELETE FROM q;\nEND";
    assertEquals(List.of(trigger, "SELECT 1"), StatementSplitter.split(trigger + ";\nSELECT 1;"));
  }

  @Test
  void splitsAtSemicolons() {
    assertEquals(List.of("SELECT 1", "SELECT 2"), StatementSplitter.split("SELECT 1; SELECT 2;"));
  }

  @Test
  void keepsMultiLineStatementsTogether() {
    assertEquals(List.of("SELECT a,\n  b\nFROM t"), StatementSplitter.split("SELECT a,\n  b\nFROM t;\n"));
  }

  @Test
  void semicolonInsideQuotesDoesNotSplit() {
    assertEquals(List.of("INSERT INTO t VALUES ('a;b', 'it''s; fine')", "SELECT \"x;y\" FROM t"),
        StatementSplitter.split("INSERT INTO t VALUES ('a;b', 'it''s; fine'); SELECT \"x;y\" FROM t;"));
  }

  @Test
  void quotesSpanLines() {
    assertEquals(List.of("SELECT 'one;\ntwo'"), StatementSplitter.split("SELECT 'one;\ntwo';"));
  }

  @Test
  void semicolonInCommentsDoesNotSplit() {
    assertEquals(List.of("SELECT 1 -- not; the end\n+ 1", "SELECT /* ; */ 2"),
        StatementSplitter.split("SELECT 1 -- not; the end\n+ 1;\nSELECT /* ; */ 2;"));
  }

  @Test
  void leadingCommentsAndCommentOnlyStatementsAreDropped() {
    assertEquals(List.of("CREATE TABLE t(a INT)"),
        StatementSplitter.split("-- make a table\n/* block\n comment */\nCREATE TABLE t(a INT);\n-- trailing\n;;"));
  }

  @Test
  void unterminatedLastStatementIsReturnedByFinish() {
    StatementSplitter splitter = new StatementSplitter();
    assertEquals(List.of("SELECT 1"), splitter.addLine("SELECT 1; SELECT"));
    assertFalse(splitter.isEmpty());
    assertEquals(List.of(), splitter.addLine("  2"));
    assertEquals("SELECT\n  2", splitter.finish());
    assertTrue(splitter.isEmpty());
    assertNull(splitter.finish());
  }

  @Test
  void emptyTracksContentNotComments() {
    StatementSplitter splitter = new StatementSplitter();
    splitter.addLine("-- just a comment");
    assertTrue(splitter.isEmpty());
    splitter.addLine("/* open");
    assertFalse(splitter.isEmpty(), "inside a block comment the statement is not finished");
    splitter.addLine("close */");
    assertTrue(splitter.isEmpty());
    splitter.addLine("SELECT 'x");
    assertFalse(splitter.isEmpty());
    assertEquals(List.of("SELECT 'x\n;'"), splitter.addLine(";';"));
    assertTrue(splitter.isEmpty());
  }
}
