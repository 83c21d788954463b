package dev.xmppd.c2s.websocket;

import dev.xmppd.core.xml.XmlWriter;

/**
 * The XEP-0156 §3 discovery documents: {@code /.well-known/host-meta} (an XRD, RFC 6415) and
 * {@code /.well-known/host-meta.json} (JRD), each with the one link a web client looks for,
 * {@code urn:xmpp:alt-connections:websocket}. BOSH is not served, so it is not listed.
 */
final class HostMeta {
    static final String PATH = "/.well-known/host-meta";
    static final String JSON_PATH = "/.well-known/host-meta.json";
    static final String REL = "urn:xmpp:alt-connections:websocket";

    private HostMeta() {
    }

    static String xrd(String url) {
        StringBuilder sb = new StringBuilder(256).append("<?xml version='1.0' encoding='utf-8'?>\n")
                .append("<XRD xmlns='http://docs.oasis-open.org/ns/xri/xrd-1.0'>\n  <Link rel='").append(REL)
                .append("' href='");
        XmlWriter.escapeAttribute(url, sb);
        return sb.append("'/>\n</XRD>\n").toString();
    }

    static String json(String url) {
        return "{\"links\":[{\"rel\":\"" + REL + "\",\"href\":\"" + jsonString(url) + "\"}]}\n";
    }

    private static String jsonString(String s) {
        StringBuilder sb = new StringBuilder(s.length() + 8);
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '"' || c == '\\') {
                sb.append('\\').append(c);
            } else if (c < 0x20) {
                sb.append(String.format("\\u%04x", (int) c));
            } else {
                sb.append(c);
            }
        }
        return sb.toString();
    }
}
