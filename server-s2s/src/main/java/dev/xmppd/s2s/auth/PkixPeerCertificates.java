package dev.xmppd.s2s.auth;

import static java.util.Objects.requireNonNull;

import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertPathBuilderException;
import java.security.cert.CertStore;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import javax.security.auth.x500.X500Principal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Judges a peer server's certificate chain as XEP-0178 and RFC 6120 §13.7.2 require before SASL EXTERNAL: PKIX path
 * validation (RFC 5280) to a trusted CA, then the RFC 6125 identity of the domain (see {@code PresentedIdentities}:
 * DNS-ID with restricted wildcards, SRV-ID {@code _xmpp-server}, XmppAddr, CN only without those).
 *
 * <p>Trusted CAs are the JDK's default ones plus every certificate in the {@code s2s.ca} files. A certificate listed
 * there is trusted as it is, so an operator can also pin a peer's self-signed certificate. Revocation is not checked
 * (no OCSP or CRL fetches from the server's threads); validity is checked at the current time. Extended key usage is
 * not required: many server certificates carry only {@code serverAuth}, and they authenticate inbound streams too.
 *
 * <p>Verdict reasons name what an operator must fix: {@code no certificate}, {@code expired on 2026-01-01},
 * {@code self-signed}, {@code not signed by a trusted CA (issuer CN=...)}, {@code names [a.example, *.b.example], not
 * c.example}. {@link #verify} checks signatures, a few milliseconds of CPU: call it from the stream's event loop once
 * per stream, not per stanza.
 *
 * <pre>
 * PeerCertificates certificates = new PkixPeerCertificates(config.s2s().ca());    // at start-up; ConfigException
 * CertificateVerdict verdict = certificates.verify(S2sTlsContexts.peerChain(sslHandler), "b.example");
 * if (!verdict.trusted()) log.info("s2s b.example: certificate not accepted ({}), dialback only", verdict.reason());
 * </pre>
 */
public final class PkixPeerCertificates implements PeerCertificates {

    private static final Logger log = LoggerFactory.getLogger(PkixPeerCertificates.class);

    private final Set<TrustAnchor> anchors;
    private final Set<X509Certificate> trustedCertificates;
    private final Set<X500Principal> trustedSubjects;
    private final Clock clock;

    /**
     * Trusts the JDK's default CAs and the certificates of the {@code s2s.ca} files.
     *
     * @throws dev.xmppd.core.config.ConfigException if a file is unreadable or holds no certificate, naming the file
     */
    public PkixPeerCertificates(List<Path> caFiles) {
        this(readAll(caFiles), true, Clock.systemUTC());
        log.info("s2s: trusting {} CA certificates for peer servers: the JDK's and those of s2s.ca {}",
                anchors.size(), caFiles);
    }

    /** For tests: the given CAs, with or without the JDK's, and a clock for "now". */
    PkixPeerCertificates(Collection<X509Certificate> cas, boolean includeSystemCas, Clock clock) {
        this.clock = requireNonNull(clock, "clock");
        Set<X509Certificate> trusted = new LinkedHashSet<>(cas);
        if (includeSystemCas) {
            trusted.addAll(TrustedCas.system());
        }
        Set<TrustAnchor> anchorSet = new HashSet<>();
        Set<X500Principal> subjects = new HashSet<>();
        for (X509Certificate ca : trusted) {
            anchorSet.add(new TrustAnchor(ca, null));
            subjects.add(ca.getSubjectX500Principal());
        }
        if (anchorSet.isEmpty()) {
            throw new IllegalArgumentException("cas: none (expected: at least one trusted CA certificate)");
        }
        this.trustedCertificates = Set.copyOf(trusted);
        this.anchors = Set.copyOf(anchorSet);
        this.trustedSubjects = Set.copyOf(subjects);
    }

    private static List<X509Certificate> readAll(List<Path> caFiles) {
        List<X509Certificate> cas = new ArrayList<>();
        for (Path file : requireNonNull(caFiles, "caFiles")) {
            cas.addAll(TrustedCas.read(file));
        }
        return cas;
    }

    @Override
    public CertificateVerdict verify(List<X509Certificate> chain, String domain) {
        requireNonNull(chain, "chain");
        requireNonNull(domain, "domain");
        if (chain.isEmpty()) {
            return CertificateVerdict.untrusted("no certificate");
        }
        Instant now = clock.instant();
        String invalid = validity(chain, now);
        if (invalid != null) {
            return CertificateVerdict.untrusted(invalid);
        }
        String untrusted = trustProblem(chain, now);
        if (untrusted != null) {
            return CertificateVerdict.untrusted(untrusted);
        }
        PresentedIdentities identities = PresentedIdentities.of(chain.get(0));
        if (!identities.matches(domain)) {
            return CertificateVerdict.untrusted("names " + identities.describe() + ", not " + domain);
        }
        return CertificateVerdict.OK;
    }

    /** Why a certificate of the chain is not valid now, or {@code null}. */
    private static String validity(List<X509Certificate> chain, Instant now) {
        for (int i = 0; i < chain.size(); i++) {
            X509Certificate certificate = chain.get(i);
            String which = i == 0 ? "" : "intermediate " + certificate.getSubjectX500Principal().getName() + " ";
            if (now.isAfter(certificate.getNotAfter().toInstant())) {
                return which + "expired on " + day(certificate.getNotAfter());
            }
            if (now.isBefore(certificate.getNotBefore().toInstant())) {
                return which + "not valid before " + day(certificate.getNotBefore());
            }
        }
        return null;
    }

    /** Why the chain does not lead to a trusted CA, or {@code null} if it does. */
    private String trustProblem(List<X509Certificate> chain, Instant now) {
        X509Certificate leaf = chain.get(0);
        if (trustedCertificates.contains(leaf)) {
            return null; // Pinned in s2s.ca.
        }
        try {
            X509CertSelector target = new X509CertSelector();
            target.setCertificate(leaf);
            PKIXBuilderParameters parameters = new PKIXBuilderParameters(anchors, target);
            parameters.setRevocationEnabled(false);
            parameters.setDate(Date.from(now));
            parameters.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(chain)));
            CertPathBuilder.getInstance("PKIX").build(parameters);
            return null;
        } catch (CertPathBuilderException e) {
            return diagnose(chain, e);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("PKIX path building is unavailable: " + e.getMessage(), e);
        }
    }

    private String diagnose(List<X509Certificate> chain, CertPathBuilderException e) {
        X509Certificate leaf = chain.get(0);
        if (chain.size() == 1 && selfSigned(leaf)) {
            return "self-signed";
        }
        X509Certificate top = chain.get(chain.size() - 1);
        X500Principal issuer = selfSigned(top) ? top.getSubjectX500Principal() : top.getIssuerX500Principal();
        if (!trustedSubjects.contains(issuer)) {
            return "not signed by a trusted CA (issuer " + issuer.getName() + ")";
        }
        // The CA is trusted, yet no valid path: a bad signature, a missing intermediate, a CA constraint broken.
        return "no valid path to the trusted CA " + issuer.getName() + " (" + e.getMessage() + ")";
    }

    private static boolean selfSigned(X509Certificate certificate) {
        if (!certificate.getSubjectX500Principal().equals(certificate.getIssuerX500Principal())) {
            return false;
        }
        try {
            certificate.verify(certificate.getPublicKey());
            return true;
        } catch (GeneralSecurityException e) {
            return false;
        }
    }

    private static String day(Date date) {
        return date.toInstant().atOffset(ZoneOffset.UTC).toLocalDate().toString();
    }
}
