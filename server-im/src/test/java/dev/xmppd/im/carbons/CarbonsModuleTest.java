package dev.xmppd.im.carbons;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stanza.Iq;
import dev.xmppd.core.stanza.IqType;
import dev.xmppd.core.stanza.Message;
import dev.xmppd.core.stanza.StanzaError;
import dev.xmppd.core.testing.RecordingSession;
import dev.xmppd.core.xml.XmlElement;
import dev.xmppd.im.forward.RouterHarness;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** XEP-0280 carbons through the real router. */
class CarbonsModuleTest {
    private static final String NS = "urn:xmpp:carbons:2";

    private RouterHarness server;
    private RecordingSession juliet;
    private RecordingSession romeoHome;
    private RecordingSession romeoGarden;
    private RecordingSession romeoCar;

    @BeforeEach
    void setUp() throws Exception {
        server = new RouterHarness(List.of("romeo", "juliet"), CarbonsModule::new);
        juliet = server.online("juliet@example.com/balcony", 0);
        romeoHome = server.online("romeo@example.com/home", 1);
        romeoGarden = server.online("romeo@example.com/garden", 0);
        romeoCar = server.online("romeo@example.com/car", 0);
        enable(romeoHome);
        enable(romeoGarden);
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    private void enable(RecordingSession s) throws Exception {
        server.send(s, "<iq type='set' id='e1'><enable xmlns='urn:xmpp:carbons:2'/></iq>");
        assertThat(s.received()).singleElement().satisfies(r -> assertThat(((Iq) r).type()).isEqualTo(IqType.RESULT));
        s.clear();
    }

    /** The message inside a carbon's forwarded element. */
    private static XmlElement forwarded(Message carbon, String direction) {
        XmlElement wrapper = carbon.element().element(NS, direction);
        assertThat(wrapper).as("<%s/> in %s", direction, carbon.element()).isNotNull();
        return wrapper.element("urn:xmpp:forward:0", "forwarded").element("jabber:client", "message");
    }

    @Test
    void copiesReceivedMessagesToTheOtherEnabledResources() throws Exception {
        // Execute system under test: to the bare JID, so the highest priority (home) gets it
        server.send(juliet, "<message to='romeo@example.com' type='chat' id='c1'><body>hi</body></message>");

        // Verify results
        assertThat(romeoHome.messages()).singleElement().satisfies(m -> assertThat(m.body()).isEqualTo("hi"));
        assertThat(romeoCar.received()).isEmpty(); // not enabled
        assertThat(romeoGarden.messages()).singleElement().satisfies(carbon -> {
            assertThat(carbon.from()).hasToString("romeo@example.com");
            assertThat(carbon.to()).hasToString("romeo@example.com/garden");
            assertThat(carbon.element().attribute("type")).isEqualTo("chat");
            XmlElement original = forwarded(carbon, "received");
            assertThat(original.attribute("id")).isEqualTo("c1");
            assertThat(original.attribute("from")).isEqualTo("juliet@example.com/balcony");
            assertThat(original.childText("jabber:client", "body")).isEqualTo("hi");
        });
    }

    @Test
    void copiesSentMessagesToTheSendersOtherEnabledResources() throws Exception {
        server.send(romeoCar, "<message to='juliet@example.com' type='chat' id='s1'><body>yo</body></message>");

        assertThat(juliet.messages()).hasSize(1);
        assertThat(romeoCar.received()).isEmpty();
        for (RecordingSession s : List.of(romeoHome, romeoGarden)) {
            assertThat(s.messages()).singleElement().satisfies(carbon -> {
                assertThat(carbon.to()).isEqualTo(s.jid());
                XmlElement original = forwarded(carbon, "sent");
                assertThat(original.attribute("id")).isEqualTo("s1");
                assertThat(original.attribute("to")).isEqualTo("juliet@example.com");
                assertThat(original.attribute("from")).isEqualTo("romeo@example.com/car");
            });
        }
    }

    @Test
    void copiesNormalMessagesWithABody() throws Exception {
        server.send(juliet, "<message to='romeo@example.com/car'><body>normal</body></message>");

        assertThat(romeoHome.messages()).hasSize(1);
        assertThat(romeoGarden.messages()).hasSize(1);
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "<message to='romeo@example.com/car' type='chat'><body>x</body><private xmlns='urn:xmpp:carbons:2'/></message>",
        "<message to='romeo@example.com/car' type='chat'><body>x</body><no-copy xmlns='urn:xmpp:hints'/></message>",
        "<message to='romeo@example.com/car' type='headline'><body>x</body></message>",
        "<message to='romeo@example.com/car'><received xmlns='urn:xmpp:receipts' id='1'/></message>",
    })
    void leavesIneligibleMessagesAlone(String xml) throws Exception {
        server.send(juliet, xml);

        assertThat(romeoCar.messages()).hasSize(1);
        assertThat(romeoHome.received()).isEmpty();
        assertThat(romeoGarden.received()).isEmpty();
    }

    @Test
    void disableAndReconnectStopCopies() throws Exception {
        server.send(romeoGarden, "<iq type='set' id='d1'><disable xmlns='urn:xmpp:carbons:2'/></iq>");
        romeoGarden.clear();
        server.close(romeoHome);
        RecordingSession home = server.online("romeo@example.com/home", 1);

        server.send(juliet, "<message to='romeo@example.com/car' type='chat'><body>x</body></message>");

        assertThat(romeoGarden.received()).isEmpty();
        assertThat(home.received()).isEmpty();
        assertThat(romeoCar.messages()).hasSize(1);
    }

    @Test
    void onlyTheOwnerEnablesCarbons() throws Exception {
        server.send(juliet, "<iq type='set' id='x1' to='romeo@example.com'><enable xmlns='urn:xmpp:carbons:2'/></iq>");

        assertThat(juliet.received()).singleElement().satisfies(r -> {
            assertThat(r.isError()).isTrue();
            assertThat(StanzaError.fromElement(r.element().element("jabber:client", "error")).condition())
                    .isEqualTo(Condition.NOT_ALLOWED);
        });
    }

    @Test
    void advertisesTheFeature() {
        assertThat(server.router.discoInfo("example.com").features()).contains(NS);
    }
}
