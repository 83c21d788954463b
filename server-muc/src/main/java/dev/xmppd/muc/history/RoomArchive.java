package dev.xmppd.muc.history;

import static java.util.Objects.requireNonNull;

import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stanza.Iq;
import dev.xmppd.core.stanza.Stanza;
import dev.xmppd.core.stanza.StanzaError;
import dev.xmppd.core.stanza.StanzaException;
import dev.xmppd.core.storage.ArchiveStore;
import dev.xmppd.core.xml.Namespaces;
import dev.xmppd.core.xml.XmlElement;
import java.time.Instant;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;

/**
 * A room's message archive, queried with XEP-0313 at the room's JID (§4 with XEP-0059 paging): each result is a
 * message from the room, then the IQ result carries {@code <fin/>}.
 *
 * <pre>
 * C: &lt;iq type='set' to='coven@chat.shakespeare.lit' id='q1'&gt;&lt;query xmlns='urn:xmpp:mam:2' queryid='f27'/&gt;&lt;/iq&gt;
 * S: &lt;message from='coven@chat.shakespeare.lit'&gt;&lt;result xmlns='urn:xmpp:mam:2' queryid='f27' id='28482-98726-73623'&gt;
 *      &lt;forwarded xmlns='urn:xmpp:forward:0'&gt;&lt;delay xmlns='urn:xmpp:delay' stamp='…'/&gt;&lt;message …/&gt;&lt;/forwarded&gt;…
 * S: &lt;iq type='result' id='q1'&gt;&lt;fin xmlns='urn:xmpp:mam:2' complete='true'&gt;&lt;set xmlns='http://jabber.org/protocol/rsm'&gt;…
 * </pre>
 */
public final class RoomArchive {
    public static final String NS = "urn:xmpp:mam:2";
    static final String RSM = "http://jabber.org/protocol/rsm";
    static final String FORWARD = "urn:xmpp:forward:0";
    /** The page size when the query names none. */
    static final int DEFAULT_MAX = 50;

    private final ArchiveStore store;

    public RoomArchive(ArchiveStore store) {
        this.store = requireNonNull(store, "store");
    }

    /** Stores a message as broadcast; completes with its archive id, which is also its stanza-id. */
    public CompletionStage<String> append(BareJid room, Instant stamp, String with, XmlElement message) {
        return store.append(room, stamp, with, message);
    }

    /** The last {@code n} messages, oldest first (to refill the history of a room loaded from storage). */
    public CompletionStage<List<ArchiveStore.Entry>> recent(BareJid room, int n) {
        return store.query(room, new ArchiveStore.Query(null, null, null, null, null, null, n, true))
                .thenApply(ArchiveStore.Page::entries);
    }

    /** Deletes the archive of a destroyed room. */
    public CompletionStage<Integer> removeAll(BareJid room) {
        return store.removeAll(room);
    }

    /** The form a client fills in (XEP-0313 §5.1). */
    public static XmlElement queryForm() {
        XmlElement.Builder x = XmlElement.builder("jabber:x:data", "x").attribute("type", "form");
        x.child(field("FORM_TYPE", "hidden", NS));
        for (String var : List.of("with", "start", "end", "before-id", "after-id")) {
            x.child(field(var, "text-single", null));
        }
        x.child(field("ids", "text-multi", null));
        return XmlElement.builder(NS, "query").child(x.build()).build();
    }

    /**
     * Answers a query: sends each result, then the IQ result with {@code <fin/>}, or the IQ error.
     *
     * @param send routes a stanza from the room
     */
    public CompletionStage<Void> query(BareJid room, Iq iq, Consumer<Stanza> send) {
        ArchiveStore.Query query;
        try {
            query = MamQueries.read(iq.payload());
        } catch (StanzaException e) {
            send.accept(iq.error(e.error()));
            return CompletableFuture.completedFuture(null);
        }
        String queryId = iq.payload().attribute("queryid");
        return store.query(room, query).handle((page, failure) -> {
            if (failure != null) {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                send.accept(iq.error(StanzaError.of(cause instanceof ArchiveStore.ItemNotFoundException
                        ? Condition.ITEM_NOT_FOUND : Condition.INTERNAL_SERVER_ERROR)));
                return null;
            }
            for (ArchiveStore.Entry e : page.entries()) {
                send.accept(Stanza.parse(result(room, iq, queryId, e)));
            }
            send.accept(iq.result(fin(page)));
            return null;
        });
    }

    private static XmlElement result(BareJid room, Iq iq, String queryId, ArchiveStore.Entry e) {
        XmlElement forwarded = XmlElement.builder(FORWARD, "forwarded")
                .child(XmlElement.builder("urn:xmpp:delay", "delay")
                        .attribute("stamp", DateTimeFormatter.ISO_INSTANT.format(e.timestamp())).build())
                .child(e.stanza())
                .build();
        return XmlElement.builder(Namespaces.CLIENT, "message")
                .attribute("from", room.toString())
                .attribute("to", iq.from().toString())
                .child(XmlElement.builder(NS, "result").attribute("queryid", queryId).attribute("id", e.id())
                        .child(forwarded).build())
                .build();
    }

    private static XmlElement fin(ArchiveStore.Page page) {
        XmlElement.Builder set = XmlElement.builder(RSM, "set");
        if (!page.entries().isEmpty()) {
            set.child(XmlElement.builder(RSM, "first").text(page.entries().get(0).id()).build());
            set.child(XmlElement.builder(RSM, "last").text(page.entries().get(page.entries().size() - 1).id())
                    .build());
        }
        set.child(XmlElement.builder(RSM, "count").text(Long.toString(page.count())).build());
        return XmlElement.builder(NS, "fin").attribute("complete", Boolean.toString(page.complete()))
                .child(set.build()).build();
    }

    private static XmlElement field(String var, String type, String value) {
        XmlElement.Builder f = XmlElement.builder("jabber:x:data", "field").attribute("var", var)
                .attribute("type", type);
        if (value != null) {
            f.child(XmlElement.builder("jabber:x:data", "value").text(value).build());
        }
        return f.build();
    }
}
