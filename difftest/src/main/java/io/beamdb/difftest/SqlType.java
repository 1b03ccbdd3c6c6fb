package io.beamdb.difftest;

/** The column and expression types the generator uses, with their DDL spelling. */
enum SqlType {
  INT("INTEGER", Family.NUM),
  BIGINT("BIGINT", Family.NUM),
  DEC("DECIMAL(10,2)", Family.NUM),
  DOUBLE("DOUBLE", Family.NUM),
  VARCHAR("VARCHAR(20)", Family.STR),
  BOOL("BOOLEAN", Family.BOOL),
  DATE("DATE", Family.DATE);

  /** Types that compare with each other. */
  enum Family { NUM, STR, BOOL, DATE }

  final String ddl;
  final Family family;

  SqlType(String ddl, Family family) {
    this.ddl = ddl;
    this.family = family;
  }

  boolean isInteger() {
    return this == INT || this == BIGINT;
  }

  boolean isNumeric() {
    return family == Family.NUM;
  }

  /** The spelling inside CAST(... AS type). */
  String castName() {
    return ddl;
  }
}
