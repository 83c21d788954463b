/** A load generator for issue #4: many raw XMPP clients on Netty against a running server (scenarios A–D). */
package dev.xmppd.bench.load;
