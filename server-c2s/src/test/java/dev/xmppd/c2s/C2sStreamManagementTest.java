package dev.xmppd.c2s;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.c2s.sasl.SaslMechanisms;
import dev.xmppd.c2s.sm.SmSettings;
import dev.xmppd.c2s.sm.StreamManagementService;
import dev.xmppd.core.auth.Passwords;
import dev.xmppd.core.config.XmppdConfig;
import dev.xmppd.core.disco.DiscoModuleFactory;
import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.jid.FullJid;
import dev.xmppd.core.module.EventBus;
import dev.xmppd.core.module.Events;
import dev.xmppd.core.router.Modules;
import dev.xmppd.core.router.StanzaRouter;
import dev.xmppd.core.session.LocalSessionRegistry;
import dev.xmppd.core.session.Session;
import dev.xmppd.core.stanza.Stanza;
import dev.xmppd.core.storage.memory.MemoryStorageProvider;
import dev.xmppd.core.testing.RecordingSession;
import dev.xmppd.core.xml.XmlElement;
import dev.xmppd.core.xml.XmlParser;
import io.netty.channel.embedded.EmbeddedChannel;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * XEP-0198 on the client stream state machine ({@link EmbeddedChannel}): enabling, counting both ways, acks,
 * errors, resumption on a second connection, and what becomes of unacknowledged stanzas when a session ends. Bob is
 * a recording session in the registry: he sends messages to Alice and receives the bounces.
 */
class C2sStreamManagementTest {
    private static final String HEADER = "<?xml version='1.0'?><stream:stream xmlns='jabber:client' "
            + "xmlns:stream='http://etherx.jabber.org/streams' to='localhost' version='1.0'>";
    private static final String BIND =
            "<iq type='set' id='b1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>r1</resource></bind></iq>";
    private static final String SM = " xmlns='urn:xmpp:sm:3'";
    private static final FullJid ALICE = FullJid.parse("alice@localhost/r1");
    private static final Pattern ENABLED_ID = Pattern.compile("<enabled xmlns='urn:xmpp:sm:3' id='([^']+)'");

    private final MemoryStorageProvider storage = new MemoryStorageProvider();
    private final List<Object> closed = new CopyOnWriteArrayList<>();
    private final List<Events.MessageWaiting> waiting = new CopyOnWriteArrayList<>();
    private C2sServices services;
    private Modules modules;
    private RecordingSession bob;

    @BeforeEach
    void setUp() throws Exception {
        XmppdConfig config = C2sStreamHandlerTest.plaintextConfig();
        for (String user : List.of("alice", "mallory")) {
            storage.accounts().create(BareJid.of(user, "localhost"), Passwords.derive("pw", 16))
                    .toCompletableFuture().get(5, TimeUnit.SECONDS);
        }
        EventBus events = new EventBus();
        events.subscribe(Events.SessionClosed.class, e -> closed.add(e.session()));
        events.subscribe(Events.MessageWaiting.class, waiting::add);
        StanzaRouter router = new StanzaRouter(config.hosts(), new LocalSessionRegistry(), storage.accounts(), events);
        modules = Modules.start(config, List.of(new DiscoModuleFactory()), router, events, storage);
        SaslMechanisms sasl = new SaslMechanisms(storage.accounts(), Runnable::run, true, new byte[32]);
        services = new C2sServices(config, router, events, sasl, null, new ClientLimits(100, 1000),
                new StreamManagementService(router, new SmSettings(Duration.ofSeconds(300), 4, 2), events));
        bob = new RecordingSession(FullJid.parse("bob@localhost/phone")).available(0);
        router.sessions().add(bob);
    }

    @AfterEach
    void tearDown() {
        modules.close();
    }

    @Test
    void theFeatureIsOfferedAfterAuthenticationOnly() {
        EmbeddedChannel ch = C2sWire.channel(services);

        String preAuth = C2sWire.run(ch, HEADER);
        String postAuth = C2sWire.run(ch, C2sWire.auth("alice")) + C2sWire.run(ch, HEADER);

        assertThat(preAuth).doesNotContain("urn:xmpp:sm:3");
        assertThat(postAuth).contains("<sm xmlns='urn:xmpp:sm:3'/>");
        ch.finishAndReleaseAll();
    }

    @Test
    void enableBeforeBindingAndEnableTwiceFailWithUnexpectedRequest() {
        EmbeddedChannel ch = C2sWire.channel(services);
        C2sWire.run(ch, HEADER + C2sWire.auth("alice"));

        String beforeBind = C2sWire.run(ch, HEADER + "<enable" + SM + "/>");
        C2sWire.run(ch, BIND);
        String first = C2sWire.run(ch, "<enable" + SM + "/>");
        String second = C2sWire.run(ch, "<enable" + SM + " resume='true'/>");

        String failed = "<failed xmlns='urn:xmpp:sm:3'><unexpected-request "
                + "xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></failed>";
        assertThat(beforeBind).contains(failed);
        assertThat(first).isEqualTo("<enabled xmlns='urn:xmpp:sm:3'/>");
        assertThat(second).isEqualTo(failed);
        assertThat(ch.isOpen()).isTrue();
        ch.finishAndReleaseAll();
    }

    @Test
    void handledStanzasAreCountedFromEnable() {
        EmbeddedChannel ch = login("alice", false);

        String out = C2sWire.run(ch, "<presence/>"
                + "<iq type='get' id='d1' to='localhost'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>"
                + "<message to='bob@localhost/phone' type='chat' id='m1'><body>hi</body></message>"
                + "<r" + SM + "/>");

        assertThat(out).endsWith("<a xmlns='urn:xmpp:sm:3' h='3'/>");
        assertThat(bob.received()).hasSize(1);
        ch.finishAndReleaseAll();
    }

    @Test
    void outboundStanzasAreCountedTheServerAsksForAcksAndAcksTrimTheQueue() {
        // Setup test fixture: at most 4 unacknowledged, an <r/> at 2
        EmbeddedChannel ch = login("alice", false);

        // Execute system under test
        fromBob("m1");
        String afterOne = C2sWire.drain(ch);
        fromBob("m2");
        String afterTwo = C2sWire.drain(ch);
        C2sWire.run(ch, "<a" + SM + " h='2'/>");
        fromBob("m3");
        fromBob("m4");
        fromBob("m5");
        String afterAck = C2sWire.drain(ch);

        // Verify results: the queue never overflowed (m1, m2 acknowledged), so the stream is still open
        assertThat(afterOne).contains("id='m1'").doesNotContain("<r xmlns='urn:xmpp:sm:3'/>");
        assertThat(afterTwo).endsWith("<r xmlns='urn:xmpp:sm:3'/>");
        assertThat(afterAck).contains("id='m5'").containsOnlyOnce("<r xmlns='urn:xmpp:sm:3'/>");
        assertThat(ch.isOpen()).isTrue();
        ch.finishAndReleaseAll();
    }

    @Test
    void aClientThatNeverAcknowledgesIsDisconnectedAndNothingIsLost() {
        EmbeddedChannel ch = login("alice", false);

        for (int i = 1; i <= 5; i++) {
            fromBob("m" + i);
        }
        ch.runPendingTasks();

        // 4 queued and 1 refused: Alice has no other resource and no offline storage, so all 5 bounce to Bob.
        assertThat(C2sWire.drain(ch)).contains("<policy-violation xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>");
        assertThat(ch.isOpen()).isFalse();
        assertThat(errorIds(bob)).containsExactly("m1", "m2", "m3", "m4", "m5");
        ch.finishAndReleaseAll();
    }

    @Test
    void anAckAboveTheSentCountIsAStreamError() {
        EmbeddedChannel ch = login("alice", false);
        fromBob("m1");
        C2sWire.drain(ch);

        String out = C2sWire.run(ch, "<a" + SM + " h='5'/>");

        assertThat(out).contains("<undefined-condition xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>")
                .contains("<handled-count-too-high xmlns='urn:xmpp:sm:3' h='5' send-count='1'/>")
                .endsWith("</stream:stream>");
        assertThat(ch.isOpen()).isFalse();
        ch.finishAndReleaseAll();
    }

    @Test
    void unacknowledgedMessagesGoToAnotherAvailableResourceWhenTheConnectionIsLost() {
        // Setup test fixture
        RecordingSession desk = new RecordingSession(FullJid.parse("alice@localhost/desk")).available(0);
        services.router().sessions().add(desk);
        EmbeddedChannel ch = login("alice", false);
        fromBob("m1");
        fromBob("m2");
        C2sWire.run(ch, "<a" + SM + " h='1'/>");

        // Execute system under test: the connection drops; without resumption the session ends at once
        ch.close();
        ch.runPendingTasks();

        // Verify results
        assertThat(closed).hasSize(1);
        assertThat(desk.received()).extracting(Stanza::id).containsExactly("m2");
        assertThat(errorIds(bob)).isEmpty();
        ch.finishAndReleaseAll();
    }

    @Test
    void aResumedSessionKeepsItsJidGetsWhatItMissedAndTheServerCount() {
        // Setup test fixture: Alice enables resumption, gets m1, and loses her connection; m2 arrives meanwhile
        EmbeddedChannel first = C2sWire.channel(services);
        C2sWire.run(first, HEADER + C2sWire.auth("alice"));
        C2sWire.run(first, HEADER + BIND);
        String enabled = C2sWire.run(first, "<enable" + SM + " resume='true'/>");
        String id = id(enabled);
        C2sWire.run(first, "<presence/>");
        fromBob("m1");
        first.close();
        first.runPendingTasks();
        fromBob("m2");
        Session before = services.router().sessions().get(ALICE);

        // Execute system under test: she acknowledges nothing (h=0) on the new stream
        EmbeddedChannel second = C2sWire.channel(services);
        C2sWire.run(second, HEADER + C2sWire.auth("alice"));
        String resumed = C2sWire.run(second, HEADER + "<resume" + SM + " previd='" + id + "' h='0'/>");
        fromBob("m3");
        String after = C2sWire.drain(second);

        // Verify results
        assertThat(enabled).contains("resume='true'").contains("max='300'");
        assertThat(id).hasSizeGreaterThanOrEqualTo(22);
        assertThat(resumed).contains("<resumed xmlns='urn:xmpp:sm:3' previd='" + id + "' h='1'/>");
        assertThat(resumed.indexOf("id='m1'")).isGreaterThan(resumed.indexOf("<resumed")).isLessThan(
                resumed.indexOf("id='m2'"));
        assertThat(after).contains("id='m3'");
        assertThat(services.router().sessions().get(ALICE)).isSameAs(before);
        assertThat(before.isAvailable()).isTrue();
        assertThat(closed).isEmpty();
        assertThat(errorIds(bob)).isEmpty();
        assertThat(C2sWire.run(second, "<r" + SM + "/>")).contains("<a xmlns='urn:xmpp:sm:3' h='1'/>");
        first.finishAndReleaseAll();
        second.finishAndReleaseAll();
    }

    @Test
    void messagesKeptForADetachedSessionAreAnnouncedAsWaiting() {
        // Setup test fixture: Alice gets m1, never acknowledges it, and loses her connection
        EmbeddedChannel ch = login("alice", true);
        C2sWire.run(ch, "<presence/>");
        fromBob("m1");
        assertThat(waiting).isEmpty();
        ch.close();
        ch.runPendingTasks();

        // Execute system under test: m2 arrives while the session waits for a resumption
        fromBob("m2");

        // Verify results: both wait for her (push notifications wake her client on them)
        assertThat(waiting).extracting(e -> e.recipient().toString()).containsOnly("alice@localhost/r1");
        assertThat(waiting).extracting(e -> e.message().id()).containsExactly("m1", "m2");
        ch.finishAndReleaseAll();
    }

    @Test
    void resumingAStillOpenConnectionClosesTheOldOneWithConflict() {
        EmbeddedChannel first = login("alice", true);
        String id = lastId;
        fromBob("m1");
        C2sWire.drain(first);

        EmbeddedChannel second = C2sWire.channel(services);
        C2sWire.run(second, HEADER + C2sWire.auth("alice"));
        String resumed = C2sWire.run(second, HEADER + "<resume" + SM + " previd='" + id + "' h='1'/>");
        first.runPendingTasks();
        fromBob("m2");

        assertThat(resumed).contains("<resumed").doesNotContain("id='m1'");
        assertThat(C2sWire.drain(first)).contains("<conflict xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>");
        assertThat(first.isOpen()).isFalse();
        assertThat(C2sWire.drain(second)).contains("id='m2'");
        assertThat(closed).isEmpty();
        assertThat(services.router().sessions().get(ALICE)).isNotNull();
        first.finishAndReleaseAll();
        second.finishAndReleaseAll();
    }

    @Test
    void unknownIdsAndOtherAccountsCannotResume() {
        EmbeddedChannel alice = login("alice", true);
        String id = lastId;
        alice.close();
        alice.runPendingTasks();

        EmbeddedChannel mallory = C2sWire.channel(services);
        C2sWire.run(mallory, HEADER + C2sWire.auth("mallory"));
        String stolen = C2sWire.run(mallory, HEADER + "<resume" + SM + " previd='" + id + "' h='0'/>");
        String unknown = C2sWire.run(mallory, "<resume" + SM + " previd='nope' h='0'/>");
        String bound = C2sWire.run(mallory, BIND);

        String notFound = "<failed xmlns='urn:xmpp:sm:3'><item-not-found "
                + "xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></failed>";
        assertThat(stolen).endsWith(notFound);
        assertThat(unknown).isEqualTo(notFound);
        assertThat(bound).contains("<jid>mallory@localhost/r1</jid>"); // XEP-0198 §5: binding is still allowed
        assertThat(services.router().sessions().get(ALICE)).isNotNull();
        alice.finishAndReleaseAll();
        mallory.finishAndReleaseAll();
    }

    @Test
    void aSessionNotResumedInTimeEndsAndItsMessagesAreNotLost() {
        // Setup test fixture
        EmbeddedChannel ch = login("alice", true);
        String id = lastId;
        fromBob("m1");
        // The connection is lost (EmbeddedChannel.close() would also cancel the handler's scheduled tasks)
        ch.pipeline().fireChannelInactive();
        ch.runPendingTasks();
        fromBob("m2");
        assertThat(errorIds(bob)).isEmpty();
        assertThat(closed).isEmpty();

        // Execute system under test
        ch.advanceTimeBy(301, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();

        // Verify results: no resource and no offline storage, so both bounce to the sender
        assertThat(closed).hasSize(1);
        assertThat(services.router().sessions().get(ALICE)).isNull();
        assertThat(errorIds(bob)).containsExactly("m1", "m2");
        EmbeddedChannel late = C2sWire.channel(services);
        C2sWire.run(late, HEADER + C2sWire.auth("alice"));
        assertThat(C2sWire.run(late, HEADER + "<resume" + SM + " previd='" + id + "' h='0'/>")).contains("item-not-found");
        ch.finishAndReleaseAll();
        late.finishAndReleaseAll();
    }

    @Test
    void aCleanCloseEndsEvenAResumableSession() {
        EmbeddedChannel ch = login("alice", true);

        C2sWire.run(ch, "</stream:stream>");
        ch.runPendingTasks();

        assertThat(ch.isOpen()).isFalse();
        assertThat(closed).hasSize(1);
        assertThat(services.router().sessions().get(ALICE)).isNull();
        ch.finishAndReleaseAll();
    }

    @Test
    void theClientsShorterMaxIsUsedAndStatedALongerOneIsNot() {
        // Setup test fixture
        EmbeddedChannel shorter = C2sWire.channel(services);
        C2sWire.run(shorter, HEADER + C2sWire.auth("alice"));
        C2sWire.run(shorter, HEADER + BIND);
        EmbeddedChannel longer = C2sWire.channel(services);
        C2sWire.run(longer, HEADER + C2sWire.auth("mallory"));
        C2sWire.run(longer, HEADER + BIND);

        // Execute system under test (XEP-0198 §3)
        String enabled = C2sWire.run(shorter, "<enable" + SM + " resume='true' max='60'/>");
        String capped = C2sWire.run(longer, "<enable" + SM + " resume='true' max='86400'/>");
        shorter.pipeline().fireChannelInactive();
        shorter.runPendingTasks();
        shorter.advanceTimeBy(61, TimeUnit.SECONDS);
        shorter.runScheduledPendingTasks();

        // Verify results: the session waited only 60 s
        assertThat(enabled).contains("resume='true'").contains("max='60'");
        assertThat(capped).contains("max='300'");
        assertThat(closed).hasSize(1);
        assertThat(services.router().sessions().get(ALICE)).isNull();
        shorter.finishAndReleaseAll();
        longer.finishAndReleaseAll();
    }

    @Test
    void redeliveredMessagesCarryADelayFromTheServerStampedWhenFirstSent() {
        // Setup test fixture: m2 already carries a delay (it came from offline storage, say)
        RecordingSession desk = new RecordingSession(FullJid.parse("alice@localhost/desk")).available(0);
        services.router().sessions().add(desk);
        EmbeddedChannel ch = login("alice", false);
        Instant before = Instant.now().truncatedTo(ChronoUnit.MILLIS);
        fromBob("m1");
        services.router().route(Stanza.parse(XmlParser.parse("<message xmlns='jabber:client' "
                + "from='bob@localhost/phone' to='alice@localhost/r1' type='chat' id='m2'><body>m2</body>"
                + "<delay xmlns='urn:xmpp:delay' from='localhost' stamp='2002-09-10T23:08:25Z'/></message>")));
        Instant after = Instant.now();

        // Execute system under test
        ch.close();
        ch.runPendingTasks();

        // Verify results (XEP-0198 §5, XEP-0203 §4)
        assertThat(desk.received()).extracting(Stanza::id).containsExactly("m1", "m2");
        XmlElement first = desk.received().get(0).element().element("urn:xmpp:delay", "delay");
        assertThat(first.attribute("from")).isEqualTo("localhost");
        assertThat(Instant.parse(first.attribute("stamp"))).isBetween(before, after);
        assertThat(desk.received().get(1).element().elements()).filteredOn(e -> e.name().equals("delay"))
                .singleElement().satisfies(d -> assertThat(d.attribute("stamp")).isEqualTo("2002-09-10T23:08:25Z"));
        ch.finishAndReleaseAll();
    }

    // ---- helpers

    private String lastId;

    private EmbeddedChannel login(String user, boolean resume) {
        EmbeddedChannel ch = C2sWire.channel(services);
        C2sWire.run(ch, HEADER + C2sWire.auth(user));
        C2sWire.run(ch, HEADER + BIND);
        String enabled = C2sWire.run(ch, "<enable" + SM + (resume ? " resume='true'" : "") + "/>");
        lastId = resume ? id(enabled) : null;
        return ch;
    }

    private static String id(String enabled) {
        Matcher m = ENABLED_ID.matcher(enabled);
        assertThat(m.find()).as(enabled).isTrue();
        return m.group(1);
    }

    private void fromBob(String id) {
        services.router().route(Stanza.parse(XmlParser.parse("<message xmlns='jabber:client' "
                + "from='bob@localhost/phone' to='alice@localhost/r1' type='chat' id='" + id + "'><body>" + id
                + "</body></message>")));
    }

    /** The ids of the errors (bounces) a session was sent. */
    private static List<String> errorIds(RecordingSession session) {
        return session.received().stream().filter(Stanza::isError).map(Stanza::id).toList();
    }
}
