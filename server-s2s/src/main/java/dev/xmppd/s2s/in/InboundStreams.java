package dev.xmppd.s2s.in;

import dev.xmppd.s2s.DomainPair;
import io.netty.channel.Channel;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The authenticated inbound streams of this server, by remote domain: enforces {@code s2s.streams-per-domain} and
 * answers "who is connected to us, and how" ({@link #links()}, for status pages and tests).
 *
 * <p>A stream counts against a remote domain once it has authenticated that domain, not when its header merely
 * claims it: otherwise anyone could use up a victim domain's allowance with unauthenticated streams. Thread-safe:
 * every stream's event loop calls it.
 */
public final class InboundStreams {
    private final int streamsPerDomain;
    private final Map<String, Set<Channel>> byRemote = new ConcurrentHashMap<>();
    private final Map<Channel, List<InboundLink>> links = new ConcurrentHashMap<>();

    public InboundStreams(int streamsPerDomain) {
        if (streamsPerDomain < 1) {
            throw new IllegalArgumentException("streamsPerDomain: " + streamsPerDomain + " (expected: >= 1)");
        }
        this.streamsPerDomain = streamsPerDomain;
    }

    /**
     * Records that {@code channel} authenticated {@code link}.
     *
     * @return false, recording nothing, if the remote domain already holds {@code streams-per-domain} other streams
     */
    boolean add(Channel channel, InboundLink link) {
        String remote = link.pair().remote();
        boolean[] accepted = {false};
        byRemote.compute(remote, (r, channels) -> {
            Set<Channel> set = channels != null ? channels : ConcurrentHashMap.newKeySet();
            if (set.contains(channel) || set.size() < streamsPerDomain) {
                set.add(channel);
                accepted[0] = true;
            }
            return set.isEmpty() ? null : set;
        });
        if (accepted[0]) {
            links.computeIfAbsent(channel, c -> new java.util.concurrent.CopyOnWriteArrayList<>()).add(link);
        }
        return accepted[0];
    }

    /** Forgets a closed stream. */
    void remove(Channel channel) {
        List<InboundLink> gone = links.remove(channel);
        if (gone == null) {
            return;
        }
        for (InboundLink link : gone) {
            byRemote.computeIfPresent(link.pair().remote(), (r, set) -> {
                set.remove(channel);
                return set.isEmpty() ? null : set;
            });
        }
    }

    /** The authenticated inbound domain pairs now, with how each authenticated (a snapshot). */
    public List<InboundLink> links() {
        List<InboundLink> all = new ArrayList<>();
        links.values().forEach(all::addAll);
        return all;
    }

    /** The number of authenticated inbound streams per remote domain now (a snapshot). */
    public Map<String, Integer> streamCounts() {
        Map<String, Integer> counts = new HashMap<>();
        byRemote.forEach((remote, set) -> counts.put(remote, set.size()));
        return counts;
    }

    /** True if some inbound stream has authenticated this pair. */
    public boolean isAuthenticated(DomainPair pair) {
        return links().stream().anyMatch(l -> l.pair().equals(pair));
    }
}
