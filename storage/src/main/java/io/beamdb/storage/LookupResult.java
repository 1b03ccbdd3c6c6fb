package io.beamdb.storage;

/**
 * Outcome of looking up a user key in one source (memtable or SSTable): the newest visible record
 * is a value or a deletion; {@code null} is used by sources for "no record here".
 */
record LookupResult(boolean deleted, byte[] value) {
    static final LookupResult DELETED = new LookupResult(true, null);

    static LookupResult of(byte[] internalKey, byte[] value) {
        return InternalKey.type(internalKey) == InternalKey.TYPE_DELETE ? DELETED : new LookupResult(false, value);
    }
}
