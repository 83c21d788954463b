package dev.xmppd.app.it;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.core.config.XmppdConfig;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.awaitility.Awaitility;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.packet.StanzaError;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.roster.RosterEntry;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smackx.blocking.BlockingCommandManager;
import org.jivesoftware.smackx.blocking.element.BlockedErrorExtension;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;

/**
 * XEP-0191 with Smack's BlockingCommandManager: block, bounce, presence (bob is subscribed to alice), unblock, and
 * a restart.
 */
class BlockingIT {
    @RegisterExtension
    static final TestServer server = new TestServer(c -> withModules(c, "roster", "presence", "blocking"));

    private XMPPTCPConnection alice;
    private XMPPTCPConnection bob;
    private final BlockingQueue<Message> toAlice = new LinkedBlockingQueue<>();
    private final BlockingQueue<Message> toBob = new LinkedBlockingQueue<>();
    private final BlockingQueue<Presence> presenceToBob = new LinkedBlockingQueue<>();

    /** The configuration with these modules enabled too (each name once). */
    static XmppdConfig withModules(XmppdConfig c, String... extra) {
        List<String> modules = new ArrayList<>(c.modules());
        for (String m : extra) {
            if (!modules.contains(m)) {
                modules.add(m);
            }
        }
        return new XmppdConfig(c.hosts(), c.data(), c.listeners(), c.tls(), c.storage(), c.auth(), c.registration(),
                c.admins(), modules, c.limits(), c.s2s());
    }

    @BeforeAll
    static void accounts() throws Exception {
        server.addUser("alice", "alice-pw");
        server.addUser("bob", "bob-pw");
        // bob subscribes to alice's presence, so that blocking him sends him her unavailable presence (§3.3)
        XMPPTCPConnection a = server.login("alice", "alice-pw");
        XMPPTCPConnection b = server.login("bob", "bob-pw");
        Roster.getInstanceFor(a).setSubscriptionMode(Roster.SubscriptionMode.accept_all);
        Roster.getInstanceFor(b).sendSubscriptionRequest(JidCreate.bareFrom("alice@localhost"));
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
            RosterEntry alice = Roster.getInstanceFor(b).getEntry(JidCreate.bareFrom("alice@localhost"));
            return alice != null && alice.canSeeHisPresence();
        });
        a.disconnect();
        b.disconnect();
    }

    @BeforeEach
    void login() throws Exception {
        alice = server.login("alice", "alice-pw");
        bob = server.login("bob", "bob-pw");
        alice.addAsyncStanzaListener(s -> toAlice.add((Message) s), StanzaTypeFilter.MESSAGE);
        bob.addAsyncStanzaListener(s -> toBob.add((Message) s), StanzaTypeFilter.MESSAGE);
        bob.addAsyncStanzaListener(s -> presenceToBob.add((Presence) s), StanzaTypeFilter.PRESENCE);
        // alice's presence reaches bob, her subscriber, until she blocks him
        alice.sendStanza(alice.getStanzaFactory().buildPresenceStanza().setStatus("hi").build());
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> presenceToBob.stream().anyMatch(p ->
                p.getType() == Presence.Type.available && p.getFrom().equals(alice.getUser())));
        presenceToBob.clear();
    }

    @AfterEach
    void logout() throws Exception {
        if (alice.isConnected()) {
            BlockingCommandManager.getInstanceFor(alice).unblockAll();
            alice.disconnect();
        }
        bob.disconnect();
    }

    private void chat(XMPPTCPConnection from, String to, String body) throws Exception {
        from.sendStanza(from.getStanzaFactory().buildMessageStanza().to(to).ofType(Message.Type.chat).setBody(body)
                .build());
    }

    @Test
    void aBlockedContactIsCutOffBothWays() throws Exception {
        BlockingCommandManager blocking = BlockingCommandManager.getInstanceFor(alice);
        assertThat(blocking.isSupportedByServer()).isTrue();
        assertThat(blocking.getBlockList()).isEmpty();

        blocking.blockContacts(List.of(JidCreate.from("bob@localhost")));

        // Smack updates its cached list from the push, which it may handle after the IQ result returns.
        Awaitility.await().atMost(Duration.ofSeconds(10)).untilAsserted(() -> assertThat(blocking.getBlockList())
                .extracting(Jid::toString).containsExactly("bob@localhost"));
        // XEP-0191 §3.3: bob sees alice go offline
        Presence gone = presenceToBob.poll(10, TimeUnit.SECONDS);
        assertThat(gone.getType()).isEqualTo(Presence.Type.unavailable);
        assertThat(gone.getFrom().toString()).isEqualTo(alice.getUser().toString());
        // bob's message bounces with service-unavailable, alice never sees it
        chat(bob, "alice@localhost", "let me in");
        Message bounced = toBob.poll(10, TimeUnit.SECONDS);
        assertThat(bounced.getType()).isEqualTo(Message.Type.error);
        assertThat(bounced.getError().getCondition()).isEqualTo(StanzaError.Condition.service_unavailable);
        // alice's message to bob bounces with not-acceptable and <blocked/>
        chat(alice, "bob@localhost", "go away");
        Message refused = toAlice.poll(10, TimeUnit.SECONDS);
        assertThat(refused.getError().getCondition()).isEqualTo(StanzaError.Condition.not_acceptable);
        assertThat(BlockedErrorExtension.isInside(refused)).isTrue();
        // bob's directed presence does not reach alice either
        bob.sendStanza(bob.getStanzaFactory().buildPresenceStanza().to(alice.getUser()).build());
        chat(bob, alice.getUser().toString(), "after presence");
        assertThat(toBob.poll(10, TimeUnit.SECONDS).getType()).isEqualTo(Message.Type.error);
        assertThat(toAlice).isEmpty();
        assertThat(presenceToBob).isEmpty();
    }

    @Test
    void unblockLetsMessagesThroughAgain() throws Exception {
        BlockingCommandManager blocking = BlockingCommandManager.getInstanceFor(alice);
        blocking.blockContacts(List.of(JidCreate.from("bob@localhost")));

        blocking.unblockContacts(List.of(JidCreate.from("bob@localhost")));
        chat(bob, "alice@localhost", "hello again");

        assertThat(toAlice.poll(10, TimeUnit.SECONDS).getBody()).isEqualTo("hello again");
        assertThat(blocking.getBlockList()).isEmpty();
    }

    @Test
    void theBlocklistSurvivesARestart() throws Exception {
        BlockingCommandManager.getInstanceFor(alice).blockContacts(List.of(JidCreate.from("bob@localhost")));
        alice.disconnect();
        bob.disconnect();

        server.stop();
        server.start();
        bob = server.login("bob", "bob-pw");
        bob.addAsyncStanzaListener(s -> toBob.add((Message) s), StanzaTypeFilter.MESSAGE);
        chat(bob, "alice@localhost", "while you were away"); // alice is offline: still refused
        alice = server.login("alice", "alice-pw");

        assertThat(toBob.poll(10, TimeUnit.SECONDS).getError().getCondition())
                .isEqualTo(StanzaError.Condition.service_unavailable);
        assertThat(BlockingCommandManager.getInstanceFor(alice).getBlockList()).extracting(Jid::toString)
                .containsExactly("bob@localhost");
    }
}
