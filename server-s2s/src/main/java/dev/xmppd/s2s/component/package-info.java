/**
 * External components (XEP-0114, {@code jabber:component:accept}): gateways, bots and services that run as their
 * own process, connect to {@code listeners.component} and serve a whole domain. Starting points:
 * {@link dev.xmppd.s2s.component.ComponentServer} (listener, routes, lifecycle) and {@code ComponentStreamHandler}
 * (the stream: header, handshake, stanzas).
 */
package dev.xmppd.s2s.component;
