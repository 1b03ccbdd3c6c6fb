package io.beamdb.planner.calcite;

import org.apache.calcite.rel.type.RelDataType;
import org.apache.calcite.rel.type.RelDataTypeFactory;
import org.apache.calcite.sql.SqlFunction;
import org.apache.calcite.sql.SqlFunctionCategory;
import org.apache.calcite.sql.SqlKind;
import org.apache.calcite.sql.SqlOperator;
import org.apache.calcite.sql.SqlOperatorBinding;
import org.apache.calcite.sql.SqlOperatorTable;
import org.apache.calcite.sql.fun.SqlLibraryOperators;
import org.apache.calcite.sql.fun.SqlMonotonicBinaryOperator;
import org.apache.calcite.sql.fun.SqlStdOperatorTable;
import org.apache.calcite.sql.type.InferTypes;
import org.apache.calcite.sql.type.OperandTypes;
import org.apache.calcite.sql.type.ReturnTypes;
import org.apache.calcite.sql.type.SqlOperandCountRanges;
import org.apache.calcite.sql.type.SqlReturnTypeInference;
import org.apache.calcite.sql.type.SqlTypeFamily;
import org.apache.calcite.sql.type.SqlTypeName;
import org.apache.calcite.sql.type.SqlTypeUtil;
import org.apache.calcite.sql.util.SqlOperatorTables;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * Functions and operators BeamDB adds to Calcite's STANDARD and POSTGRESQL operator tables so
 * that statements written for H2 (and PostgreSQL) validate; all are evaluated by
 * {@code ExprCompiler} with H2 2.x semantics. This table comes first in the chain, so its
 * {@code +} and {@code -} replace Calcite's. Stateless.
 *
 * <ul>
 *   <li>{@code nextval('seq')}, {@code currval('seq')} (the name is folded to upper case unless
 *       double-quoted inside the string);</li>
 *   <li>Calcite library functions whose semantics match H2's: {@code IFNULL}, {@code NVL},
 *       {@code NVL2}, {@code DECODE}, {@code INSTR}, {@code REVERSE}, {@code SPACE},
 *       {@code DAYNAME}, {@code MONTHNAME}, {@code GREATEST}, {@code LEAST};</li>
 *   <li>H2 functions Calcite lacks: {@code NOW()}, {@code LOCATE(search, s [, start])},
 *       {@code DATEADD(unit, n, datetime)} / {@code TIMESTAMPADD}, {@code DATEDIFF(unit, a, b)} /
 *       {@code TIMESTAMPDIFF} (the unit a string such as {@code 'DAY'}; a bare unit is quoted by
 *       {@link #rewriteH2Syntax}), {@code FORMATDATETIME(ts, pattern)},
 *       {@code PARSEDATETIME(s, pattern)}, {@code DATE_TRUNC(unit, datetime)}, {@code TRUNC}, {@code TO_CHAR} of
 *       dates and numbers, {@code SUBSTR} with H2's negative start;</li>
 *   <li>{@code date + n}, {@code n + date}, {@code date - n} (n integer days, as H2 and
 *       PostgreSQL allow; also for TIMESTAMP), on top of the standard operand types.</li>
 * </ul>
 */
public final class BeamFunctions {
  /** {@code NEXTVAL('name')}: the sequence's next value, BIGINT. */
  public static final SqlFunction NEXTVAL = sequenceFunction("NEXTVAL");
  /** {@code CURRVAL('name')}: the value NEXTVAL last returned, BIGINT. */
  public static final SqlFunction CURRVAL = sequenceFunction("CURRVAL");

  /** {@code NOW()}: the statement's start as a TIMESTAMP (H2: LOCALTIMESTAMP). */
  public static final SqlFunction NOW = new SqlFunction("NOW", SqlKind.OTHER_FUNCTION,
      ReturnTypes.explicit(SqlTypeName.TIMESTAMP, 3), null, OperandTypes.NILADIC, SqlFunctionCategory.TIMEDATE) {
    @Override
    public boolean isDynamicFunction() {
      return true;
    }

    @Override
    public boolean isDeterministic() {
      return false;
    }
  };

  /** {@code LOCATE(search, string [, start])}: 1-based position, 0 when absent (H2, MySQL). */
  public static final SqlFunction LOCATE = function("LOCATE", ReturnTypes.INTEGER_NULLABLE,
      OperandTypes.STRING_STRING.or(OperandTypes.STRING_STRING_INTEGER),
      SqlFunctionCategory.STRING, SqlTypeName.VARCHAR, SqlTypeName.VARCHAR, SqlTypeName.INTEGER);

  /** {@code DATEADD(unit, n, datetime)}: the datetime moved by n units; DATE becomes TIMESTAMP for time units. */
  public static final SqlFunction DATEADD = function("DATEADD", BeamFunctions::dateAddType,
      OperandTypes.family(SqlTypeFamily.CHARACTER, SqlTypeFamily.NUMERIC, SqlTypeFamily.DATETIME),
      SqlFunctionCategory.TIMEDATE, SqlTypeName.VARCHAR, SqlTypeName.BIGINT, SqlTypeName.TIMESTAMP);

  /** {@code DATEDIFF(unit, a, b)}: unit boundaries crossed from a to b, BIGINT (H2 semantics). */
  public static final SqlFunction DATEDIFF = function("DATEDIFF", ReturnTypes.BIGINT_NULLABLE,
      OperandTypes.family(SqlTypeFamily.CHARACTER, SqlTypeFamily.DATETIME, SqlTypeFamily.DATETIME),
      SqlFunctionCategory.TIMEDATE, SqlTypeName.VARCHAR, SqlTypeName.TIMESTAMP, SqlTypeName.TIMESTAMP);

  /** {@code FORMATDATETIME(datetime, pattern)}: text in a java.time pattern such as {@code 'yyyy-MM-dd'}. */
  public static final SqlFunction FORMATDATETIME = function("FORMATDATETIME", ReturnTypes.VARCHAR_NULLABLE,
      OperandTypes.family(SqlTypeFamily.DATETIME, SqlTypeFamily.CHARACTER),
      SqlFunctionCategory.TIMEDATE, SqlTypeName.TIMESTAMP, SqlTypeName.VARCHAR);

  /** {@code PARSEDATETIME(text, pattern)}: a TIMESTAMP parsed with a java.time pattern. */
  public static final SqlFunction PARSEDATETIME = function("PARSEDATETIME",
      ReturnTypes.explicit(SqlTypeName.TIMESTAMP, 3).andThen(org.apache.calcite.sql.type.SqlTypeTransforms.TO_NULLABLE),
      OperandTypes.STRING_STRING, SqlFunctionCategory.TIMEDATE, SqlTypeName.VARCHAR, SqlTypeName.VARCHAR);

  /** {@code DATE_TRUNC(unit, datetime)}: the datetime truncated to the unit, of the datetime's type (H2). */
  public static final SqlFunction DATE_TRUNC = function("DATE_TRUNC", ReturnTypes.ARG1_NULLABLE,
      OperandTypes.family(SqlTypeFamily.CHARACTER, SqlTypeFamily.DATETIME),
      SqlFunctionCategory.TIMEDATE, SqlTypeName.VARCHAR, SqlTypeName.TIMESTAMP);

  /**
   * {@code TRUNC(n [, digits])} truncates a number toward zero; {@code TRUNC(datetime)} cuts a
   * DATE or TIMESTAMP to the start of its day (TIMESTAMP, as H2).
   */
  public static final SqlFunction TRUNC = function("TRUNC", BeamFunctions::truncType,
      OperandTypes.NUMERIC_OPTIONAL_INTEGER.or(OperandTypes.DATETIME),
      SqlFunctionCategory.NUMERIC, SqlTypeName.DECIMAL, SqlTypeName.INTEGER);

  /**
   * {@code TO_CHAR(value [, format])}: a date/time in an Oracle-style format ({@code YYYY-MM-DD
   * HH24:MI:SS}), a number in a {@code 9990.00} format, or the value's text (H2).
   */
  public static final SqlFunction TO_CHAR = function("TO_CHAR", ReturnTypes.VARCHAR_NULLABLE,
      OperandTypes.or(OperandTypes.family(SqlTypeFamily.DATETIME), OperandTypes.family(SqlTypeFamily.NUMERIC),
          OperandTypes.family(SqlTypeFamily.CHARACTER),
          OperandTypes.family(SqlTypeFamily.DATETIME, SqlTypeFamily.CHARACTER),
          OperandTypes.family(SqlTypeFamily.NUMERIC, SqlTypeFamily.CHARACTER)),
      SqlFunctionCategory.STRING, SqlTypeName.VARCHAR, SqlTypeName.VARCHAR);

  /** {@code SUBSTR(s, start [, length])}: as SUBSTRING, but a negative start counts from the end (H2). */
  public static final SqlFunction SUBSTR = function("SUBSTR", ReturnTypes.ARG0_NULLABLE_VARYING,
      OperandTypes.STRING_INTEGER_OPTIONAL_INTEGER,
      SqlFunctionCategory.STRING, SqlTypeName.VARCHAR, SqlTypeName.INTEGER, SqlTypeName.INTEGER);

  /**
   * H2's date-part functions {@code YEAR(d)}, {@code MONTH}, {@code DAY_OF_MONTH} ... : INTEGER, as
   * in H2 (Calcite's own return BIGINT). {@code DAYOFWEEK} counts from Sunday = 1; {@code WEEK}
   * numbers weeks from Sunday, week 1 being the one holding January 1st (H2 under an English locale).
   */
  public static final List<SqlFunction> DATE_PARTS = datePartFunctions("YEAR", "QUARTER", "MONTH", "WEEK",
      "DAYOFMONTH", "DAYOFWEEK", "DAYOFYEAR", "HOUR", "MINUTE", "SECOND");

  private static List<SqlFunction> datePartFunctions(String... names) {
    List<SqlFunction> out = new ArrayList<>();
    for (String name : names) {
      out.add(function(name, ReturnTypes.INTEGER_NULLABLE, OperandTypes.DATETIME, SqlFunctionCategory.TIMEDATE,
          SqlTypeName.TIMESTAMP));
    }
    return List.copyOf(out);
  }

  /** {@code +} with {@code DATE/TIMESTAMP + integer days} besides the standard operand types. */
  public static final SqlOperator PLUS = new SqlMonotonicBinaryOperator("+", SqlKind.PLUS, 40, true,
      datetimeOr(ReturnTypes.NULLABLE_SUM), BeamFunctions::inferDays,
      OperandTypes.PLUS_OPERATOR.or(OperandTypes.family(SqlTypeFamily.DATETIME, SqlTypeFamily.INTEGER))
          .or(OperandTypes.family(SqlTypeFamily.INTEGER, SqlTypeFamily.DATETIME))) {
  };

  /**
   * {@code -} with {@code DATE/TIMESTAMP - integer days} and {@code datetime - datetime} (an
   * INTERVAL DAY TO SECOND, as H2 and PostgreSQL give) besides the standard operand types.
   */
  public static final SqlOperator MINUS = new SqlMonotonicBinaryOperator("-", SqlKind.MINUS, 40, true,
      datetimeDifferenceOr(datetimeOr(ReturnTypes.NULLABLE_SUM)), BeamFunctions::inferDays,
      OperandTypes.MINUS_OPERATOR.or(OperandTypes.family(SqlTypeFamily.DATETIME, SqlTypeFamily.INTEGER))
          .or(OperandTypes.family(SqlTypeFamily.DATETIME, SqlTypeFamily.DATETIME))) {
  };

  /** Two datetime operands yield INTERVAL DAY TO SECOND; otherwise {@code other}. */
  private static SqlReturnTypeInference datetimeDifferenceOr(SqlReturnTypeInference other) {
    return binding -> {
      RelDataType a = binding.getOperandType(0);
      RelDataType b = binding.getOperandType(1);
      if (SqlTypeUtil.isDatetime(a) && SqlTypeUtil.isDatetime(b)) {
        RelDataTypeFactory f = binding.getTypeFactory();
        RelDataType iv = f.createSqlIntervalType(new org.apache.calcite.sql.SqlIntervalQualifier(
            org.apache.calcite.avatica.util.TimeUnit.DAY, org.apache.calcite.avatica.util.TimeUnit.SECOND,
            org.apache.calcite.sql.parser.SqlParserPos.ZERO));
        return f.createTypeWithNullability(iv, a.isNullable() || b.isNullable());
      }
      return other.inferReturnType(binding);
    };
  }

  /** Units H2 accepts in DATEADD/DATEDIFF/DATE_TRUNC that are shorter than a day. */
  private static final Set<String> TIME_UNITS = Set.of("HOUR", "HH", "MINUTE", "MI", "N", "SECOND", "SS", "S",
      "MILLISECOND", "MS", "MICROSECOND", "MCS", "NANOSECOND", "NS", "EPOCH");

  private BeamFunctions() {
  }

  private static SqlFunction sequenceFunction(String name) {
    return new SqlFunction(name, SqlKind.OTHER_FUNCTION, ReturnTypes.BIGINT, null, OperandTypes.STRING,
        SqlFunctionCategory.SYSTEM) {
      @Override
      public boolean isDeterministic() {
        return false;
      }
    };
  }

  private static SqlFunction function(String name, SqlReturnTypeInference ret,
                                      org.apache.calcite.sql.type.SqlOperandTypeChecker operands,
                                      SqlFunctionCategory category, SqlTypeName... parameterTypes) {
    return new SqlFunction(name, SqlKind.OTHER_FUNCTION, ret, parameters(parameterTypes), operands, category);
  }

  /** Types given to {@code ?} parameters by position (the last one repeats). */
  private static org.apache.calcite.sql.type.SqlOperandTypeInference parameters(SqlTypeName... types) {
    return (binding, returnType, operandTypes) -> {
      RelDataTypeFactory f = binding.getTypeFactory();
      for (int i = 0; i < operandTypes.length; i++) {
        operandTypes[i] = f.createTypeWithNullability(f.createSqlType(types[Math.min(i, types.length - 1)]), true);
      }
    };
  }

  /** As {@link InferTypes#FIRST_KNOWN}, except that a {@code ?} next to a DATE/TIMESTAMP is INTEGER days. */
  private static void inferDays(org.apache.calcite.sql.SqlCallBinding binding, RelDataType returnType,
                                RelDataType[] operandTypes) {
    InferTypes.FIRST_KNOWN.inferOperandTypes(binding, returnType, operandTypes);
    for (int i = 0; i < operandTypes.length; i++) {
      if (binding.operand(i).getKind() == SqlKind.DYNAMIC_PARAM && SqlTypeUtil.isDatetime(operandTypes[i])) {
        RelDataTypeFactory f = binding.getTypeFactory();
        operandTypes[i] = f.createTypeWithNullability(f.createSqlType(SqlTypeName.INTEGER), true);
      }
    }
  }

  /** A datetime operand with an integer one yields the datetime's type; otherwise {@code other}. */
  private static SqlReturnTypeInference datetimeOr(SqlReturnTypeInference other) {
    return binding -> {
      RelDataType a = binding.getOperandType(0);
      RelDataType b = binding.getOperandType(1);
      RelDataTypeFactory f = binding.getTypeFactory();
      if (SqlTypeUtil.isDatetime(a) && SqlTypeUtil.isIntType(b)) {
        return f.createTypeWithNullability(a, a.isNullable() || b.isNullable());
      }
      if (SqlTypeUtil.isIntType(a) && SqlTypeUtil.isDatetime(b)) {
        return f.createTypeWithNullability(b, a.isNullable() || b.isNullable());
      }
      return other.inferReturnType(binding);
    };
  }

  private static RelDataType dateAddType(SqlOperatorBinding binding) {
    RelDataTypeFactory f = binding.getTypeFactory();
    RelDataType target = binding.getOperandType(2);
    boolean nullable = target.isNullable() || binding.getOperandType(1).isNullable();
    if (target.getSqlTypeName() == SqlTypeName.DATE && binding.isOperandLiteral(0, false)) {
      String unit = binding.getOperandLiteralValue(0, String.class);
      if (unit != null && TIME_UNITS.contains(normalizeUnit(unit))) {
        target = f.createSqlType(SqlTypeName.TIMESTAMP, 3);
      }
    }
    return f.createTypeWithNullability(target, nullable);
  }

  private static RelDataType truncType(SqlOperatorBinding binding) {
    RelDataType a = binding.getOperandType(0);
    RelDataTypeFactory f = binding.getTypeFactory();
    if (SqlTypeUtil.isDatetime(a)) {
      return f.createTypeWithNullability(f.createSqlType(SqlTypeName.TIMESTAMP, 3), a.isNullable());
    }
    return ReturnTypes.ARG0_NULLABLE.inferReturnType(binding);
  }

  /** A DATEADD/DATEDIFF unit in upper case without JDBC's {@code SQL_TSI_} prefix. */
  public static String normalizeUnit(String unit) {
    String u = unit.trim().toUpperCase(Locale.ROOT);
    return u.startsWith("SQL_TSI_") ? u.substring(8) : u;
  }

  /** Names of functions here that replace Calcite library functions of the same name. */
  private static final Set<String> REPLACED = Set.of("TO_CHAR", "SUBSTR", "TRUNC", "GREATEST", "LEAST", "YEAR", "QUARTER",
      "MONTH", "WEEK", "DAYOFMONTH", "DAYOFWEEK", "DAYOFYEAR", "HOUR", "MINUTE", "SECOND");

  private static final SqlOperatorTable LIBRARY = libraryWithoutReplaced();

  private static SqlOperatorTable libraryWithoutReplaced() {
    SqlOperatorTable all = org.apache.calcite.sql.fun.SqlLibraryOperatorTableFactory.INSTANCE.getOperatorTable(
        org.apache.calcite.sql.fun.SqlLibrary.STANDARD, org.apache.calcite.sql.fun.SqlLibrary.POSTGRESQL);
    return new SqlOperatorTable() {
      @Override
      public void lookupOperatorOverloads(org.apache.calcite.sql.SqlIdentifier opName, SqlFunctionCategory category,
                                          org.apache.calcite.sql.SqlSyntax syntax, List<SqlOperator> operatorList,
                                          org.apache.calcite.sql.validate.SqlNameMatcher nameMatcher) {
        int before = operatorList.size();
        all.lookupOperatorOverloads(opName, category, syntax, operatorList, nameMatcher);
        operatorList.subList(before, operatorList.size()).removeIf(BeamFunctions::replaced);
      }

      @Override
      public List<SqlOperator> getOperatorList() {
        List<SqlOperator> ops = new ArrayList<>(all.getOperatorList());
        ops.removeIf(BeamFunctions::replaced);
        return ops;
      }
    };
  }

  private static boolean replaced(SqlOperator op) {
    return op instanceof SqlFunction && REPLACED.contains(op.getName());
  }

  /**
   * Calcite's STANDARD and POSTGRESQL operators without the functions this class replaces with
   * H2's semantics ({@code TO_CHAR}, {@code SUBSTR}, {@code TRUNC}, the INTEGER date parts
   * {@code YEAR} ... {@code SECOND}, and {@code GREATEST}/{@code LEAST}, which are NULL when any
   * argument is, unlike PostgreSQL's), so each name resolves to one overload, also with {@code ?}
   * parameters.
   */
  public static SqlOperatorTable library() {
    return LIBRARY;
  }

  /** The table of these functions. */
  public static SqlOperatorTable table() {
    List<SqlOperator> ops = new ArrayList<>(List.of(NEXTVAL, CURRVAL, NOW, LOCATE, DATEADD, DATEDIFF,
        FORMATDATETIME, PARSEDATETIME, DATE_TRUNC, TRUNC, TO_CHAR, SUBSTR, PLUS, MINUS));
    ops.addAll(DATE_PARTS);
    ops.addAll(List.of(SqlLibraryOperators.IFNULL, SqlLibraryOperators.NVL, SqlLibraryOperators.NVL2,
        SqlLibraryOperators.DECODE, SqlLibraryOperators.INSTR, SqlLibraryOperators.REVERSE, SqlLibraryOperators.SPACE,
        SqlLibraryOperators.DAYNAME, SqlLibraryOperators.MONTHNAME, SqlLibraryOperators.GREATEST,
        SqlLibraryOperators.LEAST, SqlLibraryOperators.GROUP_CONCAT));
    return SqlOperatorTables.of(ops);
  }

  /**
   * Puts this class's {@code +} and {@code -} into a parsed statement in place of Calcite's, so
   * that validation also infers a {@code ?} next to a date as INTEGER days ({@code d - ?}).
   * Changes {@code node} in place and returns it.
   */
  public static org.apache.calcite.sql.SqlNode useBeamOperators(org.apache.calcite.sql.SqlNode node) {
    node.accept(new org.apache.calcite.sql.util.SqlBasicVisitor<Void>() {
      @Override
      public Void visit(org.apache.calcite.sql.SqlCall call) {
        if (call instanceof org.apache.calcite.sql.SqlBasicCall) {
          if (call.getOperator() == SqlStdOperatorTable.PLUS) {
            ((org.apache.calcite.sql.SqlBasicCall) call).setOperator(PLUS);
          } else if (call.getOperator() == SqlStdOperatorTable.MINUS) {
            ((org.apache.calcite.sql.SqlBasicCall) call).setOperator(MINUS);
          }
        }
        return super.visit(call);
      }
    });
    return node;
  }

  /**
   * Rewrites H2 spellings Calcite's parser cannot read into ones it can: {@code DAY(x)} becomes
   * {@code DAYOFMONTH(x)}; in {@code DATEADD}, {@code DATEDIFF}, {@code TIMESTAMPADD} and
   * {@code TIMESTAMPDIFF} a bare first-argument unit ({@code DAY}) becomes a string
   * ({@code 'DAY'}) and the TIMESTAMP* names become their DATE* synonyms (H2 treats them alike);
   * a {@code TIMESTAMP WITH TIME ZONE '...+02:00'} literal becomes a CAST of the string (Calcite's
   * literal syntax wants no offset or a zone name). String literals, quoted identifiers and comments are left untouched.
   */
  public static String rewriteH2Syntax(String sql) {
    StringBuilder out = null;
    int n = sql.length();
    int copied = 0;
    char prevSignificant = 0;
    for (int i = 0; i < n; ) {
      char c = sql.charAt(i);
      int skipped = io.beamdb.sql.SqlText.skipLiteralOrComment(sql, i);
      if (skipped != i) {
        if (c == '\'' || c == '"') {
          prevSignificant = c;
        }
        i = skipped;
        continue;
      }
      if (Character.isLetter(c) || c == '_') {
        int j = i;
        while (j < n && (Character.isLetterOrDigit(sql.charAt(j)) || sql.charAt(j) == '_' || sql.charAt(j) == '$')) {
          j++;
        }
        String word = sql.substring(i, j).toUpperCase(Locale.ROOT);
        int k = skipSpace(sql, j);
        boolean call = k < n && sql.charAt(k) == '(' && prevSignificant != '.';
        String replacement = null;
        int end = j;
        java.util.regex.Matcher tz = word.equals("TIMESTAMP") ? TZ_LITERAL.matcher(sql).region(j, n) : null;
        if (tz != null && tz.lookingAt()) {
          // TIMESTAMP WITH TIME ZONE '2024-05-01 10:00:00+02:00': Calcite's literal wants "... +02:00"-less forms
          int q = tz.end() - 1;
          int e = q + 1;
          while (e < n && !(sql.charAt(e) == '\'' && (e + 1 >= n || sql.charAt(e + 1) != '\''))) {
            e += sql.charAt(e) == '\'' ? 2 : 1;
          }
          if (e < n) {
            replacement = "CAST(" + sql.substring(q, e + 1) + " AS TIMESTAMP WITH TIME ZONE)";
            end = e + 1;
          }
        } else if (call && word.equals("DAY") && prevSignificant != '\'') {
          replacement = "DAYOFMONTH";
        } else if (call && (word.equals("DATEADD") || word.equals("DATEDIFF")
            || word.equals("TIMESTAMPADD") || word.equals("TIMESTAMPDIFF"))) {
          String name = word.startsWith("TIMESTAMP") ? "DATE" + word.substring(9) : word;
          int u = skipSpace(sql, k + 1);
          int v = u;
          while (v < n && (Character.isLetterOrDigit(sql.charAt(v)) || sql.charAt(v) == '_')) {
            v++;
          }
          int w = skipSpace(sql, v);
          if (v > u && Character.isLetter(sql.charAt(u)) && w < n && sql.charAt(w) == ',') {
            replacement = name + "('" + sql.substring(u, v) + "'";
            end = v;
          } else if (!name.equals(word)) {
            replacement = name;
          }
        }
        if (replacement != null) {
          if (out == null) {
            out = new StringBuilder(n + 16);
          }
          out.append(sql, copied, i).append(replacement);
          copied = end;
          i = end;
        } else {
          i = j;
        }
        prevSignificant = 'a';
        continue;
      }
      if (!Character.isWhitespace(c)) {
        prevSignificant = c;
      }
      i++;
    }
    if (out == null) {
      return sql;
    }
    return out.append(sql, copied, n).toString();
  }

  private static final java.util.regex.Pattern TZ_LITERAL =
      java.util.regex.Pattern.compile("\\s+WITH\\s+TIME\\s+ZONE\\s*'", java.util.regex.Pattern.CASE_INSENSITIVE);

  private static int skipSpace(String s, int i) {
    while (i < s.length() && Character.isWhitespace(s.charAt(i))) {
      i++;
    }
    return i;
  }
}
