package dev.xmppd.s2s.dns;

import static java.util.Objects.requireNonNull;

/**
 * One place to try for a remote domain, in the order {@link S2sResolver} returns them.
 *
 * @param host the host name (or IP literal) to connect to; the TLS identity checked is always the remote domain's
 * @param port the TCP port
 * @param directTls true to start TLS on connect (XEP-0368, {@code _xmpps-server}), false for STARTTLS
 */
public record S2sTarget(String host, int port, boolean directTls) {

    public S2sTarget {
        requireNonNull(host, "host");
        if (port < 1 || port > 65535) {
            throw new IllegalArgumentException("port: " + port + " (expected: 1-65535)");
        }
    }

    @Override
    public String toString() {
        String address = host.indexOf(':') >= 0 ? '[' + host + ']' : host; // IPv6 literal
        return address + ":" + port + (directTls ? " (direct TLS)" : "");
    }
}
