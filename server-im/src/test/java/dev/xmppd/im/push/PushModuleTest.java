package dev.xmppd.im.push;

import static dev.xmppd.im.forward.RouterHarness.bare;
import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.core.config.PushConfig;
import dev.xmppd.core.disco.DiscoModule;
import dev.xmppd.core.jid.Jid;
import dev.xmppd.core.module.Events;
import dev.xmppd.core.module.ModuleContext;
import dev.xmppd.core.module.XmppModule;
import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stanza.Iq;
import dev.xmppd.core.stanza.IqType;
import dev.xmppd.core.stanza.Message;
import dev.xmppd.core.stanza.StanzaError;
import dev.xmppd.core.testing.RecordingSession;
import dev.xmppd.core.xml.XmlElement;
import dev.xmppd.im.forward.RouterHarness;
import dev.xmppd.im.offline.OfflineModule;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * XEP-0357 through the real router: enabling and disabling, storage, the notifications published when a message
 * waits offline or for a detached session, coalescing and the removal of a registration its service refused. The
 * push service is a session of {@code app@example.com}, so what it receives is recorded.
 */
class PushModuleTest {
    private static final String FORM = "<x xmlns='jabber:x:data' type='submit'>"
            + "<field var='FORM_TYPE'><value>http://jabber.org/protocol/pubsub#publish-options</value></field>"
            + "<field var='secret'><value>eruio234vzxc2kla-91</value></field></x>";

    private RouterHarness server;
    private ManualPush push;
    private RecordingSession alice;
    private RecordingSession app;

    /** The push module with its coalescing windows run by the test. */
    private static final class ManualPush implements XmppModule {
        final PushModule module;
        final List<Runnable> windows = new ArrayList<>();

        ManualPush(boolean includeBody) {
            module = new PushModule(new PushConfig(includeBody, 3, Duration.ofSeconds(5)));
        }

        @Override
        public String name() {
            return "push";
        }

        @Override
        public void configure(ModuleContext ctx) {
            module.configure(ctx, (delay, task) -> windows.add(task));
        }

        @Override
        public void close() {
            module.close();
        }

        void endWindows() {
            List<Runnable> due = new ArrayList<>(windows);
            windows.clear();
            due.forEach(Runnable::run);
        }
    }

    private void start(boolean includeBody) throws Exception {
        push = new ManualPush(includeBody);
        server = new RouterHarness(List.of("alice", "bob", "app"), DiscoModule::new, () -> new OfflineModule(100),
                () -> push);
        alice = server.online("alice@example.com/phone", 0);
        app = server.online("app@example.com/push", 0);
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    private Iq iq(RecordingSession from, String xml) throws Exception {
        from.clear();
        server.send(from, xml);
        return from.received().stream().filter(s -> s instanceof Iq i && !i.type().isRequest()).map(Iq.class::cast)
                .findFirst().orElseThrow();
    }

    private Iq enable(RecordingSession from, String node, String form) throws Exception {
        return iq(from, "<iq type='set' id='e1'><enable xmlns='urn:xmpp:push:0' jid='app@example.com/push' node='"
                + node + "'>" + form + "</enable></iq>");
    }

    private List<Registration> stored(String account) throws Exception {
        return new Registrations(server.storage.keyValue(Registrations.STORE), 3).of(bare(account))
                .toCompletableFuture().get();
    }

    private List<Iq> publishes() {
        return app.received().stream().filter(s -> s instanceof Iq i && i.type() == IqType.SET)
                .map(Iq.class::cast).toList();
    }

    private static Map<String, String> summary(Iq publish) {
        XmlElement form = publish.payload().element(Notification.PUBSUB, "publish")
                .element(Notification.PUBSUB, "item").element(Registration.NS, "notification")
                .element(Registration.DATA, "x");
        return form.elements().stream().collect(Collectors.toMap(f -> f.attribute("var"),
                f -> f.childText(Registration.DATA, "value")));
    }

    private void goOffline(RecordingSession s) throws Exception {
        server.send(s, "<presence type='unavailable'/>");
        server.close(s);
    }

    @Test
    void theFeatureIsOnTheAccount() throws Exception {
        start(false);

        Iq info = iq(alice, "<iq type='get' id='d1' to='alice@example.com'>"
                + "<query xmlns='http://jabber.org/protocol/disco#info'/></iq>");

        assertThat(info.payload().elements()).anyMatch(f -> "urn:xmpp:push:0".equals(f.attribute("var")));
    }

    @Test
    void enableStoresTheRegistrationWithItsFormAndTheSamePairIsReplaced() throws Exception {
        start(false);

        assertThat(enable(alice, "n1", "").type()).isEqualTo(IqType.RESULT);
        assertThat(enable(alice, "n1", FORM).type()).isEqualTo(IqType.RESULT);
        assertThat(enable(alice, "n2", "").type()).isEqualTo(IqType.RESULT);

        List<Registration> all = stored("alice@example.com");
        assertThat(all).extracting(Registration::node).containsExactly("n1", "n2");
        assertThat(all.get(0).publishOptions().toXml()).contains("eruio234vzxc2kla-91");
        assertThat(all.get(0).resource()).isEqualTo("phone");
        assertThat(all.get(0).jid()).isEqualTo("app@example.com/push");
    }

    @Test
    void disableRemovesOneNodeOrEveryNodeOfTheService() throws Exception {
        start(false);
        enable(alice, "n1", "");
        enable(alice, "n2", "");
        enable(alice, "n3", "");

        iq(alice, "<iq type='set' id='x1'><disable xmlns='urn:xmpp:push:0' jid='app@example.com/push' node='n2'/></iq>");
        assertThat(stored("alice@example.com")).extracting(Registration::node).containsExactly("n1", "n3");
        Iq all = iq(alice, "<iq type='set' id='x2'><disable xmlns='urn:xmpp:push:0' jid='app@example.com/push'/></iq>");

        assertThat(all.type()).isEqualTo(IqType.RESULT);
        assertThat(stored("alice@example.com")).isEmpty();
    }

    @Test
    void malformedRequestsAreBadRequestsAndTheLimitHolds() throws Exception {
        start(false);

        Iq noJid = iq(alice, "<iq type='set' id='b1'><enable xmlns='urn:xmpp:push:0' node='n'/></iq>");
        Iq badJid = iq(alice, "<iq type='set' id='b2'><enable xmlns='urn:xmpp:push:0' jid='@@' node='n'/></iq>");
        Iq otherForm = enable(alice, "n", "<x xmlns='jabber:x:data' type='submit'><field var='FORM_TYPE'>"
                + "<value>urn:example</value></field></x>");
        Iq disableNoJid = iq(alice, "<iq type='set' id='b3'><disable xmlns='urn:xmpp:push:0'/></iq>");
        enable(alice, "n1", "");
        enable(alice, "n2", "");
        enable(alice, "n3", "");
        Iq fourth = enable(alice, "n4", "");

        assertThat(List.of(noJid, badJid, otherForm, disableNoJid)).allSatisfy(
                e -> assertThat(StanzaError.fromElement(e.element().element(e.element().namespace(), "error"))
                        .condition()).isEqualTo(Condition.BAD_REQUEST));
        assertThat(StanzaError.fromElement(fourth.element().element(fourth.element().namespace(), "error"))
                .condition()).isEqualTo(Condition.RESOURCE_CONSTRAINT);
        assertThat(stored("alice@example.com")).hasSize(3);
    }

    @Test
    void anotherAccountMayNotEnablePushForAlice() throws Exception {
        start(false);
        RecordingSession bob = server.online("bob@example.com/desk", 0);

        Iq reply = iq(bob, "<iq type='set' id='f1' to='alice@example.com'>"
                + "<enable xmlns='urn:xmpp:push:0' jid='app@example.com/push' node='n'/></iq>");

        assertThat(StanzaError.fromElement(reply.element().element(reply.element().namespace(), "error"))
                .condition()).isEqualTo(Condition.FORBIDDEN);
        assertThat(stored("alice@example.com")).isEmpty();
    }

    @Test
    void anOfflineMessagePublishesTheSummaryAndPublishOptionsAndABurstIsCoalesced() throws Exception {
        start(false);
        enable(alice, "n1", FORM);
        goOffline(alice);
        RecordingSession bob = server.online("bob@example.com/desk", 0);
        app.clear();

        server.send(bob, "<message to='alice@example.com' type='chat'><body>secret words</body></message>");
        server.send(bob, "<message to='alice@example.com' type='chat'><body>two</body></message>");
        server.send(bob, "<message to='alice@example.com' type='chat'><body>three</body></message>");

        List<Iq> first = publishes();
        assertThat(first).hasSize(1);
        Iq publish = first.get(0);
        assertThat(publish.from()).hasToString("alice@example.com");
        assertThat(publish.payload().element(Notification.PUBSUB, "publish").attribute("node")).isEqualTo("n1");
        assertThat(summary(publish)).containsEntry("FORM_TYPE", "urn:xmpp:push:summary")
                .containsEntry("message-count", "1").containsEntry("last-message-sender", "bob@example.com/desk")
                .doesNotContainKey("last-message-body");
        assertThat(publish.payload().element(Notification.PUBSUB, "publish-options").toXml())
                .contains("eruio234vzxc2kla-91");
        assertThat(publish.toString()).doesNotContain("secret words");

        app.clear();
        push.endWindows();
        assertThat(publishes()).singleElement().satisfies(p -> assertThat(summary(p))
                .containsEntry("message-count", "2"));
        app.clear();
        push.endWindows(); // a window without messages ends the burst
        assertThat(publishes()).isEmpty();
        assertThat(push.windows).isEmpty();
    }

    @Test
    void nothingCollectedInAWindowIsPublishedOnceTheServiceIsDisabled() throws Exception {
        start(false);
        enable(alice, "n1", "");
        RecordingSession tablet = server.online("alice@example.com/tablet", 0);
        goOffline(alice);
        server.send(tablet, "<presence type='unavailable'/>");
        RecordingSession bob = server.online("bob@example.com/desk", 0);
        server.send(bob, "<message to='alice@example.com' type='chat'><body>one</body></message>");
        server.send(bob, "<message to='alice@example.com' type='chat'><body>two</body></message>");
        iq(tablet, "<iq type='set' id='x1'><disable xmlns='urn:xmpp:push:0' jid='app@example.com/push'/></iq>");
        app.clear();

        push.endWindows();

        assertThat(publishes()).isEmpty();
        assertThat(push.windows).isEmpty();
    }

    @Test
    void theBodyIsSentOnlyWhenTheOperatorSaysSo() throws Exception {
        start(true);
        enable(alice, "n1", "");
        goOffline(alice);
        RecordingSession bob = server.online("bob@example.com/desk", 0);
        app.clear();

        server.send(bob, "<message to='alice@example.com' type='chat'><body>hello</body></message>");

        assertThat(summary(publishes().get(0))).containsEntry("last-message-body", "hello");
    }

    @Test
    void messagesThatWakeNobodyPublishNothing() throws Exception {
        start(false);
        enable(alice, "n1", "");
        goOffline(alice);
        RecordingSession bob = server.online("bob@example.com/desk", 0);
        app.clear();

        server.send(bob, "<message to='alice@example.com' type='chat'><store xmlns='urn:xmpp:hints'/>"
                + "<active xmlns='http://jabber.org/protocol/chatstates'/></message>");

        assertThat(publishes()).isEmpty();
    }

    @Test
    void anErrorAnswerRemovesTheRegistration() throws Exception {
        start(false);
        enable(alice, "n1", "");
        enable(alice, "n2", "");
        goOffline(alice);
        RecordingSession bob = server.online("bob@example.com/desk", 0);
        app.clear();
        server.send(bob, "<message to='alice@example.com' type='chat'><body>hi</body></message>");
        List<Iq> sent = publishes();
        assertThat(sent).hasSize(2);

        Iq refused = sent.stream().filter(p -> "n1".equals(p.payload().element(Notification.PUBSUB, "publish")
                .attribute("node"))).findFirst().orElseThrow();
        server.send(app, "<iq type='error' id='" + refused.id() + "' to='alice@example.com'><error type='cancel'>"
                + "<item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></iq>");
        Iq accepted = sent.stream().filter(p -> p != refused).findFirst().orElseThrow();
        server.send(app, "<iq type='result' id='" + accepted.id() + "' to='alice@example.com'/>");

        assertThat(stored("alice@example.com")).extracting(Registration::node).containsExactly("n2");
    }

    @Test
    void aDetachedSessionWakesOnlyTheRegistrationsItsResourceEnabled() throws Exception {
        start(false);
        RecordingSession tablet = server.online("alice@example.com/tablet", 0);
        enable(alice, "phone-node", "");
        enable(tablet, "tablet-node", "");
        app.clear();
        Message waiting = (Message) RouterHarness.stanza(
                "<message from='bob@example.com/desk' to='alice@example.com/phone' type='chat'><body>x</body></message>");

        server.events.publish(new Events.MessageWaiting(Jid.parse("alice@example.com/phone"), waiting));

        Iq publish = publishes().get(0);
        assertThat(publishes()).singleElement().satisfies(p -> assertThat(
                p.payload().element(Notification.PUBSUB, "publish").attribute("node")).isEqualTo("phone-node"));
        assertThat(publish.from()).hasToString("alice@example.com");
        tablet.clear();
        server.send(app, "<iq type='result' id='" + publish.id() + "' to='alice@example.com'/>");
        assertThat(tablet.received()).isEmpty(); // the answer ends at the server
    }
}
