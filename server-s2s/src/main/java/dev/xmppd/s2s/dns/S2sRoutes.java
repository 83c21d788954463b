package dev.xmppd.s2s.dns;

import io.netty.util.NetUtil;
import java.net.IDN;
import java.util.Locale;

/** Parses the static routes of {@code s2s.routes} and normalizes domain names for lookups. */
final class S2sRoutes {

    private static final String DIRECT_TLS = "tls://";
    private static final String EXPECTED = " (expected: host:port, tls://host:port for direct TLS, IPv6 as [::1]:5269)";

    private S2sRoutes() {
    }

    static S2sTarget parse(String route) {
        if (route == null || route.isBlank()) {
            throw new IllegalArgumentException("empty route" + EXPECTED);
        }
        String text = route.strip();
        boolean directTls = false;
        int scheme = text.indexOf("://");
        if (scheme >= 0) {
            if (!text.regionMatches(true, 0, DIRECT_TLS, 0, DIRECT_TLS.length())) {
                throw new IllegalArgumentException(quote(route) + ": unknown scheme " + quote(text.substring(0, scheme))
                        + EXPECTED);
            }
            directTls = true;
            text = text.substring(DIRECT_TLS.length());
        }
        String host;
        String port;
        if (text.startsWith("[")) {
            int close = text.indexOf(']');
            if (close < 0 || close + 1 >= text.length() || text.charAt(close + 1) != ':') {
                throw new IllegalArgumentException(quote(route) + ": an IPv6 address in brackets needs a port after"
                        + " it" + EXPECTED);
            }
            host = text.substring(1, close);
            port = text.substring(close + 2);
            if (!NetUtil.isValidIpV6Address(host)) {
                throw new IllegalArgumentException(quote(route) + ": " + quote(host) + " is not an IPv6 address"
                        + EXPECTED);
            }
        } else {
            int colon = text.lastIndexOf(':');
            if (colon < 0) {
                throw new IllegalArgumentException(quote(route) + ": no port" + EXPECTED);
            }
            host = text.substring(0, colon);
            port = text.substring(colon + 1);
            if (host.indexOf(':') >= 0) {
                throw new IllegalArgumentException(quote(route) + ": an IPv6 address must be in brackets" + EXPECTED);
            }
            if (!NetUtil.isValidIpV4Address(host)) {
                String ascii = ascii(host);
                if (ascii == null) {
                    throw new IllegalArgumentException(quote(route) + ": " + quote(host) + " is not a host name"
                            + EXPECTED);
                }
                host = ascii;
            }
        }
        return new S2sTarget(host, port(route, port), directTls);
    }

    private static int port(String route, String text) {
        int port;
        try {
            port = Integer.parseInt(text);
        } catch (NumberFormatException e) {
            port = -1;
        }
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException(quote(route) + ": port " + quote(text) + " is not in 1-65535"
                    + EXPECTED);
        }
        return port;
    }

    /**
     * The ASCII (A-label) lower-case form of a domain without a trailing dot, or {@code null} if it is not a valid
     * domain name (empty, an empty label, a label over 63 bytes, a character DNS cannot carry).
     */
    static String ascii(String domain) {
        String name = domain.endsWith(".") ? domain.substring(0, domain.length() - 1) : domain;
        if (name.isEmpty()) {
            return null;
        }
        try {
            String ascii = IDN.toASCII(name, IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
            return ascii.isEmpty() || ascii.startsWith(".") || ascii.contains("..") ? null : ascii;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    private static String quote(String text) {
        return '"' + text + '"';
    }
}
