package dev.xmppd.core.stream;

import static java.util.Objects.requireNonNull;

import dev.xmppd.core.xml.Namespaces;
import dev.xmppd.core.xml.XmlElement;

/**
 * A stream error (RFC 6120 §4.9). The decoder emits one as an inbound message when the input breaks a rule, and
 * reads nothing more; the stream handler writes it, closes the stream and the connection.
 *
 * <pre>{@code <stream:error><not-well-formed xmlns='urn:ietf:params:xml:ns:xmpp-streams'/></stream:error>}</pre>
 *
 * @param text a human-readable explanation for the peer and the log, or {@code null}
 */
public record StreamError(StreamErrorCondition condition, String text) {

    public StreamError {
        requireNonNull(condition, "condition");
    }

    public static StreamError of(StreamErrorCondition condition) {
        return new StreamError(condition, null);
    }

    /** The {@code <stream:error/>} element. */
    public XmlElement toElement() {
        XmlElement.Builder b = XmlElement.builder(Namespaces.STREAM, "error")
                .child(XmlElement.empty(Namespaces.STREAMS_ERRORS, condition.elementName()));
        if (text != null) {
            b.child(XmlElement.builder(Namespaces.STREAMS_ERRORS, "text").text(text).build());
        }
        return b.build();
    }

    /** The error as written on an open stream: {@code <stream:error>…</stream:error>}. */
    public String toXml() {
        StringBuilder sb = new StringBuilder(160).append("<stream:error><").append(condition.elementName())
                .append(" xmlns='").append(Namespaces.STREAMS_ERRORS).append("'/>");
        if (text != null) {
            sb.append("<text xmlns='").append(Namespaces.STREAMS_ERRORS).append("'>");
            dev.xmppd.core.xml.XmlWriter.escapeText(text, sb);
            sb.append("</text>");
        }
        return sb.append("</stream:error>").toString();
    }
}
