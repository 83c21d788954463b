package dev.xmppd.c2s.sm;

import dev.xmppd.core.stream.StreamError;

/**
 * What stream management needs from the client stream handler it serves. Called on that connection's event loop.
 */
public interface SmHost {

    /** Ends the stream with this error (or cleanly when {@code null}) and then the connection. */
    void closeStream(StreamError error);

    /**
     * Ends the bound session now: it leaves routing and the modules are told (unavailable presence and so on). The
     * host then calls {@link StreamManagement#sessionEnded()}.
     */
    void endSession();

    /**
     * Stream management is on for {@code state.session()}: the session is this connection's own (after a resumption,
     * deliveries to it now go to this connection) and, once the connection is gone, it passes what it is sent to
     * {@link SmState#offer}.
     */
    void adopt(SmState state);
}
