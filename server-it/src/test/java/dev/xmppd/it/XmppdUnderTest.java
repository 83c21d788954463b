package dev.xmppd.it;

import static java.util.Objects.requireNonNull;

import dev.xmppd.app.XmppServer;
import dev.xmppd.core.auth.Passwords;
import dev.xmppd.core.config.ListenerConfig;
import dev.xmppd.core.config.ListenersConfig;
import dev.xmppd.core.config.Proxy65Config;
import dev.xmppd.core.config.StartTlsPolicy;
import dev.xmppd.core.config.StorageConfig;
import dev.xmppd.core.config.XmppdConfig;
import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.module.ModuleFactory;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.MessageDigest;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashSet;
import java.util.HexFormat;
import java.util.List;
import java.util.ServiceLoader;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.stream.Stream;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.XMPPException.XMPPErrorException;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.jivesoftware.smackx.disco.ServiceDiscoveryManager;
import org.jxmpp.jid.impl.JidCreate;

/**
 * The server SINT runs against: one in-process xmppd serving {@value #DOMAIN} with STARTTLS required on a c2s listener
 * bound to port 0 of the loopback address, the {@code https} listener (XEP-0363 uploads) on a free loopback port, H2
 * in a fresh temporary data directory, and every module the build ships (found with {@link ServiceLoader}), so that a
 * new module is under conformance test as soon as it lands. {@link #close()} stops the server and deletes the data
 * directory.
 */
final class XmppdUnderTest implements AutoCloseable {
    static final String DOMAIN = "localhost";
    /** The account listed in {@code admins}, for XEP-0133 account administration once the server offers it. */
    static final String ADMIN = "sint-admin";

    private final Path data;
    private final XmppServer server;
    private final X509TrustManager trust;
    private final String pin;

    private XmppdUnderTest(Path data, XmppServer server, X509TrustManager trust, String pin) {
        this.data = data;
        this.server = server;
        this.trust = trust;
        this.pin = pin;
    }

    static XmppdUnderTest start() throws IOException, GeneralSecurityException {
        Path data = Files.createTempDirectory("xmppd-sint");
        XmppServer server = XmppServer.start(config(data));
        try {
            Path cert = data.resolve("tls/cert.pem");
            return new XmppdUnderTest(data, server, trustManagerFor(cert), pinOf(cert));
        } catch (IOException | GeneralSecurityException | RuntimeException e) {
            server.close();
            throw e;
        }
    }

    private static XmppdConfig config(Path data) throws IOException {
        XmppdConfig d = XmppdConfig.defaults();
        ListenerConfig off = new ListenerConfig(false, "127.0.0.1", 0, StartTlsPolicy.REQUIRED);
        // The upload URLs carry the https port (upload.url-base unset), so it cannot be 0: a port free now.
        ListenerConfig https = new ListenerConfig(true, "127.0.0.1", freePort(), StartTlsPolicy.REQUIRED);
        ListenersConfig listeners = new ListenersConfig(
                new ListenerConfig(true, "127.0.0.1", 0, StartTlsPolicy.REQUIRED), off, off, off, off, https);
        StorageConfig storage = new StorageConfig("h2", data.resolve("xmppd").toString(), null, null, null, 4);
        return new XmppdConfig(List.of(DOMAIN), data, listeners, d.tls(), storage, d.auth(), d.registration(),
                List.of(ADMIN + "@" + DOMAIN), allModules(), d.limits(), d.s2s())
                .withProxy65(new Proxy65Config("127.0.0.1", 0, null));
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    /**
     * The server's default modules (every module, in dependency order), then any other module on the class path, so
     * that a new module is under conformance test as soon as it lands.
     */
    static List<String> allModules() {
        List<String> names = new ArrayList<>(XmppdConfig.DEFAULT_MODULES);
        ServiceLoader.load(ModuleFactory.class).forEach(f -> {
            if (!names.contains(f.name())) {
                names.add(f.name());
            }
        });
        return names;
    }

    /** Creates an account directly in storage (no registration or admin commands needed). */
    void addUser(String local, String password) throws InterruptedException, ExecutionException, TimeoutException {
        requireNonNull(local, "local");
        requireNonNull(password, "password");
        server.storage().accounts().create(BareJid.of(local, DOMAIN), Passwords.derive(password, 4096))
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /**
     * Whether the server offers XEP-0133 add-user and delete-user to this account: listed among the ad-hoc commands
     * of XEP-0050 §2.2 (disco#items of the server, node {@code http://jabber.org/protocol/commands}).
     */
    boolean offersAccountAdministration(String username, String password) throws Exception {
        XMPPTCPConnection c = new XMPPTCPConnection(XMPPTCPConnectionConfiguration.builder()
                .setXmppDomain(DOMAIN)
                .setHostAddress(InetAddress.getLoopbackAddress())
                .setPort(port())
                .setUsernameAndPassword(username, password)
                .setSecurityMode(SecurityMode.required)
                .setCustomX509TrustManager(trust)
                .build());
        try {
            c.connect().login();
            Set<String> nodes = new HashSet<>();
            ServiceDiscoveryManager.getInstanceFor(c)
                    .discoverItems(JidCreate.domainBareFrom(DOMAIN), "http://jabber.org/protocol/commands")
                    .getItems().forEach(item -> nodes.add(item.getNode()));
            return nodes.containsAll(Set.of("http://jabber.org/protocol/admin#add-user",
                    "http://jabber.org/protocol/admin#delete-user"));
        } catch (XMPPErrorException e) {
            return false; // no commands node at all
        } finally {
            c.disconnect();
        }
    }

    XmppServer server() {
        return server;
    }

    int port() {
        return server.port("c2s");
    }

    /** Trusts exactly the certificate the server generated in its data directory. */
    X509TrustManager trust() {
        return trust;
    }

    /**
     * The server certificate as a Java-Pinning pin ({@code CERTSHA256:<hex>}), for SINT's {@code serviceTlsPin}: SINT
     * builds from it the TLS context its HTTP tests use (XEP-0363 upload and download over {@code https}).
     */
    String tlsPin() {
        return pin;
    }

    @Override
    public void close() {
        server.close();
        try (Stream<Path> files = Files.walk(data)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String pinOf(Path pem) throws IOException, GeneralSecurityException {
        try (InputStream in = Files.newInputStream(pem)) {
            var cert = CertificateFactory.getInstance("X.509").generateCertificate(in);
            return "CERTSHA256:" + HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256")
                    .digest(cert.getEncoded()));
        }
    }

    private static X509TrustManager trustManagerFor(Path pem) throws IOException, GeneralSecurityException {
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
