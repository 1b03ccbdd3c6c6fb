package io.beamdb.engine;

import io.beamdb.planner.calcite.LiteralScanner;
import io.beamdb.planner.calcite.StatementNormalizer;

import java.util.ArrayList;
import java.util.List;

/**
 * How to bind a plain statement straight to a cached parameterized plan from its literals, as
 * learned from the first statement with the same skeleton: which literals (by position in the
 * text) are the plan's parameters, and the exact text every other literal must have. Immutable.
 */
final class SkeletonPlan {
  final EnginePreparedCommand template;
  private final int[] paramLiterals;
  private final String[] fixedTexts;

  private SkeletonPlan(EnginePreparedCommand template, int[] paramLiterals, String[] fixedTexts) {
    this.template = template;
    this.paramLiterals = paramLiterals;
    this.fixedTexts = fixedTexts;
  }

  /**
   * Learns the mapping from a statement's scan and its normalization; null when a parameter
   * does not correspond to a scanned literal (then statements of this shape are normalized with
   * Calcite each time).
   */
  static SkeletonPlan learn(LiteralScanner.Scan scan, StatementNormalizer.Normalized normalized,
                            EnginePreparedCommand template) {
    List<LiteralScanner.Literal> lits = scan.literals();
    int[] params = new int[normalized.offsets().size()];
    String[] fixed = new String[lits.size()];
    for (int i = 0; i < lits.size(); i++) {
      fixed[i] = lits.get(i).text();
    }
    for (int p = 0; p < params.length; p++) {
      int offset = normalized.offsets().get(p);
      int found = -1;
      for (int i = 0; i < lits.size(); i++) {
        if (lits.get(i).offset() == offset) {
          found = i;
          break;
        }
      }
      if (found < 0) {
        return null;
      }
      params[p] = found;
      fixed[found] = null; // a parameter: any text
    }
    return new SkeletonPlan(template, params, fixed);
  }

  /** The parameter values for {@code scan}, or null when its fixed literals differ. */
  List<Object> bind(LiteralScanner.Scan scan) {
    List<LiteralScanner.Literal> lits = scan.literals();
    if (lits.size() != fixedTexts.length) {
      return null;
    }
    for (int i = 0; i < fixedTexts.length; i++) {
      if (fixedTexts[i] != null && !fixedTexts[i].equals(lits.get(i).text())) {
        return null;
      }
    }
    List<Object> values = new ArrayList<>(paramLiterals.length);
    for (int p : paramLiterals) {
      values.add(lits.get(p).value());
    }
    return values;
  }
}
