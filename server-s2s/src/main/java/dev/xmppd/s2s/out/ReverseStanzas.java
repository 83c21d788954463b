package dev.xmppd.s2s.out;

import dev.xmppd.core.router.StanzaRouter;
import dev.xmppd.core.stream.StreamError;
import dev.xmppd.core.xml.XmlElement;
import dev.xmppd.s2s.DomainPair;
import dev.xmppd.s2s.in.InboundStanzas;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The peer's stanzas on our outbound stream once it is bidirectional (XEP-0288): they pass the same checks as on an
 * inbound stream ({@link InboundStanzas}), with one authenticated sender domain, the remote end of our pair. XEP-0288
 * §2 lets the peer send only the inverse of the pair we authenticated; we could only be talking to that domain's
 * server, having resolved and, with SASL EXTERNAL, verified it ourselves. A stanza from another domain ends the
 * stream with {@code invalid-from}; one to a domain not served here with {@code host-unknown}.
 */
final class ReverseStanzas implements InboundStanzas.Peer {
    private static final Logger log = LoggerFactory.getLogger(ReverseStanzas.class);

    private final DomainPair pair;
    private final Consumer<StreamError> closer;
    private final InboundStanzas checks;

    /** @param closer ends our stream with the error (event loop) */
    ReverseStanzas(DomainPair pair, StanzaRouter router, Consumer<StreamError> closer) {
        this.pair = pair;
        this.closer = closer;
        this.checks = new InboundStanzas(router, this);
    }

    /** Checks and routes one element the peer sent; returns the router's stage, or {@code null}. */
    CompletionStage<?> handle(XmlElement e) {
        return checks.handle(e);
    }

    @Override
    public boolean hasAuthenticated() {
        return true;
    }

    @Override
    public boolean isAuthenticated(String remote) {
        return pair.remote().equals(remote);
    }

    @Override
    public void failed(String step, String reason) {
        log.warn("s2s: {} (bidi, the peer's direction) failed at {}: {}", pair, step, reason);
    }

    @Override
    public void closeStream(StreamError error) {
        closer.accept(error);
    }
}
