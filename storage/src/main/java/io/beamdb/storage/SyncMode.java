package io.beamdb.storage;

/**
 * How hard {@link KvStore#write(WriteBatch)} works to make a batch durable before returning.
 *
 * <ul>
 *   <li>{@link #FULL}: the write-ahead log is forced to stable storage ({@code FileChannel.force})
 *       before {@code write} returns. Survives process and OS crashes.</li>
 *   <li>{@link #NORMAL}: the record is handed to the OS before {@code write} returns; a background
 *       thread forces the log about every 1000 ms. Survives process crashes; an OS crash may lose
 *       up to about one second of writes.</li>
 *   <li>{@link #OFF}: the log is never forced by writes, only when a full log is rotated (once per
 *       memtable) and on close. Fastest, least durable: an OS crash may lose every write since the
 *       last rotation, but the database still opens to a consistent prefix of its writes.</li>
 * </ul>
 * Ignored by in-memory stores.
 */
public enum SyncMode { FULL, NORMAL, OFF }
