package io.beamdb.storage;

/**
 * One key-value pair returned by a point lookup ({@link KvStore#firstVersion}). The arrays belong to
 * the caller (never shared with the store's internal structures beyond this call).
 *
 * @param key the stored key (user key, without any internal trailer)
 * @param value the stored value
 */
public record KvEntry(byte[] key, byte[] value) {}
