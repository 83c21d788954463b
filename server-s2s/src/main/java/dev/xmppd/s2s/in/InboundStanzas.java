package dev.xmppd.s2s.in;

import dev.xmppd.core.jid.Jid;
import dev.xmppd.core.jid.JidFormatException;
import dev.xmppd.core.router.StanzaRouter;
import dev.xmppd.core.stanza.Stanza;
import dev.xmppd.core.stanza.StanzaException;
import dev.xmppd.core.stream.StreamError;
import dev.xmppd.core.stream.StreamErrorCondition;
import dev.xmppd.core.xml.Namespaces;
import dev.xmppd.core.xml.XmlElement;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The checks an inbound stanza passes before the router takes it with its {@code from} trusted (RFC 6120 §4.9.3,
 * §8.1.1.1, §13.7.1): the stream must have authenticated something (else {@code not-authorized}); {@code to} and
 * {@code from} must be present and valid ({@code improper-addressing}); the {@code from} domain must be one the
 * stream authenticated ({@code invalid-from}); the {@code to} domain must be served here ({@code host-unknown}).
 * Each of these is a stream error: the peer server is broken or lying, not one of its users.
 *
 * <p>Any of our domains may be addressed once the sender's domain is authenticated on the stream: the proof is
 * about who sends, and a peer multiplexing target domains (XEP-0220 §2.6.2) needs no more.
 *
 * <p>Stanzas enter the router in {@code jabber:client}, the namespace every module and store sees from local users
 * ({@link XmlElement#withNamespaceMoved}): a remote message with its {@code <body/>} still in {@code jabber:server} would be
 * written as {@code <body xmlns='jabber:server'/>} inside a carbon copy or an archive result, where clients do not
 * find it. Leaving the server, elements in either stanza namespace are written without {@code xmlns} and take the
 * namespace of the stream they go out on (RFC 6120 §4.8.3).
 *
 * <p>Public for the outbound side: on a bidirectional stream (XEP-0288) the peer's stanzas arrive on a stream we
 * initiated and pass the same checks, with the pair that stream authenticated.
 */
public final class InboundStanzas {
    private static final Logger log = LoggerFactory.getLogger(InboundStanzas.class);

    /** The stream the stanzas arrive on, as the checks see it; called on its event loop. */
    public interface Peer {
        /** True once any domain pair is authenticated for stanzas from the peer. */
        boolean hasAuthenticated();

        /** True if the peer may send stanzas from {@code remote}. */
        boolean isAuthenticated(String remote);

        /** Logs a failed step at WARN, naming the link. */
        void failed(String step, String reason);

        /** Ends the stream with {@code error}, then the connection. */
        void closeStream(StreamError error);
    }

    private final StanzaRouter router;
    private final Peer stream;

    public InboundStanzas(StanzaRouter router, Peer stream) {
        this.router = router;
        this.stream = stream;
    }

    /** Checks and routes one top-level element; returns the router's stage, or {@code null} if none. */
    public CompletionStage<?> handle(XmlElement e) {
        if (!Stanza.isStanza(e)) {
            return close(StreamErrorCondition.UNSUPPORTED_STANZA_TYPE,
                    "unexpected <" + e.name() + " xmlns='" + e.namespace() + "'/>");
        }
        if (!stream.hasAuthenticated()) {
            return close(StreamErrorCondition.NOT_AUTHORIZED, "a stanza before authentication");
        }
        Jid from = address(e, "from");
        Jid to = address(e, "to");
        if (from == null || to == null) {
            return null;
        }
        if (!stream.isAuthenticated(from.domain())) {
            return close(StreamErrorCondition.INVALID_FROM, from.domain() + " is not authenticated on this stream");
        }
        if (!router.servesDomain(to.domain())) {
            return close(StreamErrorCondition.HOST_UNKNOWN, "this server does not serve " + to.domain());
        }
        XmlElement element = e.withNamespaceMoved(Namespaces.SERVER, Namespaces.CLIENT);
        Stanza stanza;
        try {
            stanza = Stanza.parse(element);
        } catch (StanzaException ex) {
            // The envelope is addressed correctly but otherwise broken: the sender gets a stanza error.
            log.debug("s2s: {} -> {} (inbound) bad stanza: {}", from, to, ex.getMessage());
            if (!"error".equals(e.attribute("type"))) {
                return router.route(Stanza.parse(Stanza.errorReplyElement(element, ex.error())));
            }
            return null;
        }
        if (log.isDebugEnabled()) {
            log.debug("s2s: {} -> {} (inbound) <{}/> from {} to {}", from.domain(), to.domain(), e.name(), from, to);
        }
        return router.route(stanza);
    }

    private Jid address(XmlElement e, String attribute) {
        String value = e.attribute(attribute);
        if (value == null || value.isEmpty()) {
            close(StreamErrorCondition.IMPROPER_ADDRESSING, "a stanza without '" + attribute + "'");
            return null;
        }
        try {
            return Jid.parse(value);
        } catch (JidFormatException ex) {
            close(StreamErrorCondition.IMPROPER_ADDRESSING, "'" + attribute + "' is not a JID: " + value);
            return null;
        }
    }

    private CompletionStage<?> close(StreamErrorCondition condition, String reason) {
        stream.failed("stanza", condition.elementName() + ": " + reason);
        stream.closeStream(new StreamError(condition, reason));
        return null;
    }

    /** "condition: text" of a stream error, for the log. */
    static String describe(StreamError error) {
        return error.text() == null ? error.condition().elementName()
                : error.condition().elementName() + ": " + error.text();
    }

    /** "condition: text" of a {@code <stream:error/>} the peer sent, for the log. */
    static String describeStreamError(XmlElement error) {
        String condition = "undefined-condition";
        String text = null;
        for (XmlElement child : error.elements()) {
            if (Namespaces.STREAMS_ERRORS.equals(child.namespace())) {
                if (child.name().equals("text")) {
                    text = child.text();
                } else {
                    condition = child.name();
                }
            }
        }
        return text == null ? condition : condition + ": " + text;
    }
}
