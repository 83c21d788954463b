package dev.xmppd.s2s.component;

import dev.xmppd.core.jid.Jid;
import dev.xmppd.core.jid.JidFormatException;
import dev.xmppd.core.router.StanzaRouter;
import dev.xmppd.core.stanza.Stanza;
import dev.xmppd.core.stanza.StanzaException;
import dev.xmppd.core.stream.StreamError;
import dev.xmppd.core.stream.StreamErrorCondition;
import dev.xmppd.core.xml.Namespaces;
import dev.xmppd.core.xml.XmlElement;
import java.util.Set;
import java.util.concurrent.CompletionStage;

/**
 * The checks a stanza from an authenticated component passes before the router takes it with its {@code from}
 * trusted (XEP-0114 §3: "all stanzas sent to the server MUST possess a 'from' attribute and a 'to' attribute ...
 * the domain identifier portion of the JID contained in the 'from' attribute MUST match the hostname of the
 * component"). A missing or malformed address is {@code improper-addressing}, a {@code from} at another domain
 * {@code invalid-from}, anything but a stanza {@code unsupported-stanza-type}: stream errors, since the component
 * itself is broken. The {@code to} may be anywhere: local users, MUC, other components, remote domains.
 *
 * <p>Stanzas enter the router in {@code jabber:client}, the namespace every module and store sees from local users
 * (as for federation, {@code InboundStanzas}); leaving towards a component they are written without {@code xmlns}
 * and take {@code jabber:component:accept} from its stream (RFC 6120 §4.8.3).
 */
final class ComponentStanzas {
    private static final Set<String> STANZAS = Set.of("message", "presence", "iq");

    /** Rejects the stream: the reason is logged and sent as the stream error. */
    interface Rejection {
        void reject(StreamError error);
    }

    private final StanzaRouter router;

    ComponentStanzas(StanzaRouter router) {
        this.router = router;
    }

    /**
     * Checks and routes one top-level element from the component serving {@code domain}; returns the router's
     * stage, or {@code null} if nothing was routed.
     */
    CompletionStage<?> handle(String domain, XmlElement e, Rejection reject) {
        if (!Namespaces.COMPONENT.equals(e.namespace()) || !STANZAS.contains(e.name())) {
            reject.reject(new StreamError(StreamErrorCondition.UNSUPPORTED_STANZA_TYPE,
                    "unexpected <" + e.name() + " xmlns='" + e.namespace() + "'/>"));
            return null;
        }
        Jid from = address(e, "from", reject);
        Jid to = from == null ? null : address(e, "to", reject);
        if (to == null) {
            return null;
        }
        if (!from.domain().equals(domain)) {
            reject.reject(new StreamError(StreamErrorCondition.INVALID_FROM,
                    "'from' must be " + domain + " or a JID at it, not " + from));
            return null;
        }
        XmlElement element = e.withNamespaceMoved(Namespaces.COMPONENT, Namespaces.CLIENT);
        Stanza stanza;
        try {
            stanza = Stanza.parse(element);
        } catch (StanzaException ex) {
            // Addressed correctly but otherwise broken: the component gets a stanza error, as a client would.
            if (!"error".equals(e.attribute("type"))) {
                return router.route(Stanza.parse(Stanza.errorReplyElement(element, ex.error())));
            }
            return null;
        }
        return router.route(stanza);
    }

    private static Jid address(XmlElement e, String attribute, Rejection reject) {
        String value = e.attribute(attribute);
        if (value == null || value.isEmpty()) {
            reject.reject(new StreamError(StreamErrorCondition.IMPROPER_ADDRESSING,
                    "a stanza without '" + attribute + "'"));
            return null;
        }
        try {
            return Jid.parse(value);
        } catch (JidFormatException ex) {
            reject.reject(new StreamError(StreamErrorCondition.IMPROPER_ADDRESSING,
                    "'" + attribute + "' is not a JID: " + value));
            return null;
        }
    }
}
