package dev.xmppd.im.pep;

import static java.util.Objects.requireNonNull;

import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.jid.Jid;
import dev.xmppd.core.stanza.Condition;
import dev.xmppd.im.roster.RosterItem;
import dev.xmppd.im.roster.RosterService;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Who may see an account's nodes (XEP-0060 §4.5 access models, XEP-0163 §4.2): the relation between the owner and
 * another entity is read once from the owner's roster, then checked against each node's model.
 */
final class Access {

    /**
     * What the owner's roster says about an entity.
     *
     * @param owner the entity is the account itself
     * @param subscribed it receives the owner's presence (subscription {@code from} or {@code both})
     * @param contact the owner receives its presence (subscription {@code to} or {@code both}): its caps are worth
     *        knowing even before it is {@code subscribed}, which may come a moment later (RFC 6121 §3.1.5)
     * @param groups its roster groups
     */
    record Relation(boolean owner, boolean subscribed, boolean contact, List<String> groups) {
        static final Relation OWNER = new Relation(true, true, true, List.of());
        static final Relation STRANGER = new Relation(false, false, false, List.of());

        /** The relation a roster item states. */
        static Relation of(RosterItem item) {
            return new Relation(false, item.state().from(), item.state().to(), item.groups());
        }

        /**
         * Whether it gets notifications of the node: PEP's implicit subscription is the owner's and that of
         * contacts subscribed to the owner's presence (XEP-0163 §4.3.1), whatever the node's access model allows
         * others to read.
         */
        boolean notified(NodeConfig config) {
            return (owner || subscribed) && allows(config);
        }

        boolean allows(NodeConfig config) {
            return owner || switch (config.access()) {
                case OPEN -> true;
                case PRESENCE -> subscribed;
                case ROSTER -> subscribed && groups.stream().anyMatch(config.rosterGroups()::contains);
                case WHITELIST -> false;
            };
        }

        /**
         * The error for a node this relation does not allow (XEP-0060 §6.5.9.2-§6.5.9.4, the same answers for
         * items as for subscriptions).
         */
        PubsubException denied(NodeConfig config) {
            return switch (config.access()) {
                case PRESENCE -> PubsubException.of(Condition.NOT_AUTHORIZED,
                        "presence-subscription-required", null);
                case ROSTER -> PubsubException.of(Condition.NOT_AUTHORIZED,
                        "not-in-roster-group", null);
                default -> PubsubException.of(Condition.NOT_ALLOWED, "closed-node", null);
            };
        }
    }

    private final Supplier<RosterService> rosters;

    Access(Supplier<RosterService> rosters) {
        this.rosters = requireNonNull(rosters, "rosters");
    }

    /** The relations of several entities to the owner, from one read of the roster. */
    CompletionStage<Map<BareJid, Relation>> relations(BareJid owner, Set<BareJid> entities) {
        Map<BareJid, Relation> result = new HashMap<>();
        return rosters.get().read(owner, view -> {
            for (BareJid e : entities) {
                result.put(e, e.equals(owner) ? Relation.OWNER
                        : view.item(e).map(Relation::of).orElse(Relation.STRANGER));
            }
        }).thenApply(v -> result);
    }

    CompletionStage<Relation> relation(BareJid owner, Jid entity) {
        if (entity == null) {
            return CompletableFuture.completedFuture(Relation.STRANGER);
        }
        if (entity.bare().equals(owner)) {
            return CompletableFuture.completedFuture(Relation.OWNER);
        }
        BareJid contact = entity.bare();
        Relation[] result = {Relation.STRANGER};
        return rosters.get().read(owner, view -> view.item(contact).ifPresent(item -> result[0] = Relation.of(item)))
                .thenApply(v -> result[0]);
    }
}
