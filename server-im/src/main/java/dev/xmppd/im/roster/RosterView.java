package dev.xmppd.im.roster;

import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.xml.XmlElement;
import java.util.List;
import java.util.Optional;

/**
 * A read-only look at one account's roster, valid only inside the {@link RosterService} call that hands it out
 * (where no other change to this roster can run).
 */
public interface RosterView {

    BareJid owner();

    /** False if there is no such account (then the roster is empty and cannot change). */
    boolean accountExists();

    /** The roster version (RFC 6121 §2.6). */
    String version();

    /** The item for a contact, listed or not. */
    Optional<RosterItem> item(BareJid contact);

    /** The items the client sees (RFC 6121 §2.1.4). */
    List<RosterItem> items();

    /** Contacts subscribed to the user's presence ({@code from} or {@code both}): they get its broadcasts (§4.2.2). */
    default List<BareJid> subscribers() {
        return items().stream().filter(i -> i.state().from()).map(RosterItem::jid).toList();
    }

    /** Contacts whose presence the user is subscribed to ({@code to} or {@code both}): they are probed (§4.2.2). */
    default List<BareJid> subscriptions() {
        return items().stream().filter(i -> i.state().to()).map(RosterItem::jid).toList();
    }

    /** The subscription requests still waiting for an answer, as received (RFC 6121 §3.1.3). */
    List<XmlElement> pendingRequests();
}
