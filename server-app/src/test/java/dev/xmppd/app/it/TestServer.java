package dev.xmppd.app.it;

import dev.xmppd.app.XmppServer;
import dev.xmppd.core.auth.Passwords;
import dev.xmppd.core.config.ListenerConfig;
import dev.xmppd.core.config.ListenersConfig;
import dev.xmppd.core.config.Proxy65Config;
import dev.xmppd.core.config.StartTlsPolicy;
import dev.xmppd.core.config.StorageConfig;
import dev.xmppd.core.config.XmppdConfig;
import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.jid.FullJid;
import dev.xmppd.core.session.Session;
import java.time.Duration;
import org.awaitility.Awaitility;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.Comparator;
import java.util.concurrent.TimeUnit;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.roster.Roster;
import org.jivesoftware.smack.roster.RosterEntry;
import org.jivesoftware.smack.roster.SubscribeListener.SubscribeAnswer;
import org.jivesoftware.smack.roster.packet.RosterPacket.ItemType;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * An in-process xmppd for integration tests, after Armeria's ServerExtension: listeners on port 0, a fresh data
 * directory, and helpers to add accounts and to connect real Smack clients.
 *
 * <pre>{@code @RegisterExtension static final TestServer server = new TestServer();}</pre>
 */
public final class TestServer implements BeforeAllCallback, AfterAllCallback {
    static final String DOMAIN = "localhost";

    private final UnaryOperator<XmppdConfig> customizer;
    private Path data;
    private XmppServer server;
    private X509TrustManager trust;

    TestServer() {
        this(UnaryOperator.identity());
    }

    TestServer(UnaryOperator<XmppdConfig> customizer) {
        this.customizer = customizer;
    }

    /**
     * With {@code XMPPD_IT_STORAGE=postgresql} (the second Failsafe run of server-app), every test server stores in
     * its own fresh schema of the PostgreSQL at {@code XMPPD_TEST_POSTGRES_URL}, dropped afterwards; otherwise in an
     * H2 file in its temporary data directory.
     */
    private static final boolean ON_POSTGRES = "postgresql".equals(System.getenv("XMPPD_IT_STORAGE"));
    private String schema;

    @Override
    public void beforeAll(ExtensionContext context) throws Exception {
        data = Files.createTempDirectory("xmppd-it");
        if (ON_POSTGRES) {
            schema = TestPostgres.createSchema();
        }
        start();
    }

    private StorageConfig storage() {
        if (schema != null) {
            return TestPostgres.storage(schema);
        }
        return new StorageConfig("h2", data.resolve("xmppd").toString(), null, null, null, 2);
    }

    /** Starts (again) on the same data directory. */
    void start() throws Exception {
        XmppdConfig d = XmppdConfig.defaults();
        ListenersConfig listeners = new ListenersConfig(
                new ListenerConfig(true, "127.0.0.1", 0, StartTlsPolicy.REQUIRED),
                new ListenerConfig(true, "127.0.0.1", 0, StartTlsPolicy.REQUIRED),
                new ListenerConfig(false, "127.0.0.1", 0, StartTlsPolicy.REQUIRED),
                new ListenerConfig(false, "127.0.0.1", 0, StartTlsPolicy.REQUIRED));
        XmppdConfig config = new XmppdConfig(d.hosts(), data, listeners, d.tls(), storage(), d.auth(),
                d.registration(), d.admins(), d.modules(), d.limits(), d.s2s());
        server = XmppServer.start(proxyOnLoopback(customizer.apply(config)));
        trust = trustManagerFor(data.resolve("tls/cert.pem"));
    }

    /**
     * The XEP-0065 SOCKS5 listener on a free loopback port, unless the test configured it: its default, 7777 on all
     * interfaces, would collide between the two servers of a federation test.
     */
    public static XmppdConfig proxyOnLoopback(XmppdConfig config) {
        if (!config.proxy65().equals(Proxy65Config.defaults())) {
            return config;
        }
        return config.withProxy65(new Proxy65Config("127.0.0.1", 0, null));
    }

    void stop() {
        if (server != null) {
            server.close();
            server = null;
        }
    }

    @Override
    public void afterAll(ExtensionContext context) throws Exception {
        stop();
        if (schema != null) {
            TestPostgres.dropSchema(schema);
        }
        if (data == null) {
            return; // never started: another extension of the class was skipped first (no PostgreSQL here)
        }
        try (Stream<Path> files = Files.walk(data)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }

    XmppServer server() {
        return server;
    }

    int port() {
        return server.port("c2s");
    }

    int tlsPort() {
        return server.port("c2s-tls");
    }

    /** The server's self-signed certificate (PEM), for clients outside the JVM to trust. */
    Path certificate() {
        return data.resolve("tls/cert.pem");
    }

    SSLContext sslContext() throws Exception {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(null, new javax.net.ssl.TrustManager[] {trust}, null);
        return ctx;
    }

    void addUser(String local, String password) throws Exception {
        server.storage().accounts().create(BareJid.of(local, DOMAIN), Passwords.derive(password, 4096))
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** A Smack configuration for STARTTLS on the c2s port, trusting the server's own certificate. */
    XMPPTCPConnectionConfiguration.Builder config(String local, String password) throws Exception {
        return XMPPTCPConnectionConfiguration.builder()
                .setXmppDomain(DOMAIN)
                .setHostAddress(java.net.InetAddress.getLoopbackAddress())
                .setPort(port())
                .setUsernameAndPassword(local, password)
                .setSecurityMode(SecurityMode.required)
                .setCustomX509TrustManager(trust)
                .setSendPresence(true);
    }

    /**
     * Connects and logs in with STARTTLS and the first mechanism both sides support, and waits until the server has
     * the session's initial presence, so that messages to the bare JID reach it (RFC 6121 §8.5.2.1).
     */
    XMPPTCPConnection login(String local, String password) throws Exception {
        XMPPTCPConnection c = new XMPPTCPConnection(config(local, password).build());
        c.connect().login();
        FullJid jid = FullJid.parse(c.getUser().toString());
        Awaitility.await().atMost(Duration.ofSeconds(10)).until(() -> {
            Session s = server.router().sessions().get(jid);
            return s != null && s.isAvailable();
        });
        return c;
    }

    /**
     * Makes two logged-in users see each other's presence (subscription {@code both}, RFC 6121 §3): {@code a} asks,
     * {@code b} approves and asks back, {@code a} approves; returns once both rosters say {@code both}.
     */
    static void subscribeBothWays(XMPPTCPConnection a, XMPPTCPConnection b) throws Exception {
        Roster ra = Roster.getInstanceFor(a);
        Roster rb = Roster.getInstanceFor(b);
        ra.addSubscribeListener((from, p) -> SubscribeAnswer.Approve);
        rb.addSubscribeListener((from, p) -> SubscribeAnswer.ApproveAndAlsoRequestIfRequired);
        org.jxmpp.jid.BareJid aj = a.getUser().asBareJid();
        org.jxmpp.jid.BareJid bj = b.getUser().asBareJid();
        ra.createItemAndRequestSubscription(bj, null, null);
        long reloadAfter = System.nanoTime() + Duration.ofSeconds(3).toNanos();
        Awaitility.await().atMost(Duration.ofSeconds(10)).pollInterval(Duration.ofMillis(100)).until(() -> {
            if (type(ra, bj) == ItemType.both && type(rb, aj) == ItemType.both) {
                return true;
            }
            if (System.nanoTime() > reloadAfter) {
                // Smack can apply two roster pushes out of order (FederationChecks logs it too): after a while the
                // server's rosters decide, so the check still fails if the server did not get to 'both'.
                ra.reloadAndWait();
                rb.reloadAndWait();
            }
            return false;
        });
    }

    private static ItemType type(Roster roster, org.jxmpp.jid.BareJid contact) {
        RosterEntry e = roster.getEntry(contact);
        return e == null ? null : e.getType();
    }

    private static X509TrustManager trustManagerFor(Path pem) throws Exception {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        try (InputStream in = Files.newInputStream(pem)) {
            int i = 0;
            for (var cert : CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                ks.setCertificateEntry("xmppd-" + i++, (X509Certificate) cert);
            }
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        return (X509TrustManager) tmf.getTrustManagers()[0];
    }
}
