/** What the XEP-0065 bytestreams proxy module and the SOCKS5 listener share. */
package dev.xmppd.core.bytestreams;
