package dev.xmppd.core.module;

/**
 * When a message or presence handler runs, in this order. Within a phase handlers run in registration order
 * (module order in the configuration). A handler that returns {@link Verdict#HANDLED} or {@link Verdict#DROP} ends
 * the chain.
 *
 * <ul>
 *   <li>{@link #PRE_ROUTE}: before the router looks at the addressee (e.g. blocking, rate limits);</li>
 *   <li>{@link #FILTER}: may stop or consume a stanza for a local addressee (e.g. privacy, carbons);</li>
 *   <li>{@link #DELIVER}: take over delivery (e.g. presence broadcast, MUC);</li>
 *   <li>{@link #FALLBACK}: nobody could take it (e.g. offline storage), before the RFC's default answer.</li>
 * </ul>
 */
public enum Phase {
    PRE_ROUTE, FILTER, DELIVER, FALLBACK
}
