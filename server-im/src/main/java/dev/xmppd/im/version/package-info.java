/** Software version of the server, XEP-0092. Starting point: VersionModule. */
package dev.xmppd.im.version;
