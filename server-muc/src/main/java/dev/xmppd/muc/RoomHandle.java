package dev.xmppd.muc;

import static java.util.Objects.requireNonNull;

import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.jid.FullJid;
import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stanza.Iq;
import dev.xmppd.core.stanza.Message;
import dev.xmppd.core.stanza.Presence;
import dev.xmppd.core.stanza.PresenceType;
import dev.xmppd.core.stanza.Stanza;
import dev.xmppd.core.stanza.StanzaError;
import dev.xmppd.core.stanza.StanzaException;
import dev.xmppd.core.storage.ArchiveStore;
import dev.xmppd.core.xml.XmlElement;
import dev.xmppd.muc.history.RoomHistory;
import dev.xmppd.muc.options.RoomConfig;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The service's handle on one room JID, whether or not the room exists: its serial executor, the room (loaded from
 * storage by the first task, created by the first entering presence, XEP-0045 §10.1.1), and the end of the room.
 * Every field but {@link #summary} is touched only by tasks of its executor.
 */
final class RoomHandle {
    private static final Logger log = LoggerFactory.getLogger(RoomHandle.class);

    private final BareJid jid;
    private final MucService service;
    private final SerialExecutor executor;
    private RoomServices services;
    private Room room;
    /** Loading failed: what is queued is refused; once idle the handle is dropped, and a new one tries again. */
    private boolean broken;
    private volatile RoomSummary summary;

    RoomHandle(BareJid jid, MucService service, SerialExecutor executor) {
        this.jid = requireNonNull(jid, "jid");
        this.service = requireNonNull(service, "service");
        this.executor = requireNonNull(executor, "executor");
    }

    BareJid jid() {
        return jid;
    }

    SerialExecutor executor() {
        return executor;
    }

    /** What disco#items shows, or null while the room does not exist. */
    RoomSummary summary() {
        return summary;
    }

    /** Queues the load from storage: the first task of every handle. */
    SerialExecutor.Offer offerLoad(CompletionStage<RoomServices> ready) {
        return executor.offer(() -> ready.thenCompose(this::load).exceptionally(e -> {
            log.error("Could not load room {}; it refuses stanzas until a new handle loads it", jid, e);
            broken = true;
            return null;
        }));
    }

    /**
     * Queues the goodbye of a stopping service (XEP-0045 status 332): each occupant gets its own unavailable
     * presence; the others' are not sent, as everyone leaves at once. Completes {@code done} when sent.
     */
    SerialExecutor.Offer offerShutdown(CompletableFuture<Void> done) {
        return executor.offer(() -> {
            try {
                if (room != null && !room.isGone()) {
                    for (Occupant o : List.copyOf(room.state().occupants())) {
                        room.send(new OccupantPresence(room, o, Occupancy.unavailable(), Role.NONE)
                                .selfStatus(Status.SHUTDOWN).to(o.jid(), true));
                    }
                }
            } finally {
                done.complete(null);
            }
            return Room.DONE;
        });
    }

    /** Queues a stanza. */
    SerialExecutor.Offer offer(Stanza stanza) {
        return executor.offer(() -> handle(stanza));
    }

    private CompletionStage<?> load(RoomServices s) {
        services = s;
        return s.rooms().get(jid, "").thenCompose(value -> restore(value));
    }

    private CompletionStage<?> restore(Optional<XmlElement> value) {
        if (value.isEmpty()) {
            return Room.DONE;
        }
        RoomState state = RoomCodec.decode(jid, value.get());
        room = new Room(state, services, true);
        summary = room.summary();
        if (!state.config.logging()) {
            return Room.DONE;
        }
        // The history of a stored room survives a restart through its archive.
        return services.archive().recent(jid, RoomHistory.CAPACITY).thenAccept(entries -> {
            for (ArchiveStore.Entry e : entries) {
                state.history.add(e.stanza().withChild(XmlElement.builder(MucNamespaces.STANZA_ID, "stanza-id")
                        .attribute("id", e.id()).attribute("by", jid.toString()).build()), e.timestamp());
            }
        });
    }

    private CompletionStage<?> handle(Stanza stanza) {
        if (broken) {
            bounce(stanza, StanzaError.of(Condition.INTERNAL_SERVER_ERROR, "the room could not be loaded"));
            service.retire(this);
            return Room.DONE;
        }
        CompletionStage<?> stage;
        try {
            stage = room != null ? room.handle(stanza) : absent(stanza);
        } catch (StanzaException e) {
            bounce(stanza, e.error());
            stage = Room.DONE;
        } catch (RuntimeException e) {
            log.error("Room {} failed on a stanza from {}", jid, stanza.from(), e);
            bounce(stanza, StanzaError.of(Condition.INTERNAL_SERVER_ERROR));
            stage = Room.DONE;
        }
        return stage.thenCompose(v -> afterStanza());
    }

    /**
     * Publishes the summary; when the room ended, removes what storage holds of it first. A handle without a room
     * is dropped once nothing is queued on it; what is queued meanwhile finds no room, or creates a new one.
     */
    private CompletionStage<?> afterStanza() {
        if (room != null && !room.isGone()) {
            summary = room.summary();
            return Room.DONE;
        }
        summary = null;
        if (room == null) {
            service.retire(this);
            return Room.DONE;
        }
        Room ended = room;
        room = null;
        service.created(ended.state().creator, -1);
        return ended.end().whenComplete((v, e) -> service.retire(this));
    }

    /** A stanza to a room that does not exist: an entering presence creates it (XEP-0045 §10.1.1). */
    private CompletionStage<?> absent(Stanza stanza) {
        if (stanza instanceof Presence p && p.type() == PresenceType.AVAILABLE && p.to().resource() != null
                && p.from() instanceof FullJid from) {
            create(p, from);
        } else if (stanza instanceof Iq || stanza instanceof Message) {
            throw new StanzaException(Condition.ITEM_NOT_FOUND, "no such room");
        }
        return Room.DONE;
    }

    private void create(Presence p, FullJid from) {
        if (!service.mayCreate(from.bare())) {
            throw new StanzaException(Condition.NOT_ALLOWED, "you may not create more rooms here");
        }
        RoomState state = new RoomState(jid, RoomConfig.defaults());
        // XEP-0045 §10.1.1: locked until configured, unless the client does not speak MUC (§7.2.1, groupchat 1.0).
        state.locked = p.element().element(MucNamespaces.MUC, "x") != null;
        state.creator = from.bare();
        state.setAffiliation(from.bare(), Affiliation.OWNER);
        Room created = new Room(state, services, false);
        created.occupancy().join(p, from, p.to().resource(), true);
        room = created;
        service.created(from.bare(), 1);
    }

    private void bounce(Stanza stanza, StanzaError error) {
        if (!stanza.isError() && !(stanza instanceof Iq iq && !iq.type().isRequest())) {
            service.send(stanza.errorReply(error));
        }
    }
}
