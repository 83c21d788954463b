package dev.xmppd.core.bytestreams;

/**
 * The server's SOCKS5 listener for XEP-0065 bytestreams, as the {@code proxy65} module sees it: where clients
 * connect, and the activation of a pair of connections that asked for the same destination address.
 */
public interface BytestreamRelay {

    /** What became of an activation request (XEP-0065 §6.3.5 maps each to a stanza error). */
    enum Activation {
        /** Both connections were waiting: bytes now flow between them. */
        ACTIVATED,
        /** Only one connection asked for this address: the other side has not connected (yet). */
        ONE_CONNECTED,
        /** No connection asked for this address, or its pair was already activated. */
        NONE_CONNECTED
    }

    /** The bound TCP port (the configured one, or the one the system chose for port 0). */
    int port();

    /**
     * Starts relaying between the target's and the requester's connections that sent this DST.ADDR: the
     * lower-case hex SHA-1 of the stream id, the requester's full JID and the target's JID (§5.3.2).
     */
    Activation activate(String destination);
}
