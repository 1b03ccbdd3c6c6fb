package io.beamdb.storage;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.junit.jupiter.api.Assertions.*;

import org.junit.jupiter.api.Test;

class InMemoryStoreTest {
    static byte[] b(String s) { return s.getBytes(UTF_8); }
    static String s(byte[] b) { return b == null ? null : new String(b, UTF_8); }

    @Test
    void putGetDeleteSnapshotIterate() {
        try (LsmStore db = LsmStore.open(StorageOptions.inMemory())) {
            long seq = db.write(new WriteBatch().put(b("b"), b("2")).put(b("a"), b("1")).put(b("c"), b("3")));
            assertEquals(3, seq);
            assertEquals("1", s(db.get(b("a"))));
            Snapshot snap = db.snapshot();
            db.write(new WriteBatch().delete(b("b")).put(b("a"), b("1x")));
            assertNull(db.get(b("b")));
            assertEquals("2", s(db.get(b("b"), snap)));
            assertEquals("1x", s(db.get(b("a"))));
            assertEquals("1", s(db.get(b("a"), snap)));
            StringBuilder sb = new StringBuilder();
            try (KvIterator it = db.iterator(null)) {
                for (it.seekToFirst(); it.valid(); it.next()) {
                    sb.append(s(it.key())).append('=').append(s(it.value())).append(' ');
                }
            }
            assertEquals("a=1x c=3 ", sb.toString());
            sb.setLength(0);
            try (KvIterator it = db.iterator(snap)) {
                for (it.seek(b("b")); it.valid(); it.next()) {
                    sb.append(s(it.key())).append(' ');
                }
            }
            assertEquals("b c ", sb.toString());
            snap.close();
        }
    }

    @Test
    void closedStoreThrows() {
        LsmStore db = LsmStore.open(StorageOptions.inMemory());
        db.close();
        db.close();
        StorageException e = assertThrows(StorageException.class, () -> db.get(b("a")));
        assertEquals(StorageException.Kind.CLOSED, e.kind());
    }

    @Test
    void unsignedKeyOrder() {
        try (LsmStore db = LsmStore.open(StorageOptions.inMemory())) {
            db.write(new WriteBatch().put(new byte[] {(byte) 0x80}, b("hi")).put(new byte[] {0x01}, b("lo")));
            try (KvIterator it = db.iterator(null)) {
                it.seekToFirst();
                assertArrayEquals(new byte[] {0x01}, it.key());
                it.next();
                assertArrayEquals(new byte[] {(byte) 0x80}, it.key());
            }
        }
    }
}
