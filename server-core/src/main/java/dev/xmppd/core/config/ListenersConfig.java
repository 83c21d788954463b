package dev.xmppd.core.config;

/**
 * The listeners (YAML {@code listeners}): {@code c2s} (5222, STARTTLS), {@code c2s-tls} (5223, direct TLS per
 * XEP-0368), {@code s2s} (5269, STARTTLS), {@code s2s-tls} (5270, direct TLS per XEP-0368), {@code http} (5280,
 * plain HTTP for a reverse proxy in front, off by default) and {@code https} (5281, HTTP over TLS with the server's
 * certificate: XEP-0363 uploads).
 */
public record ListenersConfig(ListenerConfig c2s, ListenerConfig c2sTls, ListenerConfig s2s, ListenerConfig s2sTls,
        ListenerConfig http, ListenerConfig https) {

    /** Without {@code https}, which is then disabled: for callers (tests) written before it existed. */
    public ListenersConfig(ListenerConfig c2s, ListenerConfig c2sTls, ListenerConfig s2s, ListenerConfig s2sTls,
            ListenerConfig http) {
        this(c2s, c2sTls, s2s, s2sTls, http, new ListenerConfig(false, null, 5281, StartTlsPolicy.REQUIRED));
    }

    /**
     * Without {@code s2s-tls}, which is then disabled: for callers (tests) written before it existed, which expect no
     * listener they did not name.
     */
    public ListenersConfig(ListenerConfig c2s, ListenerConfig c2sTls, ListenerConfig s2s, ListenerConfig http) {
        this(c2s, c2sTls, s2s, new ListenerConfig(false, null, 5270, StartTlsPolicy.REQUIRED), http);
    }

    public static ListenersConfig defaults() {
        return new ListenersConfig(
                new ListenerConfig(true, null, 5222, StartTlsPolicy.REQUIRED),
                new ListenerConfig(true, null, 5223, StartTlsPolicy.REQUIRED),
                new ListenerConfig(true, null, 5269, StartTlsPolicy.REQUIRED),
                new ListenerConfig(true, null, 5270, StartTlsPolicy.REQUIRED),
                new ListenerConfig(false, null, 5280, StartTlsPolicy.REQUIRED),
                new ListenerConfig(true, null, 5281, StartTlsPolicy.REQUIRED));
    }

    public ListenersConfig withS2s(ListenerConfig newS2s, ListenerConfig newS2sTls) {
        return new ListenersConfig(c2s, c2sTls, newS2s, newS2sTls, http, https);
    }

    public ListenersConfig withHttp(ListenerConfig newHttp, ListenerConfig newHttps) {
        return new ListenersConfig(c2s, c2sTls, s2s, s2sTls, newHttp, newHttps);
    }
}
