package io.beamdb.storage;

import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;

/**
 * K-way merge of child {@link InternalIterator}s into one internal-key-ordered stream, using a
 * heap keyed by each child's current key: a min-heap moving forward, a max-heap moving backward
 * (ties broken by child index, so earlier children, which are newer sources, come first going
 * forward). Changing direction repositions every other child around the current key, as in
 * LevelDB's {@code table/merger.cc}. Not thread-safe. Closing closes all children.
 */
final class MergingIterator implements InternalIterator {
    private final List<InternalIterator> children;
    private final Comparator<Integer> forwardOrder;
    private final PriorityQueue<Integer> minHeap;
    private final PriorityQueue<Integer> maxHeap;
    private boolean forward = true;
    private InternalIterator current;
    private int currentIndex = -1;

    MergingIterator(List<InternalIterator> children) {
        this.children = List.copyOf(children);
        this.forwardOrder = (a, b) -> {
            int c = InternalKey.compare(this.children.get(a).key(), this.children.get(b).key());
            return c != 0 ? c : Integer.compare(a, b);
        };
        int n = Math.max(1, children.size());
        this.minHeap = new PriorityQueue<>(n, forwardOrder);
        this.maxHeap = new PriorityQueue<>(n, forwardOrder.reversed());
    }

    @Override public void seekToFirst() {
        for (InternalIterator c : children) {
            c.seekToFirst();
        }
        rebuild(true);
    }

    @Override public void seekToLast() {
        for (InternalIterator c : children) {
            c.seekToLast();
        }
        rebuild(false);
    }

    @Override public void seek(byte[] target) {
        for (InternalIterator c : children) {
            c.seek(target);
        }
        rebuild(true);
    }

    private void rebuild(boolean fwd) {
        forward = fwd;
        PriorityQueue<Integer> heap = fwd ? minHeap : maxHeap;
        minHeap.clear();
        maxHeap.clear();
        for (int i = 0; i < children.size(); i++) {
            if (children.get(i).valid()) {
                heap.add(i);
            }
        }
        pick();
    }

    private void pick() {
        Integer top = (forward ? minHeap : maxHeap).peek();
        currentIndex = top == null ? -1 : top;
        current = top == null ? null : children.get(top);
    }

    @Override public boolean valid() { return current != null; }
    @Override public byte[] key() { return current.key(); }
    @Override public byte[] value() { return current.value(); }

    @Override public void next() {
        if (!forward) {
            // Every other child is positioned before key(); move each to its first entry > key().
            byte[] k = key();
            for (int i = 0; i < children.size(); i++) {
                if (i != currentIndex) {
                    InternalIterator c = children.get(i);
                    c.seek(k);
                    if (c.valid() && InternalKey.compare(k, c.key()) == 0) {
                        c.next();
                    }
                }
            }
            int keep = currentIndex;
            rebuild(true);
            if (currentIndex != keep) {
                throw new IllegalStateException("merging iterator lost its position");
            }
        }
        int top = minHeap.poll();
        InternalIterator c = children.get(top);
        c.next();
        if (c.valid()) {
            minHeap.add(top);
        }
        pick();
    }

    @Override public void prev() {
        if (forward) {
            // Every other child is positioned after key(); move each to its last entry < key().
            byte[] k = key();
            for (int i = 0; i < children.size(); i++) {
                if (i != currentIndex) {
                    InternalIterator c = children.get(i);
                    c.seek(k);
                    if (c.valid()) {
                        c.prev();
                    } else {
                        c.seekToLast();
                    }
                }
            }
            int keep = currentIndex;
            rebuild(false);
            if (currentIndex != keep) {
                throw new IllegalStateException("merging iterator lost its position");
            }
        }
        int top = maxHeap.poll();
        InternalIterator c = children.get(top);
        c.prev();
        if (c.valid()) {
            maxHeap.add(top);
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
