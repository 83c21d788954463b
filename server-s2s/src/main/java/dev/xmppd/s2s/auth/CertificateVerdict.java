package dev.xmppd.s2s.auth;

import static java.util.Objects.requireNonNull;

/**
 * Whether a peer's certificate chain authenticates a domain (XEP-0178 §3).
 *
 * @param trusted true if the chain validates to a trusted CA and the leaf names the domain
 * @param reason why not, for the log ("no certificate", "self-signed", "names a.example, b.example, not c.example");
 *     "ok" when trusted
 */
public record CertificateVerdict(boolean trusted, String reason) {

    public static final CertificateVerdict OK = new CertificateVerdict(true, "ok");

    public CertificateVerdict {
        requireNonNull(reason, "reason");
    }

    public static CertificateVerdict untrusted(String reason) {
        return new CertificateVerdict(false, reason);
    }
}
