package dev.xmppd.c2s.websocket;

import dev.xmppd.core.xml.XmlWriter;
import java.util.Map;

/**
 * The XEP-0156 §3 discovery documents: {@code /.well-known/host-meta} (an XRD, RFC 6415) and
 * {@code /.well-known/host-meta.json} (JRD), each with the one link a web client looks for,
 * {@code urn:xmpp:alt-connections:websocket}, and {@code urn:xmpp:alt-connections:xbosh} when BOSH is served.
 */
final class HostMeta {
    static final String PATH = "/.well-known/host-meta";
    static final String JSON_PATH = "/.well-known/host-meta.json";
    static final String REL = "urn:xmpp:alt-connections:websocket";
    static final String BOSH_REL = "urn:xmpp:alt-connections:xbosh";

    private HostMeta() {
    }

    /** @param links rel → href, in the order to list them */
    static String xrd(Map<String, String> links) {
        StringBuilder sb = new StringBuilder(256).append("<?xml version='1.0' encoding='utf-8'?>\n")
                .append("<XRD xmlns='http://docs.oasis-open.org/ns/xri/xrd-1.0'>\n");
        links.forEach((rel, href) -> {
            sb.append("  <Link rel='").append(rel).append("' href='");
            XmlWriter.escapeAttribute(href, sb);
            sb.append("'/>\n");
        });
        return sb.append("</XRD>\n").toString();
    }

    /** @param links rel → href, in the order to list them */
    static String json(Map<String, String> links) {
        StringBuilder sb = new StringBuilder(256).append("{\"links\":[");
        links.forEach((rel, href) -> {
            if (sb.charAt(sb.length() - 1) == '}') {
                sb.append(',');
            }
            sb.append("{\"rel\":\"").append(rel).append("\",\"href\":\"").append(jsonString(href)).append("\"}");
        });
        return sb.append("]}\n").toString();
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
