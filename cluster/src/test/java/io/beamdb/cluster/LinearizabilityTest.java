package io.beamdb.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.beamdb.cluster.Linearizability.Op;
import io.beamdb.cluster.Linearizability.Result;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The checker on small histories whose verdict is known, and on a large generated one. */
class LinearizabilityTest {
  private final Linearizability checker = new Linearizability(1_000_000);

  private static Op w(long value, long call, long ret) {
    return Op.of(0, true, value, call, ret);
  }

  private static Op r(long value, long call, long ret) {
    return Op.of(0, false, value, call, ret);
  }

  @Test
  void sequentialHistories() {
    assertEquals(Result.LINEARIZABLE, checker.check(List.of(w(1, 0, 1), r(1, 2, 3), w(2, 4, 5), r(2, 6, 7)), 0));
    assertEquals(Result.LINEARIZABLE, checker.check(List.of(r(0, 0, 1)), 0), "the initial value");
    assertEquals(Result.NOT_LINEARIZABLE, checker.check(List.of(w(1, 0, 1), r(0, 2, 3)), 0), "stale read");
    assertEquals(Result.NOT_LINEARIZABLE, checker.check(List.of(r(7, 0, 1)), 0), "value never written");
  }

  @Test
  void overlappingOperationsMayTakeEitherOrder() {
    // a read overlapping a write may see the old or the new value
    assertEquals(Result.LINEARIZABLE, checker.check(List.of(w(1, 0, 10), r(0, 1, 2)), 0));
    assertEquals(Result.LINEARIZABLE, checker.check(List.of(w(1, 0, 10), r(1, 1, 2)), 0));
    // but two sequential reads inside one write cannot go new then old
    assertEquals(Result.NOT_LINEARIZABLE, checker.check(List.of(w(1, 0, 10), r(1, 1, 2), r(0, 3, 4)), 0));
    // two concurrent writes, later reads agree on the one that came last
    assertEquals(Result.LINEARIZABLE,
        checker.check(List.of(w(1, 0, 5), w(2, 1, 6), r(1, 7, 8), r(1, 9, 10)), 0));
    assertEquals(Result.NOT_LINEARIZABLE,
        checker.check(List.of(w(1, 0, 5), w(2, 1, 6), r(1, 7, 8), r(2, 9, 10)), 0), "flip-flop after both writes ended");
  }

  @Test
  void knossosStyleExamples() {
    // Knossos' classic: a read returns the second write's value while the first write has not
    // returned, then another read sees the first write's value though the second write ended
    List<Op> bad = List.of(w(1, 0, 100), w(2, 10, 20), r(2, 30, 40), r(1, 50, 60), r(2, 70, 80));
    assertEquals(Result.NOT_LINEARIZABLE, checker.check(bad, 0));
    List<Op> good = List.of(w(1, 0, 100), w(2, 10, 20), r(2, 30, 40), r(1, 50, 60), r(1, 110, 120));
    assertEquals(Result.LINEARIZABLE, checker.check(good, 0));
  }

  @Test
  void unknownWritesMayOrMayNotHaveHappened() {
    assertEquals(Result.LINEARIZABLE,
        checker.check(List.of(Op.unknownWrite(0, 5, 0), r(0, 10, 11), r(5, 20, 21), r(5, 30, 31)), 0));
    assertEquals(Result.LINEARIZABLE, checker.check(List.of(Op.unknownWrite(0, 5, 0), r(0, 10, 11)), 0), "never took effect");
    assertEquals(Result.NOT_LINEARIZABLE,
        checker.check(List.of(Op.unknownWrite(0, 5, 0), r(5, 10, 11), r(0, 20, 21)), 0), "took effect, then undone");
    assertEquals(Result.NOT_LINEARIZABLE, checker.check(List.of(Op.unknownWrite(0, 5, 20), r(5, 10, 11)), 0),
        "seen before it was called");
  }

  @Test
  void keysAreIndependent() {
    List<Op> h = List.of(Op.of(1, true, 1, 0, 1), Op.of(2, false, 0, 2, 3), Op.of(1, false, 1, 4, 5));
    assertEquals(Result.LINEARIZABLE, checker.check(h, 0));
    List<Op> bad = new ArrayList<>(h);
    bad.add(Op.of(2, false, 1, 6, 7));
    assertEquals(Result.NOT_LINEARIZABLE, checker.check(bad, 0));
  }

  /**
   * A generated history from a real (atomic) register with 8 concurrent clients and random
   * delays is linearizable; changing one read's value to a stale value breaks it. Memoization
   * keeps this fast.
   */
  @Test
  void generatedHistories() {
    Random random = new Random(42);
    List<Op> h = new ArrayList<>();
    long value = 0;
    long time = 0;
    long[] busyUntil = new long[8];
    int stale = -1;
    for (int i = 0; i < 2_000; i++) {
      int client = random.nextInt(8);
      long call = Math.max(time, busyUntil[client]) + random.nextInt(3);
      long at = call + random.nextInt(5); // the linearization point
      long ret = at + random.nextInt(5);
      busyUntil[client] = ret + 1;
      time = at; // linearization points in order
      if (random.nextBoolean()) {
        value = i + 1;
        h.add(Op.of(0, true, value, call, ret));
      } else {
        h.add(Op.of(0, false, value, call, ret));
        if (stale < 0 && i > 1_000) {
          stale = h.size() - 1;
        }
      }
    }
    assertEquals(Result.LINEARIZABLE, checker.check(h, 0));
    Op read = h.get(stale);
    long first = h.stream().filter(Op::write).findFirst().orElseThrow().value();
    // the first value written, overwritten long before this read was called
    h.set(stale, Op.of(0, false, first, read.call(), read.ret()));
    assertEquals(Result.NOT_LINEARIZABLE, checker.check(h, 0));
  }
}
