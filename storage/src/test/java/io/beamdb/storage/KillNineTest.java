package io.beamdb.storage;

import static org.junit.jupiter.api.Assertions.*;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * kill -9 of a writing process: a child JVM ({@link KillNineChild}) writes {@link SyncMode#FULL}
 * batches and prints each acknowledged one; the parent SIGKILLs it ({@link ProcessHandle#destroyForcibly})
 * after a random number of acknowledgements, reopens the directory and checks that every
 * acknowledged batch is there and that no batch is half applied ({@code counter} equals the
 * highest {@code seq/i} present, and every {@code seq/j} up to it is present). Three kills in a
 * row on one directory, each bounded to a few seconds. While the child runs, opening the
 * directory here must fail with LOCKED (the lock is an OS lock, across processes). Seed printed;
 * {@code -Dbeamdb.seed=N} reruns.
 */
class KillNineTest {
    static final byte[] COUNTER = "counter".getBytes(StandardCharsets.UTF_8);

    @TempDir Path tmp;

    static byte[] seqKey(long i) {
        return String.format("seq/%09d", i).getBytes(StandardCharsets.UTF_8);
    }

    @Test
    void acknowledgedBatchesSurviveSigkill() throws Exception {
        String s = System.getProperty("beamdb.seed");
        long seed = s != null ? Long.parseLong(s) : System.nanoTime();
        System.out.println("KillNineTest seed=" + seed);
        Random rnd = new Random(seed);
        Path dir = tmp.resolve("db");
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        long next = 0;
        for (int round = 0; round < 3; round++) {
            int killAfter = 20 + rnd.nextInt(400);
            Process p = new ProcessBuilder(java, "-cp", System.getProperty("java.class.path"),
                    KillNineChild.class.getName(), dir.toString(), Long.toString(next))
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            long maxAcked = -1;
            boolean ready = false;
            long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
            // watchdog: a child that hangs silently is killed, which ends the reads below with EOF
            var watchdog = CompletableFuture.runAsync(() -> p.toHandle().destroyForcibly(),
                    CompletableFuture.delayedExecutor(20, TimeUnit.SECONDS));
            try (BufferedReader out = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8))) {
                long acks = 0;
                String line;
                long killAt = System.nanoTime() + TimeUnit.SECONDS.toNanos(3);
                while ((line = out.readLine()) != null) {
                    if (line.equals("READY")) {
                        ready = true;
                        StorageException e = assertThrows(StorageException.class,
                                () -> LsmStore.open(StorageOptions.onDisk(dir)).close());
                        assertEquals(StorageException.Kind.LOCKED, e.kind());
                    } else if (line.startsWith("ACK ")) {
                        maxAcked = Long.parseLong(line.substring(4));
                        acks++;
                    }
                    if (acks >= killAfter || System.nanoTime() > killAt) {
                        break;
                    }
                    assertTrue(System.nanoTime() < deadline, "child too slow");
                }
                // SIGKILL on Unix. Through the ProcessHandle: Process.destroyForcibly would also close
                // our end of the pipe, losing ACK lines the child wrote just before dying.
                p.toHandle().destroyForcibly();
                assertTrue(p.waitFor(10, TimeUnit.SECONDS), "child did not die");
                // lines already in the pipe were acknowledged before the kill
                while ((line = out.readLine()) != null) {
                    if (line.startsWith("ACK ")) {
                        maxAcked = Long.parseLong(line.substring(4));
                    }
                }
            }
            watchdog.cancel(false);
            assertTrue(System.nanoTime() < deadline, "child too slow (killed by the watchdog)");
            assertTrue(ready, "child never opened the store (exit " + p.exitValue() + ")");
            try (LsmStore db = LsmStore.open(StorageOptions.onDisk(dir))) {
                byte[] c = db.get(COUNTER);
                long counter = c == null ? -1 : Long.parseLong(new String(c, StandardCharsets.UTF_8));
                assertTrue(counter >= maxAcked, "seed " + seed + ": counter " + counter + " < acknowledged " + maxAcked);
                for (long i = 0; i <= counter; i++) {
                    assertNotNull(db.get(seqKey(i)), "seed " + seed + ": batch " + i + " lost (counter " + counter + ")");
                }
                assertNull(db.get(seqKey(counter + 1)), "seed " + seed + ": half-applied batch " + (counter + 1));
                System.out.println("  round " + round + ": acknowledged up to " + maxAcked + ", recovered up to " + counter);
                next = counter + 1;
            }
        }
    }
}
