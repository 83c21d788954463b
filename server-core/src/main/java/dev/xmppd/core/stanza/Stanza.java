package dev.xmppd.core.stanza;

import dev.xmppd.core.jid.Jid;
import dev.xmppd.core.jid.JidFormatException;
import dev.xmppd.core.xml.Namespaces;
import dev.xmppd.core.xml.XmlElement;
import dev.xmppd.core.xml.XmlNode;
import java.util.ArrayList;
import java.util.List;

/**
 * A stanza: an immutable envelope around its {@link XmlElement}, with {@code to}, {@code from}, {@code id} and
 * {@code type} parsed once. {@code with*} methods return new envelopes that share the children.
 */
public sealed interface Stanza permits Message, Presence, Iq {

    XmlElement element();

    /** The addressee, or {@code null} (the sender's own account or the server). */
    Jid to();

    /** The sender; always set by the server before a stanza leaves the router. */
    Jid from();

    /** The {@code id}, or {@code null}. */
    String id();

    boolean isError();

    /** A copy with these addresses ({@code null} removes the attribute). */
    Stanza withAddresses(Jid from, Jid to);

    default Stanza withFrom(Jid from) {
        return withAddresses(from, to());
    }

    default Stanza withTo(Jid to) {
        return withAddresses(from(), to);
    }

    /**
     * The error reply to this stanza (RFC 6120 §8.3.1): addresses swapped, {@code type='error'}, the original
     * content kept, the error appended.
     */
    default Stanza errorReply(StanzaError error) {
        return parse(errorReplyElement(element(), error));
    }

    /**
     * Reads a top-level element as a stanza.
     *
     * @throws StanzaException with {@code jid-malformed} or {@code bad-request} when the envelope is invalid
     * @throws IllegalArgumentException if the element is not a message, presence or iq in a stanza namespace
     */
    static Stanza parse(XmlElement element) {
        if (!Namespaces.isStanzaNamespace(element.namespace())) {
            throw new IllegalArgumentException("not a stanza namespace: " + element.namespace());
        }
        Jid to = jid(element, "to");
        Jid from = jid(element, "from");
        return switch (element.name()) {
            case "message" -> new Message(element, to, from, MessageType.of(element.attribute("type")));
            case "presence" -> new Presence(element, to, from, PresenceType.of(element.attribute("type")));
            case "iq" -> Iq.of(element, to, from);
            default -> throw new IllegalArgumentException("not a stanza: " + element.name());
        };
    }

    /** True if this top-level element is a stanza (message, presence or iq in a stanza namespace). */
    static boolean isStanza(XmlElement element) {
        if (!Namespaces.isStanzaNamespace(element.namespace())) {
            return false;
        }
        String n = element.name();
        return n.equals("message") || n.equals("presence") || n.equals("iq");
    }

    /** The error reply for an element that may not even parse as a stanza; addresses are copied verbatim. */
    static XmlElement errorReplyElement(XmlElement original, StanzaError error) {
        List<XmlNode> children = new ArrayList<>(original.children().size() + 1);
        for (XmlNode child : original.children()) {
            if (!(child instanceof XmlElement e && e.is(original.namespace(), "error"))) {
                children.add(child);
            }
        }
        // RFC 6120 §4.8.3: the <error/> child is in the stanza's content namespace (jabber:server on s2s).
        children.add(error.toElement().withNamespace(original.namespace()));
        String to = original.attribute("to");
        String from = original.attribute("from");
        return original.withAttribute("to", from).withAttribute("from", to).withAttribute("type", "error")
                .withChildren(children);
    }

    private static Jid jid(XmlElement element, String attribute) {
        String value = element.attribute(attribute);
        if (value == null) {
            return null;
        }
        try {
            return Jid.parse(value);
        } catch (JidFormatException e) {
            throw new StanzaException(Condition.JID_MALFORMED, "'" + attribute + "': " + e.getMessage());
        }
    }

    /** Sets or removes the {@code to}/{@code from} attributes. */
    static XmlElement address(XmlElement element, Jid from, Jid to) {
        return element.withAttribute("from", from == null ? null : from.toString())
                .withAttribute("to", to == null ? null : to.toString());
    }
}
