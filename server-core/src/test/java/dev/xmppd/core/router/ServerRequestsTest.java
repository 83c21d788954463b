package dev.xmppd.core.router;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.jid.FullJid;
import dev.xmppd.core.jid.Jid;
import dev.xmppd.core.module.EventBus;
import dev.xmppd.core.session.LocalSessionRegistry;
import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stanza.Iq;
import dev.xmppd.core.stanza.IqType;
import dev.xmppd.core.stanza.Stanza;
import dev.xmppd.core.stanza.StanzaError;
import dev.xmppd.core.storage.memory.MemoryStorageProvider;
import dev.xmppd.core.testing.RecordingSession;
import dev.xmppd.core.testing.TestXml;
import dev.xmppd.core.xml.XmlElement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.junit.jupiter.api.Test;

/** IQs the server sends on its own behalf (StanzaRouter.request): matched responses, bounces, spoofed answers. */
class ServerRequestsTest {
    private static final XmlElement QUERY = XmlElement.empty("http://jabber.org/protocol/disco#info", "query");

    private final LocalSessionRegistry sessions = new LocalSessionRegistry();
    private final StanzaRouter router = new StanzaRouter(List.of("example.com"), sessions,
            new MemoryStorageProvider().accounts(), new EventBus());

    @Test
    void theResponseOfTheAddresseeCompletesTheRequest() throws Exception {
        // Setup
        RecordingSession alice = new RecordingSession("alice@example.com/phone");
        sessions.add(alice);

        // Execute
        CompletableFuture<Iq> response = router.request("example.com", IqType.GET, alice.jid(), QUERY,
                Duration.ofSeconds(30)).toCompletableFuture();
        Iq sent = alice.pushes().get(0);
        router.routeFromClient(alice, Stanza.parse(TestXml.parse("<iq type='result' id='" + sent.id()
                + "' to='example.com'/>")));

        // Verify
        assertThat(sent.from()).isEqualTo(Jid.parse("example.com"));
        assertThat(response.get(5, TimeUnit.SECONDS).type()).isEqualTo(IqType.RESULT);
    }

    @Test
    void aRequestOnAnAccountsBehalfLeavesFromItAndItsResponseEndsAtTheServer() throws Exception {
        // Setup: the account's own client must not see the answer meant for the server
        RecordingSession service = new RecordingSession("push@example.com/app");
        RecordingSession julietsPhone = new RecordingSession("juliet@example.com/phone");
        sessions.add(service);
        sessions.add(julietsPhone);

        // Execute
        CompletableFuture<Iq> response = router.request(BareJid.of("juliet", "example.com"), IqType.SET,
                service.jid(), QUERY, Duration.ofSeconds(30)).toCompletableFuture();
        Iq sent = service.pushes().get(0);
        router.routeFromClient(service, Stanza.parse(TestXml.parse("<iq type='result' id='" + sent.id()
                + "' to='juliet@example.com'/>")));

        // Verify
        assertThat(sent.from()).isEqualTo(Jid.parse("juliet@example.com"));
        assertThat(response.get(5, TimeUnit.SECONDS).type()).isEqualTo(IqType.RESULT);
        assertThat(julietsPhone.received()).isEmpty();
    }

    @Test
    void anAnswerFromAnotherEntityDoesNotCompleteIt() throws Exception {
        // Setup
        RecordingSession alice = new RecordingSession("alice@example.com/phone");
        RecordingSession mallory = new RecordingSession("mallory@example.com/x");
        sessions.add(alice);
        sessions.add(mallory);
        CompletableFuture<Iq> response = router.request("example.com", IqType.GET, alice.jid(), QUERY,
                Duration.ofSeconds(30)).toCompletableFuture();

        // Execute
        router.routeFromClient(mallory, Stanza.parse(TestXml.parse("<iq type='result' id='"
                + alice.pushes().get(0).id() + "' to='example.com'/>")));

        // Verify
        assertThat(response).isNotDone();
    }

    @Test
    void anUnreachableAddresseeCompletesItWithTheBounce() throws Exception {
        // Execute
        CompletableFuture<Iq> response = router.request("example.com", IqType.GET,
                FullJid.parse("alice@example.com/gone"), QUERY, Duration.ofSeconds(30)).toCompletableFuture();

        // Verify
        Iq bounce = response.get(5, TimeUnit.SECONDS);
        assertThat(bounce.type()).isEqualTo(IqType.ERROR);
        assertThat(StanzaError.fromElement(bounce.element().element("jabber:client", "error")).condition())
                .isEqualTo(Condition.SERVICE_UNAVAILABLE);
    }

    @Test
    void noResponseFailsTheRequestAfterItsTimeout() {
        // Setup
        RecordingSession alice = new RecordingSession("alice@example.com/phone");
        sessions.add(alice);

        // Execute
        CompletableFuture<Iq> response = router.request("example.com", IqType.GET, alice.jid(), QUERY,
                Duration.ofMillis(1)).toCompletableFuture();

        // Verify
        assertThatThrownBy(() -> response.get(5, TimeUnit.SECONDS)).hasCauseInstanceOf(TimeoutException.class);
    }
}
