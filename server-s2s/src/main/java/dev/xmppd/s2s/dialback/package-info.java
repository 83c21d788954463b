/** Server Dialback (XEP-0220): keys derived from the server secret (XEP-0185) and verification of a peer's key. */
package dev.xmppd.s2s.dialback;
