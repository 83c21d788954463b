package dev.xmppd.s2s.stream;

import static java.util.Objects.requireNonNull;

import dev.xmppd.core.jid.Jid;
import dev.xmppd.core.jid.JidFormatException;
import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stanza.StanzaError;
import dev.xmppd.core.xml.Namespaces;
import dev.xmppd.core.xml.XmlElement;
import dev.xmppd.core.xml.XmlWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * A Server Dialback element (XEP-0220 §2): {@code <db:result/>} or {@code <db:verify/>}, as a request (with a key)
 * or an answer ({@code type} valid, invalid or error).
 *
 * <pre>{@code
 * <db:result from='a.example' to='b.example'>KEY</db:result>                   originating → receiving
 * <db:verify from='b.example' to='a.example' id='STREAM-ID'>KEY</db:verify>  receiving → authoritative
 * <db:verify from='a.example' to='b.example' id='STREAM-ID' type='valid'/>   authoritative → receiving
 * <db:result from='b.example' to='a.example' type='valid'/>                  receiving → originating
 * }</pre>
 *
 * <p>{@link #toWire()} writes it with the {@code db} prefix, which every s2s header of ours declares: XEP-0220
 * §2.4.1 warns that some deployments accept only that prefix. {@link #parse} accepts any prefix (the decoder is
 * namespace-aware).
 *
 * @param kind result or verify
 * @param from the sending domain of this element (normalized)
 * @param to the addressed domain (normalized)
 * @param id the stream id ({@code db:verify} only, else {@code null})
 * @param type request (no {@code type} attribute), valid, invalid or error
 * @param key the dialback key (requests only, else {@code null})
 * @param error the error ({@code type='error'} only, else {@code null})
 */
public record DialbackElement(Kind kind, String from, String to, String id, Type type, String key, StanzaError error) {

    /** The two elements of XEP-0220. */
    public enum Kind {
        RESULT, VERIFY;

        private final String elementName = name().toLowerCase(Locale.ROOT);

        public String elementName() {
            return elementName;
        }
    }

    /** The {@code type} attribute; {@link #REQUEST} when it is absent. */
    public enum Type {
        REQUEST, VALID, INVALID, ERROR;

        private final String value = name().toLowerCase(Locale.ROOT);

        public String value() {
            return value;
        }
    }

    public DialbackElement {
        requireNonNull(kind, "kind");
        requireNonNull(from, "from");
        requireNonNull(to, "to");
        requireNonNull(type, "type");
        if (kind == Kind.VERIFY && id == null) {
            throw new IllegalArgumentException("id: null (expected: the stream id on <db:verify/>)");
        }
        if (type == Type.REQUEST && (key == null || key.isEmpty())) {
            throw new IllegalArgumentException("key: empty (expected: the dialback key of a request)");
        }
        if (type == Type.ERROR && error == null) {
            throw new IllegalArgumentException("error: null (expected: the error of type='error')");
        }
    }

    /** {@code <db:result from to>key</db:result>}: the originating server asks to be authenticated. */
    public static DialbackElement result(String from, String to, String key) {
        return new DialbackElement(Kind.RESULT, from, to, null, Type.REQUEST, key, null);
    }

    /** {@code <db:result from to type='valid|invalid'/>}: the receiving server's verdict. */
    public static DialbackElement resultAnswer(String from, String to, boolean valid) {
        return new DialbackElement(Kind.RESULT, from, to, null, valid ? Type.VALID : Type.INVALID, null, null);
    }

    /** {@code <db:result type='error'/>} (XEP-0220 §2.4): the domain pair fails, the stream stays up. */
    public static DialbackElement resultError(String from, String to, Condition condition, String text) {
        return new DialbackElement(Kind.RESULT, from, to, null, Type.ERROR, null, StanzaError.of(condition, text));
    }

    /** {@code <db:verify from to id>key</db:verify>}: the receiving server asks the authoritative one. */
    public static DialbackElement verify(String from, String to, String id, String key) {
        return new DialbackElement(Kind.VERIFY, from, to, id, Type.REQUEST, key, null);
    }

    /** {@code <db:verify from to id type='valid|invalid'/>}: the authoritative server's answer. */
    public static DialbackElement verifyAnswer(String from, String to, String id, boolean valid) {
        return new DialbackElement(Kind.VERIFY, from, to, id, valid ? Type.VALID : Type.INVALID, null, null);
    }

    /** {@code <db:verify type='error'/>}, e.g. item-not-found when {@code to} is not ours. */
    public static DialbackElement verifyError(String from, String to, String id, Condition condition, String text) {
        return new DialbackElement(Kind.VERIFY, from, to, id, Type.ERROR, null, StanzaError.of(condition, text));
    }

    /** True for a {@code <db:result/>} or {@code <db:verify/>} element in the dialback namespace. */
    public static boolean isDialback(XmlElement e) {
        return S2sNamespaces.DIALBACK.equals(e.namespace()) && (e.name().equals("result") || e.name().equals("verify"));
    }

    /**
     * Reads a dialback element; {@code from} and {@code to} are normalized domains.
     *
     * @throws IllegalArgumentException naming what is wrong (missing or malformed address, missing id or key, unknown
     *     type); the caller answers with an {@code improper-addressing} or {@code bad-format} stream error
     */
    public static DialbackElement parse(XmlElement e) {
        if (!isDialback(e)) {
            throw new IllegalArgumentException("not a dialback element: <" + e.name() + " xmlns='" + e.namespace()
                    + "'/>");
        }
        Kind kind = e.name().equals("result") ? Kind.RESULT : Kind.VERIFY;
        Type type = type(e.attribute("type"));
        String key = type == Type.REQUEST ? e.text().strip() : null;
        StanzaError error = null;
        if (type == Type.ERROR) {
            XmlElement child = e.element(Namespaces.SERVER, "error");
            error = child == null ? StanzaError.of(Condition.UNDEFINED_CONDITION) : StanzaError.fromElement(child);
        }
        return new DialbackElement(kind, domain(e, "from"), domain(e, "to"), e.attribute("id"), type, key, error);
    }

    /** The element as an {@link XmlElement} (namespace declared on the element), for tests and logs. */
    public XmlElement toElement() {
        XmlElement.Builder b = XmlElement.builder(S2sNamespaces.DIALBACK, kind.elementName())
                .attribute("from", from).attribute("to", to).attribute("id", id)
                .attribute("type", type == Type.REQUEST ? null : type.value());
        if (key != null) {
            b.text(key);
        }
        if (error != null) {
            b.child(error.toElement().withNamespace(Namespaces.SERVER));
        }
        return b.build();
    }

    /** The bytes to write on an s2s stream (whose header declares {@code xmlns:db}), with the {@code db} prefix. */
    public ByteBuf toWire() {
        StringBuilder sb = new StringBuilder(160).append("<db:").append(kind.elementName());
        attribute(sb, "from", from);
        attribute(sb, "to", to);
        attribute(sb, "id", id);
        attribute(sb, "type", type == Type.REQUEST ? null : type.value());
        if (key == null && error == null) {
            sb.append("/>");
        } else {
            sb.append('>');
            if (key != null) {
                XmlWriter.escapeText(key, sb);
            }
            if (error != null) {
                // The <error/> child is in jabber:server, the stream's default namespace (XEP-0220 §2.4).
                sb.append(new String(error.toElement().withNamespace(Namespaces.SERVER).toBytes(),
                        StandardCharsets.UTF_8));
            }
            sb.append("</db:").append(kind.elementName()).append('>');
        }
        return Unpooled.wrappedBuffer(sb.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static void attribute(StringBuilder sb, String name, String value) {
        if (value != null) {
            sb.append(' ').append(name).append("='");
            XmlWriter.escapeAttribute(value, sb);
            sb.append('\'');
        }
    }

    private static Type type(String value) {
        if (value == null) {
            return Type.REQUEST;
        }
        for (Type t : Type.values()) {
            if (t != Type.REQUEST && t.value().equals(value)) {
                return t;
            }
        }
        throw new IllegalArgumentException("type='" + value + "' (expected: valid, invalid or error)");
    }

    private static String domain(XmlElement e, String attribute) {
        String value = e.attribute(attribute);
        if (value == null || value.isEmpty()) {
            throw new IllegalArgumentException("<db:" + e.name() + "/> without '" + attribute + "'");
        }
        try {
            Jid jid = Jid.parse(value);
            if (!jid.isDomain()) {
                throw new IllegalArgumentException("'" + attribute + "' is not a domain: " + value);
            }
            return jid.domain();
        } catch (JidFormatException ex) {
            throw new IllegalArgumentException("'" + attribute + "' is not a domain: " + value, ex);
        }
    }
}
