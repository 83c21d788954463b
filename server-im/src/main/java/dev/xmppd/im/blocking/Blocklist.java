package dev.xmppd.im.blocking;

import static java.util.Objects.requireNonNull;

import dev.xmppd.core.jid.Jid;
import java.util.Collection;
import java.util.Collections;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * The JIDs one account blocks (XEP-0191), immutable. {@link #matches} follows the JID matching order of XEP-0191 §4
 * (after XEP-0016): {@code user@domain/resource}, {@code user@domain}, {@code domain/resource}, then {@code domain},
 * which also covers every address at that domain and at its subdomains. Matching builds no JIDs: it runs on every
 * stanza to or from an account that blocks someone.
 */
public final class Blocklist {
    public static final Blocklist EMPTY = new Blocklist(Set.of());

    private final Set<Jid> jids;
    private final Set<String> domains = new HashSet<>();
    private final Set<String> domainResources = new HashSet<>();

    public Blocklist(Collection<? extends Jid> jids) {
        this.jids = Collections.unmodifiableSet(new LinkedHashSet<>(requireNonNull(jids, "jids")));
        for (Jid j : this.jids) {
            if (j.local() == null) {
                (j.resource() == null ? domains : domainResources).add(j.toString());
            }
        }
    }

    /** The blocked JIDs, in the order they were blocked. */
    public Set<Jid> jids() {
        return jids;
    }

    public boolean isEmpty() {
        return jids.isEmpty();
    }

    /** A list with these JIDs added. */
    public Blocklist with(Collection<? extends Jid> added) {
        Set<Jid> next = new LinkedHashSet<>(jids);
        next.addAll(added);
        return new Blocklist(next);
    }

    /** A list without these JIDs. */
    public Blocklist without(Collection<? extends Jid> removed) {
        Set<Jid> next = new LinkedHashSet<>(jids);
        next.removeAll(removed);
        return new Blocklist(next);
    }

    /** True if stanzas to or from this address are blocked. */
    public boolean matches(Jid address) {
        if (jids.isEmpty() || address == null) {
            return false;
        }
        // XEP-0191 §4: 1. user@domain/resource, 2. user@domain
        if (jids.contains(address) || jids.contains(address.bare())) {
            return true;
        }
        // 3. domain/resource
        if (address.resource() != null && !domainResources.isEmpty()
                && domainResources.contains(address.domain() + "/" + address.resource())) {
            return true;
        }
        // 4. domain: the domain itself, any address at it, and any address at one of its subdomains
        String domain = address.domain();
        while (!domains.isEmpty()) {
            if (domains.contains(domain)) {
                return true;
            }
            int dot = domain.indexOf('.');
            if (dot < 0) {
                return false;
            }
            domain = domain.substring(dot + 1);
        }
        return false;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Blocklist other && jids.equals(other.jids);
    }

    @Override
    public int hashCode() {
        return jids.hashCode();
    }

    @Override
    public String toString() {
        return "Blocklist" + jids;
    }
}
