package dev.xmppd.it.federation;

import dev.xmppd.app.XmppServer;
import dev.xmppd.core.auth.Passwords;
import dev.xmppd.core.config.ConfigLoader;
import dev.xmppd.core.jid.BareJid;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import javax.net.ssl.X509TrustManager;
import org.jivesoftware.smack.tcp.XMPPTCPConnection;

/**
 * The xmppd under test: an in-process server for {@value InteropPeers#XMPPD_DOMAIN}, configured the way an operator
 * would configure it (the same {@code key=value} settings as {@code --set}, bound by {@link ConfigLoader}), with
 * c2s and s2s (STARTTLS) on ephemeral ports of 127.0.0.1, direct-TLS listeners off, storage in memory, and {@code
 * s2s.routes} to the peers. Its s2s port is published in the stub DNS so that the peers find it by SRV.
 */
final class XmppdNode implements AutoCloseable {
    static final String DOMAIN = InteropPeers.XMPPD_DOMAIN;

    private final Path data;
    private final XmppServer server;
    private final X509TrustManager trust;

    private XmppdNode(Path data, XmppServer server, X509TrustManager trust) {
        this.data = data;
        this.server = server;
        this.trust = trust;
    }

    /**
     * Starts xmppd with these extra settings (e.g. {@code s2s.auth=certificates}) after the defaults of the interop
     * tests, and publishes its s2s port as xmppd.test's SRV record.
     */
    static XmppdNode start(InteropPeers peers, List<String> settings) throws Exception {
        Path data = Files.createTempDirectory("xmppd-interop-node");
        List<String> all = new ArrayList<>(List.of(
                "hosts=[" + DOMAIN + "]",
                "data=" + data,
                "storage.type=memory",
                "listeners.c2s.address=127.0.0.1",
                "listeners.c2s.port=0",
                "listeners.c2s-tls.enabled=false",
                "listeners.s2s.address=127.0.0.1",
                "listeners.s2s.port=0",
                "listeners.s2s-tls.enabled=false",
                "proxy65.address=127.0.0.1",
                "proxy65.port=0",
                "s2s.routes={" + ProsodyPeer.DOMAIN + ": \"" + ProsodyPeer.ADDRESS + ":" + ProsodyPeer.S2S_PORT
                        + "\", " + EjabberdPeer.DOMAIN + ": \"" + EjabberdPeer.ADDRESS + ":" + EjabberdPeer.S2S_PORT
                        + "\"}",
                "s2s.connect-timeout=15s"));
        all.addAll(settings);
        XmppServer server = XmppServer.start(ConfigLoader.load(null, all, Map.of()));
        try {
            peers.publishXmppd(server.port("s2s"));
            Path selfSigned = data.resolve("tls/cert.pem");
            X509TrustManager trust = Files.exists(selfSigned) ? peers.pki().trustManager(selfSigned)
                    : peers.pki().trustManager();
            return new XmppdNode(data, server, trust);
        } catch (Exception | Error e) {
            server.close();
            throw e;
        }
    }

    XmppServer server() {
        return server;
    }

    /** Creates an account directly in storage. */
    void addUser(String local) throws Exception {
        server.storage().accounts().create(BareJid.of(local, DOMAIN), Passwords.derive(Clients.PASSWORD, 4096))
                .toCompletableFuture().get(10, TimeUnit.SECONDS);
    }

    /** Creates the account and logs a client in on c2s. */
    XMPPTCPConnection login(Clients clients, String local) throws Exception {
        addUser(local);
        return clients.login(DOMAIN, "127.0.0.1", server.port("c2s"), local);
    }

    /** Messages stored for {@code local} by the offline module (XEP-0160). */
    long offlineCount(String local) throws Exception {
        return server.storage().archive("offline").count(BareJid.of(local, DOMAIN)).toCompletableFuture()
                .get(10, TimeUnit.SECONDS);
    }

    /** A client of an existing account, connected but not logged in (to add listeners before the login). */
    XMPPTCPConnection connectOnly(Clients clients, String local) throws Exception {
        XMPPTCPConnection c = clients.connection(DOMAIN, "127.0.0.1", server.port("c2s"), local);
        c.connect();
        return c;
    }

    /** Trusts the test CA and xmppd's own certificate (self-signed, when it generated one). */
    X509TrustManager trust() {
        return trust;
    }

    @Override
    public void close() throws IOException {
        server.close();
        try (Stream<Path> files = Files.walk(data)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        }
    }
}
