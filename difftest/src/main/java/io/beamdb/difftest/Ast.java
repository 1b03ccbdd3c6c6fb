package io.beamdb.difftest;

import java.util.ArrayList;
import java.util.List;

/**
 * The generated SQL as a tree, so that the {@link Reducer} can shrink it: every node renders
 * itself as SQL, lists its children and proposes smaller replacements for itself.
 */
final class Ast {

  private Ast() {}

  /** A node of the tree. */
  abstract static class Node {
    abstract String sql();

    /** The children the reducer may descend into. */
    List<Node> kids() {
      return List.of();
    }

    /** A copy with child {@code i} replaced. */
    Node withKid(int i, Node kid) {
      throw new IllegalArgumentException("no child " + i);
    }

    /** Smaller nodes that could stand in for this one (the reducer keeps those that still fail). */
    List<Node> shrinks() {
      return List.of();
    }

    @Override
    public String toString() {
      return sql();
    }
  }

  /**
   * An expression: a template whose {@code %s} are filled with the children (a leaf's template is
   * used verbatim, so literals may contain {@code %}). {@code approx} marks values that engines
   * may compute with different rounding (AVG), compared with a tolerance.
   */
  static final class Expr extends Node {
    final String template;
    final List<Node> args;
    final SqlType type;
    private final boolean selfApprox;
    private final boolean selfAggregate;
    /** True when the value may differ in rounding between engines (AVG), here or below. */
    final boolean approx;
    /** True when an aggregate call occurs here or below (outside sub-queries). */
    final boolean aggregate;

    Expr(String template, SqlType type, boolean approx, boolean aggregate, List<Node> args) {
      this.template = template;
      this.type = type;
      this.args = List.copyOf(args);
      this.selfApprox = approx;
      this.selfAggregate = aggregate;
      boolean a = approx;
      boolean g = aggregate;
      for (Node n : args) {
        if (n instanceof Expr e) {
          a |= e.approx;
          g |= e.aggregate;
        }
      }
      this.approx = a;
      this.aggregate = g;
    }

    static Expr leaf(String text, SqlType type) {
      return new Expr(text, type, false, false, List.of());
    }

    static Expr of(String template, SqlType type, Node... args) {
      return new Expr(template, type, false, false, List.of(args));
    }

    @Override
    String sql() {
      if (args.isEmpty()) {
        return template;
      }
      Object[] parts = new Object[args.size()];
      for (int i = 0; i < parts.length; i++) {
        parts[i] = args.get(i).sql();
      }
      return String.format(template, parts);
    }

    @Override
    List<Node> kids() {
      return args;
    }

    @Override
    Node withKid(int i, Node kid) {
      List<Node> a = new ArrayList<>(args);
      a.set(i, kid);
      return new Expr(template, type, selfApprox, selfAggregate, a);
    }

    @Override
    List<Node> shrinks() {
      List<Node> out = new ArrayList<>();
      for (Node n : args) {
        if (n instanceof Expr e && e.type == type) {
          out.add(e);
        }
      }
      String simple = Generator.simpleLiteral(type);
      if (!template.equals(simple)) {
        out.add(leaf(simple, type));
      }
      if (!template.startsWith("CAST(NULL")) {
        out.add(leaf("CAST(NULL AS " + type.castName() + ")", type));
      }
      return out;
    }
  }

  /** One table of a FROM clause: {@code [LEFT] JOIN table alias ON cond}, or the first table. */
  record From(String join, String table, String alias, Expr on) {
    String sql(boolean first) {
      if (first) {
        return table + " " + alias;
      }
      return " " + join + " " + table + " " + alias + (on == null ? "" : " ON " + on.sql());
    }
  }

  /** One ORDER BY key: a 1-based ordinal of the select list. */
  record OrderKey(int ordinal, boolean desc, String nulls) {
    String sql() {
      return ordinal + (desc ? " DESC" : "") + (nulls == null ? "" : " NULLS " + nulls);
    }
  }

  /** Something that returns rows: a SELECT or a set operation. */
  abstract static class Query extends Node {
    abstract int width();

    abstract boolean approx(int column);

    abstract List<OrderKey> orderBy();

    abstract boolean fullyOrdered();
  }

  /** A SELECT. */
  static final class Select extends Query {
    final boolean distinct;
    final List<Expr> items;
    final List<From> from;
    final Expr where;
    final List<Expr> groupBy;
    final Expr having;
    final List<OrderKey> orderBy;
    final Integer limit;
    final Integer offset;

    Select(boolean distinct, List<Expr> items, List<From> from, Expr where, List<Expr> groupBy,
        Expr having, List<OrderKey> orderBy, Integer limit, Integer offset) {
      this.distinct = distinct;
      this.items = List.copyOf(items);
      this.from = List.copyOf(from);
      this.where = where;
      this.groupBy = List.copyOf(groupBy);
      this.having = having;
      this.orderBy = List.copyOf(orderBy);
      this.limit = limit;
      this.offset = offset;
    }

    Select withWhere(Expr w) {
      return new Select(distinct, items, from, w, groupBy, having, orderBy, limit, offset);
    }

    Select withHaving(Expr h) {
      return new Select(distinct, items, from, where, groupBy, h, orderBy, limit, offset);
    }

    Select withItems(List<Expr> it) {
      return new Select(distinct, it, from, where, groupBy, having, orderBy, limit, offset);
    }

    Select withDistinct(boolean d) {
      return new Select(d, items, from, where, groupBy, having, orderBy, limit, offset);
    }

    Select unordered() {
      return new Select(distinct, items, from, where, groupBy, having, List.of(), null, null);
    }

    /** The FROM ... [WHERE] [GROUP BY] [HAVING] part. */
    String fromSql() {
      StringBuilder sb = new StringBuilder(" FROM ");
      for (int i = 0; i < from.size(); i++) {
        sb.append(from.get(i).sql(i == 0));
      }
      if (where != null) {
        sb.append(" WHERE ").append(where.sql());
      }
      if (!groupBy.isEmpty()) {
        sb.append(" GROUP BY ");
        for (int i = 0; i < groupBy.size(); i++) {
          sb.append(i == 0 ? "" : ", ").append(groupBy.get(i).sql());
        }
      }
      if (having != null) {
        sb.append(" HAVING ").append(having.sql());
      }
      return sb.toString();
    }

    String itemsSql() {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < items.size(); i++) {
        sb.append(i == 0 ? "" : ", ").append(items.get(i).sql());
      }
      return sb.toString();
    }

    @Override
    String sql() {
      StringBuilder sb = new StringBuilder("SELECT ");
      if (distinct) {
        sb.append("DISTINCT ");
      }
      sb.append(itemsSql()).append(fromSql());
      sb.append(orderSql(orderBy, limit, offset));
      return sb.toString();
    }

    @Override
    int width() {
      return items.size();
    }

    @Override
    boolean approx(int column) {
      return items.get(column).approx;
    }

    @Override
    List<OrderKey> orderBy() {
      return orderBy;
    }

    @Override
    boolean fullyOrdered() {
      return coversAll(orderBy, items.size());
    }

    @Override
    List<Node> kids() {
      List<Node> k = new ArrayList<>(items);
      for (From f : from) {
        if (f.on() != null) {
          k.add(f.on());
        }
      }
      if (where != null) {
        k.add(where);
      }
      if (having != null) {
        k.add(having);
      }
      k.addAll(groupBy);
      return k;
    }

    @Override
    Node withKid(int i, Node kid) {
      Expr e = (Expr) kid;
      if (i < items.size()) {
        List<Expr> it = new ArrayList<>(items);
        it.set(i, e);
        return withItems(it);
      }
      i -= items.size();
      List<From> fr = new ArrayList<>(from);
      for (int j = 0; j < fr.size(); j++) {
        if (fr.get(j).on() != null) {
          if (i == 0) {
            From f = fr.get(j);
            fr.set(j, new From(f.join(), f.table(), f.alias(), e));
            return new Select(distinct, items, fr, where, groupBy, having, orderBy, limit, offset);
          }
          i--;
        }
      }
      if (where != null) {
        if (i == 0) {
          return withWhere(e);
        }
        i--;
      }
      if (having != null) {
        if (i == 0) {
          return withHaving(e);
        }
        i--;
      }
      List<Expr> g = new ArrayList<>(groupBy);
      g.set(i, e);
      return new Select(distinct, items, from, where, g, having, orderBy, limit, offset);
    }

    @Override
    List<Node> shrinks() {
      List<Node> out = new ArrayList<>();
      if (where != null) {
        out.add(withWhere(null));
      }
      if (having != null) {
        out.add(withHaving(null));
      }
      if (limit != null || offset != null) {
        out.add(new Select(distinct, items, from, where, groupBy, having, orderBy, null, null));
      }
      if (!orderBy.isEmpty() && limit == null && offset == null) {
        out.add(unordered());
      }
      if (distinct) {
        out.add(withDistinct(false));
      }
      if (from.size() > 1) {
        out.add(new Select(distinct, items, from.subList(0, from.size() - 1), where, groupBy, having,
            orderBy, limit, offset));
      }
      if (items.size() > 1) {
        for (int i = 0; i < items.size(); i++) {
          List<Expr> it = new ArrayList<>(items);
          it.remove(i);
          List<OrderKey> ok = new ArrayList<>();
          for (OrderKey k : orderBy) {
            if (k.ordinal() - 1 != i) {
              ok.add(new OrderKey(k.ordinal() > i + 1 ? k.ordinal() - 1 : k.ordinal(), k.desc(), k.nulls()));
            }
          }
          out.add(new Select(distinct, it, from, where, groupBy, having, ok, limit, offset));
        }
      }
      for (int i = 0; i < from.size(); i++) {
        From f = from.get(i);
        if ("LEFT JOIN".equals(f.join())) {
          List<From> fr = new ArrayList<>(from);
          fr.set(i, new From("JOIN", f.table(), f.alias(), f.on()));
          out.add(new Select(distinct, items, fr, where, groupBy, having, orderBy, limit, offset));
        }
      }
      return out;
    }
  }

  static boolean coversAll(List<OrderKey> keys, int width) {
    boolean[] seen = new boolean[width];
    int n = 0;
    for (OrderKey k : keys) {
      if (!seen[k.ordinal() - 1]) {
        seen[k.ordinal() - 1] = true;
        n++;
      }
    }
    return n == width;
  }

  static String orderSql(List<OrderKey> orderBy, Integer limit, Integer offset) {
    StringBuilder sb = new StringBuilder();
    if (!orderBy.isEmpty()) {
      sb.append(" ORDER BY ");
      for (int i = 0; i < orderBy.size(); i++) {
        sb.append(i == 0 ? "" : ", ").append(orderBy.get(i).sql());
      }
    }
    if (limit != null) {
      sb.append(" LIMIT ").append(limit);
    }
    if (offset != null) {
      sb.append(" OFFSET ").append(offset);
    }
    return sb.toString();
  }

  /** {@code left op right [ORDER BY ...] [LIMIT n]}. */
  static final class SetOp extends Query {
    final Select left;
    final String op;
    final Select right;
    final List<OrderKey> orderBy;
    final Integer limit;

    SetOp(Select left, String op, Select right, List<OrderKey> orderBy, Integer limit) {
      this.left = left;
      this.op = op;
      this.right = right;
      this.orderBy = List.copyOf(orderBy);
      this.limit = limit;
    }

    @Override
    String sql() {
      return left.sql() + " " + op + " " + right.sql() + orderSql(orderBy, limit, null);
    }

    @Override
    int width() {
      return left.width();
    }

    @Override
    boolean approx(int column) {
      return left.approx(column) || right.approx(column);
    }

    @Override
    List<OrderKey> orderBy() {
      return orderBy;
    }

    @Override
    boolean fullyOrdered() {
      return coversAll(orderBy, width());
    }

    @Override
    List<Node> kids() {
      return List.of(left, right);
    }

    @Override
    Node withKid(int i, Node kid) {
      return i == 0 ? new SetOp((Select) kid, op, right, orderBy, limit)
          : new SetOp(left, op, (Select) kid, orderBy, limit);
    }

    @Override
    List<Node> shrinks() {
      List<Node> out = new ArrayList<>();
      if (limit != null) {
        out.add(new SetOp(left, op, right, orderBy, null));
      } else if (!orderBy.isEmpty()) {
        out.add(new SetOp(left, op, right, List.of(), null));
      }
      if (orderBy.isEmpty()) {
        out.add(left);
        out.add(right);
      }
      if (!op.equals("UNION ALL")) {
        out.add(new SetOp(left, "UNION ALL", right, orderBy, limit));
      }
      return out;
    }
  }
}
