package dev.xmppd.s2s;

import static java.util.Objects.requireNonNull;

/**
 * The two ends of a server-to-server route: one of our domains and a remote one. Authentication on s2s is per pair
 * (XEP-0220 §2, RFC 6120 §13.7.1): a stream authenticated for (a.example, b.example) carries nothing else unless the
 * pair is added, e.g. by piggybacked dialback.
 *
 * @param local a domain served here (a host or a component)
 * @param remote a domain served elsewhere
 */
public record DomainPair(String local, String remote) {

    public DomainPair {
        requireNonNull(local, "local");
        requireNonNull(remote, "remote");
    }

    /** As the log writes it: {@code a.example -> b.example}. */
    @Override
    public String toString() {
        return local + " -> " + remote;
    }
}
