/** The server's entity capabilities in its stream features, XEP-0115. Starting point: CapsModule. */
package dev.xmppd.im.caps;
