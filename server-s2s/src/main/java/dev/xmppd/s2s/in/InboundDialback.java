package dev.xmppd.s2s.in;

import dev.xmppd.core.config.StartTlsPolicy;
import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stream.StreamError;
import dev.xmppd.core.stream.StreamErrorCondition;
import dev.xmppd.s2s.DomainPair;
import dev.xmppd.s2s.S2sServices;
import dev.xmppd.s2s.auth.CertificateVerdict;
import dev.xmppd.s2s.dialback.DialbackVerifier;
import dev.xmppd.s2s.stream.DialbackElement;
import java.util.HashSet;
import java.util.Set;
import java.util.concurrent.TimeoutException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Server Dialback on an inbound stream (XEP-0220 §2.2), both roles:
 * <ul>
 *   <li><b>receiving server</b>: a {@code <db:result/>} asks us to accept stanzas from a remote domain for one of
 *       ours. We ask the remote domain's authoritative server through the {@link DialbackVerifier} (our own outbound
 *       stream) and answer valid or invalid; several pairs may be pending and authenticated on one stream
 *       (multiplexing, §2.6), and stanzas of pairs already verified keep flowing meanwhile. A certificate that
 *       validates for the remote domain is proof enough, without the round trip;</li>
 *   <li><b>authoritative server</b>: a {@code <db:verify/>} asks whether we issued a key. We recompute it from our
 *       secret ({@link dev.xmppd.s2s.dialback.DialbackKeys}) and answer, on any stream, authenticated or not: the
 *       asking server verifies before it authenticates anything, possibly on a stream of its own that waits for
 *       our answer.</li>
 * </ul>
 * Problems with one pair are dialback errors ({@code type='error'}, §2.4), not stream errors, so other pairs on the
 * stream survive; only an invalid key on a stream with nothing else authenticated ends the stream (§2.2.1).
 */
final class InboundDialback {
    private static final Logger log = LoggerFactory.getLogger(InboundDialback.class);
    /** Verifications one stream may have in flight; each costs a round trip to another server. */
    static final int MAX_PENDING = 16;

    private final S2sServices services;
    private final DialbackVerifier verifier;
    private final InboundStream stream;
    private final StartTlsPolicy policy;
    private final Set<DomainPair> pending = new HashSet<>();
    private boolean answeredVerify;

    InboundDialback(S2sServices services, DialbackVerifier verifier, InboundStream stream, StartTlsPolicy policy) {
        this.services = services;
        this.verifier = verifier;
        this.stream = stream;
        this.policy = policy;
    }

    /** True while some {@code <db:result/>} waits for the authoritative server. */
    boolean hasPending() {
        return !pending.isEmpty();
    }

    /** True once this stream has served as a verification stream (the authoritative role). */
    boolean answeredVerify() {
        return answeredVerify;
    }

    void handle(DialbackElement db) {
        if (db.type() != DialbackElement.Type.REQUEST) {
            // §2.2: answers come on the streams we initiate; we start no dialback on a bidirectional inbound stream
            // either (XEP-0288 §2 allows it, but nothing here needs it), so nothing asked a question.
            log.info("s2s: {} sent an unsolicited <db:{} type='{}'/> on its inbound stream; ignored", stream.peer(),
                    db.kind().elementName(), db.type().value());
            return;
        }
        if (db.kind() == DialbackElement.Kind.VERIFY) {
            onVerify(db);
        } else {
            onResult(db);
        }
    }

    private void onResult(DialbackElement db) {
        String local = db.to();
        String remote = db.from();
        DomainPair pair = new DomainPair(local, remote);
        if (!services.router().servesDomain(local)) {
            refuse(db, Condition.ITEM_NOT_FOUND, "this server does not serve " + local, "we do not serve " + local);
            return;
        }
        if (services.router().servesDomain(remote)) {
            warn(pair, "it claims to be " + remote + ", a domain of this server");
            stream.send(DialbackElement.resultAnswer(local, remote, false).toWire());
            return;
        }
        if (!stream.secure() && policy == StartTlsPolicy.REQUIRED) {
            refuse(db, Condition.POLICY_VIOLATION, "use STARTTLS first", "dialback before TLS");
            return;
        }
        if (pending.contains(pair)) {
            log.debug("s2s: {} -> {} (inbound) repeated <db:result/> while verifying; ignored", remote, local);
            return;
        }
        CertificateVerdict certificate = stream.certificateFor(remote);
        if (certificate.trusted()) {
            accept(local, remote, InboundLink.DIALBACK_CERTIFICATE);
            return;
        }
        if (!services.config().s2s().dialbackAllowed()) {
            refuse(db, Condition.NOT_AUTHORIZED, "a certificate valid for " + remote + " is required",
                    "s2s.auth is certificates and the certificate does not validate (" + certificate.reason() + ")");
            return;
        }
        if (pending.size() >= MAX_PENDING) {
            refuse(db, Condition.RESOURCE_CONSTRAINT, "too many verifications in progress",
                    MAX_PENDING + " verifications already in progress on this stream");
            return;
        }
        pending.add(pair);
        String streamId = stream.streamId();
        log.debug("s2s: {} -> {} (inbound) asking {}'s authoritative server about the key of stream {}", remote,
                local, remote, streamId);
        verifier.verify(local, remote, streamId, db.key()).whenComplete((valid, failure) ->
                stream.executor().execute(() -> verified(pair, valid, failure)));
    }

    private void verified(DomainPair pair, Boolean valid, Throwable failure) {
        pending.remove(pair);
        if (stream.isClosing()) {
            return;
        }
        String local = pair.local();
        String remote = pair.remote();
        if (failure != null) {
            boolean timeout = isTimeout(failure);
            warn(pair, "cannot verify the key with " + remote + "'s authoritative server: " + message(failure));
            stream.send(DialbackElement.resultError(local, remote, timeout ? Condition.REMOTE_SERVER_TIMEOUT
                    : Condition.REMOTE_SERVER_NOT_FOUND, "cannot reach " + remote + " to verify the key").toWire());
        } else if (Boolean.TRUE.equals(valid)) {
            accept(local, remote, InboundLink.DIALBACK);
        } else {
            warn(pair, "invalid key (" + remote + "'s authoritative server says so)");
            stream.send(DialbackElement.resultAnswer(local, remote, false).toWire());
            if (!stream.hasAuthenticated() && pending.isEmpty()) {
                // §2.2.1: nothing else is authenticated here, so the stream ends.
                stream.closeStream(new StreamError(StreamErrorCondition.NOT_AUTHORIZED,
                        "the dialback key for " + remote + " is invalid"));
            }
        }
    }

    private void accept(String local, String remote, String method) {
        if (stream.authenticated(local, remote, method)) {
            stream.send(DialbackElement.resultAnswer(local, remote, true).toWire());
        } else {
            stream.send(DialbackElement.resultError(local, remote, Condition.RESOURCE_CONSTRAINT,
                    "too many streams from " + remote).toWire());
        }
    }

    private void refuse(DialbackElement db, Condition condition, String text, String reason) {
        warn(new DomainPair(db.to(), db.from()), reason);
        stream.send(DialbackElement.resultError(db.to(), db.from(), condition, text).toWire());
    }

    /** The authoritative role (§2.2.2): did we issue this key? */
    private void onVerify(DialbackElement db) {
        String receiving = db.from();
        String originating = db.to();
        answeredVerify = true;
        if (!services.router().servesDomain(originating)) {
            log.info("s2s: {} (inbound from {}) asked us to verify a dialback key for {}, which this server does not"
                    + " serve", receiving, stream.peer(), originating);
            stream.send(DialbackElement.verifyError(originating, receiving, db.id(), Condition.ITEM_NOT_FOUND,
                    "this server does not serve " + originating).toWire());
            return;
        }
        boolean valid = services.dialbackKeys().isValid(receiving, originating, db.id(), db.key());
        if (valid) {
            log.debug("s2s: {} (inbound from {}) verified our dialback key for {} -> {}", receiving, stream.peer(),
                    originating, receiving);
        } else {
            log.info("s2s: {} (inbound from {}) asked about a dialback key for {} -> {} (stream {}) that we did not"
                    + " issue: invalid", receiving, stream.peer(), originating, receiving, db.id());
        }
        stream.send(DialbackElement.verifyAnswer(originating, receiving, db.id(), valid).toWire());
    }

    private void warn(DomainPair pair, String reason) {
        log.warn("s2s: {} -> {} (inbound from {}) failed at dialback: {}", pair.remote(), pair.local(), stream.peer(),
                reason);
    }

    private static boolean isTimeout(Throwable t) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c instanceof TimeoutException || c instanceof io.netty.channel.ConnectTimeoutException) {
                return true;
            }
        }
        return false;
    }

    private static String message(Throwable t) {
        Throwable root = t;
        while ((root instanceof java.util.concurrent.CompletionException
                || root instanceof java.util.concurrent.ExecutionException) && root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage() != null ? root.getMessage() : root.getClass().getSimpleName();
    }
}
