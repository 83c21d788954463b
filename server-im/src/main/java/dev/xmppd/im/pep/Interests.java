package dev.xmppd.im.pep;

import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.jid.Jid;
import java.util.HashSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Which available resources want which of an account's nodes (XEP-0163 §4.3.1, filtered notifications via
 * XEP-0115): the owner's own resources and those of contacts that sent the owner available presence, each with
 * the nodes its caps name with {@code +notify}. An entry is added on available presence (its nodes still unknown
 * while the caps query runs) and removed on unavailable presence. Bounded: at most {@value #MAX_PER_OWNER}
 * resources per account.
 */
final class Interests {
    static final String NOTIFY = "+notify";
    static final int MAX_PER_OWNER = 1000;

    /**
     * One resource's interest.
     *
     * @param ver the caps key of its last presence ({@link CapsResolver#ver}), or null without caps
     * @param nodes the nodes it wants notifications of, or null while its first caps are being resolved
     * @param known the nodes are those of {@code ver}; false while its caps are being resolved, or after the query
     *        failed, until a presence with the same caps asks again
     */
    record Interest(String ver, Set<String> nodes, boolean known) {
        boolean wants(String node) {
            return nodes != null && nodes.contains(node);
        }
    }

    private final Map<BareJid, Map<Jid, Interest>> byOwner = new ConcurrentHashMap<>();

    /** The nodes a set of disco features asks notifications of. */
    static Set<String> notifyNodes(Set<String> features) {
        Set<String> nodes = new HashSet<>();
        for (String f : features) {
            if (f.endsWith(NOTIFY) && f.length() > NOTIFY.length()) {
                nodes.add(f.substring(0, f.length() - NOTIFY.length()));
            }
        }
        return Set.copyOf(nodes);
    }

    /**
     * Notes that a resource is available with this caps key. Returns true if its nodes must now be resolved: it is
     * new, its caps changed, or they are still unknown (it keeps its old nodes until then); false if its nodes are
     * those of these caps, if it has no caps, or if the account has too many resources recorded.
     */
    boolean available(BareJid owner, Jid resource, String ver) {
        Map<Jid, Interest> map = byOwner.computeIfAbsent(owner, o -> new ConcurrentHashMap<>());
        boolean[] resolve = {false};
        map.compute(resource, (r, old) -> {
            if (old != null && old.known() && Objects.equals(old.ver(), ver)
                    || old == null && map.size() >= MAX_PER_OWNER) {
                return old;
            }
            resolve[0] = ver != null;
            return ver == null ? new Interest(null, Set.of(), true)
                    : new Interest(ver, old == null ? null : old.nodes(), false);
        });
        return resolve[0];
    }

    /**
     * Records the resolved nodes, if the resource is still available with the same caps. Returns the nodes it wants
     * that it did not want before (for the last published items), or null if the entry changed meanwhile.
     */
    Set<String> resolved(BareJid owner, Jid resource, String ver, Set<String> nodes) {
        Map<Jid, Interest> map = byOwner.get(owner);
        Interest current = map == null ? null : map.get(resource);
        if (current == null || !Objects.equals(current.ver(), ver)
                || !map.replace(resource, current, new Interest(ver, nodes, true))) {
            return null;
        }
        Set<String> added = new HashSet<>(nodes);
        if (current.nodes() != null) {
            added.removeAll(current.nodes());
        }
        return added;
    }

    void unavailable(BareJid owner, Jid resource) {
        byOwner.computeIfPresent(owner, (o, map) -> {
            map.remove(resource);
            return map.isEmpty() ? null : map;
        });
    }

    /** The resources interested in the account's nodes, a snapshot. */
    Map<Jid, Interest> of(BareJid owner) {
        Map<Jid, Interest> map = byOwner.get(owner);
        return map == null ? Map.of() : Map.copyOf(map);
    }
}
