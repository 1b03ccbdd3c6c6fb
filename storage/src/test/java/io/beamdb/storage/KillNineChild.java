package io.beamdb.storage;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Child process of {@link KillNineTest}: opens the store in {@code args[0]} with
 * {@link SyncMode#FULL} and a small memtable, then writes batches {@code args[1]}, {@code args[1]+1},
 * ... forever; batch {@code i} puts {@code seq/i} and sets {@code counter} to {@code i}. After each
 * {@code write} returns it prints {@code ACK i} and flushes stdout, so every line the parent reads
 * names a batch that was acknowledged as durable. Prints {@code READY} once open. Runs until killed.
 */
public final class KillNineChild {
    private KillNineChild() {}

    public static void main(String[] args) {
        Path dir = Path.of(args[0]);
        long next = Long.parseLong(args[1]);
        byte[] value = new byte[100];
        try (LsmStore db = LsmStore.open(StorageOptions.onDisk(dir).withSync(SyncMode.FULL).withMemtableBytes(64 * 1024))) {
            System.out.println("READY");
            System.out.flush();
            while (true) {
                byte[] n = Long.toString(next).getBytes(StandardCharsets.UTF_8);
                System.arraycopy(n, 0, value, 0, n.length);
                db.write(new WriteBatch()
                        .put(KillNineTest.seqKey(next), value.clone())
                        .put(KillNineTest.COUNTER, n));
                System.out.println("ACK " + next);
                System.out.flush();
                next++;
            }
        }
    }
}
