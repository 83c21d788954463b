package dev.xmppd.im.mam;

import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.jid.FullJid;
import dev.xmppd.core.module.IqRequest;
import dev.xmppd.core.session.Session;
import dev.xmppd.core.session.SessionRegistry;
import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stanza.Iq;
import dev.xmppd.core.stanza.Message;
import dev.xmppd.core.stanza.MessageType;
import dev.xmppd.core.stanza.Stanza;
import dev.xmppd.core.stanza.StanzaException;
import dev.xmppd.core.storage.ArchiveStore;
import dev.xmppd.core.storage.ArchiveStore.Entry;
import dev.xmppd.core.storage.ArchiveStore.Page;
import dev.xmppd.core.xml.Namespaces;
import dev.xmppd.core.xml.XmlElement;
import dev.xmppd.im.forward.Forwarding;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/**
 * Answers archive queries (XEP-0313 §4): each matching message goes to the querying resource as a
 * {@code <result/>} message, then the IQ result carries {@code <fin/>} with the RSM summary. Also the form a client
 * may fetch first (§4.1.1) and the archive metadata (§6).
 *
 * <pre>
 * S: &lt;message to='juliet@capulet.lit/chamber' from='juliet@capulet.lit'&gt;
 *      &lt;result xmlns='urn:xmpp:mam:2' queryid='f27' id='28482-98726-73623'&gt;
 *        &lt;forwarded xmlns='urn:xmpp:forward:0'&gt;&lt;delay xmlns='urn:xmpp:delay' stamp='…'/&gt;
 *          &lt;message xmlns='jabber:client' from='romeo@montague.lit/orchard' …&gt;…&lt;/message&gt;
 *        &lt;/forwarded&gt;&lt;/result&gt;&lt;/message&gt;
 * S: &lt;iq type='result' id='q1'&gt;&lt;fin xmlns='urn:xmpp:mam:2' complete='true'&gt;
 *      &lt;set xmlns='http://jabber.org/protocol/rsm'&gt;&lt;first&gt;…&lt;/first&gt;&lt;last&gt;…&lt;/last&gt;&lt;count&gt;2&lt;/count&gt;&lt;/set&gt;
 *    &lt;/fin&gt;&lt;/iq&gt;
 * </pre>
 */
final class MamQueries {
    private final ArchiveStore archive;
    private final MamArchiver archiver;
    private final SessionRegistry sessions;

    MamQueries(ArchiveStore archive, MamArchiver archiver, SessionRegistry sessions) {
        this.archive = archive;
        this.archiver = archiver;
        this.sessions = sessions;
    }

    CompletionStage<Iq> query(IqRequest request) {
        Session session = requester(request);
        MamQuery query = MamQuery.parse(request.payload());
        BareJid owner = request.target();
        return archiver.afterWrites(owner, () -> archive.query(owner, query.store())).handle((page, failure) -> {
            if (failure != null) {
                throw notFound(failure);
            }
            List<Entry> entries = new ArrayList<>(page.entries());
            if (query.flip()) {
                Collections.reverse(entries);
            }
            // Written before the IQ result, from the same thread, so the client sees them first (§4.2).
            for (Entry e : entries) {
                session.deliver(result(owner, session.jid(), query.queryId(), e));
            }
            return request.iq().result(fin(query.queryId(), page));
        });
    }

    /** XEP-0313 §4.1.1: the fields a query form may use. */
    CompletionStage<Iq> form(IqRequest request) {
        requester(request);
        XmlElement.Builder form = XmlElement.builder(MamQuery.DATA, "x").attribute("type", "form")
                .child(field("FORM_TYPE", "hidden", MamModule.NAMESPACE))
                .child(field("with", "jid-single", null));
        for (String var : List.of("start", "end", "before-id", "after-id")) {
            form.child(field(var, "text-single", null));
        }
        form.child(field("ids", "text-multi", null));
        return request.result(XmlElement.builder(MamModule.NAMESPACE, "query").child(form.build()).build());
    }

    /** XEP-0313 §6: the first and last entries of the archive; an empty element for an empty archive. */
    CompletionStage<Iq> metadata(IqRequest request) {
        requester(request);
        BareJid owner = request.target();
        CompletionStage<Page> first = archiver.afterWrites(owner, () -> archive.query(owner, ArchiveStore.Query.all(1)));
        CompletionStage<Page> last = archiver.afterWrites(owner, () -> archive.query(owner,
                new ArchiveStore.Query(null, null, null, null, null, null, 1, true)));
        return first.thenCombine(last, (f, l) -> {
            XmlElement.Builder metadata = XmlElement.builder(MamModule.NAMESPACE, "metadata");
            if (!f.entries().isEmpty() && !l.entries().isEmpty()) {
                metadata.child(bound("start", f.entries().get(0))).child(bound("end", l.entries().get(0)));
            }
            return request.iq().result(metadata.build());
        });
    }

    /** XEP-0313 §9.1: only the owner reads an archive, from a bound resource. */
    private Session requester(IqRequest request) {
        if (!request.isSelf() || !(request.from() instanceof FullJid from)) {
            throw new StanzaException(Condition.FORBIDDEN, "only the owner may read this archive");
        }
        Session session = sessions.get(from);
        if (session == null) {
            throw new StanzaException(Condition.FORBIDDEN, "no session for " + from);
        }
        return session;
    }

    private static RuntimeException notFound(Throwable failure) {
        Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                ? failure.getCause() : failure;
        if (cause instanceof ArchiveStore.ItemNotFoundException) {
            // XEP-0313 §4.3.2: an RSM or form id that is not in the archive.
            return new StanzaException(Condition.ITEM_NOT_FOUND, "no such message in the archive");
        }
        return cause instanceof RuntimeException r ? r : new CompletionException(cause);
    }

    private static Message result(BareJid owner, FullJid to, String queryId, Entry e) {
        Message original = (Message) Stanza.parse(e.stanza());
        XmlElement result = XmlElement.builder(MamModule.NAMESPACE, "result").attribute("queryid", queryId)
                .attribute("id", e.id()).child(Forwarding.forwarded(original, e.timestamp())).build();
        XmlElement element = XmlElement.builder(Namespaces.CLIENT, "message").attribute("from", owner.toString())
                .attribute("to", to.toString()).child(result).build();
        return new Message(element, to, owner, MessageType.NORMAL);
    }

    private static XmlElement fin(String queryId, Page page) {
        XmlElement.Builder set = XmlElement.builder(MamQuery.RSM, "set");
        if (!page.entries().isEmpty()) {
            set.textElement("first", page.entries().get(0).id());
            set.textElement("last", page.entries().get(page.entries().size() - 1).id());
        }
        set.textElement("count", Long.toString(page.count()));
        // XEP-0313 §4.3.3: complete='true' once the page reaches the end in the paging direction.
        return XmlElement.builder(MamModule.NAMESPACE, "fin").attribute("queryid", queryId)
                .attribute("complete", Boolean.toString(page.complete())).child(set.build()).build();
    }

    private static XmlElement field(String var, String type, String value) {
        XmlElement.Builder f = XmlElement.builder(MamQuery.DATA, "field").attribute("var", var).attribute("type", type);
        if (value != null) {
            f.textElement("value", value);
        }
        return f.build();
    }

    private static XmlElement bound(String name, Entry e) {
        return XmlElement.builder(MamModule.NAMESPACE, name).attribute("id", e.id())
                .attribute("timestamp", Forwarding.stamp(e.timestamp())).build();
    }
}
