/**
 * Client-to-server streams: listeners on 5222 (STARTTLS) and 5223 (direct TLS), stream negotiation and sessions.
 * Starting points: C2sServer, C2sStreamHandler.
 */
package dev.xmppd.c2s;
