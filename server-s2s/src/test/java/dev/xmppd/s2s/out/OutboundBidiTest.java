package dev.xmppd.s2s.out;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.assertFalse;

import dev.xmppd.core.config.StartTlsPolicy;
import dev.xmppd.core.config.XmppdConfig;
import dev.xmppd.core.module.EventBus;
import dev.xmppd.core.router.StanzaRouter;
import dev.xmppd.core.session.LocalSessionRegistry;
import dev.xmppd.core.storage.memory.MemoryStorageProvider;
import dev.xmppd.core.stream.StreamLimits;
import dev.xmppd.core.stream.XmppStreamDecoder;
import dev.xmppd.core.stream.XmppStreamEncoder;
import dev.xmppd.core.testing.RecordingSession;
import dev.xmppd.core.xml.Namespaces;
import dev.xmppd.s2s.DomainPair;
import dev.xmppd.s2s.S2sServices;
import dev.xmppd.s2s.auth.CertificateVerdict;
import dev.xmppd.s2s.dialback.DialbackKeys;
import dev.xmppd.s2s.dns.S2sTarget;
import dev.xmppd.s2s.out.OutboundStreamHandler.State;
import dev.xmppd.s2s.stream.DialbackElement;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;

/** XEP-0288 on the initiating side: requesting bidi, and the checks on the peer's stanzas on our stream. */
class OutboundBidiTest {
    private static final DomainPair PAIR = new DomainPair("a.test", "b.test");
    private static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(StandardCharsets.US_ASCII);
    private static final String HEADER = "<stream:stream xmlns='jabber:server' xmlns:stream="
            + "'http://etherx.jabber.org/streams' xmlns:db='jabber:server:dialback' from='b.test' to='a.test'"
            + " id='s-1' version='1.0'>";
    private static final String BIDI_FEATURES = "<stream:features><dialback xmlns='urn:xmpp:features:dialback'>"
            + "<errors/></dialback><bidi xmlns='urn:xmpp:features:bidi'/></stream:features>";
    private static final String VALID = "<db:result from='b.test' to='a.test' type='valid'/>";

    private final LocalSessionRegistry sessions = new LocalSessionRegistry();
    private final RecordingSession alice = new RecordingSession("alice@a.test/phone").available(0);
    private final Events events = new Events();

    @Test
    void bidiOfferedIsRequestedBeforeDialback() {
        EmbeddedChannel ch = channel(true);
        written(ch);

        feed(ch, HEADER + BIDI_FEATURES);

        String key = new DialbackKeys(SECRET).generate("b.test", "a.test", "s-1");
        assertThat(written(ch)).isEqualTo("<bidi xmlns='urn:xmpp:bidi'/><db:result from='a.test' to='b.test'>" + key
                + "</db:result>");
        feed(ch, VALID);
        assertThat(handler(ch).bidi()).isTrue();
        assertThat(handler(ch).state()).isEqualTo(State.READY);
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void bidiIsNotRequestedWhenSwitchedOff() {
        EmbeddedChannel ch = channel(false);
        written(ch);

        feed(ch, HEADER + BIDI_FEATURES);

        assertThat(written(ch)).startsWith("<db:result").doesNotContain("bidi");
        assertThat(handler(ch).bidi()).isFalse();
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void thePeersStanzasForTheReversePairAreRoutedInTheClientNamespace() {
        EmbeddedChannel ch = channel(true);
        feed(ch, HEADER + BIDI_FEATURES + VALID);
        written(ch);

        feed(ch, "<message from='bob@b.test/x' to='alice@a.test/phone' type='chat'><body>hi</body></message>");

        assertThat(alice.messages()).hasSize(1);
        assertThat(alice.messages().get(0).from().toString()).isEqualTo("bob@b.test/x");
        assertThat(alice.messages().get(0).element().childText(Namespaces.CLIENT, "body")).isEqualTo("hi");
        assertThat(ch.isOpen()).isTrue();
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void aForgedFromOnTheReverseDirectionEndsTheStreamWithInvalidFrom() {
        EmbeddedChannel ch = channel(true);
        feed(ch, HEADER + BIDI_FEATURES + VALID);
        written(ch);

        feed(ch, "<message from='mallory@c.test/x' to='alice@a.test/phone'><body>hi</body></message>");

        assertThat(written(ch)).contains("<invalid-from xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>")
                .endsWith("</stream:stream>");
        assertThat(alice.messages()).isEmpty();
        assertThat(events.closed).isTrue();
        assertThat(ch.isOpen()).isFalse();
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void aStanzaToADomainNotServedHereEndsTheStreamWithHostUnknown() {
        EmbeddedChannel ch = channel(true);
        feed(ch, HEADER + BIDI_FEATURES + VALID);
        written(ch);

        feed(ch, "<message from='bob@b.test/x' to='carol@elsewhere.test'><body>hi</body></message>");

        assertThat(written(ch)).contains("<host-unknown xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>");
        assertThat(ch.isOpen()).isFalse();
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void withoutBidiThePeersStanzasAreIgnored() {
        EmbeddedChannel ch = channel(true);
        feed(ch, HEADER + "<stream:features><dialback xmlns='urn:xmpp:features:dialback'><errors/></dialback>"
                + "</stream:features>" + VALID);
        written(ch);

        feed(ch, "<message from='bob@b.test/x' to='alice@a.test/phone'><body>hi</body></message>");

        assertThat(alice.messages()).isEmpty();
        assertThat(ch.isOpen()).isTrue();
        assertThat(written(ch)).isEmpty();
        assertFalse(ch.finishAndReleaseAll());
    }

    @Test
    void verifyAnswersOnABidiStreamStillReachTheLink() {
        EmbeddedChannel ch = channel(true);
        feed(ch, HEADER + BIDI_FEATURES + VALID);
        written(ch);

        feed(ch, "<db:verify from='b.test' to='a.test' id='in-1' type='valid'/>");

        assertThat(events.answers).extracting(DialbackElement::id).containsExactly("in-1");
        assertThat(ch.isOpen()).isTrue();
        assertThat(written(ch)).isEmpty();
        assertFalse(ch.finishAndReleaseAll());
    }

    private EmbeddedChannel channel(boolean bidi) {
        sessions.add(alice);
        XmppdConfig d = XmppdConfig.defaults();
        XmppdConfig config = new XmppdConfig(List.of("a.test"), d.data(),
                d.listeners().withS2s(d.listeners().s2s().withStarttls(StartTlsPolicy.OPTIONAL), d.listeners().s2sTls()),
                d.tls(), d.storage(), d.auth(), d.registration(), d.admins(), List.of(), d.limits(),
                d.s2s().withBidi(bidi));
        StanzaRouter router = new StanzaRouter(List.of("a.test"), sessions, new MemoryStorageProvider().accounts(),
                new EventBus());
        S2sServices services = new S2sServices(config, router, new DialbackKeys(SECRET),
                (chain, domain) -> CertificateVerdict.untrusted("test"),
                domain -> CompletableFuture.completedFuture(List.of()), null);
        return new EmbeddedChannel(new XmppStreamDecoder(StreamLimits.S2S, Namespaces.SERVER), new XmppStreamEncoder(),
                new OutboundStreamHandler(services, PAIR, new S2sTarget("127.0.0.1", 5269, false), events));
    }

    private static OutboundStreamHandler handler(EmbeddedChannel ch) {
        return ch.pipeline().get(OutboundStreamHandler.class);
    }

    private static void feed(EmbeddedChannel ch, String xml) {
        ch.writeInbound(Unpooled.copiedBuffer(xml, StandardCharsets.UTF_8));
        ch.runPendingTasks();
    }

    private static String written(EmbeddedChannel ch) {
        StringBuilder sb = new StringBuilder();
        for (Object o; (o = ch.readOutbound()) != null;) {
            ByteBuf buf = (ByteBuf) o;
            sb.append(buf.toString(StandardCharsets.UTF_8));
            buf.release();
        }
        return sb.toString();
    }

    private static final class Events implements LinkEvents {
        boolean closed;
        final java.util.List<DialbackElement> answers = new java.util.ArrayList<>();

        @Override
        public void verifiable(Channel channel) {
        }

        @Override
        public void verifyAnswered(DialbackElement answer) {
            answers.add(answer);
        }

        @Override
        public void authenticated(Channel channel, String how) {
        }

        @Override
        public void failed(Channel channel, dev.xmppd.s2s.out.LinkFailure failure) {
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
