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
import org.jivesoftware.smack.packet.Presence;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.roster.RosterEntry;
import org.jivesoftware.smack.roster.RosterGroup;
import org.jivesoftware.smack.roster.RosterListener;
import org.jivesoftware.smack.roster.SubscribeListener.SubscribeAnswer;
import org.jivesoftware.smack.roster.packet.RosterPacket.ItemType;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.RegisterExtension;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.Jid;
import org.jxmpp.jid.impl.JidCreate;

/** Rosters and subscriptions (RFC 6121 §2, §3) with Smack's {@link Roster}, on H2, across a restart. */
class RosterIT {
    @RegisterExtension
    static final TestServer server = new TestServer(RosterIT::withRosterAndPresence);

    /** The configuration with the roster and presence modules enabled (once, whatever the defaults say). */
    static XmppdConfig withRosterAndPresence(XmppdConfig c) {
        List<String> modules = new ArrayList<>(c.modules());
        for (String m : List.of("roster", "presence")) {
            if (!modules.contains(m)) {
                modules.add(m);
            }
        }
        return new XmppdConfig(c.hosts(), c.data(), c.listeners(), c.tls(), c.storage(), c.auth(),
                c.registration(), c.admins(), modules, c.limits(), c.s2s());
    }

    private static BareJid bare(String local) throws Exception {
        return JidCreate.bareFrom(local + "@" + TestServer.DOMAIN);
    }

    private static void awaitTrue(java.util.concurrent.Callable<Boolean> condition) {
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(condition);
    }

    @Test
    void twoUsersSubscribeToEachOtherSeePresenceAndKeepTheRosterAcrossARestart() throws Exception {
        server.addUser("romeo", "romeo-pw");
        server.addUser("juliet", "juliet-pw");
        XMPPTCPConnection romeo = server.login("romeo", "romeo-pw");
        XMPPTCPConnection juliet = server.login("juliet", "juliet-pw");
        Roster romeoRoster = Roster.getInstanceFor(romeo);
        Roster julietRoster = Roster.getInstanceFor(juliet);
        BlockingQueue<Jid> julietAsked = new LinkedBlockingQueue<>();
        julietRoster.addSubscribeListener((from, p) -> {
            julietAsked.add(from);
            return SubscribeAnswer.ApproveAndAlsoRequestIfRequired;
        });
        romeoRoster.addSubscribeListener((from, p) -> SubscribeAnswer.Approve);
        BlockingQueue<Presence> romeoSees = new LinkedBlockingQueue<>();
        romeoRoster.addRosterListener(new PresenceOnly(romeoSees));

        // Execute system under test: RFC 6121 §3.1, both ways
        romeoRoster.createItemAndRequestSubscription(bare("juliet"), "Juliet", new String[] {"Capulets"});

        // Verify results
        assertThat(String.valueOf(julietAsked.poll(10, TimeUnit.SECONDS))).isEqualTo("romeo@localhost");
        awaitTrue(() -> entryType(romeoRoster, "juliet") == ItemType.both
                && entryType(julietRoster, "romeo") == ItemType.both);
        awaitTrue(() -> romeoRoster.getPresence(bare("juliet")).isAvailable()
                && julietRoster.getPresence(bare("romeo")).isAvailable());

        // RFC 6121 §4.4: a presence change reaches the contact
        juliet.sendStanza(juliet.getStanzaFactory().buildPresenceStanza().setMode(Presence.Mode.away)
                .setStatus("On the balcony").build());
        awaitTrue(() -> romeoRoster.getPresence(bare("juliet")).getMode() == Presence.Mode.away);
        assertThat(romeoRoster.getPresence(bare("juliet")).getStatus()).isEqualTo("On the balcony");
        assertThat(romeoSees).anySatisfy(p -> assertThat(p.getMode()).isEqualTo(Presence.Mode.away));

        romeo.disconnect();
        juliet.disconnect();
        server.stop();
        server.start();
        XMPPTCPConnection again = server.login("romeo", "romeo-pw");
        Roster reloaded = Roster.getInstanceFor(again);
        awaitTrue(reloaded::isLoaded);

        RosterEntry entry = reloaded.getEntry(bare("juliet"));
        assertThat(entry.getType()).isEqualTo(ItemType.both);
        assertThat(entry.getName()).isEqualTo("Juliet");
        assertThat(entry.getGroups()).extracting(RosterGroup::getName).containsExactly("Capulets");
        again.disconnect();
    }

    @Test
    void advertisesRosterVersioningAndPreApproval() throws Exception {
        server.addUser("benvolio", "benvolio-pw");
        XMPPTCPConnection c = server.login("benvolio", "benvolio-pw");
        Roster roster = Roster.getInstanceFor(c);

        assertThat(roster.isRosterVersioningSupported()).isTrue();
        assertThat(roster.isSubscriptionPreApprovalSupported()).isTrue();
        c.disconnect();
    }

    @Test
    void removingAContactEndsBothSubscriptions() throws Exception {
        server.addUser("tybalt", "tybalt-pw");
        server.addUser("mercutio", "mercutio-pw");
        XMPPTCPConnection tybalt = server.login("tybalt", "tybalt-pw");
        XMPPTCPConnection mercutio = server.login("mercutio", "mercutio-pw");
        TestServer.subscribeBothWays(tybalt, mercutio);
        Roster tr = Roster.getInstanceFor(tybalt);
        Roster mr = Roster.getInstanceFor(mercutio);

        // RFC 6121 §2.5
        tr.removeEntry(tr.getEntry(bare("mercutio")));

        awaitTrue(() -> tr.getEntry(bare("mercutio")) == null);
        awaitTrue(() -> entryType(mr, "tybalt") == ItemType.none);
        awaitTrue(() -> !mr.getPresence(bare("tybalt")).isAvailable());
        tybalt.disconnect();
        mercutio.disconnect();
    }

    private static ItemType entryType(Roster roster, String local) throws Exception {
        RosterEntry e = roster.getEntry(bare(local));
        return e == null ? null : e.getType();
    }

    /** Collects presence changes. */
    private record PresenceOnly(BlockingQueue<Presence> seen) implements RosterListener {
        @Override
        public void entriesAdded(java.util.Collection<Jid> addresses) {
        }

        @Override
        public void entriesUpdated(java.util.Collection<Jid> addresses) {
        }

        @Override
        public void entriesDeleted(java.util.Collection<Jid> addresses) {
        }

        @Override
        public void presenceChanged(Presence presence) {
            seen.add(presence);
        }
    }
}
