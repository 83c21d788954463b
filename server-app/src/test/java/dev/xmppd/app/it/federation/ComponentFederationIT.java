package dev.xmppd.app.it.federation;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.app.it.TestComponent;
import dev.xmppd.app.it.federation.FederatedServers.Certificates;
import dev.xmppd.core.config.ComponentConfig;
import dev.xmppd.core.config.ComponentsConfig;
import dev.xmppd.core.config.XmppdConfig;
import dev.xmppd.core.xml.Namespaces;
import dev.xmppd.core.xml.XmlElement;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jxmpp.jid.impl.JidCreate;

/**
 * An external component (XEP-0114) of a.test, gw.a.test, and bob@b.test exchange messages over federation: the
 * component's domain has its own s2s link, authenticated by dialback (b.test reaches gw.a.test through a static
 * route, as DNS would point it at a.test's server).
 */
class ComponentFederationIT {
    static final String GATEWAY = "gw.a.test";
    static final String SECRET = "gw-secret";

    @RegisterExtension
    static final FederatedServers servers = new FederatedServers(Certificates.SELF_SIGNED,
            c -> c.withComponents(ComponentsConfig.of(Map.of(GATEWAY, new ComponentConfig(SECRET, "Gateway")), 0)),
            ComponentFederationIT::routeToTheGateway);

    /** b.test reaches gw.a.test where it reaches a.test. */
    private static XmppdConfig routeToTheGateway(XmppdConfig c) {
        Map<String, String> routes = new HashMap<>(c.s2s().routes());
        routes.put(GATEWAY, routes.get("a.test"));
        return new XmppdConfig(c.hosts(), c.data(), c.listeners(), c.tls(), c.storage(), c.auth(), c.registration(),
                c.admins(), c.modules(), c.limits(), c.s2s().withRoutes(routes), c.upload(), c.components());
    }

    @Test
    void aComponentAndARemoteUserExchangeMessages() throws Exception {
        XMPPTCPConnection bob = servers.b().newUser("bob");
        try (TestComponent gateway = TestComponent.connect(servers.a().server().port("component"), GATEWAY,
                SECRET)) {
            BlockingQueue<Message> toBob = new LinkedBlockingQueue<>();
            bob.addSyncStanzaListener(s -> toBob.add((Message) s), StanzaTypeFilter.MESSAGE);

            gateway.send("<message from='bot@" + GATEWAY + "/irc' to='" + bob.getUser() + "' type='chat'>"
                    + "<body>hello from the gateway</body></message>");

            Message atBob = toBob.poll(20, TimeUnit.SECONDS);
            assertThat(atBob).as("bob's message within 20 s").isNotNull();
            assertThat(atBob.getBody()).isEqualTo("hello from the gateway");
            assertThat(atBob.getFrom().toString()).isEqualTo("bot@" + GATEWAY + "/irc");

            bob.sendStanza(bob.getStanzaFactory().buildMessageStanza().to(JidCreate.from("bot@" + GATEWAY + "/irc"))
                    .ofType(Message.Type.chat).setBody("hello gateway").build());

            XmlElement atGateway = gateway.next();
            assertThat(atGateway.attribute("from")).isEqualTo(bob.getUser().toString());
            assertThat(atGateway.childText(Namespaces.COMPONENT, "body")).isEqualTo("hello gateway");
        } finally {
            bob.disconnect();
        }
    }
}
