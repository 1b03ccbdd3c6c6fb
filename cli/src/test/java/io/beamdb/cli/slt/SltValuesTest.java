package io.beamdb.cli.slt;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.util.List;
import org.junit.jupiter.api.Test;

class SltValuesTest {

  @Test
  void integers() {
    assertEquals("42", SltValues.render(42, 'I'));
    assertEquals("-7", SltValues.render(-7L, 'I'));
    assertEquals("NULL", SltValues.render(null, 'I'));
    assertEquals("7", SltValues.render(7.9, 'I'), "reals truncate toward zero");
    assertEquals("-7", SltValues.render(-7.9, 'I'));
    assertEquals("12", SltValues.render(new BigDecimal("12.75"), 'I'));
    assertEquals("123456789012345678901", SltValues.render(new BigInteger("123456789012345678901"), 'I'));
    assertEquals("1", SltValues.render(true, 'I'));
    assertEquals("12", SltValues.render("12abc", 'I'), "text: its leading number, as SQLite reads it");
    assertEquals("0", SltValues.render("abc", 'I'));
    assertEquals("3", SltValues.render(" 3.9", 'I'));
  }

  @Test
  void reals() {
    assertEquals("5.000", SltValues.render(5, 'R'));
    assertEquals("0.500", SltValues.render(new BigDecimal("0.5"), 'R'));
    assertEquals("-1.250", SltValues.render(-1.25f, 'R'));
    assertEquals("0.062", SltValues.render(0.0625, 'R'), "exact ties round half-even like glibc");
    assertEquals("0.101", SltValues.render(0.1005, 'R'), "0.1005 is slightly above the tie in binary");
    assertEquals("-0.000", SltValues.render(-0.0001, 'R'));
    assertEquals("1234567.000", SltValues.render(1234567L, 'R'));
    assertEquals("2.500", SltValues.render("2.5x", 'R'));
    assertEquals("NULL", SltValues.render(null, 'R'));
  }

  @Test
  void text() {
    assertEquals("abc", SltValues.render("abc", 'T'));
    assertEquals("(empty)", SltValues.render("", 'T'));
    assertEquals("a@b@", SltValues.render("a\tb\u00e9", 'T'));
    assertEquals("NULL", SltValues.render(null, 'T'));
    assertEquals("12", SltValues.render(12, 'T'));
    assertEquals("1.50", SltValues.render(new BigDecimal("1.50"), 'T'));
  }

  @Test
  void hashesLikeTheReference() {
    assertEquals("d41d8cd98f00b204e9800998ecf8427e", SltValues.md5(List.of()));
    assertEquals("9 values hashing to 9f35d0fe0431cf1309c5b795e709b3a2",
        SltValues.hashLine(List.of("1", "10", "x", "2", "20", "(empty)", "3", "NULL", "z")));
  }
}
