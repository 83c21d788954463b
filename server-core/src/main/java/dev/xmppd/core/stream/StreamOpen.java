package dev.xmppd.core.stream;

/**
 * A stream header (RFC 6120 §4.7), as read from the peer or as the server writes it.
 *
 * @param contentNamespace the default namespace of the stream ({@code jabber:client} or {@code jabber:server})
 * @param to the {@code to} attribute, or {@code null}
 * @param from the {@code from} attribute, or {@code null}
 * @param id the {@code id} attribute, or {@code null}
 * @param version the {@code version} attribute, or {@code null}
 * @param lang the {@code xml:lang} attribute, or {@code null}
 * @param dialback true if the header declares the dialback namespace ({@code xmlns:db='jabber:server:dialback'})
 */
public record StreamOpen(String contentNamespace, String to, String from, String id, String version, String lang,
        boolean dialback) {

    /** The serialized header, preceded by an XML declaration. */
    public String toXml() {
        StringBuilder sb = new StringBuilder(200).append("<?xml version='1.0'?><stream:stream xmlns='")
                .append(contentNamespace).append("' xmlns:stream='http://etherx.jabber.org/streams'");
        if (dialback) {
            sb.append(" xmlns:db='jabber:server:dialback'");
        }
        attribute(sb, "to", to);
        attribute(sb, "from", from);
        attribute(sb, "id", id);
        attribute(sb, "version", version);
        attribute(sb, "xml:lang", lang);
        return sb.append('>').toString();
    }

    private static void attribute(StringBuilder sb, String name, String value) {
        if (value != null) {
            sb.append(' ').append(name).append("='");
            dev.xmppd.core.xml.XmlWriter.escapeAttribute(value, sb);
            sb.append('\'');
        }
    }
}
