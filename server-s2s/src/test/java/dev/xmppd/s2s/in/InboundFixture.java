package dev.xmppd.s2s.in;

import dev.xmppd.core.config.ListenerConfig;
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
import dev.xmppd.core.testing.RecordingSession;
import dev.xmppd.core.xml.Namespaces;
import dev.xmppd.s2s.BidiRoutes;
import dev.xmppd.s2s.DomainPair;
import dev.xmppd.s2s.S2sServices;
import dev.xmppd.s2s.auth.CertificateVerdict;
import dev.xmppd.s2s.auth.PeerCertificates;
import dev.xmppd.s2s.dialback.DialbackKeys;
import dev.xmppd.s2s.dialback.DialbackVerifier;
import dev.xmppd.s2s.tls.S2sTlsContexts;
import io.netty.channel.Channel;
import io.netty.channel.embedded.EmbeddedChannel;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/** Builds inbound streams for b.example (with conference.b.example... not served) and records what they do. */
final class InboundFixture {
    static final byte[] SECRET = "0123456789abcdef0123456789abcdef".getBytes(java.nio.charset.StandardCharsets.UTF_8);

    final LocalSessionRegistry sessions = new LocalSessionRegistry();
    final StanzaRouter router;
    final DialbackKeys keys = new DialbackKeys(SECRET);
    final List<Verification> verifications = new ArrayList<>();
    final RecordingSession alice = new RecordingSession("alice@b.example/phone").available(0);
    final InboundStreams streams;
    /** What streams registered as routes for our stanzas (XEP-0288): "register b.example -> a.example dialback". */
    final List<String> routes = new ArrayList<>();
    private final S2sServices services;

    /** One {@link DialbackVerifier#verify} call, completed by the test. */
    record Verification(String receiving, String originating, String streamId, String key,
            CompletableFuture<Boolean> answer) {
    }

    InboundFixture(S2sConfig s2s, PeerCertificates certificates) {
        XmppdConfig d = XmppdConfig.defaults();
        XmppdConfig config = new XmppdConfig(List.of("b.example"), d.data(), d.listeners(), d.tls(), d.storage(),
                d.auth(), d.registration(), d.admins(), List.of(), d.limits(), s2s);
        router = new StanzaRouter(config.hosts(), sessions, new MemoryStorageProvider().accounts(), new EventBus());
        sessions.add(alice);
        services = new S2sServices(config, router, keys, certificates,
                domain -> CompletableFuture.failedFuture(new IllegalStateException("no DNS in tests")),
                (S2sTlsContexts) null);
        streams = new InboundStreams(s2s.streamsPerDomain());
    }

    InboundFixture() {
        this(S2sConfig.defaults(), (chain, domain) -> CertificateVerdict.untrusted("no certificate"));
    }

    private CompletionStage<Boolean> verify(String receiving, String originating, String streamId, String key) {
        CompletableFuture<Boolean> answer = new CompletableFuture<>();
        verifications.add(new Verification(receiving, originating, streamId, key, answer));
        return answer;
    }

    /** A plaintext stream with STARTTLS optional (TLS is covered over real sockets). */
    ScriptedPeer open(StartTlsPolicy policy) {
        DialbackVerifier verifier = this::verify;
        return new ScriptedPeer(new EmbeddedChannel(
                new XmppStreamDecoder(StreamLimits.S2S, Namespaces.SERVER), new XmppStreamEncoder(),
                new InboundStreamHandler(services, verifier, streams, policy, false)));
    }

    ScriptedPeer open() {
        return open(StartTlsPolicy.OPTIONAL);
    }

    /** A plaintext stream (STARTTLS optional) whose bidi registrations land in {@link #routes}. */
    ScriptedPeer openBidi() {
        BidiRoutes recording = new BidiRoutes() {
            @Override
            public void register(DomainPair pair, Channel stream, String method) {
                routes.add("register " + pair + " " + method);
            }

            @Override
            public void unregister(DomainPair pair, Channel stream) {
                routes.add("unregister " + pair);
            }
        };
        return new ScriptedPeer(new EmbeddedChannel(
                new XmppStreamDecoder(StreamLimits.S2S, Namespaces.SERVER), new XmppStreamEncoder(),
                new InboundStreamHandler(services, this::verify, streams, recording, StartTlsPolicy.OPTIONAL, false)));
    }

    static ListenerConfig optionalTls() {
        return new ListenerConfig(true, "127.0.0.1", 0, StartTlsPolicy.OPTIONAL);
    }
}
