package dev.xmppd.c2s;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.c2s.csi.CsiOutbound;
import dev.xmppd.c2s.sasl.SaslMechanisms;
import dev.xmppd.c2s.sm.SmSettings;
import dev.xmppd.c2s.sm.StreamManagementService;
import dev.xmppd.core.auth.Passwords;
import dev.xmppd.core.config.XmppdConfig;
import dev.xmppd.core.disco.DiscoModuleFactory;
import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.module.EventBus;
import dev.xmppd.core.router.Modules;
import dev.xmppd.core.router.StanzaRouter;
import dev.xmppd.core.session.LocalSessionRegistry;
import dev.xmppd.core.stanza.Stanza;
import dev.xmppd.core.storage.memory.MemoryStorageProvider;
import dev.xmppd.core.xml.XmlParser;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * XEP-0352 on the client stream state machine ({@link EmbeddedChannel}): the feature, the nonzas, holding while
 * inactive, and how held stanzas meet XEP-0198 (not counted until sent; kept for a resumption). Bob routes stanzas
 * to Alice; the holding rules themselves are {@code CsiOutboundTest} and {@code CsiRulesTest}.
 */
class C2sClientStateTest {
    private static final String HEADER = "<?xml version='1.0'?><stream:stream xmlns='jabber:client' "
            + "xmlns:stream='http://etherx.jabber.org/streams' to='localhost' version='1.0'>";
    private static final String BIND =
            "<iq type='set' id='b1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>r1</resource></bind></iq>";
    private static final String SM = " xmlns='urn:xmpp:sm:3'";
    private static final String CSI = " xmlns='urn:xmpp:csi:0'";
    private static final Pattern ENABLED_ID = Pattern.compile("<enabled xmlns='urn:xmpp:sm:3' id='([^']+)'");

    private final MemoryStorageProvider storage = new MemoryStorageProvider();
    private C2sServices services;
    private Modules modules;

    @BeforeEach
    void setUp() throws Exception {
        XmppdConfig config = C2sStreamHandlerTest.plaintextConfig();
        storage.accounts().create(BareJid.of("alice", "localhost"), Passwords.derive("pw", 16))
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
        EventBus events = new EventBus();
        StanzaRouter router = new StanzaRouter(config.hosts(), new LocalSessionRegistry(), storage.accounts(), events);
        modules = Modules.start(config, List.of(new DiscoModuleFactory()), router, events, storage);
        SaslMechanisms sasl = new SaslMechanisms(storage.accounts(), Runnable::run, true, new byte[32]);
        services = new C2sServices(config, router, events, sasl, null, new ClientLimits(100, 1000),
                new StreamManagementService(router, new SmSettings(Duration.ofSeconds(300), 10, 2)));
    }

    @AfterEach
    void tearDown() {
        modules.close();
    }

    @Test
    void theFeatureIsOfferedAfterAuthenticationAndTheNonzasAreNotAnswered() {
        EmbeddedChannel ch = C2sWire.channel(services);

        String preAuth = C2sWire.run(ch, HEADER);
        String postAuth = C2sWire.run(ch, C2sWire.auth("alice")) + C2sWire.run(ch, HEADER);
        String beforeBind = C2sWire.run(ch, "<inactive" + CSI + "/>");
        C2sWire.run(ch, BIND);
        String nonzas = C2sWire.run(ch, "<inactive" + CSI + "/><active" + CSI + "/>");

        assertThat(preAuth).doesNotContain("urn:xmpp:csi:0");
        assertThat(postAuth).contains("<csi xmlns='urn:xmpp:csi:0'/>");
        assertThat(beforeBind).isEmpty();
        assertThat(nonzas).isEmpty();
        assertThat(ch.isOpen()).isTrue();
        ch.finishAndReleaseAll();
    }

    @Test
    void anUnknownElementInTheNamespaceIsAStreamError() {
        EmbeddedChannel ch = login(false);

        String out = C2sWire.run(ch, "<sleepy" + CSI + "/>");

        assertThat(out).contains("<unsupported-stanza-type xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>");
        assertThat(ch.isOpen()).isFalse();
        ch.finishAndReleaseAll();
    }

    @Test
    void presenceWaitsForActiveAndAChatMessageGoesAtOnceBehindWhatWasHeld() {
        EmbeddedChannel ch = login(false);
        C2sWire.run(ch, "<inactive" + CSI + "/>");

        route("<presence from='bob@localhost/phone' to='alice@localhost/r1'><show>away</show></presence>");
        route("<presence from='bob@localhost/phone' to='alice@localhost/r1'><show>dnd</show></presence>");
        String held = C2sWire.drain(ch);
        route(chat("m1", "<body>hi</body>"));
        String urgent = C2sWire.drain(ch);
        route(chat("m2", "<composing xmlns='http://jabber.org/protocol/chatstates'/>"));
        String heldAgain = C2sWire.drain(ch);
        String active = C2sWire.run(ch, "<active" + CSI + "/>");

        assertThat(held).isEmpty();
        assertThat(urgent).contains("<show>dnd</show>").doesNotContain("away");
        assertThat(urgent.indexOf("<show>dnd</show>")).isLessThan(urgent.indexOf("id='m1'"));
        assertThat(heldAgain).isEmpty();
        assertThat(active).contains("id='m2'");
        ch.finishAndReleaseAll();
    }

    @Test
    void theHandlerJoinsThePipelineAtTheFirstInactiveAndKnowsTheNicknameTakenBefore() {
        // Setup test fixture: Alice joins a room as 'Zed' while active
        EmbeddedChannel ch = login(false);
        C2sWire.run(ch, "<presence to='room@muc.example/Zed'><x xmlns='http://jabber.org/protocol/muc'/></presence>");
        boolean inPipelineWhileActive = ch.pipeline().get(CsiOutbound.NAME) != null;

        // Execute system under test
        C2sWire.run(ch, "<inactive" + CSI + "/>");
        route(groupchat("g1", "lunch?"));
        String held = C2sWire.drain(ch);
        route(groupchat("g2", "zed: lunch?"));
        String mention = C2sWire.drain(ch);

        // Verify results: nothing to hold while active, so no handler; the nickname was learnt all the same
        assertThat(inPipelineWhileActive).isFalse();
        assertThat(ch.pipeline().get(CsiOutbound.NAME)).isNotNull();
        assertThat(held).isEmpty();
        assertThat(mention.indexOf("id='g1'")).isNotNegative().isLessThan(mention.indexOf("id='g2'"));
        ch.finishAndReleaseAll();
    }

    @Test
    void streamManagementCountsHeldStanzasOnlyWhenTheyAreSent() {
        // Setup test fixture: the server asks for an ack (<r/>) once 2 stanzas are unacknowledged
        EmbeddedChannel ch = login(true);
        C2sWire.run(ch, "<inactive" + CSI + "/>");

        // Execute system under test
        route(chat("m1", "<composing xmlns='http://jabber.org/protocol/chatstates'/>"));
        route(chat("m2", "<paused xmlns='http://jabber.org/protocol/chatstates'/>"));
        String whileHeld = C2sWire.drain(ch);
        String ack = C2sWire.run(ch, "<r" + SM + "/>");
        String released = C2sWire.run(ch, "<active" + CSI + "/>");

        // Verify results: the nonzas were not counted as handled stanzas either (h=0)
        assertThat(whileHeld).isEmpty();
        assertThat(ack).isEqualTo("<a xmlns='urn:xmpp:sm:3' h='0'/>");
        assertThat(released).contains("id='m1'").contains("id='m2'").endsWith("<r xmlns='urn:xmpp:sm:3'/>");
        assertThat(C2sWire.run(ch, "<a" + SM + " h='2'/>")).isEmpty();
        assertThat(ch.isOpen()).isTrue();
        ch.finishAndReleaseAll();
    }

    @Test
    void aResumedSessionGetsWhatWasHeldPresenceIncludedAndStartsActive() {
        // Setup test fixture: Alice is inactive when her connection is lost
        EmbeddedChannel first = login(true);
        String id = lastId;
        C2sWire.run(first, "<inactive" + CSI + "/>");
        route("<presence from='bob@localhost/phone' to='alice@localhost/r1'><show>away</show></presence>");
        route(chat("m1", "<composing xmlns='http://jabber.org/protocol/chatstates'/>"));
        first.pipeline().fireChannelInactive();
        first.runPendingTasks();

        // Execute system under test
        EmbeddedChannel second = C2sWire.channel(services);
        C2sWire.run(second, HEADER + C2sWire.auth("alice"));
        String resumed = C2sWire.run(second, HEADER + "<resume" + SM + " previd='" + id + "' h='0'/>");
        route("<presence from='bob@localhost/phone' to='alice@localhost/r1'><show>chat</show></presence>");
        String after = C2sWire.drain(second);

        // Verify results
        assertThat(resumed).contains("<resumed").contains("<show>away</show>").contains("id='m1'");
        assertThat(resumed.indexOf("<show>away</show>")).isLessThan(resumed.indexOf("id='m1'"));
        assertThat(after).contains("<show>chat</show>");
        first.finishAndReleaseAll();
        second.finishAndReleaseAll();
    }

    // ---- helpers

    private String lastId;

    private EmbeddedChannel login(boolean resume) {
        EmbeddedChannel ch = C2sWire.channel(services);
        C2sWire.run(ch, HEADER + C2sWire.auth("alice"));
        C2sWire.run(ch, HEADER + BIND);
        String enabled = C2sWire.run(ch, "<enable" + SM + (resume ? " resume='true'" : "") + "/>");
        if (resume) {
            Matcher m = ENABLED_ID.matcher(enabled);
            assertThat(m.find()).as(enabled).isTrue();
            lastId = m.group(1);
        }
        return ch;
    }

    private static String chat(String id, String payload) {
        return "<message from='bob@localhost/phone' to='alice@localhost/r1' type='chat' id='" + id + "'>" + payload
                + "</message>";
    }

    private static String groupchat(String id, String body) {
        return "<message from='room@muc.example/bob' to='alice@localhost/r1' type='groupchat' id='" + id
                + "'><body>" + body + "</body></message>";
    }

    private void route(String xml) {
        services.router().route(Stanza.parse(XmlParser.parse(xml.replaceFirst("^<(\\w+)",
                "<$1 xmlns='jabber:client'"))));
    }
}
