package dev.xmppd.app.it;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.xmppd.core.config.ComponentConfig;
import dev.xmppd.core.config.ComponentsConfig;
import dev.xmppd.core.xml.Namespaces;
import dev.xmppd.core.xml.XmlElement;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import org.awaitility.Awaitility;
import org.jivesoftware.smack.StanzaCollector;
import org.jivesoftware.smack.XMPPException.XMPPErrorException;
import org.jivesoftware.smack.filter.AndFilter;
import org.jivesoftware.smack.filter.FromMatchesFilter;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jivesoftware.smackx.disco.packet.DiscoverInfo;
import org.jivesoftware.smackx.disco.packet.DiscoverItems;
import org.jivesoftware.smackx.iqversion.VersionManager;
import org.jivesoftware.smackx.iqversion.packet.Version;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jxmpp.jid.DomainBareJid;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;

/**
 * XEP-0114 end to end: a raw-socket component ({@link TestComponent}) serving gw.localhost and a Smack user
 * exchange messages and IQs both ways; offline.localhost is configured but never connects.
 */
class ComponentIT {
    static final String GATEWAY = "gw.localhost";
    static final String SECRET = "gw-secret";

    @RegisterExtension
    static final TestServer server = new TestServer(c -> {
        Map<String, ComponentConfig> components = new LinkedHashMap<>();
        components.put(GATEWAY, new ComponentConfig(SECRET, "Test gateway"));
        components.put("offline.localhost", new ComponentConfig("other-secret", null));
        return c.withComponents(ComponentsConfig.of(components, 0));
    });

    static XMPPTCPConnection alice;
    static TestComponent gateway;
    static DomainBareJid gatewayJid;

    @BeforeAll
    static void connect() throws Exception {
        server.addUser("alice", "alice-pw");
        alice = server.login("alice", "alice-pw");
        gateway = TestComponent.connect(server.server().port("component"), GATEWAY, SECRET);
        gatewayJid = JidCreate.domainBareFrom(GATEWAY);
        assertThat(server.server().components().connected()).containsExactly(GATEWAY);
    }

    @AfterAll
    static void disconnect() throws Exception {
        alice.disconnect();
        gateway.close();
    }

    private static final String DISCO_INFO = "http://jabber.org/protocol/disco#info";

    /** The component's disco#info answer: a gateway that speaks XEP-0092. */
    private static void answerDisco(XmlElement request) throws Exception {
        gateway.send("<iq type='result' id='" + request.attribute("id") + "' from='" + GATEWAY + "' to='"
                + request.attribute("from") + "'><query xmlns='" + DISCO_INFO + "'>"
                + "<identity category='gateway' type='irc' name='IRC'/>"
                + "<feature var='" + DISCO_INFO + "'/><feature var='jabber:iq:version'/></query></iq>");
    }

    /** The next element for the component, answering the disco#info queries Smack sends before some requests. */
    private static XmlElement nextAnsweringDisco() throws Exception {
        XmlElement e = gateway.next();
        while (e.name().equals("iq") && e.element(DISCO_INFO, "query") != null) {
            answerDisco(e);
            e = gateway.next();
        }
        return e;
    }

    private static Message message(Jid to, String body) {
        return alice.getStanzaFactory().buildMessageStanza().to(to).setBody(body).build();
    }

    @Test
    void messagesFlowBothWays() throws Exception {
        Jid contact = JidCreate.from("#room%irc.example@" + GATEWAY);
        try (StanzaCollector replies = alice.createStanzaCollector(
                new AndFilter(StanzaTypeFilter.MESSAGE, FromMatchesFilter.createBare(contact)))) {
            alice.sendStanza(message(contact, "hello gateway"));

            XmlElement in = gateway.next();
            assertThat(in.name()).isEqualTo("message");
            assertThat(in.namespace()).isEqualTo(Namespaces.COMPONENT);
            assertThat(in.attribute("from")).isEqualTo(alice.getUser().toString());
            assertThat(in.attribute("to")).isEqualTo(contact.toString());
            assertThat(in.childText(Namespaces.COMPONENT, "body")).isEqualTo("hello gateway");

            gateway.send("<message from='" + contact + "/bob' to='alice@localhost' type='chat'>"
                    + "<body>hello alice</body></message>");

            Message reply = replies.nextResultOrThrow(10_000);
            assertThat(reply.getBody()).isEqualTo("hello alice");
            assertThat(reply.getFrom().toString()).isEqualTo(contact + "/bob");
        }
    }

    @Test
    void anIqFromTheUserIsAnsweredByTheComponent() throws Exception {
        var pending = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return VersionManager.getInstanceFor(alice).getVersion(gatewayJid);
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });

        XmlElement request = nextAnsweringDisco();
        assertThat(request.element("jabber:iq:version", "query")).isNotNull();
        gateway.send("<iq type='result' id='" + request.attribute("id") + "' from='" + GATEWAY + "' to='"
                + request.attribute("from") + "'><query xmlns='jabber:iq:version'><name>test gateway</name>"
                + "<version>1.0</version></query></iq>");

        Version version = pending.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(version.getName()).isEqualTo("test gateway");
    }

    @Test
    void anIqFromTheComponentIsAnsweredByTheUser() throws Exception {
        // Smack answers XEP-0199 pings on its own.
        gateway.send("<iq type='get' id='ping-1' from='" + GATEWAY + "' to='" + alice.getUser() + "'>"
                + "<ping xmlns='urn:xmpp:ping'/></iq>");

        XmlElement result = gateway.next();
        assertThat(result.name()).isEqualTo("iq");
        assertThat(result.attribute("type")).isEqualTo("result");
        assertThat(result.attribute("id")).isEqualTo("ping-1");
        assertThat(result.attribute("from")).isEqualTo(alice.getUser().toString());
    }

    @Test
    void theServerListsTheComponentsAndDiscoInfoGoesToTheComponent() throws Exception {
        ServiceDiscoveryManager disco = ServiceDiscoveryManager.getInstanceFor(alice);

        DiscoverItems items = disco.discoverItems(JidCreate.domainBareFrom(TestServer.DOMAIN));
        assertThat(items.getItems()).extracting(i -> i.getEntityID().toString())
                .contains(GATEWAY, "offline.localhost");
        assertThat(items.getItems()).filteredOn(i -> i.getEntityID().equals(gatewayJid))
                .extracting(DiscoverItems.Item::getName).containsExactly("Test gateway");

        var pending = java.util.concurrent.CompletableFuture.supplyAsync(() -> {
            try {
                return disco.discoverInfo(gatewayJid);
            } catch (Exception e) {
                throw new java.util.concurrent.CompletionException(e);
            }
        });
        XmlElement request = gateway.next();
        assertThat(request.element(DISCO_INFO, "query")).isNotNull();
        answerDisco(request);

        DiscoverInfo info = pending.get(10, java.util.concurrent.TimeUnit.SECONDS);
        assertThat(info.hasIdentity("gateway", "irc")).isTrue();
    }

    @Test
    void aComponentThatIsNotConnectedIsServiceUnavailable() throws Exception {
        DomainBareJid offline = JidCreate.domainBareFrom("offline.localhost");

        assertThatThrownBy(() -> VersionManager.getInstanceFor(alice).getVersion(offline))
                .isInstanceOfSatisfying(XMPPErrorException.class, e -> assertThat(e.getStanzaError().getCondition())
                        .isEqualTo(StanzaError.Condition.service_unavailable));

        Jid user = JidCreate.from("someone@offline.localhost");
        try (StanzaCollector errors = alice.createStanzaCollector(
                new AndFilter(StanzaTypeFilter.MESSAGE, FromMatchesFilter.createBare(user)))) {
            alice.sendStanza(message(user, "anyone there?"));
            Message bounce = errors.nextResult(10_000);
            assertThat(bounce.getError().getCondition()).isEqualTo(StanzaError.Condition.service_unavailable);
        }
    }

    @Test
    void aWrongSecretIsNotAuthorized() throws Exception {
        try (TestComponent impostor = TestComponent.open(server.server().port("component"), GATEWAY)) {
            var header = (dev.xmppd.core.stream.StreamOpen) impostor.poll();
            impostor.send("<handshake>" + TestComponent.digest(header.id() + "guess") + "</handshake>");

            assertThat(impostor.streamError()).isEqualTo("not-authorized");
        }
        // The connected component is not disturbed.
        assertThat(server.server().components().connected()).containsExactly(GATEWAY);
    }

    @Test
    void anUnknownDomainIsHostUnknown() throws Exception {
        try (TestComponent stranger = TestComponent.open(server.server().port("component"), "nobody.localhost")) {
            assertThat(stranger.poll()).isInstanceOf(dev.xmppd.core.stream.StreamOpen.class);
            assertThat(stranger.streamError()).isEqualTo("host-unknown");
        }
    }

    @Test
    void aStanzaFromAnotherDomainEndsTheStreamWithInvalidFrom() throws Exception {
        try (TestComponent other = TestComponent.connect(server.server().port("component"), "offline.localhost",
                "other-secret")) {
            other.send("<message from='bot@" + GATEWAY + "' to='alice@localhost'><body>spoof</body></message>");

            assertThat(other.streamError()).isEqualTo("invalid-from");
        }
        Awaitility.await().atMost(Duration.ofSeconds(10))
                .until(() -> !server.server().components().connected().contains("offline.localhost"));
    }
}
