package dev.xmppd.app.it.federation;

import dev.xmppd.app.XmppServer;
import dev.xmppd.app.it.TestServer;
import dev.xmppd.core.config.ListenerConfig;
import dev.xmppd.core.config.ListenersConfig;
import dev.xmppd.core.config.S2sConfig;
import dev.xmppd.core.config.StartTlsPolicy;
import dev.xmppd.core.config.StorageConfig;
import dev.xmppd.core.config.TlsConfig;
import dev.xmppd.core.config.XmppdConfig;
import dev.xmppd.s2s.testing.TestCa;
import dev.xmppd.s2s.testing.TestCertificateFiles;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.jivesoftware.smack.filter.StanzaTypeFilter;
import org.jivesoftware.smack.packet.Message;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Two xmppd instances in this JVM, {@code a.test} and {@code b.test}, federating over loopback: each has a static
 * {@code s2s.routes} entry for the other's domain and conference service. The s2s ports are picked free before
 * start, because each server's configuration names the other's port; everything else binds port 0.
 *
 * <pre>{@code @RegisterExtension static final FederatedServers servers = new FederatedServers(Certificates.TEST_CA);}</pre>
 */
final class FederatedServers implements BeforeAllCallback, AfterAllCallback {

    /** What the servers present in TLS. */
    enum Certificates {
        /** Each server's generated self-signed certificate: peers cannot validate it, so dialback authenticates. */
        SELF_SIGNED,
        /** Certificates of one test CA that each trusts through {@code s2s.ca}: SASL EXTERNAL authenticates. */
        TEST_CA
    }

    private final Certificates certificates;
    private final UnaryOperator<XmppdConfig> customizeA;
    private final UnaryOperator<XmppdConfig> customizeB;
    private Path root;
    private FederatedDomain a;
    private FederatedDomain b;

    FederatedServers(Certificates certificates) {
        this(certificates, UnaryOperator.identity(), UnaryOperator.identity());
    }

    FederatedServers(Certificates certificates, UnaryOperator<XmppdConfig> customizeA,
            UnaryOperator<XmppdConfig> customizeB) {
        this.certificates = certificates;
        this.customizeA = customizeA;
        this.customizeB = customizeB;
    }

    /** {@code s2s.bidi} (XEP-0288) set to {@code on}, for the customizers. */
    static UnaryOperator<XmppdConfig> bidi(boolean on) {
        return c -> new XmppdConfig(c.hosts(), c.data(), c.listeners(), c.tls(), c.storage(), c.auth(),
                c.registration(), c.admins(), c.modules(), c.limits(), c.s2s().withBidi(on));
    }

    /**
     * What {@link #roundTrip} saw: the message bob@b.test received, alice@a.test's copy of his answer, and bob's full
     * JID.
     */
    record RoundTrip(Message atBob, Message atAlice, String bob) {
    }

    /**
     * A new alice@a.test sends {@code there} to a new bob@b.test, who answers {@code back} to whoever wrote; both
     * log out afterwards.
     */
    RoundTrip roundTrip(String there, String back) throws Exception {
        XMPPTCPConnection alice = a().newUser("alice");
        XMPPTCPConnection bob = b().newUser("bob");
        try {
            BlockingQueue<Message> toAlice = new LinkedBlockingQueue<>();
            BlockingQueue<Message> toBob = new LinkedBlockingQueue<>();
            alice.addSyncStanzaListener(s -> toAlice.add((Message) s), StanzaTypeFilter.MESSAGE);
            bob.addSyncStanzaListener(s -> toBob.add((Message) s), StanzaTypeFilter.MESSAGE);
            alice.sendStanza(alice.getStanzaFactory().buildMessageStanza().to(b().jid("bob"))
                    .ofType(Message.Type.chat).setBody(there).build());
            Message atBob = toBob.poll(20, TimeUnit.SECONDS);
            if (atBob == null) {
                throw new AssertionError("bob@b.test did not receive alice's message within 20 s");
            }
            bob.sendStanza(bob.getStanzaFactory().buildMessageStanza().to(atBob.getFrom())
                    .ofType(Message.Type.chat).setBody(back).build());
            Message atAlice = toAlice.poll(20, TimeUnit.SECONDS);
            return new RoundTrip(atBob, atAlice, bob.getUser().toString());
        } finally {
            alice.disconnect();
            bob.disconnect();
        }
    }

    FederatedDomain a() {
        return a;
    }

    FederatedDomain b() {
        return b;
    }

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        // The federation tests keep their data in memory: the PostgreSQL run of the ITs would only repeat them.
        Assumptions.assumeFalse("postgresql".equals(System.getenv("XMPPD_IT_STORAGE")),
                "federation ITs run once, with in-memory storage");
        root = Files.createTempDirectory("xmppd-federation");
        int[] ports = freePorts();
        TestCa ca = certificates == Certificates.TEST_CA ? TestCa.create("xmppd federation test CA") : null;
        a = start("a.test", ports[0], "b.test", ports[1], ca, customizeA);
        b = start("b.test", ports[1], "a.test", ports[0], ca, customizeB);
    }

    private FederatedDomain start(String domain, int s2sPort, String peer, int peerPort, TestCa ca,
            UnaryOperator<XmppdConfig> customize) throws Exception {
        Path data = root.resolve(domain);
        XmppdConfig d = XmppdConfig.defaults();
        ListenersConfig listeners = new ListenersConfig(
                new ListenerConfig(true, "127.0.0.1", 0, StartTlsPolicy.REQUIRED),
                new ListenerConfig(false, "127.0.0.1", 0, StartTlsPolicy.REQUIRED),
                new ListenerConfig(true, "127.0.0.1", s2sPort, StartTlsPolicy.REQUIRED),
                new ListenerConfig(false, "127.0.0.1", 0, StartTlsPolicy.REQUIRED),
                new ListenerConfig(false, "127.0.0.1", 0, StartTlsPolicy.REQUIRED));
        String route = "127.0.0.1:" + peerPort;
        S2sConfig s2s = d.s2s().withRoutes(Map.of(peer, route, "conference." + peer, route))
                .withConnectTimeout(Duration.ofSeconds(10));
        TlsConfig tls = d.tls();
        Path trusted = data.resolve("tls/cert.pem");
        if (ca != null) {
            TestCertificateFiles files = ca.server(domain, "conference." + domain).writeTo(root.resolve("pki"), domain);
            tls = new TlsConfig(files.cert(), files.key());
            s2s = s2s.withCa(List.of(files.ca()));
            trusted = files.ca();
        }
        XmppdConfig config = new XmppdConfig(List.of(domain), data, listeners, tls,
                new StorageConfig("memory", data.resolve("xmppd").toString(), null, null, null, 2), d.auth(),
                d.registration(), d.admins(), d.modules(), d.limits(), s2s);
        XmppServer server = XmppServer.start(TestServer.proxyOnLoopback(customize.apply(config)));
        return new FederatedDomain(domain, server, trusted);
    }

    /** Two distinct free ports on loopback, released just before the servers bind them. */
    private static int[] freePorts() throws IOException {
        try (ServerSocket one = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                ServerSocket two = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return new int[] {one.getLocalPort(), two.getLocalPort()};
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        for (FederatedDomain d : new FederatedDomain[] {a, b}) {
            if (d != null) {
                d.server().close();
            }
        }
        if (root != null) {
            try (Stream<Path> files = Files.walk(root)) {
                files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
            }
        }
    }
}
