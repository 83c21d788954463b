package dev.xmppd.s2s.in;

import dev.xmppd.core.jid.Jid;
import dev.xmppd.core.jid.JidFormatException;
import dev.xmppd.core.xml.Namespaces;
import dev.xmppd.core.xml.XmlElement;
import dev.xmppd.s2s.auth.CertificateVerdict;
import dev.xmppd.s2s.stream.S2sFeatures;
import dev.xmppd.s2s.stream.SaslExternal;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SASL EXTERNAL as receiving server (XEP-0178 §3, RFC 6120 §6): offered only after TLS, and only when the peer's
 * certificate validates for the domain its header names (§3 step 5: "offer EXTERNAL only then"), so a peer never
 * tries a mechanism bound to fail. The authzid, if any, must be that same domain.
 *
 * <p>One exchange per stream. {@link #handle} answers failures itself and returns the authenticated domain on
 * success; the stream handler sends {@code <success/>} and restarts the stream, since only it can restart the
 * decoder.
 */
final class InboundSasl {
    private static final Logger log = LoggerFactory.getLogger(InboundSasl.class);

    private final InboundStream stream;
    private String offeredFor;
    private boolean awaitingResponse;

    InboundSasl(InboundStream stream) {
        this.stream = stream;
    }

    /**
     * Decides whether the features about to be sent list EXTERNAL.
     *
     * @param peerDomain the {@code from} of the peer's current header, or {@code null}
     */
    boolean offer(String peerDomain) {
        offeredFor = null;
        if (stream.secure() && peerDomain != null) {
            CertificateVerdict verdict = stream.certificateFor(peerDomain);
            if (verdict.trusted()) {
                offeredFor = peerDomain;
            } else {
                log.debug("s2s: {} -> {} (inbound) no SASL EXTERNAL: {}", peerDomain, stream.local(),
                        verdict.reason());
            }
        }
        return offeredFor != null;
    }

    /**
     * Handles {@code <auth/>}, {@code <response/>} or {@code <abort/>}.
     *
     * @return the authenticated remote domain, or {@code null} if the exchange failed or goes on (already answered)
     */
    String handle(XmlElement e) {
        if (e.is(Namespaces.SASL, "abort")) {
            awaitingResponse = false;
            stream.send(SaslExternal.failure("aborted", null));
            return null;
        }
        boolean auth = e.is(Namespaces.SASL, "auth");
        if (!auth && !(awaitingResponse && e.is(Namespaces.SASL, "response"))) {
            return fail("malformed-request", "unexpected <" + e.name() + "/>");
        }
        if (auth && !S2sFeatures.EXTERNAL.equals(e.attribute("mechanism"))) {
            return fail("invalid-mechanism", "mechanism " + e.attribute("mechanism") + " is not offered");
        }
        if (offeredFor == null) {
            return fail(stream.secure() ? "invalid-mechanism" : "encryption-required",
                    stream.secure() ? "EXTERNAL is not offered: no certificate valid for your domain" : "use STARTTLS");
        }
        String authzid;
        try {
            authzid = SaslExternal.authzid(e);
        } catch (IllegalArgumentException ex) {
            return fail("incorrect-encoding", "the authzid is not base64");
        }
        if (authzid == null) {
            // RFC 6120 §6.4.2: no initial response, so an empty challenge asks for it.
            awaitingResponse = true;
            stream.send(SaslExternal.emptyChallenge());
            return null;
        }
        awaitingResponse = false;
        String domain = authzid.isEmpty() ? offeredFor : domainOrNull(authzid);
        if (!offeredFor.equals(domain)) {
            // XEP-0178 §3 step 7: the authzid must be the domain the stream header named.
            return fail("invalid-authzid", "authzid " + authzid + " is not " + offeredFor);
        }
        return domain;
    }

    private String fail(String condition, String reason) {
        stream.failed("sasl", condition + ": " + reason);
        stream.send(SaslExternal.failure(condition, reason));
        return null;
    }

    /** The normalized domain {@code value} names, or {@code null} if it is absent or not a bare domain. */
    static String domainOrNull(String value) {
        if (value == null) {
            return null;
        }
        try {
            Jid jid = Jid.parse(value);
            return jid.isDomain() ? jid.domain() : null;
        } catch (JidFormatException e) {
            return null;
        }
    }
}
