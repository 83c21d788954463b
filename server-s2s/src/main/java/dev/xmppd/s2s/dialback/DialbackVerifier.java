package dev.xmppd.s2s.dialback;

import java.util.concurrent.CompletionStage;

/**
 * Asks the authoritative server of a domain whether it issued a dialback key (XEP-0220 §2.1.3, the
 * {@code <db:verify/>} exchange), over this server's own outbound stream to that domain.
 */
public interface DialbackVerifier {

    /**
     * @param receiving our domain, to which the peer sent {@code <db:result/>}
     * @param originating the domain the peer claims to be
     * @param streamId the id of the inbound stream the key was sent on
     * @param key the key the peer sent
     * @return true if the authoritative server says the key is valid; false if it says invalid; exceptionally if it
     *     cannot be asked (unreachable, timeout)
     */
    CompletionStage<Boolean> verify(String receiving, String originating, String streamId, String key);
}
