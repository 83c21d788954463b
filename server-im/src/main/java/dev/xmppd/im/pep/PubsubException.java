package dev.xmppd.im.pep;

import static java.util.Objects.requireNonNull;

import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stanza.Iq;
import dev.xmppd.core.stanza.StanzaError;
import dev.xmppd.core.xml.XmlElement;
import java.util.List;

/**
 * A pubsub error (XEP-0060 §7-§8): a stanza error plus an application condition in
 * {@code http://jabber.org/protocol/pubsub#errors}, such as {@code <precondition-not-met/>}. Carries no stack trace:
 * it is an answer, not a fault.
 *
 * <pre>
 * S: &lt;iq type='error'&gt;&lt;error type='cancel'&gt;&lt;conflict xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/&gt;
 *      &lt;precondition-not-met xmlns='http://jabber.org/protocol/pubsub#errors'/&gt;&lt;/error&gt;&lt;/iq&gt;
 * </pre>
 */
final class PubsubException extends RuntimeException {
    static final String ERRORS = "http://jabber.org/protocol/pubsub#errors";

    private final StanzaError error;
    private final String appCondition;
    private final String feature;

    private PubsubException(StanzaError error, String appCondition, String feature) {
        super(error.condition().elementName() + (appCondition == null ? "" : "/" + appCondition)
                + (error.text() == null ? "" : ": " + error.text()), null, false, false);
        this.error = requireNonNull(error, "error");
        this.appCondition = appCondition;
        this.feature = feature;
    }

    /** An error with an application condition of pubsub#errors (null for none). */
    static PubsubException of(Condition condition, String appCondition, String text) {
        return new PubsubException(StanzaError.of(condition, text), appCondition, null);
    }

    /** XEP-0060 §7.1.5: publish-options that do not match the node's configuration. */
    static PubsubException preconditionNotMet(String text) {
        return of(Condition.CONFLICT, "precondition-not-met", text);
    }

    /** XEP-0060's {@code feature-not-implemented} with {@code <unsupported feature='…'/>}. */
    static PubsubException unsupported(String feature) {
        return new PubsubException(StanzaError.of(Condition.FEATURE_NOT_IMPLEMENTED), "unsupported", feature);
    }

    static PubsubException itemNotFound(String text) {
        return of(Condition.ITEM_NOT_FOUND, null, text);
    }

    static PubsubException badRequest(String appCondition, String text) {
        return of(Condition.BAD_REQUEST, appCondition, text);
    }

    static PubsubException notAcceptable(String appCondition, String text) {
        return of(Condition.NOT_ACCEPTABLE, appCondition, text);
    }

    /**
     * The error reply to a request: only the {@code <error/>} child, without the request's payload (RFC 6120 §8.3.1
     * makes echoing it optional, and a publish can be large).
     */
    Iq reply(Iq request) {
        Iq reply = request.error(error);
        XmlElement errorElement = reply.element().element(reply.element().namespace(), "error");
        if (appCondition != null) {
            errorElement = errorElement.withChild(
                    XmlElement.builder(ERRORS, appCondition).attribute("feature", feature).build());
        }
        return new Iq(reply.element().withChildren(List.of(errorElement)), reply.to(), reply.from(), reply.type());
    }

    StanzaError error() {
        return error;
    }

    String appCondition() {
        return appCondition;
    }
}
