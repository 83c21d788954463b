package dev.xmppd.im.roster;

import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.stanza.Presence;
import java.util.concurrent.CompletionStage;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The rosters of one virtual host, for other modules (presence, blocking, ...); provided by the {@code roster}
 * module. Calls for one account run one after the other in the order they were made, each seeing what the previous
 * one changed; calls for different accounts run independently. Nothing blocks: each call returns at once.
 *
 * <p>The {@code action}/{@code effects} callbacks run in that order too, after the change is stored and pushed to
 * the account's interested resources (RFC 6121 §2.1.6), so stanzas they send leave in the order of the changes.
 */
public interface RosterService {

    /** Looks at an account's roster. The stage fails if the roster cannot be read. */
    CompletionStage<Void> read(BareJid owner, Consumer<RosterView> action);

    /**
     * Deletes the owner's account in turn with the other operations on its roster: {@code before} looks at the roster
     * as it was, then {@code delete} runs, and if it deleted the account the roster is held as absent, so that
     * nothing queued after it (a contact's answer to a cancelled subscription, say) writes for a deleted account.
     *
     * @param delete deletes the account; completes with {@code false} if there was none
     */
    CompletionStage<Boolean> deleteAccount(BareJid owner, Consumer<RosterView> before,
            Supplier<CompletionStage<Boolean>> delete);

    /**
     * Applies a subscription stanza the owner sends to a contact (RFC 6121 A.2, §3.4 pre-approval): updates the item
     * (created on {@code subscribe} and on pre-approval) and pushes it.
     *
     * @param subscription a presence of type subscribe, subscribed, unsubscribe or unsubscribed
     * @throws dev.xmppd.core.stanza.StanzaException through the stage: {@code not-allowed} when a new item would
     *         exceed the roster size limit
     */
    CompletionStage<Transition> outbound(BareJid owner, BareJid contact, Presence subscription,
            Consumer<Transition> effects);

    /**
     * Applies a subscription stanza a contact sends to the owner (RFC 6121 A.3); a request that is delivered is also
     * kept until answered (§3.1.3).
     *
     * @throws dev.xmppd.core.stanza.StanzaException through the stage: {@code service-unavailable} if the owner's
     *         account does not exist (§8.5.1), {@code not-allowed} when the roster is full
     */
    CompletionStage<Transition> inbound(BareJid owner, BareJid contact, Presence subscription,
            Consumer<Transition> effects);
}
