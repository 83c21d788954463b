/** Resource binding, RFC 6120 §7. Starting point: ResourceBinding. */
package dev.xmppd.c2s.bind;
