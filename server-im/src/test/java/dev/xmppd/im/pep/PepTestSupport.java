package dev.xmppd.im.pep;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.core.disco.DiscoModuleFactory;
import dev.xmppd.core.disco.EntityCaps;
import dev.xmppd.core.module.DiscoInfo;
import dev.xmppd.core.module.ModuleFactory;
import dev.xmppd.core.stanza.Iq;
import dev.xmppd.core.stanza.Message;
import dev.xmppd.core.testing.RecordingSession;
import dev.xmppd.core.xml.XmlElement;
import dev.xmppd.im.presence.PresenceModuleFactory;
import dev.xmppd.im.roster.RosterModuleFactory;
import dev.xmppd.im.testing.MiscHarness;
import java.util.List;
import java.util.stream.Collectors;

/** A server with disco, roster, presence and pep, and clients that answer XEP-0115 caps queries. */
final class PepTestSupport {
    static final List<ModuleFactory> FACTORIES = List.of(new DiscoModuleFactory(), new RosterModuleFactory(),
            new PresenceModuleFactory(), new PepModuleFactory());
    static final List<String> MODULES = List.of("disco", "roster", "presence", "pep");
    static final String PUBSUB = "http://jabber.org/protocol/pubsub";
    static final String EVENT = "http://jabber.org/protocol/pubsub#event";
    static final String TUNE = "http://jabber.org/protocol/tune";
    static final List<DiscoInfo.Identity> IDENTITY = List.of(new DiscoInfo.Identity("client", "pc", "Test"));

    private PepTestSupport() {
    }

    /** Makes a and b subscribed to each other's presence. */
    static void befriend(MiscHarness server, RecordingSession a, RecordingSession b) throws Exception {
        String aBare = a.jid().bare().toString();
        String bBare = b.jid().bare().toString();
        server.send(a, "<presence to='" + bBare + "' type='subscribe'/>");
        server.send(b, "<presence to='" + aBare + "' type='subscribed'/>");
        server.send(b, "<presence to='" + aBare + "' type='subscribe'/>");
        server.send(a, "<presence to='" + bBare + "' type='subscribed'/>");
    }

    /** The caps verification string of a client with these features. */
    static String ver(List<String> features) {
        return EntityCaps.verification(IDENTITY, features);
    }

    /** Available presence with caps for these features. */
    static String presence(List<String> features) {
        return "<presence><c xmlns='http://jabber.org/protocol/caps' hash='sha-1' node='https://test.example'"
                + " ver='" + ver(features) + "'/></presence>";
    }

    /** Sends available presence with caps and answers the server's caps query, if one came. */
    static void online(MiscHarness server, RecordingSession s, List<String> features) throws Exception {
        server.send(s, presence(features));
        answerCaps(server, s, features);
    }

    /** Answers every pending disco#info query the server sent the session. */
    static int answerCaps(MiscHarness server, RecordingSession s, List<String> features) throws Exception {
        List<Iq> queries = s.pushes().stream()
                .filter(iq -> iq.payload().is("http://jabber.org/protocol/disco#info", "query")).toList();
        for (Iq q : queries) {
            assertThat(q.payload().attribute("node")).isEqualTo("https://test.example#" + ver(features));
            String info = IDENTITY.stream().map(i -> "<identity category='" + i.category() + "' type='" + i.type()
                    + "' name='" + i.name() + "'/>").collect(Collectors.joining())
                    + features.stream().map(f -> "<feature var='" + f + "'/>").collect(Collectors.joining());
            server.send(s, "<iq type='result' id='" + q.id() + "' to='" + q.from() + "'>"
                    + "<query xmlns='http://jabber.org/protocol/disco#info' node='" + q.payload().attribute("node")
                    + "'>" + info + "</query></iq>");
        }
        s.clear();
        return queries.size();
    }

    static String publish(String node, String itemId, String payload) {
        return "<iq type='set' id='pub-" + itemId + "'><pubsub xmlns='" + PUBSUB + "'><publish node='" + node + "'>"
                + "<item" + (itemId == null ? "" : " id='" + itemId + "'") + ">" + payload + "</item>"
                + "</publish></pubsub></iq>";
    }

    static String tune(String title) {
        return "<tune xmlns='" + TUNE + "'><title>" + title + "</title></tune>";
    }

    /** The pubsub#event notifications the session received. */
    static List<XmlElement> events(RecordingSession s) {
        return s.messages().stream().map(Message::element).map(m -> m.element(EVENT, "event"))
                .filter(e -> e != null).map(XmlElement::firstElement).toList();
    }

    /** The ids of the items in the notifications the session received, in order. */
    static List<String> notifiedIds(RecordingSession s) {
        return events(s).stream().flatMap(e -> e.elements().stream()).map(i -> i.attribute("id")).toList();
    }
}
