package io.beamdb.txn;

import io.beamdb.storage.KvStore;
import io.beamdb.storage.LsmStore;
import io.beamdb.storage.StorageOptions;

import java.nio.charset.StandardCharsets;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.List;

/** Helpers shared by the txn tests. */
final class TxnTestSupport {
  private TxnTestSupport() {
  }

  static KvStore memStore() {
    return LsmStore.open(StorageOptions.inMemory());
  }

  static TransactionManager rowLocking(KvStore store, long timeoutMillis) {
    return new TransactionManager(store, TransactionManager.Options.defaults().rowLocking(true)
        .lockTimeoutMillis(timeoutMillis));
  }

  static byte[] b(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  static String s(byte[] b) {
    return b == null ? null : new String(b, StandardCharsets.UTF_8);
  }

  static String get(Transaction t, String key) throws SQLException {
    return s(t.get(b(key)));
  }

  static void put(Transaction t, String key, String value) throws SQLException {
    t.put(b(key), b(value));
  }

  /** Commits key=value pairs in one transaction. */
  static void commitAll(TransactionManager tm, String... kv) throws SQLException {
    Transaction t = tm.begin();
    for (int i = 0; i < kv.length; i += 2) {
      put(t, kv[i], kv[i + 1]);
    }
    t.commit();
  }

  /** "k=v" strings of a scan. */
  static List<String> scan(Transaction t, String from, String to) throws SQLException {
    List<String> out = new ArrayList<>();
    try (KvCursor c = t.scan(b(from), to == null ? null : b(to))) {
      while (c.next()) {
        out.add(s(c.key()) + "=" + s(c.value()));
      }
    }
    return out;
  }
}
