package dev.xmppd.core.config;

/**
 * The listeners (YAML {@code listeners}): {@code c2s} (5222, STARTTLS), {@code c2s-tls} (5223, direct TLS per
 * XEP-0368), {@code s2s} (5269) and {@code http} (5280, for later issues).
 */
public record ListenersConfig(ListenerConfig c2s, ListenerConfig c2sTls, ListenerConfig s2s, ListenerConfig http) {

    public static ListenersConfig defaults() {
        return new ListenersConfig(
                new ListenerConfig(true, null, 5222, StartTlsPolicy.REQUIRED),
                new ListenerConfig(true, null, 5223, StartTlsPolicy.REQUIRED),
                new ListenerConfig(true, null, 5269, StartTlsPolicy.REQUIRED),
                new ListenerConfig(false, null, 5280, StartTlsPolicy.REQUIRED));
    }
}
