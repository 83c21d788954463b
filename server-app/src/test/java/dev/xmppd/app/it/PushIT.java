package dev.xmppd.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.core.config.PushConfig;
import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.xml.XmlElement;
import dev.xmppd.core.xml.XmlParser;
import java.io.IOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.jivesoftware.smack.iqrequest.AbstractIqRequestHandler;
import org.jivesoftware.smack.iqrequest.IQRequestHandler;
import org.jivesoftware.smack.packet.IQ;
import org.jivesoftware.smack.packet.IqData;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.packet.XmlEnvironment;
import org.jivesoftware.smack.provider.IqProvider;
import org.jivesoftware.smack.provider.ProviderManager;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.util.PacketParserUtils;
import org.jivesoftware.smack.xml.XmlPullParser;
import org.jivesoftware.smack.xml.XmlPullParserException;
import org.jivesoftware.smackx.push_notifications.PushNotificationsManager;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jxmpp.jid.EntityFullJid;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;

/**
 * XEP-0357 push notifications with real clients: Smack's {@link PushNotificationsManager} enables push towards an
 * "app server" that is another Smack client (its IQ handler records each publish and answers); a message that waits
 * offline, or for a XEP-0198 session whose socket died, produces a publish with the node, the summary and the
 * client's publish options; disabling stops them; an error answer removes the registration.
 */
class PushIT {
    private static final String PUBSUB = "http://jabber.org/protocol/pubsub";

    @RegisterExtension
    static final TestServer server = new TestServer(c -> c.withPush(new PushConfig(false, 10, Duration.ofSeconds(1))));

    private static int run;
    private static IqProvider<IQ> smackPubsub;
    private String juliet;
    private String romeo;
    private XMPPTCPConnection app;
    private final BlockingQueue<XmlElement> publishes = new LinkedBlockingQueue<>();
    private final BlockingQueue<String> senders = new LinkedBlockingQueue<>();
    private final Set<String> refusedNodes = ConcurrentHashMap.newKeySet();

    /**
     * The app server reads the publish as the text it received: Smack's own pubsub parser trips over one of its
     * assertions (a default-namespace prefix reported as "" by the StAX parser found on this classpath) on the
     * nested {@code <notification/>} form. Smack's parser is put back afterwards.
     */
    @BeforeAll
    static void rawPubsub() {
        smackPubsub = ProviderManager.getIQProvider("pubsub", PUBSUB);
        ProviderManager.addIQProvider("pubsub", PUBSUB, new IqProvider<RawPubsub>() {
            @Override
            public RawPubsub parse(XmlPullParser parser, int depth, IqData data, XmlEnvironment env)
                    throws XmlPullParserException, IOException {
                return new RawPubsub(PacketParserUtils.parseElement(parser, true).toString());
            }
        });
    }

    @AfterAll
    static void smackPubsub() {
        ProviderManager.addIQProvider("pubsub", PUBSUB, smackPubsub);
    }

    /** A pubsub request as received. */
    private static final class RawPubsub extends IQ {
        final String xml;

        RawPubsub(String xml) {
            super("pubsub", PUBSUB);
            this.xml = xml;
        }

        @Override
        protected IQChildElementXmlStringBuilder getIQChildElementBuilder(IQChildElementXmlStringBuilder xml) {
            xml.setEmptyElement();
            return xml;
        }
    }

    @BeforeEach
    void setUp() throws Exception {
        run++;
        juliet = "juliet" + run;
        romeo = "romeo" + run;
        server.addUser(juliet, "pw");
        server.addUser(romeo, "pw");
        server.addUser("app" + run, "pw");
        app = appServer();
    }

    /** The app server's connection, always with the resource {@code push}, recording what it is sent. */
    private XMPPTCPConnection appServer() throws Exception {
        XMPPTCPConnection c = new XMPPTCPConnection(server.config("app" + run, "pw").setResource("push").build());
        c.connect().login();
        c.registerIQRequestHandler(new AbstractIqRequestHandler("pubsub", PUBSUB, IQ.Type.set,
                IQRequestHandler.Mode.sync) {
            @Override
            public IQ handleIQRequest(IQ request) {
                XmlElement pubsub = XmlParser.parse(((RawPubsub) request).xml);
                senders.add(String.valueOf(request.getFrom()));
                publishes.add(pubsub);
                if (refusedNodes.contains(pubsub.element(PUBSUB, "publish").attribute("node"))) {
                    return IQ.createErrorResponse(request, StanzaError.Condition.item_not_found);
                }
                return IQ.createResultIQ(request);
            }
        });
        return c;
    }

    @AfterEach
    void tearDown() {
        app.disconnect();
    }

    private Jid appJid() {
        return app.getUser();
    }

    private XMPPTCPConnection julietWithPush(String... nodes) throws Exception {
        XMPPTCPConnection c = server.login(juliet, "pw");
        PushNotificationsManager push = PushNotificationsManager.getInstanceFor(c);
        assertThat(push.isSupported()).isTrue();
        for (String node : nodes) {
            assertThat(push.enable(appJid(), node, Map.of("secret", "s3cret-" + node))).isTrue();
        }
        return c;
    }

    private static void send(XMPPTCPConnection from, String to, String body) throws Exception {
        from.sendStanza(from.getStanzaFactory().buildMessageStanza().to(JidCreate.from(to))
                .ofType(Message.Type.chat).setBody(body).build());
    }

    private XmlElement nextPublish() throws InterruptedException {
        XmlElement p = publishes.poll(10, TimeUnit.SECONDS);
        assertThat(p).as("a publish to the app server").isNotNull();
        return p;
    }

    private static String node(XmlElement pubsub) {
        return pubsub.element(PUBSUB, "publish").attribute("node");
    }

    private static Map<String, String> fields(XmlElement form) {
        Map<String, String> fields = new LinkedHashMap<>();
        for (XmlElement f : form.elements()) {
            fields.put(f.attribute("var"), f.childText("jabber:x:data", "value"));
        }
        return fields;
    }

    private static Map<String, String> summary(XmlElement pubsub) {
        return fields(pubsub.element(PUBSUB, "publish").element(PUBSUB, "item")
                .element("urn:xmpp:push:0", "notification").element("jabber:x:data", "x"));
    }

    private static Map<String, String> publishOptions(XmlElement pubsub) {
        return fields(pubsub.element(PUBSUB, "publish-options").element("jabber:x:data", "x"));
    }

    private BareJid julietJid() {
        return BareJid.of(juliet, TestServer.DOMAIN);
    }

    private Set<String> storedKeys() throws Exception {
        return server.server().storage().keyValue("push").getAll(julietJid()).toCompletableFuture()
                .get(10, TimeUnit.SECONDS).keySet();
    }

    @Test
    void aMessageStoredOfflinePublishesTheNodeSummaryAndPublishOptions() throws Exception {
        // Setup test fixture
        julietWithPush("node-1").disconnect();
        XMPPTCPConnection r = server.login(romeo, "pw");

        // Execute system under test
        send(r, juliet + "@localhost", "Wherefore art thou?");

        // Verify results
        XmlElement publish = nextPublish();
        assertThat(node(publish)).isEqualTo("node-1");
        assertThat(summary(publish)).containsEntry("FORM_TYPE", "urn:xmpp:push:summary")
                .containsEntry("message-count", "1")
                .containsEntry("last-message-sender", r.getUser().toString())
                .doesNotContainKey("last-message-body");
        assertThat(publishOptions(publish))
                .containsEntry("FORM_TYPE", "http://jabber.org/protocol/pubsub#publish-options")
                .containsEntry("secret", "s3cret-node-1");
        assertThat(publish.toXml()).doesNotContain("Wherefore");
        assertThat(senders.poll()).isEqualTo(juliet + "@localhost"); // as Prosody and ejabberd send it
        r.disconnect();
    }

    @Test
    void registrationsSurviveARestart() throws Exception {
        // Setup test fixture
        julietWithPush("node-r").disconnect();
        app.disconnect();
        server.stop();
        server.start();
        app = appServer();
        XMPPTCPConnection r = server.login(romeo, "pw");

        // Execute system under test
        send(r, juliet + "@localhost", "still there?");

        // Verify results
        XmlElement publish = nextPublish();
        assertThat(node(publish)).isEqualTo("node-r");
        assertThat(publishOptions(publish)).containsEntry("secret", "s3cret-node-r");
        r.disconnect();
    }

    @Test
    void aMessageQueuedForADetachedSessionWakesTheClient() throws Exception {
        // Setup test fixture: juliet's phone with XEP-0198 resumption
        XMPPTCPConnection phone = new XMPPTCPConnection(server.config(juliet, "pw").build());
        phone.setUseStreamManagement(true);
        phone.setUseStreamManagementResumption(true);
        phone.connect().login();
        EntityFullJid phoneJid = phone.getUser();
        assertThat(PushNotificationsManager.getInstanceFor(phone).enable(appJid(), "phone-node",
                Map.of("secret", "x"))).isTrue();
        XMPPTCPConnection r = server.login(romeo, "pw");

        // Execute system under test: the socket dies (an iOS app suspended), a message arrives
        phone.instantShutdown();
        send(r, phoneJid.toString(), "are you there?");

        // Verify results: the app server is told; the resumed session gets the message
        XmlElement publish = nextPublish();
        assertThat(node(publish)).isEqualTo("phone-node");
        assertThat(summary(publish)).containsEntry("last-message-sender", r.getUser().toString());
        BlockingQueue<String> bodies = new LinkedBlockingQueue<>();
        phone.addSyncStanzaListener(s -> bodies.add(((Message) s).getBody()),
                s -> s instanceof Message m && m.getBody() != null);
        phone.connect().login();
        assertThat(phone.streamWasResumed()).isTrue();
        assertThat(bodies.poll(10, TimeUnit.SECONDS)).isEqualTo("are you there?");
        phone.disconnect();
        r.disconnect();
    }

    @Test
    void disableStopsNotificationsOfThatNode() throws Exception {
        // Setup test fixture
        XMPPTCPConnection j = julietWithPush("node-1", "node-2");
        assertThat(PushNotificationsManager.getInstanceFor(j).disable(appJid(), "node-1")).isTrue();
        j.disconnect();
        XMPPTCPConnection r = server.login(romeo, "pw");

        // Execute system under test
        send(r, juliet + "@localhost", "only node-2");

        // Verify results: node-1 would have been published first (the same session receives both in order)
        assertThat(node(nextPublish())).isEqualTo("node-2");
        assertThat(storedKeys()).hasSize(1);
        assertThat(publishes.poll(1, TimeUnit.SECONDS)).isNull();
        r.disconnect();
    }

    @Test
    void anErrorAnswerRemovesTheRegistration() throws Exception {
        // Setup test fixture
        julietWithPush("gone", "kept").disconnect();
        refusedNodes.add("gone");
        XMPPTCPConnection r = server.login(romeo, "pw");

        // Execute system under test
        send(r, juliet + "@localhost", "hello");
        nextPublish();
        nextPublish();

        // Verify results
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> storedKeys().size() == 1);
        assertThat(storedKeys()).singleElement().asString().endsWith(" kept");
        r.disconnect();
    }
}
