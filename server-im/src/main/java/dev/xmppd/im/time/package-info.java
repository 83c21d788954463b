/** Entity time of the server, XEP-0202. Starting point: TimeModule. */
package dev.xmppd.im.time;
