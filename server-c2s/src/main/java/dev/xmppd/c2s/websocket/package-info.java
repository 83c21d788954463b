/**
 * XMPP over WebSocket (RFC 7395) on the HTTP listeners, and its discovery (XEP-0156 host-meta).
 *
 * <p>{@link dev.xmppd.c2s.websocket.WebSocketRoute} upgrades {@code GET /xmpp-websocket} and answers the
 * {@code /.well-known/host-meta} documents; {@link dev.xmppd.c2s.websocket.XmppFraming} turns each text frame into
 * the objects the TCP stream decoder emits (and back), so the client stream handler runs unchanged on both transports.
 */
package dev.xmppd.c2s.websocket;
