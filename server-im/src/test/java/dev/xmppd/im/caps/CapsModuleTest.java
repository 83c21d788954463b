package dev.xmppd.im.caps;

import static dev.xmppd.im.testing.MiscHarness.error;
import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.core.config.ContactConfig;
import dev.xmppd.core.disco.DiscoModuleFactory;
import dev.xmppd.core.disco.EntityCaps;
import dev.xmppd.core.module.DiscoInfo;
import dev.xmppd.core.module.ModuleFactory;
import dev.xmppd.core.module.StreamStage;
import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stanza.Iq;
import dev.xmppd.core.stanza.IqType;
import dev.xmppd.core.storage.memory.MemoryStorageProvider;
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
    private static final String DATA = "jabber:x:data";

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
    void extendedFormsAreHashedSortedByFormTypeFieldAndValue() {
        // XEP-0115 §5.3's example without its xml:lang identities; the string was hashed outside Java
        XmlElement softwareInfo = form("urn:xmpp:dataforms:softwareinfo",
                field("os_version", "10.5.1"), field("os", "Mac"), field("ip_version", "ipv6", "ipv4"),
                field("software_version", "0.11"), field("software", "Psi"));

        String ver = EntityCaps.verification(List.of(new DiscoInfo.Identity("client", "pc", "Psi 0.11")),
                List.of("http://jabber.org/protocol/disco#info", "http://jabber.org/protocol/caps",
                        "http://jabber.org/protocol/muc", "http://jabber.org/protocol/disco#items"),
                List.of(softwareInfo));

        assertThat(ver).isEqualTo("uA1VaeTzs7EqW5q/17QYaEBp0W8=");
    }

    @Test
    void aFormWithoutHiddenFormTypeIsLeftOutAndTwoWithOneTypeAreIllFormed() {
        List<DiscoInfo.Identity> client = List.of(new DiscoInfo.Identity("client", "pc", "x"));
        XmlElement untyped = XmlElement.builder(DATA, "x").attribute("type", "result")
                .child(field("os", "Mac")).build();
        XmlElement one = form("urn:example", field("a", "1"));

        assertThat(EntityCaps.verification(client, List.of(), List.of(untyped)))
                .isEqualTo(EntityCaps.verification(client, List.of()));
        assertThat(EntityCaps.verification(client, List.of(), List.of(one, one))).isNull();
    }

    @Test
    void contactAddressesAreAServerInfoFormInDiscoInfoAndInTheCaps() throws Exception {
        server.close();
        server = new MiscHarness(new MemoryStorageProvider(), FACTORIES, List.of("disco", "caps"),
                c -> c.withAdmins(List.of("admin@example.com")).withContact(new ContactConfig(
                        List.of("xmpp:abuse@example.com", "mailto:abuse@example.com"), null, List.of(), List.of(),
                        List.of("https://example.com/security"), List.of(), List.of())));
        alice = server.bind("alice@example.com/phone");

        Iq info = server.iq(alice, "<iq type='get' to='example.com' id='d1'><query xmlns='" + INFO + "'/></iq>");

        XmlElement form = info.payload().element(DATA, "x");
        assertThat(form.attribute("type")).isEqualTo("result");
        assertThat(form.elements()).extracting(f -> f.attribute("var")).containsExactly("FORM_TYPE",
                "abuse-addresses", "admin-addresses", "security-addresses");
        assertThat(form.elements().get(0).attribute("type")).isEqualTo("hidden");
        assertThat(form.elements().subList(1, 4)).allSatisfy(f -> assertThat(f.attribute("type"))
                .as("several values: list-multi").isEqualTo("list-multi"));
        assertThat(form.elements().get(0).childText(DATA, "value")).isEqualTo("http://jabber.org/network/serverinfo");
        assertThat(form.elements().get(2).childText(DATA, "value")).as("admins by default")
                .isEqualTo("xmpp:admin@example.com");
        // hashed outside Java: identity, the three features, then the form sorted by var and value
        assertThat(caps(StreamStage.PRE_AUTH).attribute("ver")).isEqualTo("vHzt3x/RZCTFyde4s56nCMQ+wPI=");
    }

    @Test
    void withoutContactAddressesThereIsNoForm() throws Exception {
        Iq info = server.iq(alice, "<iq type='get' to='example.com' id='d1'><query xmlns='" + INFO + "'/></iq>");

        assertThat(info.payload().element(DATA, "x")).isNull();
    }

    private static XmlElement form(String formType, XmlElement... fields) {
        XmlElement.Builder form = XmlElement.builder(DATA, "x").attribute("type", "result")
                .child(XmlElement.builder(DATA, "field").attribute("var", "FORM_TYPE").attribute("type", "hidden")
                        .textElement("value", formType).build());
        for (XmlElement f : fields) {
            form.child(f);
        }
        return form.build();
    }

    private static XmlElement field(String var, String... values) {
        XmlElement.Builder field = XmlElement.builder(DATA, "field").attribute("var", var);
        for (String v : values) {
            field.textElement("value", v);
        }
        return field.build();
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
