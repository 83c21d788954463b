/** Service discovery of the server (XEP-0030). Starting point: DiscoModule. */
package dev.xmppd.core.disco;
