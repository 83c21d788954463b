package dev.xmppd.c2s.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.xmppd.c2s.C2sChannelInitializer;
import dev.xmppd.c2s.C2sServices;
import dev.xmppd.c2s.ClientLimits;
import dev.xmppd.c2s.sasl.SaslMechanisms;
import dev.xmppd.core.auth.Passwords;
import dev.xmppd.core.config.XmppdConfig;
import dev.xmppd.core.disco.DiscoModuleFactory;
import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.module.EventBus;
import dev.xmppd.core.router.Modules;
import dev.xmppd.core.router.StanzaRouter;
import dev.xmppd.core.session.LocalSessionRegistry;
import dev.xmppd.core.storage.memory.MemoryStorageProvider;
import dev.xmppd.core.stream.StreamLimits;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.codec.http.websocketx.CloseWebSocketFrame;
import io.netty.handler.codec.http.websocketx.TextWebSocketFrame;
import io.netty.handler.codec.http.websocketx.WebSocketFrame;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The client stream handler behind {@link XmppFraming} on an {@link EmbeddedChannel}, as the WebSocket route
 * builds it: the RFC 7395 §5 exchange (open, features, SASL, restart with a new open, bind, a stanza, close), with
 * no STARTTLS offered since the transport is secure.
 */
class WebSocketStreamTest {
    private static final String OPEN =
            "<open xmlns='urn:ietf:params:xml:ns:xmpp-framing' to='localhost' version='1.0'/>";
    private final MemoryStorageProvider storage = new MemoryStorageProvider();
    private C2sServices services;
    private Modules modules;

    @BeforeEach
    void setUp() throws Exception {
        XmppdConfig d = XmppdConfig.defaults();
        XmppdConfig config = new XmppdConfig(d.hosts(), d.data(), d.listeners(), d.tls(), d.storage(), d.auth(),
                d.registration(), d.admins(), List.of("disco"), d.limits(), d.s2s(), d.upload(), d.components(),
                d.push(), d.websocket());
        storage.accounts().create(BareJid.of("alice", "localhost"), Passwords.derive("s3cret", 16))
                .toCompletableFuture().get(5, TimeUnit.SECONDS);
        EventBus events = new EventBus();
        StanzaRouter router = new StanzaRouter(config.hosts(), new LocalSessionRegistry(), storage.accounts(), events);
        modules = Modules.start(config, List.of(new DiscoModuleFactory()), router, events, storage);
        SaslMechanisms sasl = new SaslMechanisms(storage.accounts(), Runnable::run, false, new byte[32]);
        services = new C2sServices(config, router, events, sasl, null, new ClientLimits(100, 1000));
    }

    @AfterEach
    void tearDown() {
        modules.close();
    }

    private EmbeddedChannel channel() {
        EmbeddedChannel ch = new EmbeddedChannel(new XmppFraming(StreamLimits.C2S));
        C2sChannelInitializer.attachStream(ch, services);
        return ch;
    }

    private static List<String> exchange(EmbeddedChannel ch, String frame) {
        ch.writeInbound(new TextWebSocketFrame(frame));
        ch.runPendingTasks();
        List<String> out = new ArrayList<>();
        for (WebSocketFrame f; (f = ch.readOutbound()) != null; ) {
            out.add(f instanceof TextWebSocketFrame t ? t.text() : f.getClass().getSimpleName());
            f.release();
        }
        return out;
    }

    @Test
    void negotiatesOverFramesAndClosesWithClose() {
        EmbeddedChannel ch = channel();

        List<String> opened = exchange(ch, OPEN);
        assertThat(opened).hasSize(2);
        assertThat(opened.get(0)).startsWith("<open xmlns='urn:ietf:params:xml:ns:xmpp-framing'")
                .contains("from='localhost'").contains("version='1.0'").contains(" id='");
        assertThat(opened.get(1)).startsWith("<stream:features xmlns:stream='http://etherx.jabber.org/streams'>")
                .contains("<mechanism>PLAIN</mechanism>").doesNotContain("starttls");

        String auth = Base64.getEncoder().encodeToString("\0alice\0s3cret".getBytes(StandardCharsets.UTF_8));
        assertThat(exchange(ch, "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>" + auth
                + "</auth>")).containsExactly("<success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>");

        List<String> restarted = exchange(ch, OPEN);
        assertThat(restarted.get(1)).contains("<bind xmlns='urn:ietf:params:xml:ns:xmpp-bind'/>");

        assertThat(exchange(ch, "<iq xmlns='jabber:client' type='set' id='b1'><bind "
                + "xmlns='urn:ietf:params:xml:ns:xmpp-bind'><resource>web</resource></bind></iq>"))
                .singleElement().asString().startsWith("<iq xmlns='jabber:client'")
                .contains("<jid>alice@localhost/web</jid>");
        assertThat(exchange(ch, "<message xmlns='jabber:client' to='alice@localhost/web' id='m1' type='chat'>"
                + "<body>hi</body></message>")).singleElement().asString()
                .startsWith("<message xmlns='jabber:client'").contains("<body>hi</body>");

        assertThat(exchange(ch, "<close xmlns='urn:ietf:params:xml:ns:xmpp-framing'/>"))
                .containsExactly("<close xmlns='urn:ietf:params:xml:ns:xmpp-framing'/>",
                        CloseWebSocketFrame.class.getSimpleName());
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void anUnknownHostGetsOpenThenErrorThenClose() {
        EmbeddedChannel ch = channel();

        List<String> out = exchange(ch, OPEN.replace("localhost", "elsewhere.example"));

        assertThat(out).hasSize(4);
        assertThat(out.get(0)).startsWith("<open ");
        assertThat(out.get(1)).startsWith("<stream:error xmlns:stream='http://etherx.jabber.org/streams'>")
                .contains("<host-unknown xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>");
        assertThat(out.get(2)).isEqualTo("<close xmlns='urn:ietf:params:xml:ns:xmpp-framing'/>");
        assertThat(ch.isOpen()).isFalse();
    }

    @Test
    void aShutdownEndsTheStreamWithSystemShutdown() {
        EmbeddedChannel ch = channel();
        exchange(ch, OPEN);

        assertThat(WebSocketEndpoint.closeStreams(List.of(ch))).hasSize(1);
        List<String> out = exchange(ch, " ");

        assertThat(out.get(0)).contains("<system-shutdown xmlns='urn:ietf:params:xml:ns:xmpp-streams'/>");
        assertThat(out.get(1)).isEqualTo("<close xmlns='urn:ietf:params:xml:ns:xmpp-framing'/>");
        assertThat(ch.isOpen()).isFalse();
    }
}
