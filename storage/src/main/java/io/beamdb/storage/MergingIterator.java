package io.beamdb.storage;

import java.util.List;
import java.util.PriorityQueue;

/**
 * K-way merge of child {@link InternalIterator}s into one internal-key-ordered stream, using a
 * min-heap keyed by each child's current key (ties broken by child index, so earlier children,
 * which are newer sources, come first). Not thread-safe. Closing closes all children.
 */
final class MergingIterator implements InternalIterator {
    private final List<InternalIterator> children;
    private final PriorityQueue<Integer> heap;
    private InternalIterator current;

    MergingIterator(List<InternalIterator> children) {
        this.children = List.copyOf(children);
        this.heap = new PriorityQueue<>(Math.max(1, children.size()), (a, b) -> {
            int c = InternalKey.compare(this.children.get(a).key(), this.children.get(b).key());
            return c != 0 ? c : Integer.compare(a, b);
        });
    }

    @Override public void seekToFirst() {
        for (InternalIterator c : children) {
            c.seekToFirst();
        }
        rebuild();
    }

    @Override public void seek(byte[] target) {
        for (InternalIterator c : children) {
            c.seek(target);
        }
        rebuild();
    }

    private void rebuild() {
        heap.clear();
        for (int i = 0; i < children.size(); i++) {
            if (children.get(i).valid()) {
                heap.add(i);
            }
        }
        pick();
    }

    private void pick() {
        Integer top = heap.peek();
        current = top == null ? null : children.get(top);
    }

    @Override public boolean valid() { return current != null; }
    @Override public byte[] key() { return current.key(); }
    @Override public byte[] value() { return current.value(); }

    @Override public void next() {
        int top = heap.poll();
        InternalIterator c = children.get(top);
        c.next();
        if (c.valid()) {
            heap.add(top);
        }
        pick();
    }

    @Override public void close() {
        RuntimeException first = null;
        for (InternalIterator c : children) {
            try {
                c.close();
            } catch (RuntimeException e) {
                if (first == null) {
                    first = e;
                } else {
                    first.addSuppressed(e);
                }
            }
        }
        if (first != null) {
            throw first;
        }
    }
}
