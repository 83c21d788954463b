/**
 * Client-to-server streams: listeners on 5222 (STARTTLS) and 5223 (direct TLS), stream negotiation and sessions.
 * Starting points: C2sServer, C2sStreamHandler (one per connection), which hands elements to C2sNegotiation until a
 * resource is bound and to C2sStanzas after.
 */
package dev.xmppd.c2s;
