/** Last activity, XEP-0012: the server's uptime and when an account was last online. Starting point: LastActivityModule. */
package dev.xmppd.im.last;
