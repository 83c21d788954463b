package dev.xmppd.s2s.out;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.xmppd.core.auth.Passwords;
import dev.xmppd.core.config.StartTlsPolicy;
import dev.xmppd.core.config.XmppdConfig;
import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.module.EventBus;
import dev.xmppd.core.router.StanzaRouter;
import dev.xmppd.core.session.LocalSessionRegistry;
import dev.xmppd.core.stanza.Message;
import dev.xmppd.core.stanza.Stanza;
import dev.xmppd.core.stanza.StanzaError;
import dev.xmppd.core.storage.memory.MemoryStorageProvider;
import dev.xmppd.core.stream.XmppStreamEncoder;
import dev.xmppd.core.testing.RecordingSession;
import dev.xmppd.core.testing.TestXml;
import dev.xmppd.s2s.DomainPair;
import dev.xmppd.s2s.S2sServices;
import dev.xmppd.s2s.auth.CertificateVerdict;
import dev.xmppd.s2s.dialback.DialbackKeys;
import dev.xmppd.s2s.dns.S2sResolver;
import dev.xmppd.s2s.dns.S2sTarget;
import io.netty.buffer.ByteBuf;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.MultiThreadIoEventLoopGroup;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.channel.nio.NioIoHandler;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** Outbound links over real sockets: queueing, bounces on every failure, order, db:verify. */
class OutboundLinksTest {
    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);

    private final EventLoopGroup loops = new MultiThreadIoEventLoopGroup(1, NioIoHandler.newFactory());
    private final MemoryStorageProvider storage = new MemoryStorageProvider();
    private final LocalSessionRegistry sessions = new LocalSessionRegistry();
    private final RecordingSession alice = new RecordingSession("alice@a.test/phone").available(0);
    private StanzaRouter router;
    private OutboundLinks links;

    @BeforeEach
    void setUp() throws Exception {
        storage.accounts().create(BareJid.of("alice", "a.test"), Passwords.derive("pw", 1))
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
        router = new StanzaRouter(List.of("a.test"), sessions, storage.accounts(), new EventBus());
        sessions.add(alice);
    }

    @AfterEach
    void tearDown() {
        if (links != null) {
            links.close();
        }
        loops.shutdownGracefully(0, 1, TimeUnit.SECONDS).awaitUninterruptibly(5, TimeUnit.SECONDS);
    }

    @Test
    void dnsFailureBouncesRemoteServerNotFound() {
        links = links(domain -> CompletableFuture.failedFuture(new UnknownHostException("NXDOMAIN")), 1000, "30s");

        links.deliver(message("1"));

        StanzaError error = awaitError();
        assertThat(error.condition().elementName()).isEqualTo("remote-server-not-found");
        assertThat(error.text()).contains("failed at dns: NXDOMAIN");
    }

    @Test
    void verificationFailsWhenTheAuthoritativeServerCannotBeReached() {
        links = links(domain -> CompletableFuture.failedFuture(new UnknownHostException("NXDOMAIN")), 1000, "30s");

        CompletableFuture<Boolean> verify = links.verify("a.test", "b.test", "in-1", "k1").toCompletableFuture();

        await().atMost(Duration.ofSeconds(10)).until(verify::isDone);
        assertThat(verify).isCompletedExceptionally();
        assertThat(alice.messages()).isEmpty();
    }

    @Test
    void verificationWithoutAnAnswerTimesOut() {
        links = links(domain -> new CompletableFuture<>(), 1000, "300ms");

        CompletableFuture<Boolean> verify = links.verify("a.test", "b.test", "in-1", "k1").toCompletableFuture();

        await().atMost(Duration.ofSeconds(10)).until(verify::isDone);
        assertThat(verify).isCompletedExceptionally();
    }

    @Test
    void refusedConnectionBouncesRemoteServerNotFound() throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        links = links(target(closedPort), 1000, "30s");

        links.deliver(message("1"));

        StanzaError error = awaitError();
        assertThat(error.condition().elementName()).isEqualTo("remote-server-not-found");
        assertThat(error.text()).contains("failed at connect");
    }

    @Test
    void connectTimeoutBouncesRemoteServerTimeoutAndAFullQueueResourceConstraint() {
        links = links(domain -> new CompletableFuture<>(), 2, "300ms");

        links.deliver(message("1"));
        links.deliver(message("2"));
        links.deliver(message("3"));

        // The third found the queue full and bounced at once; the two queued bounce when the timeout elapses.
        await().atMost(Duration.ofSeconds(10)).until(() -> alice.messages().size() == 3);
        assertThat(alice.messages()).extracting(m -> m.id() + " " + error(m).condition().elementName())
                .containsExactly("3 resource-constraint", "1 remote-server-timeout", "2 remote-server-timeout");
        assertThat(links.status()).extracting(LinkStatusLine::of).containsExactly("a.test -> b.test IDLE");
    }

    @Test
    void queuedStanzasAreWrittenInOrderOnceDialbackSucceeds() throws Exception {
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            links = links(target(server.getLocalPort()), 1000, "30s");
            links.deliver(message("1"));
            links.deliver(message("2"));

            try (Socket peer = server.accept()) {
                peer.setSoTimeout(10_000);
                ScriptedPeer script = new ScriptedPeer(peer);
                script.await("<stream:stream");
                script.send("<stream:stream xmlns='jabber:server' xmlns:stream='http://etherx.jabber.org/streams'"
                        + " xmlns:db='jabber:server:dialback' from='b.test' to='a.test' id='s-9' version='1.0'>"
                        + "<stream:features><dialback xmlns='urn:xmpp:features:dialback'/></stream:features>");
                String key = new DialbackKeys(SECRET).generate("b.test", "a.test", "s-9");
                script.await("<db:result from='a.test' to='b.test'>" + key + "</db:result>");
                var verify = links.verify("a.test", "b.test", "in-1", "k1").toCompletableFuture();
                script.await("<db:verify from='a.test' to='b.test' id='in-1'>k1</db:verify>");
                script.send("<db:verify from='b.test' to='a.test' id='in-1' type='valid'/>"
                        + "<db:result from='b.test' to='a.test' type='valid'/>");
                links.deliver(message("3"));

                String received = script.await("id='3'");
                assertThat(received.indexOf("id='1'")).isLessThan(received.indexOf("id='2'"));
                assertThat(received.indexOf("id='2'")).isLessThan(received.indexOf("id='3'"));
                assertThat(verify.get(5, TimeUnit.SECONDS)).isTrue();
                assertThat(links.status()).extracting(LinkStatusLine::of)
                        .containsExactly("a.test -> b.test AUTHENTICATED dialback");
                assertThat(alice.messages()).isEmpty();

                links.close();
                assertThat(script.await("</stream:stream>")).contains("<system-shutdown");
            }
        }
    }

    @Test
    void shutdownBouncesWhatIsQueued() {
        links = links(domain -> new CompletableFuture<>(), 1000, "30s");
        links.deliver(message("1"));

        links.close();

        StanzaError error = awaitError();
        assertThat(error.condition().elementName()).isEqualTo("remote-server-timeout");
        assertThat(error.text()).contains("shutting down");
    }

    @Test
    void theNextTargetIsTriedWhenAConnectionIsRefused() throws Exception {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closedPort = s.getLocalPort();
        }
        try (ServerSocket server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            links = links(domain -> CompletableFuture.completedFuture(List.of(new S2sTarget("127.0.0.1", closedPort,
                    false), new S2sTarget("127.0.0.1", server.getLocalPort(), false))), 1000, "30s");

            links.deliver(message("1"));

            try (Socket peer = server.accept()) {
                peer.setSoTimeout(10_000);
                assertThat(new ScriptedPeer(peer).await("to='b.test'")).contains("<stream:stream");
            }
        }
    }

    @Test
    void stanzasFromDomainsNotServedHereBounce() {
        links = links(target(1), 1000, "30s");

        links.deliver(Stanza.parse(TestXml.parse("<message xmlns='jabber:client' from='mallory@c.test/x'"
                + " to='alice@a.test/phone' id='x'/>")).withTo(BareJid.of("bob", "b.test")));

        assertThat(links.status()).isEmpty();
    }

    @Test
    void aRegisteredPeerStreamCarriesTheStanzasUntilUnregistered() {
        AtomicInteger resolved = new AtomicInteger();
        links = links(domain -> {
            resolved.incrementAndGet();
            return new CompletableFuture<>();
        }, 1000, "30s");
        EmbeddedChannel peer =
                new EmbeddedChannel(new XmppStreamEncoder());
        DomainPair pair = new DomainPair("a.test", "b.test");

        links.register(pair, peer, "dialback");
        links.deliver(message("1"));

        ByteBuf written = peer.readOutbound();
        assertThat(written.toString(StandardCharsets.UTF_8)).contains("id='1'", "<body>hi 1</body>");
        written.release();
        assertThat(resolved).hasValue(0);
        assertThat(links.status()).extracting(LinkStatusLine::of)
                .containsExactly("a.test -> b.test PEER_STREAM dialback");
        assertThat(links.status().get(0).bidi()).isTrue();

        links.unregister(pair, peer);
        links.deliver(message("2"));

        assertThat((Object) peer.readOutbound()).isNull();
        assertThat(resolved).hasValue(1);
        assertThat(links.status()).extracting(LinkStatusLine::of).containsExactly("a.test -> b.test CONNECTING");
        peer.finishAndReleaseAll();
    }

    @Test
    void aClosedPeerStreamIsNotUsed() {
        AtomicInteger resolved = new AtomicInteger();
        links = links(domain -> {
            resolved.incrementAndGet();
            return new CompletableFuture<>();
        }, 1000, "30s");
        EmbeddedChannel peer =
                new EmbeddedChannel(new XmppStreamEncoder());
        links.register(new DomainPair("a.test", "b.test"), peer, "SASL EXTERNAL");
        peer.close();

        links.deliver(message("1"));

        assertThat(resolved).hasValue(1);
        assertThat(alice.messages()).isEmpty();
    }

    private OutboundLinks links(S2sResolver resolver, int queue, String connectTimeout) {
        XmppdConfig d = XmppdConfig.defaults();
        Duration timeout = connectTimeout.endsWith("ms") ? Duration.ofMillis(Long.parseLong(connectTimeout
                .replace("ms", ""))) : Duration.ofSeconds(Long.parseLong(connectTimeout.replace("s", "")));
        XmppdConfig config = new XmppdConfig(List.of("a.test"), d.data(), d.listeners().withS2s(
                d.listeners().s2s().withStarttls(StartTlsPolicy.OPTIONAL), d.listeners().s2sTls()), d.tls(),
                d.storage(), d.auth(), d.registration(), d.admins(), List.of(), d.limits(),
                new dev.xmppd.core.config.S2sConfig(d.s2s().auth(), List.of(), d.s2s().routes(), timeout,
                        d.s2s().idleTimeout(), queue, d.s2s().streamsPerDomain()));
        S2sServices services = new S2sServices(config, router, new DialbackKeys(SECRET),
                (chain, domain) -> CertificateVerdict.untrusted("test"), resolver, null);
        return new OutboundLinks(services, loops);
    }

    private static S2sResolver target(int port) {
        return domain -> CompletableFuture.completedFuture(List.of(new S2sTarget("127.0.0.1", port, false)));
    }

    private static Stanza message(String id) {
        return Stanza.parse(TestXml.parse("<message xmlns='jabber:client' from='alice@a.test/phone' to='bob@b.test'"
                + " type='chat' id='" + id + "'><body>hi " + id + "</body></message>"));
    }

    private StanzaError awaitError() {
        await().atMost(Duration.ofSeconds(10)).until(() -> !alice.messages().isEmpty());
        return error(alice.messages().get(0));
    }

    private static StanzaError error(Message m) {
        assertThat(m.isError()).isTrue();
        return StanzaError.fromElement(m.element().element("jabber:client", "error"));
    }

    /** {@code pair state [method]}, for readable assertions. */
    private static final class LinkStatusLine {
        static String of(OutboundLinks.LinkStatus s) {
            return s.pair() + " " + s.state() + (s.method() == null ? "" : " " + s.method());
        }
    }

    /** The other server, played from the test thread over a blocking socket. */
    private static final class ScriptedPeer {
        private final InputStream in;
        private final OutputStream out;
        private final StringBuilder seen = new StringBuilder();

        ScriptedPeer(Socket socket) throws IOException {
            in = socket.getInputStream();
            out = socket.getOutputStream();
        }

        void send(String xml) throws IOException {
            out.write(xml.getBytes(StandardCharsets.UTF_8));
            out.flush();
        }

        /** Reads until {@code text} has arrived; returns everything read so far. */
        String await(String text) throws IOException {
            byte[] buf = new byte[4096];
            while (!seen.toString().contains(text)) {
                int n = in.read(buf);
                if (n < 0) {
                    throw new IOException("closed before " + text + "; got " + seen);
                }
                seen.append(new String(buf, 0, n, StandardCharsets.UTF_8));
            }
            return seen.toString();
        }
    }
}
