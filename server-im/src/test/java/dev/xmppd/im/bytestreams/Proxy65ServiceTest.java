package dev.xmppd.im.bytestreams;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.core.bytestreams.BytestreamRelay;
import dev.xmppd.core.jid.Jid;
import dev.xmppd.core.stanza.Iq;
import dev.xmppd.core.stanza.Stanza;
import dev.xmppd.core.testing.TestXml;
import dev.xmppd.core.xml.XmlElement;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The proxy service's answers (XEP-0065 §6), checked on the stanzas it sends, with a relay that records. */
class Proxy65ServiceTest {
    private static final String QUERY = "<query xmlns='http://jabber.org/protocol/bytestreams'";

    private final List<Stanza> sent = new ArrayList<>();
    private final List<String> activated = new ArrayList<>();
    private BytestreamRelay.Activation outcome = BytestreamRelay.Activation.ACTIVATED;
    private final Proxy65Service service = new Proxy65Service("example.com", "203.0.113.7", new BytestreamRelay() {
        @Override
        public int port() {
            return 7777;
        }

        @Override
        public Activation activate(String destination) {
            activated.add(destination);
            return outcome;
        }
    }, sent::add);

    @Test
    void discoInfoSaysProxyBytestreams() {
        XmlElement query = answer("get", "romeo@example.com/garden",
                "<query xmlns='http://jabber.org/protocol/disco#info'/>").payload();

        XmlElement identity = query.elements().get(0);
        assertThat(identity.attribute("category")).isEqualTo("proxy");
        assertThat(identity.attribute("type")).isEqualTo("bytestreams");
        assertThat(query.elements()).anyMatch(e -> Proxy65Service.NS.equals(e.attribute("var")));
    }

    @Test
    void anAccountOfTheHostGetsTheStreamhost() {
        Iq reply = answer("get", "romeo@example.com/garden", QUERY + "/>");

        XmlElement host = reply.payload().elements().get(0);
        assertThat(host.name()).isEqualTo("streamhost");
        assertThat(host.attribute("jid")).isEqualTo("proxy.example.com");
        assertThat(host.attribute("host")).isEqualTo("203.0.113.7");
        assertThat(host.attribute("port")).isEqualTo("7777");
    }

    @Test
    void othersMayNotUseTheProxy() {
        assertThat(condition(answer("get", "juliet@example.org/balcony", QUERY + "/>"))).isEqualTo("forbidden");
        assertThat(condition(answer("set", "juliet@example.org/balcony",
                QUERY + " sid='s1'><activate>romeo@example.com/garden</activate></query>"))).isEqualTo("forbidden");
        assertThat(activated).isEmpty();
    }

    @Test
    void activationHashesTheStreamIdRequesterAndNormalizedTarget() {
        // XEP-0065 §6.3.5's example, with the target written in another case: the hash is over normalized JIDs
        Iq reply = answer("set", "requester@example.com/foo",
                QUERY + " sid='vxf9n471bn46'><activate> Target@Example.org/bar </activate></query>");

        assertThat(reply.type().value()).isEqualTo("result");
        // sha1("vxf9n471bn46requester@example.com/footarget@example.org/bar"), computed outside Java
        assertThat(activated).containsExactly("98b8d688d0f5d895fd41c5e7309a2e9e33ba32ff");
        assertThat(Proxy65Service.destination("vxf9n471bn46", Jid.parse("requester@example.com/foo"),
                Jid.parse("target@example.org/bar"))).isEqualTo(activated.get(0));
    }

    @Test
    void activationErrorsNameWhatIsMissing() {
        String activate = QUERY + " sid='s1'><activate>juliet@example.org/balcony</activate></query>";

        outcome = BytestreamRelay.Activation.ONE_CONNECTED;
        String one = condition(answer("set", "romeo@example.com/garden", activate));
        outcome = BytestreamRelay.Activation.NONE_CONNECTED;
        String none = condition(answer("set", "romeo@example.com/garden", activate));
        String noSid = condition(answer("set", "romeo@example.com/garden",
                QUERY + "><activate>juliet@example.org</activate></query>"));
        String noTarget = condition(answer("set", "romeo@example.com/garden", QUERY + " sid='s1'/>"));
        String badTarget = condition(answer("set", "romeo@example.com/garden",
                QUERY + " sid='s1'><activate>@example.org</activate></query>"));

        assertThat(one).isEqualTo("not-allowed");
        assertThat(none).isEqualTo("item-not-found");
        assertThat(noSid).isEqualTo("bad-request");
        assertThat(noTarget).isEqualTo("bad-request");
        assertThat(badTarget).isEqualTo("jid-malformed");
    }

    @Test
    void aMessageIsBouncedAndResultsAreNotAnswered() {
        service.handle(Stanza.parse(TestXml.parse("<message xmlns='jabber:client' to='proxy.example.com'"
                + " from='romeo@example.com/garden'><body>hi</body></message>")));
        service.handle(Stanza.parse(TestXml.parse("<iq xmlns='jabber:client' type='result' id='r1'"
                + " to='proxy.example.com' from='romeo@example.com/garden'/>")));

        assertThat(sent).singleElement().satisfies(s -> assertThat(s.element().attribute("type")).isEqualTo("error"));
    }

    private Iq answer(String type, String from, String payload) {
        sent.clear();
        service.handle(Stanza.parse(TestXml.parse("<iq xmlns='jabber:client' type='" + type + "' id='q1'"
                + " to='proxy.example.com' from='" + from + "'>" + payload + "</iq>")));
        assertThat(sent).hasSize(1);
        Iq reply = (Iq) sent.get(0);
        assertThat(reply.id()).isEqualTo("q1");
        assertThat(reply.to().toString()).isEqualTo(from);
        return reply;
    }

    private static String condition(Iq reply) {
        assertThat(reply.type().value()).isEqualTo("error");
        XmlElement error = reply.element().elements().stream().filter(e -> e.name().equals("error")).findFirst()
                .orElseThrow();
        return error.elements().get(0).name();
    }
}
