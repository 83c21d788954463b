/**
 * The stanza router: addressing rules of RFC 6120 §10 and RFC 6121 §8, dispatch to modules, and module lifecycle.
 * Starting points: StanzaRouter, Modules, RemoteDelivery.
 */
package dev.xmppd.core.router;
