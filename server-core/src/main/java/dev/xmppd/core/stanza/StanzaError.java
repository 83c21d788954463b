package dev.xmppd.core.stanza;

import static java.util.Objects.requireNonNull;

import dev.xmppd.core.xml.Namespaces;
import dev.xmppd.core.xml.XmlElement;

/**
 * A stanza error (RFC 6120 §8.3): condition, type and optional human-readable text.
 *
 * <pre>{@code <error type='cancel'><service-unavailable xmlns='urn:ietf:params:xml:ns:xmpp-stanzas'/></error>}</pre>
 */
public record StanzaError(Condition condition, ErrorType type, String text) {

    public StanzaError {
        requireNonNull(condition, "condition");
        requireNonNull(type, "type");
    }

    public static StanzaError of(Condition condition) {
        return new StanzaError(condition, condition.defaultType(), null);
    }

    public static StanzaError of(Condition condition, String text) {
        return new StanzaError(condition, condition.defaultType(), text);
    }

    /** The {@code <error/>} child, in the stanza namespace so it inherits the stream's. */
    public XmlElement toElement() {
        XmlElement.Builder b = XmlElement.builder(Namespaces.CLIENT, "error")
                .attribute("type", type.value())
                .child(XmlElement.empty(Namespaces.STANZAS_ERRORS, condition.elementName()));
        if (text != null) {
            b.child(XmlElement.builder(Namespaces.STANZAS_ERRORS, "text").attribute("xml:lang", "en").text(text)
                    .build());
        }
        return b.build();
    }

    /** Reads the error child of a stanza of type error; unknown conditions read as undefined-condition. */
    public static StanzaError fromElement(XmlElement error) {
        Condition condition = Condition.UNDEFINED_CONDITION;
        String text = null;
        for (XmlElement child : error.elements()) {
            if (!Namespaces.STANZAS_ERRORS.equals(child.namespace())) {
                continue;
            }
            if (child.name().equals("text")) {
                text = child.text();
            } else {
                Condition c = Condition.fromElementName(child.name());
                if (c != null) {
                    condition = c;
                }
            }
        }
        ErrorType type = condition.defaultType();
        String t = error.attribute("type");
        if (t != null) {
            for (ErrorType et : ErrorType.values()) {
                if (et.value().equals(t)) {
                    type = et;
                }
            }
        }
        return new StanzaError(condition, type, text);
    }
}
