/** Offline message storage (XEP-0160) with delayed-delivery stamps (XEP-0203). Starting point: OfflineModule. */
package dev.xmppd.im.offline;
