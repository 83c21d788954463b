package dev.xmppd.im.roster;

import static java.util.Objects.requireNonNull;

import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.jid.Jid;
import dev.xmppd.core.module.ModuleContext;
import dev.xmppd.core.session.Session;
import dev.xmppd.core.stanza.Presence;
import dev.xmppd.core.stanza.PresenceType;
import dev.xmppd.core.storage.AccountStore;
import dev.xmppd.core.xml.XmlElement;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Deletes an account and cancels the presence subscriptions its roster held: XEP-0077 §3.2 says a server "SHOULD also
 * cancel all existing presence subscriptions related to that entity (as stored in the entity's roster)". Each
 * contact learns it as if the user had removed the contact from its roster (RFC 6121 §2.5.2):
 * <ul>
 *   <li>a contact who saw the user's presence ({@code from}, {@code both}) gets {@code unavailable} from each of the
 *       user's available resources (§3.2.2), then {@code unsubscribed};</li>
 *   <li>a contact whose request was still waiting gets {@code unsubscribed} (a denial, §3.2);</li>
 *   <li>a contact whose presence the user saw or had asked for ({@code to}, {@code both}, {@code ask}) gets
 *       {@code unsubscribe}.</li>
 * </ul>
 * The stanzas go from the user's bare JID through the router, so a local contact's roster is updated and pushed like
 * for any inbound subscription stanza, and a remote contact's server learns it over federation. They leave only once
 * the account is gone, and before the caller ends the account's sessions. The deletion runs in the roster's turn
 * ({@link RosterService#deleteAccount}), so a contact's answer that arrives afterwards finds no account and writes
 * nothing. Without the {@code roster} module there is
 * nothing to cancel and the account is only deleted.
 */
public final class AccountDeletion {
    private final AccountStore accounts;
    private final Supplier<Optional<RosterService>> rosters;
    private final ModuleContext ctx;

    public AccountDeletion(ModuleContext ctx) {
        this.ctx = requireNonNull(ctx, "ctx");
        this.accounts = ctx.storage().accounts();
        this.rosters = ctx.optional(RosterService.class);
    }

    /** Deletes the account; completes with {@code false} if there was no such account (nothing is sent then). */
    public CompletionStage<Boolean> delete(BareJid account) {
        Optional<RosterService> roster = rosters.get();
        if (roster.isEmpty()) {
            return accounts.delete(account);
        }
        Set<BareJid> unsubscribed = new LinkedHashSet<>();
        Set<BareJid> unsubscribe = new LinkedHashSet<>();
        return roster.get().deleteAccount(account, view -> {
            for (RosterItem item : view.items()) {
                SubscriptionState s = item.state();
                if (s.from() || s.pendingIn()) {
                    unsubscribed.add(item.jid());
                }
                if (s.to() || s.pendingOut()) {
                    unsubscribe.add(item.jid());
                }
            }
            for (XmlElement request : view.pendingRequests()) {
                String from = request.attribute("from");
                if (from != null) {
                    unsubscribed.add(Jid.parse(from).bare());
                }
            }
        }, () -> accounts.delete(account)).thenApply(deleted -> {
            if (deleted) {
                send(account, unsubscribed, unsubscribe);
            }
            return deleted;
        });
    }

    private void send(BareJid account, Set<BareJid> unsubscribed, Set<BareJid> unsubscribe) {
        List<Session> available = new ArrayList<>();
        for (Session s : ctx.sessions().sessions(account)) {
            if (s.isAvailable()) {
                available.add(s);
            }
        }
        for (BareJid contact : unsubscribed) {
            for (Session s : available) {
                ctx.send(Presence.of(PresenceType.UNAVAILABLE, s.jid(), contact));
            }
            ctx.send(Presence.of(PresenceType.UNSUBSCRIBED, account, contact));
        }
        for (BareJid contact : unsubscribe) {
            ctx.send(Presence.of(PresenceType.UNSUBSCRIBE, account, contact));
        }
    }
}
