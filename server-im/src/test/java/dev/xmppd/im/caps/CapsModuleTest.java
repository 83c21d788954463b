package dev.xmppd.im.caps;

import static dev.xmppd.im.testing.MiscHarness.error;
import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.core.disco.DiscoModuleFactory;
import dev.xmppd.core.disco.EntityCaps;
import dev.xmppd.core.module.DiscoInfo;
import dev.xmppd.core.module.ModuleFactory;
import dev.xmppd.core.module.StreamStage;
import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stanza.Iq;
import dev.xmppd.core.stanza.IqType;
import dev.xmppd.core.testing.RecordingSession;
import dev.xmppd.core.xml.XmlElement;
import dev.xmppd.im.testing.MiscHarness;
import dev.xmppd.im.time.TimeModuleFactory;
import dev.xmppd.im.version.VersionModuleFactory;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** XEP-0115 for the server: the stream feature, and disco#info of node#ver; XEP-0030 for accounts. */
class CapsModuleTest {
    private static final List<ModuleFactory> FACTORIES = List.of(new DiscoModuleFactory(), new CapsModuleFactory(),
            new VersionModuleFactory(), new TimeModuleFactory());
    private static final String INFO = "http://jabber.org/protocol/disco#info";

    private MiscHarness server;
    private RecordingSession alice;

    @BeforeEach
    void setUp() throws Exception {
        // caps before the modules whose features it must include: the string is computed on first use
        server = MiscHarness.start(FACTORIES, List.of("disco", "caps", "version", "time"), "alice");
        alice = server.online("alice@example.com/phone");
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    private XmlElement caps(StreamStage stage) {
        return server.router.streamFeatures(MiscHarness.HOST, stage, null).stream()
                .filter(f -> f.is(EntityCaps.NS, "c")).findFirst().orElseThrow();
    }

    @Test
    void theXep0115SimpleExampleHasItsPublishedString() {
        // XEP-0115 §5.2
        String ver = EntityCaps.verification(List.of(new DiscoInfo.Identity("client", "pc", "Exodus 0.9.1")),
                List.of("http://jabber.org/protocol/disco#info", "http://jabber.org/protocol/caps",
                        "http://jabber.org/protocol/muc", "http://jabber.org/protocol/disco#items"));

        assertThat(ver).isEqualTo("QgayPKawpkPSDYmwT/WM94uAlu0=");
    }

    @Test
    void offersTheCapsBeforeAndAfterAuthenticationOverEveryFeature() throws Exception {
        XmlElement pre = caps(StreamStage.PRE_AUTH);
        XmlElement post = caps(StreamStage.POST_AUTH);
        Iq info = server.iq(alice, "<iq type='get' to='example.com' id='d1'><query xmlns='" + INFO + "'/></iq>");

        assertThat(pre).isEqualTo(post);
        assertThat(pre.attribute("hash")).isEqualTo("sha-1");
        assertThat(pre.attribute("node")).isEqualTo("https://xmppd.dev");
        List<DiscoInfo.Identity> identities = info.payload().elements().stream().filter(e -> e.name().equals("identity"))
                .map(e -> new DiscoInfo.Identity(e.attribute("category"), e.attribute("type"), e.attribute("name")))
                .toList();
        List<String> features = info.payload().elements().stream().filter(e -> e.name().equals("feature"))
                .map(e -> e.attribute("var")).toList();
        assertThat(features).contains(EntityCaps.NS, "jabber:iq:version", "urn:xmpp:time");
        assertThat(pre.attribute("ver")).isEqualTo(EntityCaps.verification(identities, features));
    }

    @Test
    void discoOfNodeAndVerAnswersLikeThePlainQuery() throws Exception {
        String node = "https://xmppd.dev#" + caps(StreamStage.PRE_AUTH).attribute("ver");

        Iq plain = server.iq(alice, "<iq type='get' to='example.com' id='d2'><query xmlns='" + INFO + "'/></iq>");
        Iq withNode = server.iq(alice, "<iq type='get' to='example.com' id='d3'><query xmlns='" + INFO
                + "' node='" + node + "'/></iq>");
        Iq stale = server.iq(alice, "<iq type='get' to='example.com' id='d4'><query xmlns='" + INFO
                + "' node='https://xmppd.dev#stale'/></iq>");

        assertThat(withNode.payload().attribute("node")).isEqualTo(node);
        assertThat(withNode.payload().elements()).isEqualTo(plain.payload().elements());
        assertThat(error(stale).condition()).isEqualTo(Condition.ITEM_NOT_FOUND);
    }

    @Test
    void anAccountAnswersDiscoAsARegisteredAccount() throws Exception {
        Iq own = server.iq(alice, "<iq type='get' id='a1'><query xmlns='" + INFO + "'/></iq>");
        Iq items = server.iq(alice, "<iq type='get' to='alice@example.com' id='a2'>"
                + "<query xmlns='http://jabber.org/protocol/disco#items'/></iq>");

        assertThat(own.type()).isEqualTo(IqType.RESULT);
        assertThat(own.payload().element(INFO, "identity").attribute("category")).isEqualTo("account");
        assertThat(own.payload().element(INFO, "identity").attribute("type")).isEqualTo("registered");
        assertThat(own.payload().elements().stream().filter(e -> e.name().equals("feature"))
                .map(e -> e.attribute("var"))).containsExactly(INFO);
        assertThat(items.payload().hasChildren()).isFalse();
    }
}
