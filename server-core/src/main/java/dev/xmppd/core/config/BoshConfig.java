package dev.xmppd.core.config;

import java.time.Duration;

/**
 * XMPP over BOSH, XEP-0124 and XEP-0206 (YAML {@code bosh}), served on {@code POST /http-bind} of the {@code https}
 * and {@code http} listeners and announced in XEP-0156 host-meta beside WebSocket. On the plain {@code http} listener
 * it follows {@code websocket.behind-tls-proxy}: BOSH sessions there are refused unless a proxy terminates TLS in
 * front.
 *
 * @param enabled {@code enabled}: serve BOSH clients (default true)
 * @param url {@code url}: the public BOSH URL announced in host-meta, e.g. {@code https://example.com/http-bind}
 *     behind a reverse proxy; {@code null} (default): {@code https://<host>:<listeners.https.port>/http-bind}, or the
 *     {@code http} listener's when {@code https} is disabled
 * @param maxWait {@code max-wait}: the longest a request is held waiting for something to send (60 s); a client
 *     asking for longer gets this
 * @param inactivity {@code inactivity}: how long a session may have no request waiting before it ends (60 s)
 */
public record BoshConfig(boolean enabled, String url, Duration maxWait, Duration inactivity) {

    public static BoshConfig defaults() {
        return new BoshConfig(true, null, Duration.ofSeconds(60), Duration.ofSeconds(60));
    }
}
