package dev.xmppd.im.last;

import static dev.xmppd.im.testing.MiscHarness.error;
import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.core.module.ModuleFactory;
import dev.xmppd.core.module.XmppModule;
import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stanza.Iq;
import dev.xmppd.core.testing.MutableClock;
import dev.xmppd.core.testing.RecordingSession;
import dev.xmppd.im.testing.MiscHarness;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** XEP-0012 through the real router, on a clock the test moves. */
class LastActivityModuleTest {
    private final MutableClock clock = new MutableClock(Instant.parse("2026-01-01T00:00:00Z"));
    private final List<ModuleFactory> factories = List.of(new ModuleFactory() {
        @Override
        public String name() {
            return "last";
        }

        @Override
        public XmppModule create() {
            return new LastActivityModule(clock);
        }
    });

    private MiscHarness server;
    private RecordingSession bob;

    @BeforeEach
    void setUp() throws Exception {
        server = MiscHarness.start(factories, List.of("last"), "alice", "bob", "carol");
        bob = server.online("bob@example.com/desk");
    }

    @AfterEach
    void tearDown() {
        server.close();
    }

    private Iq last(RecordingSession from, String to) throws Exception {
        return server.iq(from, "<iq type='get' to='" + to + "' id='l" + System.nanoTime() + "'>"
                + "<query xmlns='jabber:iq:last'/></iq>");
    }

    private static long seconds(Iq reply) {
        return Long.parseLong(reply.payload().attribute("seconds"));
    }

    @Test
    void theServerAnswersItsUptime() throws Exception {
        clock.advance(Duration.ofSeconds(123_456));

        Iq reply = last(bob, "example.com");

        assertThat(seconds(reply)).isEqualTo(123_456);
        assertThat(reply.payload().text()).isEmpty();
    }

    @Test
    void anAccountAnswersTheTimeSinceItsLastLogoutWithItsStatus() throws Exception {
        RecordingSession alice = server.online("alice@example.com/phone");
        server.send(alice, "<presence type='unavailable'><status>Heading Home</status></presence>");
        server.close(alice);
        clock.advance(Duration.ofSeconds(903));
        RecordingSession laptop = server.bind("alice@example.com/laptop"); // bound, not available

        Iq reply = last(laptop, "alice@example.com");

        assertThat(seconds(reply)).isEqualTo(903);
        assertThat(reply.payload().text()).isEqualTo("Heading Home");
    }

    @Test
    void aDroppedConnectionCountsAsALogout() throws Exception {
        RecordingSession alice = server.online("alice@example.com/phone");
        server.close(alice); // no unavailable presence
        clock.advance(Duration.ofSeconds(60));

        Iq reply = last(server.bind("alice@example.com/laptop"), "alice@example.com");

        assertThat(seconds(reply)).isEqualTo(60);
    }

    @Test
    void anAvailableAccountAnswersZero() throws Exception {
        RecordingSession alice = server.online("alice@example.com/phone");
        RecordingSession other = server.online("alice@example.com/laptop");
        server.send(other, "<presence type='unavailable'/>"); // the phone is still available
        clock.advance(Duration.ofSeconds(60));

        assertThat(seconds(last(alice, "alice@example.com"))).isZero();
    }

    @Test
    void noLogoutYetIsItemNotFound() throws Exception {
        RecordingSession alice = server.bind("alice@example.com/phone"); // bound, never available

        assertThat(error(last(alice, "alice@example.com")).condition()).isEqualTo(Condition.ITEM_NOT_FOUND);
    }

    @Test
    void othersAreForbiddenWithoutARoster() throws Exception {
        RecordingSession alice = server.online("alice@example.com/phone");
        server.close(alice);

        assertThat(error(last(bob, "alice@example.com")).condition()).isEqualTo(Condition.FORBIDDEN);
    }

    @Test
    void aPresenceSubscriberMayAskWithTheRoster() throws Exception {
        server.close();
        List<ModuleFactory> withRoster = new java.util.ArrayList<>(factories);
        withRoster.add(new dev.xmppd.im.roster.RosterModuleFactory());
        withRoster.add(new dev.xmppd.im.presence.PresenceModuleFactory());
        server = new MiscHarness(server.storage, withRoster, List.of("roster", "presence", "last"));
        RecordingSession alice = server.online("alice@example.com/phone");
        RecordingSession subscriber = server.online("bob@example.com/desk");
        RecordingSession stranger = server.online("carol@example.com/pad");
        server.send(subscriber, "<presence to='alice@example.com' type='subscribe'/>");
        server.send(alice, "<presence to='bob@example.com' type='subscribed'/>");
        server.send(alice, "<presence type='unavailable'><status>gone</status></presence>");
        clock.advance(Duration.ofSeconds(5));

        Iq allowed = last(subscriber, "alice@example.com");
        Iq refused = last(stranger, "alice@example.com");

        assertThat(seconds(allowed)).isEqualTo(5);
        assertThat(allowed.payload().text()).isEqualTo("gone");
        assertThat(error(refused).condition()).isEqualTo(Condition.FORBIDDEN);
    }

    @Test
    void survivesARestart() throws Exception {
        RecordingSession alice = server.online("alice@example.com/phone");
        server.send(alice, "<presence type='unavailable'><status>bye</status></presence>");
        server.close();
        clock.advance(Duration.ofSeconds(42));
        server = new MiscHarness(server.storage, factories, List.of("last"));

        Iq reply = last(server.bind("alice@example.com/laptop"), "alice@example.com");

        assertThat(seconds(reply)).isEqualTo(42);
        assertThat(reply.payload().text()).isEqualTo("bye");
    }
}
