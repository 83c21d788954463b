package dev.xmppd.core.config;

import java.time.Duration;

/**
 * The STUN/TURN server clients use for audio and video calls, announced by external service discovery, XEP-0215
 * (YAML {@code turn}), each with its YAML key. xmppd runs no TURN server itself: this points clients at one such as
 * coturn, and hands out credentials in its shared-secret scheme ({@code use-auth-secret}).
 *
 * @param host {@code host}: the name clients reach the STUN/TURN server at; {@code null} (default): nothing is
 *     announced
 * @param port {@code port}: STUN and TURN over UDP and TCP (3478)
 * @param tlsPort {@code tls-port}: TURN over TLS ({@code turns}), e.g. 5349; {@code 0} (default): not announced
 * @param secret {@code secret}: the TURN server's {@code static-auth-secret}; {@code null} (default): only STUN is
 *     announced
 * @param credentialsTtl {@code credentials-ttl}: how long handed-out TURN credentials work (1 day)
 */
public record TurnConfig(String host, int port, int tlsPort, String secret, Duration credentialsTtl) {

    public static TurnConfig defaults() {
        return new TurnConfig(null, 3478, 0, null, Duration.ofDays(1));
    }

    @Override
    public String toString() { // the secret stays out of logs
        return "TurnConfig[host=" + host + ", port=" + port + ", tlsPort=" + tlsPort + ", secret="
                + (secret == null ? "null" : "***") + ", credentialsTtl=" + credentialsTtl + "]";
    }
}
