/** SOCKS5 Bytestreams (XEP-0065): the {@code proxy.<host>} service that mediates file transfers. */
package dev.xmppd.im.bytestreams;
