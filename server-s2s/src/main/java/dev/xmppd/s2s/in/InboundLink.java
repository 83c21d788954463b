package dev.xmppd.s2s.in;

import static java.util.Objects.requireNonNull;

import dev.xmppd.s2s.DomainPair;

/**
 * One domain pair a remote server has authenticated on one of its streams to us.
 *
 * @param pair our domain (the {@code to} of the stream or of the {@code <db:result/>}) and the remote one
 * @param method how it authenticated: {@code SASL EXTERNAL}, {@code dialback}, or {@code dialback (certificate)}
 *     when a {@code <db:result/>} was accepted on the strength of a certificate that validates for the domain
 * @param tlsProtocol the TLS protocol of the stream (e.g. {@code TLSv1.3}), or {@code null} without TLS
 */
public record InboundLink(DomainPair pair, String method, String tlsProtocol) {

    public static final String SASL_EXTERNAL = "SASL EXTERNAL";
    public static final String DIALBACK = "dialback";
    public static final String DIALBACK_CERTIFICATE = "dialback (certificate)";

    public InboundLink {
        requireNonNull(pair, "pair");
        requireNonNull(method, "method");
    }
}
