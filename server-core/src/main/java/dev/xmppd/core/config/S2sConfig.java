package dev.xmppd.core.config;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;

/**
 * Federation (YAML {@code s2s}), each with its YAML key.
 *
 * @param auth {@code auth}: {@code dialback-allowed} (default: Server Dialback when a peer's certificate does not
 *     validate) or {@code certificates} (SASL EXTERNAL with a valid certificate only)
 * @param ca {@code ca}: extra trusted CA certificates (PEM files)
 * @param routes {@code routes}: static {@code domain: "host:port"} (STARTTLS) or {@code "tls://host:port"} (direct
 *     TLS) overrides of DNS
 * @param connectTimeout {@code connect-timeout}: resolve, connect, TLS and authentication of an outbound link must
 *     finish within it, else its queued stanzas bounce with remote-server-timeout (30s)
 * @param idleTimeout {@code idle-timeout}: a server-to-server stream without traffic is closed (10m)
 * @param queueStanzas {@code queue-stanzas}: stanzas one outbound link holds while it connects (1000)
 * @param streamsPerDomain {@code streams-per-domain}: inbound streams one remote domain may hold open (10)
 * @param bidi {@code bidi}: XEP-0288 bidirectional streams, offered to peers and requested from them (true); off,
 *     each direction uses its own TCP connection as RFC 3920 servers expect
 */
public record S2sConfig(String auth, List<Path> ca, Map<String, String> routes, Duration connectTimeout,
        Duration idleTimeout, int queueStanzas, int streamsPerDomain, boolean bidi) {

    public static final String AUTH_DIALBACK_ALLOWED = "dialback-allowed";
    public static final String AUTH_CERTIFICATES = "certificates";

    public S2sConfig {
        requireNonNull(auth, "auth");
        ca = List.copyOf(ca);
        routes = Map.copyOf(routes);
        requireNonNull(connectTimeout, "connectTimeout");
        requireNonNull(idleTimeout, "idleTimeout");
    }

    /** With {@code bidi} on (its default). */
    public S2sConfig(String auth, List<Path> ca, Map<String, String> routes, Duration connectTimeout,
            Duration idleTimeout, int queueStanzas, int streamsPerDomain) {
        this(auth, ca, routes, connectTimeout, idleTimeout, queueStanzas, streamsPerDomain, true);
    }

    public static S2sConfig defaults() {
        return new S2sConfig(AUTH_DIALBACK_ALLOWED, List.of(), Map.of(), Duration.ofSeconds(30), Duration.ofMinutes(10),
                1000, 10, true);
    }

    /** True if Server Dialback may authenticate a peer whose certificate does not validate. */
    public boolean dialbackAllowed() {
        return auth.equals(AUTH_DIALBACK_ALLOWED);
    }

    public S2sConfig withRoutes(Map<String, String> newRoutes) {
        return new S2sConfig(auth, ca, newRoutes, connectTimeout, idleTimeout, queueStanzas, streamsPerDomain, bidi);
    }

    public S2sConfig withAuth(String newAuth) {
        return new S2sConfig(newAuth, ca, routes, connectTimeout, idleTimeout, queueStanzas, streamsPerDomain, bidi);
    }

    public S2sConfig withCa(List<Path> newCa) {
        return new S2sConfig(auth, newCa, routes, connectTimeout, idleTimeout, queueStanzas, streamsPerDomain, bidi);
    }

    public S2sConfig withConnectTimeout(Duration timeout) {
        return new S2sConfig(auth, ca, routes, timeout, idleTimeout, queueStanzas, streamsPerDomain, bidi);
    }

    public S2sConfig withBidi(boolean newBidi) {
        return new S2sConfig(auth, ca, routes, connectTimeout, idleTimeout, queueStanzas, streamsPerDomain, newBidi);
    }
}
