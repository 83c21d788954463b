/** XMPP Ping, XEP-0199. Starting point: PingModule. */
package dev.xmppd.im.ping;
