/** Stanza forwarding (XEP-0297), delayed-delivery stamps (XEP-0203) and processing hints (XEP-0334), shared by offline storage, carbons and the archive. */
package dev.xmppd.im.forward;
