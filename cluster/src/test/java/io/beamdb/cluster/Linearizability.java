package io.beamdb.cluster;

import java.util.ArrayList;
import java.util.BitSet;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A linearizability checker for histories of single-key register operations (read and write of
 * a {@code long} per key), in the spirit of Knossos and Porcupine.
 *
 * <p>Algorithm: Wing and Gong's search for a linearization ("Testing and verifying concurrent
 * objects", J. Parallel Distrib. Comput. 17, 1993) with Lowe's improvements ("Testing for
 * linearizability", Concurrency and Computation: Practice and Experience 29(4), 2017): the
 * history is a doubly linked list of call and return events in time order; the search repeatedly
 * picks an operation whose call comes before the first remaining return, applies it to the
 * sequential register model, removes ("lifts") its call and return from the list, and backtracks
 * when a return is reached with no candidate left. Lowe's memoization caches each reached
 * (set of linearized operations, model state) pair, so a configuration is explored once. This is
 * the algorithm of Porcupine's {@code checkSingle} (Athalye, github.com/anishathalye/porcupine).
 * Keys are checked independently (linearizability is local, Herlihy and Wing 1990, theorem 1).
 *
 * <p>Operations whose outcome is unknown (the client saw an error or a timeout) are handled as
 * in Knossos and Porcupine: a write may have taken effect at any point after its call, or never,
 * so its return time is infinite (linearizing it after everything else observes nothing);
 * a read with an unknown outcome observed nothing and is left out.
 *
 * <p>Times are any monotonic clock (e.g. {@link System#nanoTime()}); an operation whose return
 * precedes another's call must be ordered before it. Stateless apart from the step budget;
 * thread-safe.
 */
final class Linearizability {
  /** One completed or unknown-outcome operation on key {@code key}. */
  record Op(int key, boolean write, long value, long call, long ret, boolean known) {
    /** A write of {@code value}, or a read that returned {@code value}, that completed. */
    static Op of(int key, boolean write, long value, long call, long ret) {
      return new Op(key, write, value, call, ret, true);
    }

    /** A write whose outcome is unknown (it may or may not have taken effect). */
    static Op unknownWrite(int key, long value, long call) {
      return new Op(key, true, value, call, Long.MAX_VALUE, false);
    }
  }

  /** The verdict: linearizable, not linearizable (with the key), or gave up (step budget). */
  enum Result { LINEARIZABLE, NOT_LINEARIZABLE, UNKNOWN }

  private final long stepBudget;

  /** @param stepBudget search steps per key before giving up with {@link Result#UNKNOWN} */
  Linearizability(long stepBudget) {
    this.stepBudget = stepBudget;
  }

  /** Checks every key's history; registers start at {@code initial}. */
  Result check(List<Op> history, long initial) {
    Map<Integer, List<Op>> byKey = new HashMap<>();
    for (Op op : history) {
      if (!op.write() && !op.known()) {
        continue; // a read without an answer observed nothing
      }
      byKey.computeIfAbsent(op.key(), k -> new ArrayList<>()).add(op);
    }
    Result worst = Result.LINEARIZABLE;
    for (List<Op> ops : byKey.values()) {
      Result r = checkOneKey(ops, initial);
      if (r == Result.NOT_LINEARIZABLE) {
        return r;
      }
      if (r == Result.UNKNOWN) {
        worst = r;
      }
    }
    return worst;
  }

  /** A call or return event in the linked list. */
  private static final class Entry {
    final int id;
    final boolean call;
    final long time;
    final Op op;
    Entry match; // the call's return entry, or the return's call
    Entry prev;
    Entry next;

    Entry(int id, boolean call, long time, Op op) {
      this.id = id;
      this.call = call;
      this.time = time;
      this.op = op;
    }
  }

  private record Config(BitSet linearized, long state) {
  }

  private Result checkOneKey(List<Op> ops, long initial) {
    List<Entry> events = new ArrayList<>();
    for (int i = 0; i < ops.size(); i++) {
      Op op = ops.get(i);
      Entry c = new Entry(i, true, op.call(), op);
      Entry r = new Entry(i, false, op.ret(), op);
      c.match = r;
      r.match = c;
      events.add(c);
      events.add(r);
    }
    // by time; at equal times calls first (they may then be ordered either way: the weaker order)
    events.sort(Comparator.<Entry>comparingLong(e -> e.time).thenComparing(e -> !e.call));
    Entry head = new Entry(-1, false, Long.MIN_VALUE, null);
    Entry last = head;
    for (Entry e : events) {
      last.next = e;
      e.prev = last;
      last = e;
    }
    Set<Config> cache = new HashSet<>();
    BitSet linearized = new BitSet(ops.size());
    List<Entry> stackEntries = new ArrayList<>();
    List<Long> stackStates = new ArrayList<>();
    long state = initial;
    Entry entry = head.next;
    long steps = 0;
    while (head.next != null) {
      if (++steps > stepBudget) {
        return Result.UNKNOWN;
      }
      if (entry.call) {
        Op op = entry.op;
        boolean ok = op.write() || op.value() == state;
        long next = op.write() ? op.value() : state;
        if (ok) {
          BitSet with = (BitSet) linearized.clone();
          with.set(entry.id);
          if (cache.add(new Config(with, next))) {
            stackEntries.add(entry);
            stackStates.add(state);
            state = next;
            linearized = with;
            lift(entry);
            entry = head.next;
            continue;
          }
        }
        entry = entry.next;
      } else {
        // a return with no way to linearize its operation before it: backtrack
        if (stackEntries.isEmpty()) {
          return Result.NOT_LINEARIZABLE;
        }
        Entry top = stackEntries.remove(stackEntries.size() - 1);
        state = stackStates.remove(stackStates.size() - 1);
        linearized = (BitSet) linearized.clone();
        linearized.clear(top.id);
        unlift(top);
        entry = top.next;
      }
    }
    return Result.LINEARIZABLE;
  }

  /** Removes a call and its return from the list (both have a predecessor: the head). */
  private static void lift(Entry call) {
    call.prev.next = call.next;
    if (call.next != null) {
      call.next.prev = call.prev;
    }
    Entry ret = call.match;
    ret.prev.next = ret.next;
    if (ret.next != null) {
      ret.next.prev = ret.prev;
    }
  }

  /** Puts a lifted call and its return back, in the reverse order of {@link #lift}. */
  private static void unlift(Entry call) {
    Entry ret = call.match;
    ret.prev.next = ret;
    if (ret.next != null) {
      ret.next.prev = ret;
    }
    call.prev.next = call;
    if (call.next != null) {
      call.next.prev = call;
    }
  }
}
