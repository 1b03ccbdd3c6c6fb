package io.beamdb.storage;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.*;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Group commit: concurrent writers share WAL appends and fsyncs; acknowledged writes survive a crash. */
class GroupCommitTest {
    @TempDir Path dir;

    static byte[] b(String s) { return s.getBytes(UTF_8); }

    @Test
    void concurrentWritersCrashAndEveryAcknowledgedWriteSurvives() throws Exception {
        long seed = System.nanoTime();
        System.out.println("GroupCommitTest seed=" + seed);
        StorageOptions opts = StorageOptions.onDisk(dir).withSync(SyncMode.FULL).withMemtableBytes(32 * 1024)
                .withLevel0Triggers(2, 6, 10).withLevelSizes(64 * 1024, 16 * 1024);
        for (int cycle = 0; cycle < 3; cycle++) {
            LsmStore db = LsmStore.open(opts);
            int threads = 8;
            ConcurrentLinkedQueue<String> acked = new ConcurrentLinkedQueue<>();
            AtomicBoolean stop = new AtomicBoolean();
            CountDownLatch started = new CountDownLatch(threads);
            List<Thread> workers = new ArrayList<>();
            List<Throwable> unexpected = new ArrayList<>();
            int c = cycle;
            for (int t = 0; t < threads; t++) {
                int thread = t;
                Thread w = new Thread(() -> {
                    Random rnd = new Random(seed + thread);
                    started.countDown();
                    for (int i = 0; !stop.get(); i++) {
                        String k = "c" + c + "t" + thread + "i" + i;
                        byte[] v = new byte[rnd.nextInt(200)];
                        try {
                            long seq = db.write(new WriteBatch().put(b(k + "a"), v).put(b(k + "b"), v));
                            assertTrue(seq > 0);
                            acked.add(k);
                        } catch (StorageException e) {
                            if (!stop.get()) {
                                synchronized (unexpected) {
                                    unexpected.add(e);
                                }
                            }
                            return; // the store crashed under us: this write was not acknowledged
                        }
                    }
                }, "writer-" + t);
                workers.add(w);
                w.start();
            }
            started.await();
            Thread.sleep(300 + new Random(seed + cycle).nextInt(300));
            stop.set(true);
            db.crashForTesting(); // concurrent with in-flight groups
            for (Thread w : workers) {
                w.join(30_000);
            }
            assertTrue(unexpected.isEmpty(), "errors before the crash: " + unexpected);
            StorageStats st = db.stats();
            System.out.println("cycle " + cycle + ": acked=" + acked.size() + " groups=" + st.writeGroups()
                    + " batches=" + st.batchesWritten() + " syncs=" + st.walSyncs());
            assertTrue(acked.size() > 0);
            assertTrue(st.writeGroups() <= st.batchesWritten());
            try (LsmStore again = LsmStore.open(opts)) {
                for (String k : acked) {
                    assertNotNull(again.get(b(k + "a")), "acknowledged " + k + "a lost (seed " + seed + ")");
                    assertNotNull(again.get(b(k + "b")), "acknowledged " + k + "b lost (seed " + seed + ")");
                }
                // batches are atomic: no key with only one half
                try (KvIterator it = again.iterator(null)) {
                    byte[] prev = null;
                    for (it.seekToFirst(); it.valid(); it.next()) {
                        byte[] k = it.key();
                        if (k[k.length - 1] == 'a') {
                            prev = k;
                        } else {
                            assertNotNull(prev, "half a batch: " + new String(k, UTF_8));
                            assertEquals(new String(prev, 0, prev.length - 1, UTF_8), new String(k, 0, k.length - 1, UTF_8));
                            prev = null;
                        }
                    }
                }
            }
        }
    }

    @Test
    void sequencesAreContiguousPerBatchAcrossGroups() throws Exception {
        try (LsmStore db = LsmStore.open(StorageOptions.onDisk(dir).withSync(SyncMode.FULL))) {
            int threads = 6;
            int perThread = 150;
            List<long[]> ranges = java.util.Collections.synchronizedList(new ArrayList<>());
            List<Thread> ts = new ArrayList<>();
            for (int t = 0; t < threads; t++) {
                int thread = t;
                Thread th = new Thread(() -> {
                    for (int i = 0; i < perThread; i++) {
                        int n = 1 + (i % 3);
                        WriteBatch batch = new WriteBatch();
                        for (int j = 0; j < n; j++) {
                            batch.put(b("t" + thread + "-" + i + "-" + j), b("v"));
                        }
                        long last = db.write(batch);
                        ranges.add(new long[] {last - n + 1, last});
                    }
                });
                ts.add(th);
                th.start();
            }
            for (Thread th : ts) {
                th.join();
            }
            ranges.sort((x, y) -> Long.compare(x[0], y[0]));
            long expect = 1;
            for (long[] r : ranges) {
                assertEquals(expect, r[0], "sequence ranges tile without gaps or overlaps");
                expect = r[1] + 1;
            }
            assertEquals(db.lastSequence(), expect - 1);
            StorageStats st = db.stats();
            System.out.println("group commit: " + st.batchesWritten() + " batches in " + st.writeGroups()
                    + " groups, " + st.walSyncs() + " fsyncs");
            assertEquals(threads * perThread, st.batchesWritten());
            assertEquals(st.writeGroups(), st.walSyncs(), "one fsync per group");
        }
    }
}
