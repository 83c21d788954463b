package dev.xmppd.muc;

import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stanza.Iq;
import dev.xmppd.core.stanza.IqType;
import dev.xmppd.core.stanza.Message;
import dev.xmppd.core.stanza.Stanza;
import dev.xmppd.core.stanza.StanzaError;
import dev.xmppd.core.xml.XmlElement;
import java.util.Comparator;
import java.util.List;

/**
 * Stanzas to the service's own domain: disco#info (identity conference/text and the service's features,
 * XEP-0045 §6.2), disco#items listing the public rooms (§6.3), and pings (XEP-0199).
 *
 * <pre>
 * C: &lt;iq type='get' to='chat.shakespeare.lit' id='d2'&gt;&lt;query xmlns='http://jabber.org/protocol/disco#items'/&gt;&lt;/iq&gt;
 * S: &lt;iq type='result' from='chat.shakespeare.lit' id='d2'&gt;&lt;query xmlns='http://jabber.org/protocol/disco#items'&gt;
 *      &lt;item jid='heath@chat.shakespeare.lit' name='A Lonely Heath (1)'/&gt;&lt;/query&gt;&lt;/iq&gt;
 * </pre>
 */
final class ServiceInfo {
    static final List<String> FEATURES = List.of(MucNamespaces.MUC, MucNamespaces.DISCO_INFO,
            MucNamespaces.DISCO_ITEMS, MucNamespaces.CONFERENCE, MucNamespaces.SELF_PING, MucNamespaces.STABLE_ID,
            MucNamespaces.OCCUPANT_ID, MucNamespaces.PING);

    private final MucService service;

    ServiceInfo(MucService service) {
        this.service = service;
    }

    void handle(Stanza stanza) {
        if (stanza instanceof Message m && !m.isError()) {
            service.bounce(m, StanzaError.of(Condition.SERVICE_UNAVAILABLE, "send messages to a room"));
        }
        if (!(stanza instanceof Iq iq) || !iq.type().isRequest()) {
            return;
        }
        XmlElement payload = iq.payload();
        if (iq.type() != IqType.GET || payload == null || payload.attribute("node") != null) {
            service.bounce(iq, StanzaError.of(Condition.SERVICE_UNAVAILABLE));
        } else if (payload.is(MucNamespaces.DISCO_INFO, "query")) {
            service.send(iq.result(info()));
        } else if (payload.is(MucNamespaces.DISCO_ITEMS, "query")) {
            service.ready().whenComplete((s, e) -> service.send(iq.result(items())));
        } else if (payload.is(MucNamespaces.PING, "ping")) {
            service.send(iq.result());
        } else {
            service.bounce(iq, StanzaError.of(Condition.SERVICE_UNAVAILABLE)); // RFC 6120 §8.4
        }
    }

    private static XmlElement info() {
        XmlElement.Builder q = XmlElement.builder(MucNamespaces.DISCO_INFO, "query")
                .child(XmlElement.builder(MucNamespaces.DISCO_INFO, "identity").attribute("category", "conference")
                        .attribute("type", "text").attribute("name", "Chatrooms").build());
        FEATURES.stream().sorted().forEach(f -> q.child(XmlElement.builder(MucNamespaces.DISCO_INFO, "feature")
                .attribute("var", f).build()));
        return q.build();
    }

    /** §6.3: public rooms only, with their names and number of occupants. */
    private XmlElement items() {
        XmlElement.Builder q = XmlElement.builder(MucNamespaces.DISCO_ITEMS, "query");
        service.summaries().stream().filter(RoomSummary::listed)
                .sorted(Comparator.comparing(s -> s.jid().toString()))
                .forEach(s -> q.child(XmlElement.builder(MucNamespaces.DISCO_ITEMS, "item")
                        .attribute("jid", s.jid().toString())
                        .attribute("name", (s.name().isEmpty() ? s.jid().local() : s.name()) + " (" + s.occupants()
                                + ")")
                        .build()));
        return q.build();
    }
}
