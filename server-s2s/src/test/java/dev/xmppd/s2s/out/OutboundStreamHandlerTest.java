package dev.xmppd.s2s.out;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.xmppd.core.config.S2sConfig;
import dev.xmppd.core.config.StartTlsPolicy;
import dev.xmppd.core.config.XmppdConfig;
import dev.xmppd.core.module.EventBus;
import dev.xmppd.core.router.StanzaRouter;
import dev.xmppd.core.session.LocalSessionRegistry;
import dev.xmppd.core.storage.memory.MemoryStorageProvider;
import dev.xmppd.core.stream.StreamLimits;
import dev.xmppd.core.stream.XmppStreamDecoder;
import dev.xmppd.core.stream.XmppStreamEncoder;
import dev.xmppd.core.xml.Namespaces;
import dev.xmppd.s2s.DomainPair;
import dev.xmppd.s2s.S2sServices;
import dev.xmppd.s2s.auth.CertificateVerdict;
import dev.xmppd.s2s.dialback.DialbackKeys;
import dev.xmppd.s2s.dns.S2sTarget;
import dev.xmppd.s2s.out.LinkFailure.Step;
import dev.xmppd.s2s.out.OutboundStreamHandler.State;
import dev.xmppd.s2s.stream.DialbackElement;
import dev.xmppd.s2s.testing.TestCa;
import dev.xmppd.s2s.tls.S2sTlsContexts;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.SslHandler;
import io.netty.handler.timeout.IdleStateEvent;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** The initiating side of an s2s stream against scripted peer XML (RFC 6120, XEP-0220, XEP-0178). */
class OutboundStreamHandlerTest {
    private static final DomainPair PAIR = new DomainPair("a.test", "b.test");
    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final String HEADER = "<stream:stream xmlns='jabber:server' xmlns:stream="
            + "'http://etherx.jabber.org/streams' xmlns:db='jabber:server:dialback' from='b.test' to='a.test'"
            + " id='s-1' version='1.0'>";
    private static final String DIALBACK_FEATURES = "<stream:features><dialback xmlns='urn:xmpp:features:dialback'>"
            + "<errors/></dialback></stream:features>";

    private final RecordingEvents events = new RecordingEvents();

    @Test
    void authenticatesWithDialbackWhenTlsIsOptional() {
        // Setup test fixture
        EmbeddedChannel ch = channel(services(StartTlsPolicy.OPTIONAL, S2sConfig.AUTH_DIALBACK_ALLOWED, null));
        assertThat(written(ch)).contains("to='b.test'", "from='a.test'", "xmlns:db='jabber:server:dialback'",
                "version='1.0'");

        // Execute system under test
        feed(ch, HEADER + DIALBACK_FEATURES);

        // Verify results
        String key = new DialbackKeys(SECRET).generate("b.test", "a.test", "s-1");
        assertThat(written(ch)).isEqualTo("<db:result from='a.test' to='b.test'>" + key + "</db:result>");
        assertThat(events.verifiable).isTrue();
        feed(ch, "<db:result xmlns:db='jabber:server:dialback' from='b.test' to='a.test' type='valid'/>");
        assertThat(events.method).isEqualTo("dialback");
        assertThat(handler(ch).state()).isEqualTo(State.READY);
        assertThat(events.failure).isNull();
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void everySplitOfThePeerScriptAuthenticates() {
        String script = HEADER + DIALBACK_FEATURES
                + "<db:result from='b.test' to='a.test' type='valid'/>";
        byte[] bytes = script.getBytes(StandardCharsets.UTF_8);
        for (int split = 1; split < bytes.length; split++) {
            RecordingEvents recorded = new RecordingEvents();
            EmbeddedChannel ch = new EmbeddedChannel(new XmppStreamDecoder(StreamLimits.S2S, Namespaces.SERVER),
                    new XmppStreamEncoder(), new OutboundStreamHandler(
                            services(StartTlsPolicy.OPTIONAL, S2sConfig.AUTH_DIALBACK_ALLOWED, null), PAIR,
                            new S2sTarget("127.0.0.1", 5269, false), recorded));
            ch.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOfRange(bytes, 0, split)));
            ch.writeInbound(Unpooled.wrappedBuffer(Arrays.copyOfRange(bytes, split, bytes.length)));
            assertThat(recorded.method).as("split at %d", split).isEqualTo("dialback");
            ch.finishAndReleaseAll();
        }
    }

    @Test
    void invalidDialbackKeyFailsTheLinkAndClosesTheStream() {
        EmbeddedChannel ch = channel(services(StartTlsPolicy.OPTIONAL, S2sConfig.AUTH_DIALBACK_ALLOWED, null));
        feed(ch, HEADER + DIALBACK_FEATURES);
        written(ch);

        feed(ch, "<db:result from='b.test' to='a.test' type='invalid'/>");

        assertThat(events.failure).isEqualTo(new LinkFailure(Step.DIALBACK, "the peer says our key is invalid"));
        assertThat(written(ch)).isEqualTo("</stream:stream>");
        assertThat(ch.isOpen()).isFalse();
        assertThat(events.method).isNull();
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void dialbackErrorNamesTheCondition() {
        EmbeddedChannel ch = channel(services(StartTlsPolicy.OPTIONAL, S2sConfig.AUTH_DIALBACK_ALLOWED, null));
        feed(ch, HEADER + DIALBACK_FEATURES);

        feed(ch, "<db:result from='b.test' to='a.test' type='error'><error type='cancel'>"
                + "<item-not-found xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error></db:result>");

        assertThat(events.failure.step()).isEqualTo(Step.DIALBACK);
        assertThat(events.failure.reason()).isEqualTo("the peer answered item-not-found");
        assertThat(written(ch)).endsWith("</stream:stream>");
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void streamErrorFromThePeerIsTheReason() {
        EmbeddedChannel ch = channel(services(StartTlsPolicy.OPTIONAL, S2sConfig.AUTH_DIALBACK_ALLOWED, null));

        feed(ch, HEADER + "<stream:error><host-unknown xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>"
                + "<text xmlns='urn:ietf:params:xml:ns:xmpp-streams'>b.test is not served here</text></stream:error>");

        assertThat(events.failure).isEqualTo(new LinkFailure(Step.STREAM,
                "stream error host-unknown (b.test is not served here)"));
        assertThat(ch.isOpen()).isFalse();
        assertThat(written(ch)).endsWith("</stream:stream>");
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void requiredTlsWithoutStartTlsOfferFailsAtTls() {
        EmbeddedChannel ch = channel(services(StartTlsPolicy.REQUIRED, S2sConfig.AUTH_DIALBACK_ALLOWED, null));

        feed(ch, HEADER + DIALBACK_FEATURES);

        assertThat(events.failure.step()).isEqualTo(Step.TLS);
        assertThat(events.verifiable).isFalse();
        assertThat(written(ch)).endsWith("</stream:stream>");
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void certificatesPolicyNeverFallsBackToDialback() {
        EmbeddedChannel ch = channel(services(StartTlsPolicy.OPTIONAL, S2sConfig.AUTH_CERTIFICATES, null));
        written(ch);

        feed(ch, HEADER + DIALBACK_FEATURES);

        assertThat(events.failure).isEqualTo(new LinkFailure(Step.SASL,
                "the peer does not offer SASL EXTERNAL and s2s.auth is certificates"));
        assertThat(written(ch)).isEqualTo("</stream:stream>");
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void startTlsInstallsTheClientHandlerFirst() {
        TestCa ca = TestCa.create();
        var cert = ca.server("a.test");
        S2sTlsContexts tls = S2sTlsContexts.create(new dev.xmppd.c2s.tls.TlsMaterial(cert.key(), cert.chain()));
        EmbeddedChannel ch = channel(services(StartTlsPolicy.REQUIRED, S2sConfig.AUTH_DIALBACK_ALLOWED, tls));
        written(ch);

        feed(ch, HEADER + "<stream:features><starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/></starttls>"
                + "</stream:features>");
        assertThat(written(ch)).isEqualTo("<starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");
        feed(ch, "<proceed xmlns='urn:ietf:params:xml:ns:xmpp-tls'/>");

        assertThat(ch.pipeline().first()).isInstanceOf(SslHandler.class);
        assertThat(handler(ch).state()).isEqualTo(State.TLS_HANDSHAKE);
        ch.finishAndReleaseAll();
    }

    @Test
    void verifyAnswersReachTheLinkBeforeAuthentication() {
        EmbeddedChannel ch = channel(services(StartTlsPolicy.OPTIONAL, S2sConfig.AUTH_DIALBACK_ALLOWED, null));
        feed(ch, HEADER + DIALBACK_FEATURES);

        feed(ch, "<db:verify from='b.test' to='a.test' id='in-7' type='valid'/>");

        assertThat(events.answers).containsExactly(DialbackElement.verifyAnswer("b.test", "a.test", "in-7", true));
        assertThat(handler(ch).state()).isEqualTo(State.AWAIT_DIALBACK);
        assertThat(written(ch)).contains("<db:result");
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void idleAuthenticatedStreamIsClosedAndTheLinkToldFirst() {
        EmbeddedChannel ch = channel(services(StartTlsPolicy.OPTIONAL, S2sConfig.AUTH_DIALBACK_ALLOWED, null));
        feed(ch, HEADER + DIALBACK_FEATURES + "<db:result from='b.test' to='a.test' type='valid'/>");
        written(ch);

        ch.pipeline().fireUserEventTriggered(IdleStateEvent.ALL_IDLE_STATE_EVENT);

        assertThat(events.closed).isTrue();
        assertThat(written(ch)).isEqualTo("</stream:stream>");
        assertThat(ch.isOpen()).isFalse();
        assertThat(events.failure).isNull();
        assertFalse(ch.finishAndReleaseAll());
    }

    private EmbeddedChannel channel(S2sServices services) {
        return new EmbeddedChannel(new XmppStreamDecoder(StreamLimits.S2S, Namespaces.SERVER), new XmppStreamEncoder(),
                new OutboundStreamHandler(services, PAIR, new S2sTarget("127.0.0.1", 5269, false), events));
    }

    private static S2sServices services(StartTlsPolicy starttls, String auth, S2sTlsContexts tls) {
        XmppdConfig d = XmppdConfig.defaults();
        XmppdConfig config = new XmppdConfig(List.of("a.test"), d.data(),
                d.listeners().withS2s(d.listeners().s2s().withStarttls(starttls), d.listeners().s2sTls()), d.tls(),
                d.storage(), d.auth(), d.registration(), d.admins(), List.of(), d.limits(), d.s2s().withAuth(auth));
        StanzaRouter router = new StanzaRouter(List.of("a.test"), new LocalSessionRegistry(),
                new MemoryStorageProvider().accounts(), new EventBus());
        return new S2sServices(config, router, new DialbackKeys(SECRET),
                (chain, domain) -> CertificateVerdict.untrusted("test"),
                domain -> CompletableFuture.completedFuture(List.of()), tls);
    }

    private static OutboundStreamHandler handler(EmbeddedChannel ch) {
        return ch.pipeline().get(OutboundStreamHandler.class);
    }

    private static void feed(EmbeddedChannel ch, String xml) {
        ch.writeInbound(Unpooled.copiedBuffer(xml, StandardCharsets.UTF_8));
    }

    /** Everything written since the last call, as text. */
    private static String written(EmbeddedChannel ch) {
        StringBuilder sb = new StringBuilder();
        for (Object o; (o = ch.readOutbound()) != null;) {
            ByteBuf buf = (ByteBuf) o;
            sb.append(buf.toString(StandardCharsets.UTF_8));
            buf.release();
        }
        return sb.toString();
    }

    /** Records what the handler reports. */
    private static final class RecordingEvents implements LinkEvents {
        boolean verifiable;
        String method;
        LinkFailure failure;
        boolean closed;
        final List<DialbackElement> answers = new ArrayList<>();

        @Override
        public void verifiable(Channel channel) {
            verifiable = true;
        }

        @Override
        public void verifyAnswered(DialbackElement answer) {
            answers.add(answer);
        }

        @Override
        public void authenticated(Channel channel, String how) {
            method = how;
        }

        @Override
        public void failed(Channel channel, LinkFailure f) {
            failure = f;
        }

        @Override
        public void writable(Channel channel) {
        }

        @Override
        public void closed(Channel channel) {
            closed = true;
        }
    }
}
