/**
 * The vocabulary both directions of a server-to-server stream speak: stream headers, stream features, the
 * dialback elements of XEP-0220 and the SASL EXTERNAL elements of XEP-0178, each built and read in one place so
 * the inbound and outbound state machines cannot disagree about the wire format.
 */
package dev.xmppd.s2s.stream;
