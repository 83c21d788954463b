package dev.xmppd.core.storage;

import static java.util.Objects.requireNonNull;

import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.xml.XmlElement;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * One named, append-only log of XML stanzas per owner, ordered by arrival — Prosody's "archive" kind: the message
 * archive (XEP-0313, store {@code mam}), offline messages (XEP-0160, store {@code offline}), a MUC room's history.
 *
 * <p>Each entry gets a server-chosen id that is unique in the store, opaque, URL-safe and at most 64 characters;
 * the archive order is the order of {@link #append} calls for one owner. Stages complete on a storage thread.
 */
public interface ArchiveStore {

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
     * @param with only entries with this value of {@code with}
     * @param start entries at or after this instant
     * @param end entries at or before this instant
     * @param afterId entries after this one, in archive order (forward paging)
     * @param beforeId entries before this one (backward paging); with {@code limit}, the last {@code limit} of them
     * @param ids only these entries (XEP-0313 §4.1.4 "ids" field)
     * @param limit at most this many entries (always bounded by the store, e.g. to 1000)
     * @param last when no beforeId is given: take the last {@code limit} entries instead of the first (RSM
     *        {@code <before/>} empty)
     */
    record Query(String with, Instant start, Instant end, String afterId, String beforeId, List<String> ids,
            int limit, boolean last) {
        public static Query all(int limit) {
            return new Query(null, null, null, null, null, null, limit, false);
        }
    }

    /**
     * A page of results, always in archive order (oldest first).
     *
     * @param complete true if no entry matching the query lies beyond this page in the paging direction
     * @param count the number of entries matching the filters (with, start, end, ids), ignoring paging
     * @throws nothing; an unknown afterId/beforeId completes the stage with {@link ItemNotFoundException}
     */
    record Page(List<Entry> entries, boolean complete, long count) {
    }

    /** Thrown (as the failure of the stage) for an {@code afterId}/{@code beforeId} that is not in the archive. */
    final class ItemNotFoundException extends RuntimeException {
        public ItemNotFoundException(String id) {
            super("no archive entry with id '" + id + "'", null, false, false);
        }
    }

    String name();

    /** Appends a stanza; completes with its new id. */
    CompletionStage<String> append(BareJid owner, Instant timestamp, String with, XmlElement stanza);

    CompletionStage<Page> query(BareJid owner, Query query);

    /** Removes these entries; completes with how many were removed. */
    CompletionStage<Integer> remove(BareJid owner, List<String> ids);

    /** Removes every entry of the owner; completes with how many were removed. */
    CompletionStage<Integer> removeAll(BareJid owner);

    /** The number of entries the owner has. */
    CompletionStage<Long> count(BareJid owner);
}
