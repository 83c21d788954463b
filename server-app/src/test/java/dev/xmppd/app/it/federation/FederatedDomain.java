package dev.xmppd.app.it.federation;

import dev.xmppd.app.XmppServer;
import dev.xmppd.core.auth.Passwords;
import dev.xmppd.core.jid.FullJid;
import dev.xmppd.core.session.Session;
import java.io.InputStream;
import java.net.InetAddress;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyStore;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.awaitility.Awaitility;
import org.jivesoftware.smack.ConnectionConfiguration.SecurityMode;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;
import org.jivesoftware.smack.tcp.XMPPTCPConnectionConfiguration;
import org.jxmpp.jid.BareJid;
import org.jxmpp.jid.impl.JidCreate;

/**
 * One of the servers of a {@link FederatedServers} pair: its domain, the running server, and real Smack clients
 * logging in to it over STARTTLS.
 */
final class FederatedDomain {
    private final String domain;
    private final XmppServer server;
    private final X509TrustManager trust;

    FederatedDomain(String domain, XmppServer server, Path trustedPem) throws Exception {
        this.domain = domain;
        this.server = server;
        this.trust = trustManagerFor(trustedPem);
    }

    String domain() {
        return domain;
    }

    XmppServer server() {
        return server;
    }

    BareJid jid(String local) throws Exception {
        return JidCreate.bareFrom(local + "@" + domain);
    }

    void addUser(String local, String password) throws Exception {
        server.storage().accounts().create(dev.xmppd.core.jid.BareJid.of(local, domain),
                Passwords.derive(password, 4096)).toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    XMPPTCPConnectionConfiguration.Builder config(String local, String password) throws Exception {
        return XMPPTCPConnectionConfiguration.builder()
                .setXmppDomain(domain)
                .setHostAddress(InetAddress.getLoopbackAddress())
                .setPort(server.port("c2s"))
                .setUsernameAndPassword(local, password)
                .setSecurityMode(SecurityMode.required)
                .setCustomX509TrustManager(trust)
                .setSendPresence(true);
    }

    /** Logs in and waits until the server has the session's initial presence. */
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

    /** A new account with a password equal to its name, logged in. */
    XMPPTCPConnection newUser(String local) throws Exception {
        addUser(local, local);
        return login(local, local);
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
