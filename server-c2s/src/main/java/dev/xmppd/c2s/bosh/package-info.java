/**
 * XMPP over BOSH (XEP-0124, XEP-0206) on the HTTP listeners: each BOSH session is a virtual channel carrying the same
 * client stream handler as TCP and WebSocket, fed by HTTP requests and answered through held ones.
 */
package dev.xmppd.c2s.bosh;
