package dev.xmppd.core.config;

import dev.xmppd.core.jid.Jid;
import dev.xmppd.core.jid.JidFormatException;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Pattern;

/**
 * Value checks for {@link Section#strings} and {@link Section#stringMap}: each returns the normalized value or
 * throws {@link IllegalArgumentException} whose message says what was expected.
 */
final class Checks {
    private static final String TLS_SCHEME = "tls://";
    private static final Pattern IPV6 = Pattern.compile("[0-9A-Fa-f:.]+");
    private static final Pattern MODULE_NAME = Pattern.compile("[a-z][a-z0-9-]*");

    private Checks() {
    }

    /** A domain JID such as {@code example.com}, normalized: a virtual host or a federation peer. */
    static String domain(String text) {
        Jid jid = jid(text, "a domain name");
        if (jid.local() != null || jid.resource() != null) {
            throw new IllegalArgumentException("a domain name, without localpart or resource");
        }
        return jid.domain();
    }

    /** A bare JID such as {@code admin@example.com}, normalized. */
    static String bareJid(String text) {
        Jid jid = jid(text, "a bare JID");
        if (jid.resource() != null) {
            throw new IllegalArgumentException("a bare JID, without resource");
        }
        return jid.toString();
    }

    private static Jid jid(String text, String expected) {
        try {
            return Jid.parse(text);
        } catch (JidFormatException e) {
            throw new IllegalArgumentException(expected + "; " + e.getMessage());
        }
    }

    /** An absolute http or https URL without query or fragment, such as a public base URL; without trailing '/'. */
    static String httpUrl(String text) {
        java.net.URI uri;
        try {
            uri = new java.net.URI(text);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("an https:// URL; " + e.getReason());
        }
        String scheme = uri.getScheme();
        if (scheme == null || !(scheme.equals("https") || scheme.equals("http")) || uri.getHost() == null
                || uri.getRawQuery() != null || uri.getRawFragment() != null) {
            throw new IllegalArgumentException("an https:// URL without query or fragment, such as"
                    + " https://upload.example.com");
        }
        return text.endsWith("/") ? text.substring(0, text.length() - 1) : text;
    }

    /** An absolute URI with a scheme and something after it: {@code mailto:abuse@example.com}, {@code xmpp:a@b}. */
    static String uri(String text) {
        java.net.URI uri;
        try {
            uri = new java.net.URI(text);
        } catch (java.net.URISyntaxException e) {
            throw new IllegalArgumentException("a URI such as mailto:abuse@example.com; " + e.getReason());
        }
        if (uri.getScheme() == null || uri.getRawSchemeSpecificPart().isEmpty()) {
            throw new IllegalArgumentException("a URI with a scheme, such as mailto:abuse@example.com,"
                    + " xmpp:admin@example.com or https://example.com/contact");
        }
        return text;
    }

    static String moduleName(String text) {
        if (!MODULE_NAME.matcher(text).matches()) {
            throw new IllegalArgumentException("a module name such as ping");
        }
        return text;
    }

    static String path(String text) {
        try {
            return Path.of(text).toString();
        } catch (InvalidPathException e) {
            throw new IllegalArgumentException("a file path; " + e.getReason());
        }
    }

    static String postgresqlUrl(String text) {
        if (!text.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("a URL starting with jdbc:postgresql:");
        }
        return text;
    }

    /**
     * A static s2s route: {@code host:port} for STARTTLS or {@code tls://host:port} for direct TLS (XEP-0368), as
     * {@code dev.xmppd.s2s.dns} reads it.
     */
    static String route(String text) {
        String rest = text.startsWith(TLS_SCHEME) ? text.substring(TLS_SCHEME.length()) : text;
        try {
            hostPort(rest);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(e.getMessage() + ", or tls://" + e.getMessage());
        }
        return text;
    }

    /** A host name or an IP address (IPv6 without brackets), as clients are told to connect to it. */
    static String host(String text) {
        if (text.indexOf(':') >= 0) {
            if (!IPV6.matcher(text).matches()) {
                throw new IllegalArgumentException("a host name or an IP address such as 203.0.113.7 or 2001:db8::7");
            }
            return text;
        }
        return domain(text);
    }

    /** {@code host:port}, with an IPv6 address in brackets: {@code [::1]:5269}. */
    static String hostPort(String text) {
        int colon = text.lastIndexOf(':');
        if (colon <= 0) {
            throw new IllegalArgumentException("host:port");
        }
        String host = text.substring(0, colon);
        boolean bracketed = host.startsWith("[") && host.endsWith("]") && host.length() > 2;
        if (!bracketed && host.indexOf(':') >= 0) {
            throw new IllegalArgumentException("host:port, with an IPv6 address in brackets");
        }
        int port;
        try {
            port = Integer.parseInt(text.substring(colon + 1));
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("host:port, with a port in 1..65535");
        }
        return text;
    }

    /** {@code check}, and each normalized value at most once. */
    static UnaryOperator<String> once(UnaryOperator<String> check) {
        Set<String> seen = new HashSet<>();
        return text -> {
            String value = check.apply(text);
            if (!seen.add(value)) {
                throw new IllegalArgumentException("each value once; " + value + " is listed before");
            }
            return value;
        };
    }
}
