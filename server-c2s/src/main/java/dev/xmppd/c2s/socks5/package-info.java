/**
 * The SOCKS5 listener of the XEP-0065 bytestreams proxy: {@link dev.xmppd.c2s.socks5.Socks5Proxy} accepts the
 * target's and the requester's connections, {@link dev.xmppd.c2s.socks5.Socks5Handshake} reads their RFC 1928
 * greeting and CONNECT request, and once the {@code proxy65} module activates a pair,
 * {@link dev.xmppd.c2s.socks5.Socks5Pipe} copies bytes between them with back-pressure.
 */
package dev.xmppd.c2s.socks5;
