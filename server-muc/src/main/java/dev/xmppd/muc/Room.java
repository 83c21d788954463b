package dev.xmppd.muc;

import static java.util.Objects.requireNonNull;

import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.jid.FullJid;
import dev.xmppd.core.jid.Jid;
import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stanza.Iq;
import dev.xmppd.core.stanza.Message;
import dev.xmppd.core.stanza.MessageType;
import dev.xmppd.core.stanza.Presence;
import dev.xmppd.core.stanza.Stanza;
import dev.xmppd.core.stanza.StanzaError;
import dev.xmppd.core.stanza.StanzaException;
import dev.xmppd.core.xml.XmlElement;
import dev.xmppd.muc.options.RoomConfig;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One existing room (XEP-0045): takes every stanza addressed to the room or one of its occupant JIDs and hands it to
 * the part that handles it — {@link Occupancy} (presence), {@link Conversation} (messages), {@link RoomAdmin}
 * ({@code muc#admin}), {@link RoomOwner} ({@code muc#owner}), {@link RoomInfo} (disco, MAM) and
 * {@link OccupantIqs} (IQs to occupants, XEP-0410 self-ping).
 *
 * <p>Confined to its room's serial executor: no locks. A stanza handler returns a stage when the room must wait for
 * storage before the next stanza (a stored configuration, an archived message that carries its archive id).
 */
final class Room {
    static final CompletionStage<Void> DONE = CompletableFuture.completedFuture(null);

    private final RoomState state;
    private final RoomServices services;
    private final Occupancy occupancy = new Occupancy(this);
    private final Conversation conversation = new Conversation(this);
    private final RoomAdmin admin = new RoomAdmin(this);
    private final RoomOwner owner = new RoomOwner(this);
    private final RoomInfo info = new RoomInfo(this);
    private final RoomRegistration registration = new RoomRegistration(this);
    private final OccupantIqs occupantIqs = new OccupantIqs(this);
    /** Occupant ids of recent users: an HMAC per stanza would be wasted work (bounded, oldest dropped first). */
    private final Map<BareJid, String> occupantIds = new LinkedHashMap<>(16, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<BareJid, String> eldest) {
            return size() > 1024;
        }
    };
    /** True while the stored copy exists (a persistent room), so that turning persistence off removes it. */
    private boolean stored;
    private boolean gone;

    Room(RoomState state, RoomServices services, boolean stored) {
        this.state = requireNonNull(state, "state");
        this.services = requireNonNull(services, "services");
        this.stored = stored;
    }

    RoomState state() {
        return state;
    }

    RoomServices services() {
        return services;
    }

    RoomRegistration registration() {
        return registration;
    }

    Occupancy occupancy() {
        return occupancy;
    }

    BareJid jid() {
        return state.jid;
    }

    RoomConfig config() {
        return state.config;
    }

    /** True once the room was destroyed or its last occupant left a temporary room. */
    boolean isGone() {
        return gone;
    }

    /** Handles a stanza addressed to the room or an occupant JID. */
    CompletionStage<?> handle(Stanza stanza) {
        try {
            if (stanza instanceof Presence p) {
                return occupancy.handle(p);
            } else if (stanza instanceof Message m) {
                return conversation.handle(m);
            } else {
                return iq((Iq) stanza);
            }
        } catch (StanzaException e) {
            bounce(stanza, e.error());
            return DONE;
        }
    }

    private CompletionStage<?> iq(Iq iq) {
        if (iq.to() instanceof FullJid) {
            return occupantIqs.handle(iq);
        }
        if (!iq.type().isRequest()) {
            return DONE; // RFC 6120 §8.2.3: results and errors to the room itself end here.
        }
        XmlElement payload = iq.payload();
        String ns = payload == null ? "" : payload.namespace();
        return switch (ns) {
            case MucNamespaces.ADMIN -> admin.handle(iq);
            case MucNamespaces.OWNER -> owner.handle(iq);
            case RoomRegistration.NS -> registration.handle(iq);
            default -> info.handle(iq);
        };
    }

    /** The error reply to a stanza, from the address it was sent to; none to errors (RFC 6120 §8.3.1). */
    void bounce(Stanza stanza, StanzaError error) {
        if (!stanza.isError() && !(stanza instanceof Iq iq && !iq.type().isRequest())) {
            send(stanza.errorReply(error));
        }
    }

    void send(Stanza stanza) {
        services.out().accept(stanza);
    }

    /** The effective affiliation: service admins own every room (XEP-0045 §5.2). */
    Affiliation affiliationOf(BareJid user) {
        return services.admins().contains(user) ? Affiliation.OWNER : state.affiliation(user);
    }

    /** True if this recipient may see occupants' real JIDs (XEP-0045 §4.2: non-anonymous, or a moderator). */
    boolean seesJids(Occupant recipient) {
        return state.config.nonAnonymous() || recipient.role() == Role.MODERATOR;
    }

    /** The XEP-0421 occupant-id of a user in this room. */
    String occupantId(BareJid user) {
        return occupantIds.computeIfAbsent(user, u -> services.ids().of(state.jid, u));
    }

    Instant now() {
        return services.clock().instant();
    }

    /** The occupant sending this stanza, or a {@code not-acceptable} error (XEP-0045 §7.4, §7.5). */
    Occupant requireOccupant(Stanza stanza) {
        Occupant o = stanza.from() instanceof FullJid f ? state.occupant(f) : null;
        if (o == null) {
            throw new StanzaException(Condition.NOT_ACCEPTABLE, "you are not in this room");
        }
        return o;
    }

    /** Ends the room: it is forgotten by the service once the current stanza is handled. */
    void markGone() {
        gone = true;
    }

    /** A temporary room ends with its last occupant (XEP-0045 §4.2); so does a room never configured. */
    void goneIfEmpty() {
        if (state.occupantCount() == 0 && (!state.config.persistent() || state.locked)) {
            gone = true;
        }
    }

    /**
     * Writes the room to storage if it is persistent, or removes the stored copy if it stopped being persistent,
     * keeping the service's index of stored rooms in step.
     */
    CompletionStage<Void> save() {
        BareJid index = services.serviceJid();
        String name = state.jid.local();
        if (state.config.persistent() && !state.locked) {
            stored = true;
            return services.rooms().put(state.jid, "", RoomCodec.encode(state))
                    .thenCompose(v -> services.rooms().put(index, name, RoomCodec.indexEntry()));
        }
        if (!stored) {
            return DONE;
        }
        stored = false;
        return services.rooms().removeAll(state.jid)
                .thenCompose(n -> services.rooms().remove(index, name)).thenApply(b -> null);
    }

    /** Sends a message to every occupant, readdressing one shared element (XEP-0045 §7.4). */
    void fanOut(XmlElement message) {
        Jid from = Jid.parse(message.attribute("from"));
        for (Occupant r : state.occupants()) {
            send(new Message(message.withAttribute("to", r.jid().toString()), r.jid(), from, MessageType.GROUPCHAT));
        }
    }

    /** Removes what storage holds of a room that ended: its stored copy and its archive (XEP-0045 §10.9). */
    CompletionStage<?> end() {
        state.config = state.config.toBuilder().persistent(false).build();
        return save().thenCompose(v -> services.archive().removeAll(state.jid));
    }

    /** What the service lists in disco#items (XEP-0045 §6.3), published after each stanza. */
    RoomSummary summary() {
        return new RoomSummary(state.jid, state.config.name(), state.config.isPublic() && !state.locked,
                state.occupantCount());
    }
}
