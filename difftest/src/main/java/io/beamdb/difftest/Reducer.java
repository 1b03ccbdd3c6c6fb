package io.beamdb.difftest;

import io.beamdb.difftest.Ast.Node;
import io.beamdb.difftest.Checks.Check;
import io.beamdb.difftest.Checks.Status;
import io.beamdb.difftest.Checks.Verdict;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/**
 * Delta reduction of a failing case: first drops setup statements (DDL, rows, earlier DML) in
 * shrinking chunks, then shrinks the check's tree node by node ({@link Node#shrinks}), keeping
 * each change after which the check still fails with the same signature. Changes that make both
 * engines fail (an invalid query) do not reproduce the failure and are dropped.
 */
final class Reducer {

  /** A reduced case: the setup script and the check. */
  record Case(List<String> setup, Check check, Verdict verdict) {
    String script() {
      StringBuilder sb = new StringBuilder();
      for (String s : setup) {
        sb.append(s).append(";\n");
      }
      return sb.append(check.sql()).append(';').toString();
    }
  }

  private final Db beam;
  private final Db h2;
  private final int maxSteps;
  private int steps;

  Reducer(Db beam, Db h2, int maxSteps) {
    this.beam = beam;
    this.h2 = h2;
    this.maxSteps = maxSteps;
  }

  Case reduce(List<String> setup, Check check, String signature) throws SQLException {
    List<String> s = reduceSetup(new ArrayList<>(setup), check, signature);
    load(s);
    Check c = reduceTree(check, signature);
    s = reduceSetup(s, c, signature);
    load(s);
    Verdict v = c.run(beam, h2, false);
    return new Case(s, c, v);
  }

  private void load(List<String> setup) throws SQLException {
    beam.reset();
    h2.reset();
    for (String stmt : setup) {
      // failures are fine here: a removed CREATE TABLE makes its INSERTs fail on both;
      // UPDATE/DELETE run in explicit transactions, as they did in the round
      boolean dml = stmt.startsWith("UPDATE") || stmt.startsWith("DELETE");
      if (dml) {
        beam.updateInTransaction(stmt);
        h2.updateInTransaction(stmt);
      } else {
        beam.update(stmt);
        h2.update(stmt);
      }
    }
  }

  private boolean fails(List<String> setup, Check check, String signature, boolean reload) throws SQLException {
    steps++;
    if (reload) {
      load(setup);
    }
    Verdict v = check.run(beam, h2, false);
    return v.status() == Status.MISMATCH && signature.equals(v.signature());
  }

  private List<String> reduceSetup(List<String> setup, Check check, String signature) throws SQLException {
    int chunk = Math.max(1, setup.size() / 2);
    while (chunk >= 1 && steps < maxSteps) {
      boolean removed = false;
      for (int from = 0; from < setup.size() && steps < maxSteps; ) {
        List<String> candidate = new ArrayList<>(setup.subList(0, from));
        candidate.addAll(setup.subList(Math.min(setup.size(), from + chunk), setup.size()));
        if (candidate.size() < setup.size() && fails(candidate, check, signature, true)) {
          setup = candidate;
          removed = true;
        } else {
          from += chunk;
        }
      }
      if (!removed) {
        chunk /= 2;
      }
    }
    return setup;
  }

  private Check reduceTree(Check check, String signature) throws SQLException {
    boolean progress = true;
    while (progress && steps < maxSteps) {
      progress = false;
      List<List<Integer>> paths = new ArrayList<>();
      collect(check, new ArrayList<>(), paths);
      search:
      for (List<Integer> path : paths) {
        Node node = at(check, path);
        for (Node smaller : node.shrinks()) {
          if (steps >= maxSteps) {
            break search;
          }
          if (!fits(node, smaller)) {
            continue;
          }
          Check candidate = (Check) replace(check, path, 0, smaller);
          if (fails(null, candidate, signature, false)) {
            check = candidate;
            progress = true;
            break search;
          }
        }
      }
    }
    return check;
  }

  /** Whether {@code smaller} can take {@code node}'s place (SetOp sides and sub-queries are SELECTs). */
  private static boolean fits(Node node, Node smaller) {
    if (node instanceof Ast.Expr) {
      return smaller instanceof Ast.Expr;
    }
    if (node instanceof Ast.SetOp) {
      return smaller instanceof Ast.Query; // a set operation is only ever the root query
    }
    return smaller.getClass() == node.getClass();
  }

  private static void collect(Node n, List<Integer> path, List<List<Integer>> out) {
    out.add(List.copyOf(path));
    List<Node> kids = n.kids();
    for (int i = 0; i < kids.size(); i++) {
      path.add(i);
      collect(kids.get(i), path, out);
      path.remove(path.size() - 1);
    }
  }

  private static Node at(Node root, List<Integer> path) {
    Node n = root;
    for (int i : path) {
      n = n.kids().get(i);
    }
    return n;
  }

  private static Node replace(Node root, List<Integer> path, int depth, Node replacement) {
    if (depth == path.size()) {
      return replacement;
    }
    int i = path.get(depth);
    return root.withKid(i, replace(root.kids().get(i), path, depth + 1, replacement));
  }
}
