package dev.xmppd.im.extdisco;

import static dev.xmppd.im.testing.MiscHarness.error;
import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.core.config.TurnConfig;
import dev.xmppd.core.disco.DiscoModuleFactory;
import dev.xmppd.core.module.ModuleFactory;
import dev.xmppd.core.module.XmppModule;
import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stanza.Iq;
import dev.xmppd.core.stanza.Stanza;
import dev.xmppd.core.storage.memory.MemoryStorageProvider;
import dev.xmppd.core.testing.RecordingSession;
import dev.xmppd.core.testing.TestXml;
import dev.xmppd.core.xml.XmlElement;
import dev.xmppd.im.testing.MiscHarness;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** XEP-0215 through the real router: the announced services, TURN credentials, and who may have them. */
class ExtDiscoModuleTest {
    private static final String INFO = "http://jabber.org/protocol/disco#info";
    private static final Clock CLOCK = Clock.fixed(Instant.parse("2025-11-28T00:00:00Z"), ZoneOffset.UTC);
    private static final TurnConfig TURN = new TurnConfig("turn.example.com", 3478, 5349, "s3cret",
            Duration.ofDays(1));

    private MiscHarness server;

    @AfterEach
    void tearDown() {
        server.close();
    }

    private RecordingSession start(TurnConfig turn) {
        ModuleFactory extdisco = new ModuleFactory() {
            @Override
            public String name() {
                return "extdisco";
            }

            @Override
            public XmppModule create() {
                return new ExtDiscoModule(CLOCK);
            }
        };
        server = new MiscHarness(new MemoryStorageProvider(), List.of(new DiscoModuleFactory(), extdisco),
                List.of("disco", "extdisco"), c -> c.withTurn(turn));
        return server.bind("alice@example.com/phone");
    }

    @Test
    void announcesStunAndTurnWithCredentialsThatCoturnAccepts() throws Exception {
        RecordingSession alice = start(TURN);

        Iq info = server.iq(alice, "<iq type='get' to='example.com' id='d'><query xmlns='" + INFO + "'/></iq>");
        Iq reply = server.iq(alice, "<iq type='get' to='example.com' id='s'><services xmlns='urn:xmpp:extdisco:2'/>"
                + "</iq>");

        assertThat(info.payload().elements()).anyMatch(e -> ExtDiscoModule.NS.equals(e.attribute("var")));
        List<XmlElement> services = reply.payload().elements();
        assertThat(services).extracting(s -> s.attribute("type") + " " + s.attribute("transport") + " "
                + s.attribute("host") + ":" + s.attribute("port")).containsExactly(
                        "stun udp turn.example.com:3478", "turn udp turn.example.com:3478",
                        "turn tcp turn.example.com:3478", "turns tcp turn.example.com:5349");
        assertThat(services.get(0).attribute("username")).isNull();
        XmlElement turn = services.get(1);
        assertThat(turn.attribute("restricted")).isEqualTo("1");
        assertThat(turn.attribute("username")).isEqualTo("1764374400:alice@example.com");
        // base64(HMAC-SHA1("s3cret", username)), computed outside Java
        assertThat(turn.attribute("password")).isEqualTo("Zu6t4+pAlgg4Pk/8TwQlx1v1nr4=");
        assertThat(turn.attribute("expires")).isEqualTo("2025-11-29T00:00:00Z");
    }

    @Test
    void aTypeFilterAndACredentialsRequestNameTheirServices() throws Exception {
        RecordingSession alice = start(TURN);

        Iq turns = server.iq(alice, "<iq type='get' to='example.com' id='s'>"
                + "<services xmlns='urn:xmpp:extdisco:2' type='turns'/></iq>");
        Iq credentials = server.iq(alice, "<iq type='get' to='example.com' id='c'><credentials"
                + " xmlns='urn:xmpp:extdisco:2'><service type='turn' host='turn.example.com' port='3478'/>"
                + "</credentials></iq>");
        Iq unknown = server.iq(alice, "<iq type='get' to='example.com' id='u'><credentials"
                + " xmlns='urn:xmpp:extdisco:2'><service type='turn' host='elsewhere.example'/></credentials></iq>");

        assertThat(turns.payload().attribute("type")).isEqualTo("turns");
        assertThat(turns.payload().elements()).singleElement()
                .satisfies(s -> assertThat(s.attribute("port")).isEqualTo("5349"));
        assertThat(credentials.payload().elements()).hasSize(2).allSatisfy(s -> {
            assertThat(s.attribute("type")).isEqualTo("turn");
            assertThat(s.attribute("password")).isEqualTo("Zu6t4+pAlgg4Pk/8TwQlx1v1nr4=");
        });
        assertThat(error(unknown).condition()).isEqualTo(Condition.ITEM_NOT_FOUND);
    }

    @Test
    void anotherServersUserIsForbidden() throws Exception {
        start(TURN);
        List<Stanza> toElsewhere = new ArrayList<>();
        server.router.remoteDelivery(toElsewhere::add);

        // Execute: as a request arriving over federation
        server.router.route(Stanza.parse(TestXml.parse("<iq xmlns='jabber:client' type='get' id='s'"
                + " from='mallory@elsewhere.example/x' to='example.com'><services xmlns='urn:xmpp:extdisco:2'/>"
                + "</iq>"))).toCompletableFuture().get(5, TimeUnit.SECONDS);

        assertThat(toElsewhere).singleElement().satisfies(reply ->
                assertThat(error(reply).condition()).isEqualTo(Condition.FORBIDDEN));
    }

    @Test
    void withoutASecretOnlyStunIsAnnouncedAndWithoutAHostNothing() throws Exception {
        RecordingSession alice = start(new TurnConfig("stun.example.com", 3478, 0, null, Duration.ofDays(1)));
        Iq stunOnly = server.iq(alice, "<iq type='get' to='example.com' id='s'>"
                + "<services xmlns='urn:xmpp:extdisco:2'/></iq>");
        server.close();
        RecordingSession again = start(TurnConfig.defaults());
        Iq none = server.iq(again, "<iq type='get' to='example.com' id='s'><services xmlns='urn:xmpp:extdisco:2'/>"
                + "</iq>");
        Iq info = server.iq(again, "<iq type='get' to='example.com' id='d'><query xmlns='" + INFO + "'/></iq>");

        assertThat(stunOnly.payload().elements()).singleElement()
                .satisfies(s -> assertThat(s.attribute("type")).isEqualTo("stun"));
        assertThat(error(none).condition()).isEqualTo(Condition.SERVICE_UNAVAILABLE);
        assertThat(info.payload().elements()).noneMatch(e -> ExtDiscoModule.NS.equals(e.attribute("var")));
    }
}
