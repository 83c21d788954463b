package dev.xmppd.core.storage;

import static java.util.Objects.requireNonNull;

import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.xml.XmlElement;
import java.security.SecureRandom;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * One named, append-only log of XML stanzas per owner, ordered by arrival — Prosody's "archive" kind: the message
 * archive (XEP-0313, store {@code mam}), offline messages (XEP-0160, store {@code offline}), a MUC room's history.
 *
 * <p>Each entry gets a server-chosen id that is unique in the store, opaque, URL-safe and unguessable (a
 * millisecond time then 96 random bits, 24 characters, see {@link #newId(SecureRandom, long)}; XEP-0359 §4 asks
 * for ids that are unique and not predictable); the archive order is the order of {@link #append} calls for one
 * owner, and a read or removal sees every append called before it (a store that writes in the background makes
 * reads wait for those appends). Timestamps are kept to the microsecond (what PostgreSQL keeps), truncated on
 * append. Stanzas are kept as {@link XmlElement#toXml()} text, as in
 * {@link KeyValueStore}. Deleting an account deletes its entries in every archive. Stages complete on a storage
 * thread; arguments are checked before anything is queued.
 */
public interface ArchiveStore {

    /** The most entries one query returns, whatever its limit; also the most ids a query or removal may name. */
    int MAX_LIMIT = 1000;

    /**
     * The 64 characters of entry ids, in ASCII order: the base64url characters (URL- and XML-safe), sorted so that
     * ids compare as the numbers they encode.
     */
    String ID_ALPHABET = "-0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZ_abcdefghijklmnopqrstuvwxyz";

    /** The random bytes of an entry id (96 bits). */
    int ID_RANDOM_BYTES = 12;

    /** The length of the ids {@link #newId} makes: 8 characters of time, 16 of random bits. */
    int ID_LENGTH = 24;

    /** The longest {@code with} value, in UTF-16 characters (a bare JID has at most 2047 bytes, RFC 7622 §3.1). */
    int MAX_WITH_LENGTH = 3071;

    /** One stored stanza. {@code with} is the bare JID of the other party (a room for MUC), or null. */
    record Entry(String id, Instant timestamp, String with, XmlElement stanza) {
        public Entry {
            requireNonNull(id, "id");
            requireNonNull(timestamp, "timestamp");
            requireNonNull(stanza, "stanza");
        }
    }

    /**
     * A query, as XEP-0313 and XEP-0059 need it. Null fields do not filter.
     *
     * <p>Paging: with {@code afterId}, the first {@code limit} matching entries after it (RSM {@code <after/>});
     * with {@code beforeId}, the last {@code limit} matching entries before it (RSM {@code <before>id</before>});
     * with both, the last {@code limit} between them; with neither, the first {@code limit}, or the last ones if
     * {@code last} (RSM {@code <before/>}). An {@code afterId} or {@code beforeId} must name an entry of the owner
     * in this archive, matching the filters or not.
     *
     * @param with only entries with this value of {@code with}
     * @param start entries at or after this instant (rounded up to the microsecond, which selects the same entries)
     * @param end entries at or before this instant (rounded down to the microsecond)
     * @param afterId entries after this one, in archive order (forward paging)
     * @param beforeId entries before this one (backward paging)
     * @param ids only these entries (XEP-0313 §4.1.4 "ids" field), at most {@value #MAX_LIMIT}; empty matches none
     * @param limit at most this many entries, {@code >= 0}; the store returns at most {@value #MAX_LIMIT}
     * @param last when no beforeId is given: take the last {@code limit} entries instead of the first
     */
    record Query(String with, Instant start, Instant end, String afterId, String beforeId, List<String> ids,
            int limit, boolean last) {
        public Query {
            if (limit < 0) {
                throw new IllegalArgumentException("limit: " + limit + " (expected: >= 0)");
            }
            if (ids != null) {
                ids = List.copyOf(ids);
                if (ids.size() > MAX_LIMIT) {
                    throw new IllegalArgumentException("ids: " + ids.size() + " (expected: <= " + MAX_LIMIT + ")");
                }
            }
            start = start == null ? null : ceilMicros(start);
            end = end == null ? null : end.truncatedTo(ChronoUnit.MICROS);
        }

        /** The first {@code limit} entries, no filter. */
        public static Query all(int limit) {
            return new Query(null, null, null, null, null, null, limit, false);
        }

        /** The number of entries a page holds at most: {@code limit}, bounded by {@value #MAX_LIMIT}. */
        public int pageSize() {
            return Math.min(limit, MAX_LIMIT);
        }

        /** True if the page is taken from the end of the range (the last entries before beforeId, or the last). */
        public boolean backward() {
            return beforeId != null || last;
        }

        private static Instant ceilMicros(Instant instant) {
            Instant floor = instant.truncatedTo(ChronoUnit.MICROS);
            return floor.equals(instant) ? floor : floor.plus(1, ChronoUnit.MICROS);
        }
    }

    /**
     * A page of results, always in archive order (oldest first).
     *
     * @param complete true if no entry matching the query lies beyond this page in the paging direction (after
     *        it when paging forward, before it when paging backward)
     * @param count the number of entries matching the filters (with, start, end, ids), ignoring paging
     */
    record Page(List<Entry> entries, boolean complete, long count) {
        public Page {
            entries = List.copyOf(entries);
        }
    }

    /** The failure of the stage for an {@code afterId}/{@code beforeId} that is not in the owner's archive. */
    final class ItemNotFoundException extends RuntimeException {
        public ItemNotFoundException(String id) {
            super("no archive entry with id '" + id + "'", null, false, false);
        }
    }

    /** The archive's name, e.g. {@code mam}. */
    String name();

    /**
     * Appends a stanza; completes with its new id.
     *
     * @param with the bare JID of the other party, at most {@value #MAX_WITH_LENGTH} characters, or null
     */
    CompletionStage<String> append(BareJid owner, Instant timestamp, String with, XmlElement stanza);

    /**
     * Appends a stanza under an id the caller chose with {@link #newId}: for an id that is handed out before the
     * entry is written, as a XEP-0359 stanza-id is (the archive stamps a message on the event loop and stores it in
     * the background). Fails with {@link StorageException} if the id is already used in this archive.
     *
     * @param id at most 64 characters
     * @param with the bare JID of the other party, at most {@value #MAX_WITH_LENGTH} characters, or null
     */
    CompletionStage<Void> append(BareJid owner, String id, Instant timestamp, String with, XmlElement stanza);

    /** Completes with one page, or fails with {@link ItemNotFoundException} (see {@link Query}). */
    CompletionStage<Page> query(BareJid owner, Query query);

    /** Removes these entries (unknown ids are ignored); completes with how many were removed. */
    CompletionStage<Integer> remove(BareJid owner, List<String> ids);

    /** Removes every entry of the owner; completes with how many were removed. */
    CompletionStage<Integer> removeAll(BareJid owner);

    /** The number of entries the owner has. */
    CompletionStage<Long> count(BareJid owner);

    /** A new entry id for now: {@link #newId(SecureRandom, long)} at {@link System#currentTimeMillis()}. */
    static String newId(SecureRandom random) {
        return newId(random, System.currentTimeMillis());
    }

    /**
     * A new entry id, {@value #ID_LENGTH} characters: the time in milliseconds since 1970 (48 bits, until the year
     * 10889) then {@value #ID_RANDOM_BYTES} bytes of the generator (96 bits), both written 6 bits a character in
     * {@link #ID_ALPHABET}, whose characters are in ASCII order.
     *
     * <p>Why the time first: an id of a later millisecond sorts after every earlier one (as strings, in code-unit
     * order), so the {@code (store, id)} unique index of a database grows at its right edge, where appends touch
     * one hot page, instead of dirtying a random page per insert (which MVStore rewrites at each commit). The 96
     * random bits keep ids unique without coordination and unguessable (XEP-0359 §4); the time they reveal is the
     * one the archive already gives with each entry.
     *
     * @param millis milliseconds since 1970-01-01T00:00:00Z, {@code >= 0}
     */
    static String newId(SecureRandom random, long millis) {
        if (millis < 0 || millis >= 1L << 48) {
            throw new IllegalArgumentException("millis: " + millis + " (expected: 0 to 2^48 - 1)");
        }
        byte[] bytes = new byte[ID_RANDOM_BYTES];
        random.nextBytes(bytes);
        char[] id = new char[ID_LENGTH];
        for (int i = 7; i >= 0; i--) {
            id[i] = ID_ALPHABET.charAt((int) (millis & 63));
            millis >>>= 6;
        }
        for (int i = 0, out = 8; i < bytes.length; i += 3) {
            int bits = (bytes[i] & 0xff) << 16 | (bytes[i + 1] & 0xff) << 8 | bytes[i + 2] & 0xff;
            id[out++] = ID_ALPHABET.charAt(bits >>> 18);
            id[out++] = ID_ALPHABET.charAt(bits >>> 12 & 63);
            id[out++] = ID_ALPHABET.charAt(bits >>> 6 & 63);
            id[out++] = ID_ALPHABET.charAt(bits & 63);
        }
        return new String(id);
    }

    /**
     * Checks an id a caller chose for {@link #append(BareJid, String, Instant, String, XmlElement)}: not null, 1 to
     * 64 characters.
     *
     * @return the id
     */
    static String checkId(String id) {
        requireNonNull(id, "id");
        if (id.isEmpty() || id.length() > 64) {
            throw new IllegalArgumentException("id: " + id.length() + " characters (expected: 1 to 64)");
        }
        return id;
    }

    /**
     * Checks a {@code with} value: null, or at most {@value #MAX_WITH_LENGTH} characters.
     *
     * @return the value
     */
    static String checkWith(String with) {
        if (with != null && with.length() > MAX_WITH_LENGTH) {
            throw new IllegalArgumentException("with: " + with.length() + " characters (expected: <= "
                    + MAX_WITH_LENGTH + ")");
        }
        return with;
    }
}
