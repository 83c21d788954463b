package dev.xmppd.im.roster;

import static java.util.Objects.requireNonNull;

import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.xml.XmlElement;
import java.util.List;

/**
 * One contact in a user's roster (RFC 6121 §2.1), with its subscription state (Appendix A).
 *
 * <p>An item that is not {@code listed} only remembers a subscription request from someone the user has not added
 * (RFC 6121 §3.1.3: the server keeps it but does not add the contact to the roster); it is never shown to the client.
 *
 * <pre>
 * S: &lt;item jid='romeo@example.net' name='Romeo' subscription='both'&gt;&lt;group&gt;Friends&lt;/group&gt;&lt;/item&gt;
 * </pre>
 *
 * @param jid the contact's bare JID
 * @param name the user's name for the contact, or {@code null}
 * @param groups the roster groups, in the order the client gave them
 * @param state the subscription state
 * @param listed true if the item is on the roster the client sees
 * @param request the contact's pending subscription request as received (for redelivery), or {@code null}
 */
public record RosterItem(BareJid jid, String name, List<String> groups, SubscriptionState state, boolean listed,
        XmlElement request) {
    /** The roster namespace (RFC 6121 §2). */
    public static final String NAMESPACE = "jabber:iq:roster";
    /** The namespace of the stored form; never on the wire. */
    static final String STORED = "urn:xmppd:roster";

    public RosterItem {
        requireNonNull(jid, "jid");
        groups = List.copyOf(groups);
        requireNonNull(state, "state");
        if (!state.pendingIn()) {
            request = null;
        }
    }

    /** A new, empty item for a contact. */
    public static RosterItem of(BareJid jid) {
        return new RosterItem(jid, null, List.of(), SubscriptionState.NONE, false, null);
    }

    public Subscription subscription() {
        return state.subscription();
    }

    public RosterItem withState(SubscriptionState newState) {
        return new RosterItem(jid, name, groups, newState, listed, request);
    }

    /** This item on the visible roster, with the name and groups the client set. */
    public RosterItem asListed(String newName, List<String> newGroups) {
        return new RosterItem(jid, newName, newGroups, state, true, request);
    }

    public RosterItem asListed() {
        return new RosterItem(jid, name, groups, state, true, request);
    }

    public RosterItem withRequest(XmlElement newRequest) {
        return new RosterItem(jid, name, groups, state, listed, newRequest);
    }

    /** The wire form, for roster results and pushes (RFC 6121 §2.1.2). */
    public XmlElement toElement() {
        XmlElement.Builder b = XmlElement.builder(NAMESPACE, "item")
                .attribute("jid", jid.toString())
                .attribute("name", name)
                .attribute("subscription", state.subscription().value())
                .attribute("ask", state.pendingOut() ? "subscribe" : null)
                .attribute("approved", state.approved() ? "true" : null);
        groups.forEach(g -> b.textElement("group", g));
        return b.build();
    }

    /** The push that tells clients an item is gone (RFC 6121 §2.5.2). */
    public static XmlElement removal(BareJid jid) {
        return XmlElement.builder(NAMESPACE, "item").attribute("jid", jid.toString())
                .attribute("subscription", "remove").build();
    }

    /** The stored form: the wire form plus what the client never sees, and the roster version it changed in. */
    XmlElement toStored(long version) {
        XmlElement.Builder b = XmlElement.builder(STORED, "item")
                .attribute("jid", jid.toString())
                .attribute("name", name)
                .attribute("subscription", state.subscription().value())
                .attribute("ask", state.pendingOut() ? "subscribe" : null)
                .attribute("pending-in", state.pendingIn() ? "true" : null)
                .attribute("approved", state.approved() ? "true" : null)
                .attribute("hidden", listed ? null : "true")
                .attribute("ver", Long.toString(version));
        groups.forEach(g -> b.textElement("group", g));
        if (request != null) {
            b.child(XmlElement.builder(STORED, "request").child(request).build());
        }
        return b.build();
    }

    /** Reads the stored form. */
    static RosterItem fromStored(XmlElement e) {
        Subscription sub = Subscription.parse(e.attribute("subscription"));
        boolean pendingIn = "true".equals(e.attribute("pending-in"));
        SubscriptionState state = new SubscriptionState(sub.to(), sub.from(),
                !sub.to() && "subscribe".equals(e.attribute("ask")), !sub.from() && pendingIn,
                !sub.from() && !pendingIn && "true".equals(e.attribute("approved")));
        List<String> groups = e.elements().stream().filter(g -> g.is(STORED, "group")).map(XmlElement::text).toList();
        XmlElement request = e.element(STORED, "request");
        return new RosterItem(BareJid.parse(e.attribute("jid")), e.attribute("name"), groups, state,
                !"true".equals(e.attribute("hidden")), request == null ? null : request.firstElement());
    }

    /** The roster version stored with an item, 0 if none. */
    static long storedVersion(XmlElement e) {
        try {
            String v = e.attribute("ver");
            return v == null ? 0 : Long.parseLong(v);
        } catch (NumberFormatException ex) {
            return 0;
        }
    }
}
