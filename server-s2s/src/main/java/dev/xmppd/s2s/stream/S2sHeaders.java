package dev.xmppd.s2s.stream;

import static java.util.Objects.requireNonNull;

import dev.xmppd.core.stream.StreamOpen;
import dev.xmppd.core.xml.Namespaces;

/**
 * Stream headers of server-to-server streams (RFC 6120 §4.7). Both directions always declare
 * {@code xmlns:db='jabber:server:dialback'}: older peers decide from that declaration whether dialback is spoken
 * (XEP-0220 §2.4.1), and it costs nothing when SASL EXTERNAL is used instead.
 */
public final class S2sHeaders {

    private S2sHeaders() {
    }

    /** The header an initiating server sends: {@code from} our domain, {@code to} the peer's, no id. */
    public static StreamOpen initial(String from, String to) {
        requireNonNull(from, "from");
        requireNonNull(to, "to");
        return new StreamOpen(Namespaces.SERVER, to, from, null, "1.0", null, true);
    }

    /**
     * The header a receiving server answers with.
     *
     * @param from the local domain the peer asked for, or {@code null} if it asked for none or one we do not serve
     *     (then the stream is about to end with an error)
     * @param to the domain the peer said it is, or {@code null}
     * @param id a fresh id from {@link StreamIds#next()}
     */
    public static StreamOpen response(String from, String to, String id) {
        requireNonNull(id, "id");
        return new StreamOpen(Namespaces.SERVER, to, from, id, "1.0", null, true);
    }
}
