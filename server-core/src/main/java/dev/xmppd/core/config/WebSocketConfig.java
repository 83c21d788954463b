package dev.xmppd.core.config;

/**
 * XMPP over WebSocket, RFC 7395 (YAML {@code websocket}), served on {@code GET /xmpp-websocket} of the
 * {@code https} and {@code http} listeners and announced through XEP-0156 {@code /.well-known/host-meta}.
 *
 * @param enabled {@code enabled}: serve WebSocket clients and the host-meta documents (default true)
 * @param url {@code url}: the public WebSocket URL announced in host-meta, e.g.
 *     {@code wss://example.com/xmpp-websocket} behind a reverse proxy; {@code null} (default): {@code wss://<host>:<listeners.https.port>/xmpp-websocket}, or
 *     {@code ws://<host>:<listeners.http.port>/xmpp-websocket} when {@code https} is disabled
 * @param behindTlsProxy {@code behind-tls-proxy}: the plain {@code http} listener is reached only through a proxy
 *     that terminates TLS, so WebSocket streams on it count as secure (default false: they are refused, since
 *     STARTTLS does not exist over WebSocket)
 */
public record WebSocketConfig(boolean enabled, String url, boolean behindTlsProxy) {

    public static WebSocketConfig defaults() {
        return new WebSocketConfig(true, null, false);
    }
}
