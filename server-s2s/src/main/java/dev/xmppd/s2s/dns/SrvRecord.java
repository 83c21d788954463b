package dev.xmppd.s2s.dns;

import static java.util.Objects.requireNonNull;

/**
 * One DNS SRV record (RFC 2782) of an XMPP service.
 *
 * @param priority lower is tried first
 * @param weight relative chance among records of the same priority
 * @param port the TCP port
 * @param target the host name, without a trailing dot; {@code "."} would be "no service" and is never kept here
 * @param directTls true for {@code _xmpps-server} (XEP-0368), false for {@code _xmpp-server}
 */
record SrvRecord(int priority, int weight, int port, String target, boolean directTls) {

    SrvRecord {
        requireNonNull(target, "target");
    }

    S2sTarget toTarget() {
        return new S2sTarget(target, port, directTls);
    }
}
