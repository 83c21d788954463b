package dev.xmppd.s2s.auth;

import java.security.cert.X509Certificate;
import java.util.List;

/** Checks a peer server's certificate chain against the trusted CAs and the domain it claims (RFC 6125). */
public interface PeerCertificates {

    /**
     * @param chain the peer's chain, leaf first, as the TLS session presented it (empty if it presented none)
     * @param domain the domain the peer claims to be (the stream's {@code from}, or the domain we connected to)
     */
    CertificateVerdict verify(List<X509Certificate> chain, String domain);
}
