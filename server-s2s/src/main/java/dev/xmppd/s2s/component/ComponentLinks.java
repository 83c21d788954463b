package dev.xmppd.s2s.component;

import static java.util.Objects.requireNonNull;

import dev.xmppd.core.config.ComponentConfig;
import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stanza.Presence;
import dev.xmppd.core.stanza.Stanza;
import dev.xmppd.core.stanza.StanzaException;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The configured components and the one authenticated stream of each (XEP-0114 allows one component per stream;
 * we allow one stream per component). The router hands every stanza for a component's domain to
 * {@link #deliver}: down the stream when connected, else {@code service-unavailable} for messages and IQs, and
 * nothing for presence (RFC 6121 §8.5.2 treats presence to an unavailable entity as droppable, and a bounce would
 * only make clients show an error for a gateway that is restarting).
 */
final class ComponentLinks {
    private final Map<String, ComponentConfig> configured;
    private final Map<String, ComponentLink> connected = new ConcurrentHashMap<>();

    ComponentLinks(Map<String, ComponentConfig> configured) {
        this.configured = Map.copyOf(requireNonNull(configured, "configured"));
    }

    /** The configuration of a component domain, or {@code null} if none is configured. */
    ComponentConfig config(String domain) {
        return domain == null ? null : configured.get(domain);
    }

    Set<String> configuredDomains() {
        return configured.keySet();
    }

    /** The domains with an authenticated stream now. */
    Set<String> connectedDomains() {
        return Set.copyOf(connected.keySet());
    }

    /**
     * Makes {@code link} the stream of its domain.
     *
     * @return the stream it replaces, or {@code null}
     */
    ComponentLink attach(ComponentLink link) {
        return connected.put(link.domain(), link);
    }

    /** Forgets {@code link} if it is still the stream of its domain; true if it was. */
    boolean detach(ComponentLink link) {
        return connected.remove(link.domain(), link);
    }

    /** Every current stream, for shutdown. */
    Iterable<ComponentLink> links() {
        return connected.values();
    }

    /** The router's handler for {@code domain}: see the class comment. */
    void deliver(String domain, Stanza stanza) {
        ComponentLink link = connected.get(domain);
        try {
            if (link == null) {
                throw new StanzaException(Condition.SERVICE_UNAVAILABLE, domain + " is not connected");
            }
            link.deliver(stanza);
        } catch (StanzaException e) {
            if (!(stanza instanceof Presence)) {
                throw e;
            }
        }
    }
}
