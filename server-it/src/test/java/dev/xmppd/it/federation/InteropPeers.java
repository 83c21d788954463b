package dev.xmppd.it.federation;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Assumptions;

/**
 * The peer servers of the interop tests, started once per test JVM and shared by every test class that asks for them
 * through {@link InteropPeersExtension}: the test CA, the stub DNS, and Prosody and ejabberd, each started on first
 * use and stopped when the JVM's tests end.
 *
 * <p>A peer that is not installed skips the tests that need it, with the reason, on a developer machine; it fails
 * them when {@code CI=true} or {@code XMPPD_TEST_PEERS=required}, so that CI can never pass by skipping. {@code
 * XMPPD_TEST_PEERS=skip} skips them even where the peers are installed.
 *
 * <p>DNS ({@link StubDns}): xmppd.test is 127.0.0.1, prosody.test 127.0.0.2, ejabberd.test 127.0.0.3 (A records), and
 * each has an {@code _xmpp-server._tcp} SRV record whose target is that address written as a name, with the s2s port
 * (for xmppd.test the port its listener got, set by {@link #publishXmppd(int)}). The IP-literal target is deliberate:
 * ejabberd resolves SRV targets with the C library's getaddrinfo (/etc/hosts, /etc/resolv.conf), not with the
 * inet_res resolver it uses for SRV, and an address literal is the one name getaddrinfo resolves without either;
 * Prosody accepts address literals as targets too. No file on the machine is changed.
 */
final class InteropPeers {
    static final String XMPPD_DOMAIN = "xmppd.test";
    static final Path LOGS = Path.of("target", "peers");

    private final Path work;
    private final InteropPki pki;
    private final StubDns dns;
    private PeerProcess prosody;
    private PeerProcess ejabberd;

    private InteropPeers(Path work, InteropPki pki, StubDns dns) {
        this.work = work;
        this.pki = pki;
        this.dns = dns;
    }

    static InteropPeers create() throws Exception {
        Path work = Files.createTempDirectory("xmppd-interop");
        InteropPki pki = InteropPki.create(work.resolve("pki"));
        StubDns dns = StubDns.start()
                .address(XMPPD_DOMAIN, "127.0.0.1")
                .address(ProsodyPeer.DOMAIN, ProsodyPeer.ADDRESS)
                .address(EjabberdPeer.DOMAIN, EjabberdPeer.ADDRESS)
                .xmppServer(ProsodyPeer.DOMAIN, ProsodyPeer.ADDRESS, ProsodyPeer.S2S_PORT)
                .xmppServer(EjabberdPeer.DOMAIN, EjabberdPeer.ADDRESS, EjabberdPeer.S2S_PORT);
        return new InteropPeers(work, pki, dns);
    }

    InteropPki pki() {
        return pki;
    }

    /**
     * Points the SRV records of xmppd.test and of its MUC service, conference.xmppd.test (a domain of its own to the
     * peers), at the s2s port of the xmppd under test.
     */
    void publishXmppd(int s2sPort) {
        dns.xmppServer(XMPPD_DOMAIN, "127.0.0.1", s2sPort);
        dns.address("conference." + XMPPD_DOMAIN, "127.0.0.1");
        dns.xmppServer("conference." + XMPPD_DOMAIN, "127.0.0.1", s2sPort);
    }

    /** Starts Prosody if it is not running; skips or fails (see the class comment) if it is not installed. */
    synchronized void requireProsody() throws Exception {
        require("prosody lua-unbound", ProsodyPeer.installed());
        if (prosody == null || !prosody.isAlive()) {
            prosody = ProsodyPeer.start(work.resolve("prosody"), LOGS.resolve("prosody"), pki, dns.port());
        }
    }

    /** Starts ejabberd if it is not running; skips or fails (see the class comment) if it is not installed. */
    synchronized void requireEjabberd() throws Exception {
        require("ejabberd", EjabberdPeer.installed());
        if (ejabberd == null || !ejabberd.isAlive()) {
            ejabberd = EjabberdPeer.start(work.resolve("ejabberd"), LOGS.resolve("ejabberd"), pki, dns.port());
        }
    }

    private static void require(String peer, boolean installed) {
        String mode = System.getenv().getOrDefault("XMPPD_TEST_PEERS", "");
        boolean required = "required".equals(mode) || "true".equals(System.getenv("CI"));
        if ("skip".equals(mode) && !required) {
            Assumptions.abort("interop tests with " + peer + " skipped: XMPPD_TEST_PEERS=skip");
        }
        if (!installed) {
            String why = peer + " is not installed (Debian: apt-get install " + peer + ", or run .ci/peers.sh)";
            if (required) {
                Assertions.fail(why + "; CI=true or XMPPD_TEST_PEERS=required demands the interop tests");
            }
            Assumptions.abort("interop tests with " + peer + " skipped: " + why);
        }
    }

    void close() {
        for (PeerProcess p : new PeerProcess[] {prosody, ejabberd}) {
            if (p != null) {
                p.close();
            }
        }
        dns.close();
        try (Stream<Path> files = Files.walk(work)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a temporary directory left behind is not worth failing the build for
        }
    }
}
