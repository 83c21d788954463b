/** The parts of the stream decoder that do not touch Netty: Aalto driving, limits, header checks, element trees. */
package dev.xmppd.core.stream.internal;
