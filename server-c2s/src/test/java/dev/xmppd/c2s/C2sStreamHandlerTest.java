package dev.xmppd.c2s;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.c2s.sasl.SaslMechanisms;
import dev.xmppd.core.auth.Passwords;
import dev.xmppd.core.config.AuthConfig;
import dev.xmppd.core.config.ListenersConfig;
import dev.xmppd.core.config.XmppdConfig;
import dev.xmppd.core.disco.DiscoModuleFactory;
import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.module.EventBus;
import dev.xmppd.core.router.Modules;
import dev.xmppd.core.router.StanzaRouter;
import dev.xmppd.core.session.LocalSessionRegistry;
import dev.xmppd.core.stream.StreamLimits;
import dev.xmppd.core.stream.XmppStreamDecoder;
import dev.xmppd.core.stream.XmppStreamEncoder;
import dev.xmppd.core.storage.memory.MemoryStorageProvider;
import dev.xmppd.core.xml.Namespaces;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The client negotiation state machine on an {@link EmbeddedChannel}: header, SASL, restart, bind, session,
 * stanzas, close; each client flight split at every byte offset must give the same answers. TLS is exercised over
 * real sockets by the integration tests; here STARTTLS is optional and PLAIN allowed in clear.
 */
class C2sStreamHandlerTest {
    private static final Duration IDLE = Duration.ofMinutes(5);
    private static final String HEADER = "<?xml version='1.0'?><stream:stream xmlns='jabber:client' "
            + "xmlns:stream='http://etherx.jabber.org/streams' to='localhost' version='1.0'>";
    private static final String AUTH = "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>"
            + Base64.getEncoder().encodeToString("\0alice\0s3cret-ü".getBytes(StandardCharsets.UTF_8)) + "</auth>";
    private static final String SESSION = HEADER
            + "<iq type='set' id='b1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>r1</resource></bind></iq>"
            + "<iq type='set' id='s1'><session xmlns='urn:ietf:params:xml:ns:xmpp-session'/></iq>"
            + "<presence/> \n "
            + "<message to='alice@localhost/r1' id='m1' type='chat'><body>Grüße 😀 &amp; &lt;3</body></message>"
            + "<iq type='get' id='d1' to='localhost'><query xmlns='http://jabber.org/protocol/disco#info'/></iq>"
            + "</stream:stream>";

    private final MemoryStorageProvider storage = new MemoryStorageProvider();
    private C2sServices services;
    private Modules modules;

    @BeforeEach
    void setUp() throws Exception {
        XmppdConfig config = plaintextConfig();
        storage.accounts().create(BareJid.of("alice", "localhost"), Passwords.derive("s3cret-ü", 16))
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
        EventBus events = new EventBus();
        StanzaRouter router = new StanzaRouter(config.hosts(), new LocalSessionRegistry(), storage.accounts(), events);
        modules = Modules.start(config, List.of(new DiscoModuleFactory()), router, events, storage);
        SaslMechanisms sasl = new SaslMechanisms(storage.accounts(), Runnable::run, true, new byte[32]);
        services = new C2sServices(config, router, events, sasl, null, new ClientLimits(100, 1000));
    }

    @AfterEach
    void tearDown() {
        modules.close();
    }

    /** The defaults with STARTTLS optional, PLAIN allowed in clear and only {@code disco}: for streams in clear. */
    static XmppdConfig plaintextConfig() {
        XmppdConfig d = XmppdConfig.defaults();
        ListenersConfig l = d.listeners();
        return new XmppdConfig(d.hosts(), d.data(),
                new ListenersConfig(l.c2s().withStarttls(dev.xmppd.core.config.StartTlsPolicy.OPTIONAL), l.c2sTls(),
                        l.s2s(), l.http()),
                d.tls(), d.storage(), new AuthConfig(true, 16, 3), d.registration(), d.admins(), List.of("disco"),
                d.limits(), d.s2s());
    }

    private EmbeddedChannel channel() {
        return new EmbeddedChannel(new XmppStreamDecoder(StreamLimits.C2S, Namespaces.CLIENT),
                new XmppStreamEncoder(), new C2sStreamHandler(services, dev.xmppd.core.config.StartTlsPolicy.OPTIONAL));
    }

    /** Runs the whole session with each flight of client bytes split into two reads at {@code split}. */
    private static String run(EmbeddedChannel ch, int split, String... flights) {
        StringBuilder out = new StringBuilder();
        for (String flight : flights) {
            byte[] bytes = flight.getBytes(StandardCharsets.UTF_8);
            int at = Math.min(split, bytes.length);
            ch.writeInbound(Unpooled.wrappedBuffer(bytes, 0, at));
            if (at < bytes.length) {
                ch.writeInbound(Unpooled.wrappedBuffer(bytes, at, bytes.length - at));
            }
            ch.runPendingTasks();
            out.append(drain(ch));
        }
        return out.toString();
    }

    private static String drain(EmbeddedChannel ch) {
        StringBuilder out = new StringBuilder();
        for (ByteBuf b; (b = ch.readOutbound()) != null; ) {
            out.append(b.toString(StandardCharsets.UTF_8));
            b.release();
        }
        return out.toString();
    }

    @Test
    void negotiatesAndRoutesWithInputSplitAtEveryByte() {
        String reference = null;
        int longest = Math.max((HEADER + AUTH).length(), SESSION.getBytes(StandardCharsets.UTF_8).length);
        for (int split = 0; split <= longest; split++) {
            EmbeddedChannel ch = channel();
            String out = normalize(run(ch, split, HEADER + AUTH, SESSION));

            assertThat(out).as("split at %d", split)
                    .contains("<mechanism>PLAIN</mechanism>")
                    .contains("<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>")
                    .contains("<bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/>")
                    .contains("<jid>alice@localhost/r1</jid>")
                    .contains("<iq type='result' id='s1'")
                    .contains("<message to='alice@localhost/r1' id='m1' type='chat' from='alice@localhost/r1'>"
                            + "<body>Grüße 😀 &amp; &lt;3</body></message>")
                    .contains("<feature var='http://jabber.org/protocol/disco#info'/>")
                    .endsWith("</stream:stream>");
            assertThat(ch.isOpen()).isFalse();
            if (reference == null) {
                reference = out;
            }
            assertThat(out).as("split at %d", split).isEqualTo(reference);
            assertThat(ch.finishAndReleaseAll()).isFalse();
        }
    }

    @Test
    void wrongPasswordIsNotAuthorizedAndTheStreamStaysOpen() {
        EmbeddedChannel ch = channel();
        String bad = "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>"
                + Base64.getEncoder().encodeToString("\0alice\0wrong".getBytes(StandardCharsets.UTF_8)) + "</auth>";

        String out = run(ch, Integer.MAX_VALUE, HEADER + bad);

        assertThat(out).contains("<failure xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><not-authorized/>");
        assertThat(ch.isOpen()).isTrue();
        assertThat(ch.finishAndReleaseAll()).isFalse();
    }

    @Test
    void tooManyFailuresClosesTheStream() {
        EmbeddedChannel ch = channel();
        String bad = "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>"
                + Base64.getEncoder().encodeToString("\0alice\0wrong".getBytes(StandardCharsets.UTF_8)) + "</auth>";

        String out = run(ch, Integer.MAX_VALUE, HEADER, bad, bad, bad);

        assertThat(out).contains("<policy-violation xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>")
                .endsWith("</stream:stream>");
        assertThat(ch.isOpen()).isFalse();
        ch.finishAndReleaseAll();
    }

    /** SCRAM asked with a channel binding (tls-unique) on a mechanism without -PLUS: refused before any proof. */
    private static final String UNUSABLE_SCRAM =
            "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='SCRAM-SHA-256'>"
            + Base64.getEncoder().encodeToString("p=tls-unique,,n=alice,r=abcdef".getBytes(StandardCharsets.UTF_8))
            + "</auth>";

    /**
     * A client that tries mechanisms it cannot complete (slixmpp asks for SCRAM-*-PLUS with tls-unique, which TLS 1.3
     * lacks) fails before any proof: that is not a password guess, so it still reaches the mechanism it can use.
     */
    @Test
    void failuresBeforeAnyProofDoNotCountAsGuesses() {
        EmbeddedChannel ch = channel();

        String out = run(ch, Integer.MAX_VALUE, HEADER, UNUSABLE_SCRAM, UNUSABLE_SCRAM, UNUSABLE_SCRAM,
                UNUSABLE_SCRAM, AUTH);

        assertThat(out).contains("<failure xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><malformed-request/>")
                .contains("<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>")
                .doesNotContain("policy-violation");
        assertThat(ch.isOpen()).isTrue();
        ch.finishAndReleaseAll();
    }

    @Test
    void failuresBeforeAnyProofAreStillBoundedPerStream() {
        EmbeddedChannel ch = channel();
        String[] input = new String[11];
        input[0] = HEADER;
        Arrays.fill(input, 1, input.length, UNUSABLE_SCRAM);

        String out = run(ch, Integer.MAX_VALUE, input);

        assertThat(out).contains("<policy-violation xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>");
        assertThat(ch.isOpen()).isFalse();
        ch.finishAndReleaseAll();
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
        "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='X-UNKNOWN'/>                 | invalid-mechanism",
        "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>                                       | invalid-mechanism",
        "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>!!!notbase64</auth>   | incorrect-encoding",
        "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>AGFsaWNl</auth>       | malformed-request",
        "<response xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>                                   | malformed-request",
        "<abort xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>                                      | aborted",
    })
    void saslFailureConditions(String input, String condition) {
        // RFC 6120 §6.5
        EmbeddedChannel ch = channel();

        String out = run(ch, Integer.MAX_VALUE, HEADER, input);

        assertThat(out).contains("<failure xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><" + condition + "/>");
        assertThat(ch.isOpen()).isTrue();
        ch.finishAndReleaseAll();
    }

    @Test
    void unauthenticatedStreamTimesOut() {
        EmbeddedChannel ch = channel();
        run(ch, Integer.MAX_VALUE, HEADER);

        ch.advanceTimeBy(61, TimeUnit.SECONDS);
        ch.runScheduledPendingTasks();

        assertThat(drain(ch)).contains("<connection-timeout xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>");
        assertThat(ch.isOpen()).isFalse();
        ch.finishAndReleaseAll();
    }

    @Test
    void bindBeforeAuthenticationIsNotAuthorized() {
        EmbeddedChannel ch = channel();

        String out = run(ch, Integer.MAX_VALUE, HEADER
                + "<iq type='set' id='b1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>");

        assertThat(out).contains("<not-authorized xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>");
        ch.finishAndReleaseAll();
    }

    @Test
    void idleClientIsPingedThenTimedOut() {
        // Setup test fixture
        EmbeddedChannel ch = boundBehindLiveness();

        // Execute system under test: a minute of silence both ways, then the idle timeout, then another
        String quiet = advance(ch, Duration.ofSeconds(59));
        String keepalive = advance(ch, Duration.ofSeconds(1));
        String ping = advance(ch, IDLE.minusSeconds(60));
        boolean openAfterPing = ch.isOpen();
        String timeout = advance(ch, IDLE);

        // Verify results
        assertThat(quiet).isEmpty();
        assertThat(keepalive).isEqualTo(" ");
        assertThat(ping).contains("<ping xmlns='urn:xmpp:ping'/>").contains("type='get'");
        assertThat(openAfterPing).isTrue();
        assertThat(timeout).contains("<connection-timeout xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>");
        assertThat(ch.isOpen()).isFalse();
        ch.finishAndReleaseAll();
    }

    @Test
    void anyInputAfterThePingKeepsTheStreamOpen() {
        EmbeddedChannel ch = boundBehindLiveness();

        String ping = advance(ch, IDLE);
        run(ch, Integer.MAX_VALUE, " ");
        String later = advance(ch, IDLE.minusSeconds(1));

        assertThat(ch.isOpen()).isTrue();
        assertThat(ping).contains("<ping xmlns='urn:xmpp:ping'/>");
        assertThat(later).doesNotContain("connection-timeout");
        ch.finishAndReleaseAll();
    }

    @Test
    void whatTheServerWritesPostponesTheKeepalive() {
        EmbeddedChannel ch = boundBehindLiveness();

        advance(ch, Duration.ofSeconds(50));
        String answer = run(ch, Integer.MAX_VALUE, "<iq type='set' id='s1'>"
                + "<session xmlns='urn:ietf:params:xml:ns:xmpp-session'/></iq>");
        String beforeKeepalive = advance(ch, Duration.ofSeconds(59));
        String keepalive = advance(ch, Duration.ofSeconds(1));

        assertThat(answer).contains("id='s1'");
        assertThat(beforeKeepalive).isEmpty();
        assertThat(keepalive).isEqualTo(" ");
        ch.finishAndReleaseAll();
    }

    @Test
    void aReaderThatStaysUnwritableForThirtySecondsIsDisconnected() {
        EmbeddedChannel ch = boundWithOutputNotTaken();

        // Execute system under test: output the client does not take for 29 s, then 2 s more
        boolean unwritable = !ch.isWritable();
        String within = advance(ch, Duration.ofSeconds(29));
        boolean openWithin = ch.isOpen();
        String after = advance(ch, Duration.ofSeconds(2));

        // Verify results
        assertThat(unwritable).isTrue();
        assertThat(within).isEmpty();
        assertThat(openWithin).isTrue();
        assertThat(after).contains("<policy-violation xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>");
        assertThat(ch.isOpen()).isFalse();
        ch.finishAndReleaseAll();
    }

    @Test
    void aReaderThatCatchesUpInTimeStaysConnected() {
        EmbeddedChannel ch = boundWithOutputNotTaken();

        advance(ch, Duration.ofSeconds(20));
        ch.flush(); // the client took it: writable again
        String later = advance(ch, Duration.ofSeconds(20));

        assertThat(ch.isWritable()).isTrue();
        assertThat(later).doesNotContain("policy-violation");
        assertThat(ch.isOpen()).isTrue();
        ch.finishAndReleaseAll();
    }

    /** {@link #boundBehindLiveness()} with output the client has not taken (written, never flushed): unwritable. */
    private EmbeddedChannel boundWithOutputNotTaken() {
        EmbeddedChannel ch = boundBehindLiveness();
        ch.config().setWriteBufferWaterMark(new WriteBufferWaterMark(8, 16));
        ch.write(Unpooled.wrappedBuffer(" ".repeat(64).getBytes(StandardCharsets.US_ASCII)));
        return ch;
    }

    /** A client logged in and bound behind the liveness handler, on the channel's frozen clock. */
    private EmbeddedChannel boundBehindLiveness() {
        EmbeddedChannel ch = new EmbeddedChannel(new C2sLiveness(IDLE, C2sLiveness.KEEPALIVE),
                new XmppStreamDecoder(StreamLimits.C2S, Namespaces.CLIENT), new XmppStreamEncoder(),
                new C2sStreamHandler(services, dev.xmppd.core.config.StartTlsPolicy.OPTIONAL));
        ch.freezeTime(); // the timers were set microseconds ago on the same clock
        run(ch, Integer.MAX_VALUE, HEADER + AUTH, HEADER
                + "<iq type='set' id='b1'><bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/></iq>");
        return ch;
    }

    /** Moves the channel's clock on, runs what fell due, and returns what the server wrote. */
    private static String advance(EmbeddedChannel ch, Duration by) {
        ch.advanceTimeBy(by.toNanos(), TimeUnit.NANOSECONDS);
        ch.runPendingTasks();
        ch.runScheduledPendingTasks();
        return drain(ch);
    }

    /** Stream ids are random; make them comparable. */
    private static String normalize(String out) {
        return out.replaceAll("id='[0-9a-f-]{36}'", "id='*'");
    }
}
