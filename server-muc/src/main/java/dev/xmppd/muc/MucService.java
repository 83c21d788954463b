package dev.xmppd.muc;

import static java.util.Objects.requireNonNull;

import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.jid.FullJid;
import dev.xmppd.core.module.ComponentHandler;
import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stanza.ErrorType;
import dev.xmppd.core.stanza.Iq;
import dev.xmppd.core.stanza.Stanza;
import dev.xmppd.core.stanza.StanzaError;
import dev.xmppd.core.xml.Namespaces;
import dev.xmppd.core.xml.XmlElement;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executor;
import java.util.function.Consumer;

/**
 * The MUC service of one host at its component domain (XEP-0045 §6): hands each stanza for a room to that room's
 * handle, answers for the service itself through {@link ServiceInfo}, keeps the index of who is in which room (so
 * that a closed session leaves its rooms) and the per-user limit on room creation.
 */
final class MucService implements ComponentHandler, RoomServices.Listener {
    /** The most stanzas waiting for one room. */
    static final int ROOM_QUEUE = 1024;

    private final String host;
    private final String domain;
    private final Executor pool;
    private final Consumer<Stanza> out;
    private final int maxRoomsPerUser;
    private final Set<BareJid> admins;
    private final CompletableFuture<RoomServices> ready = new CompletableFuture<>();
    private final Map<BareJid, RoomHandle> rooms = new ConcurrentHashMap<>();
    private final Map<FullJid, Set<BareJid>> joined = new ConcurrentHashMap<>();
    private final Map<BareJid, Integer> createdBy = new ConcurrentHashMap<>();
    private final ServiceInfo info;

    MucService(String host, String domain, Executor pool, Consumer<Stanza> out, Set<BareJid> admins,
            int maxRoomsPerUser) {
        this.host = requireNonNull(host, "host");
        this.domain = requireNonNull(domain, "domain");
        this.pool = requireNonNull(pool, "pool");
        this.out = requireNonNull(out, "out");
        this.admins = Set.copyOf(admins);
        this.maxRoomsPerUser = maxRoomsPerUser;
        this.info = new ServiceInfo(this);
    }

    String domain() {
        return domain;
    }

    /** Completes once the service state is loaded; stanzas wait for it in their rooms' queues. */
    CompletionStage<RoomServices> ready() {
        return ready;
    }

    /** Starts with the shared room services, then loads every stored room (they are listed in disco#items). */
    void start(RoomServices services, List<String> storedRooms) {
        ready.complete(services);
        for (String name : storedRooms) {
            enqueue(new BareJid(name, domain), null);
        }
    }

    /** The service could not start: every stanza waiting on it is answered with an error. */
    void failed(Throwable cause) {
        ready.completeExceptionally(cause);
    }

    @Override
    public void handle(Stanza stanza) {
        if (stanza.to().local() == null) {
            info.handle(stanza);
        } else {
            dispatch(stanza);
        }
    }

    /** Queues a stanza on its room's handle, creating the handle if needed. */
    void dispatch(Stanza stanza) {
        if (!enqueue(stanza.to().bare(), stanza)) {
            bounce(stanza, new StanzaError(Condition.RESOURCE_CONSTRAINT, ErrorType.WAIT, "the room is busy"));
        }
    }

    /**
     * Finds or creates the handle and queues the stanza (if any) in one step under the map's lock, so that a handle
     * is never dropped with work queued behind it ({@link #retire}) and one sender's stanzas keep their order.
     * The executors start after the lock is released.
     */
    private boolean enqueue(BareJid jid, Stanza stanza) {
        List<SerialExecutor> toStart = new ArrayList<>(2);
        boolean[] queued = {true};
        rooms.compute(jid, (k, existing) -> {
            RoomHandle h = existing;
            if (h == null) {
                h = new RoomHandle(k, this, new SerialExecutor(pool, ROOM_QUEUE));
                if (h.offerLoad(ready) == SerialExecutor.Offer.FIRST) {
                    toStart.add(h.executor());
                }
            }
            if (stanza != null) {
                SerialExecutor.Offer offer = h.offer(stanza);
                queued[0] = offer != SerialExecutor.Offer.REFUSED;
                if (offer == SerialExecutor.Offer.FIRST) {
                    toStart.add(h.executor());
                }
            }
            return h;
        });
        toStart.forEach(SerialExecutor::start);
        return queued[0];
    }

    /**
     * The service is stopping: every room tells each occupant it leaves with status 332, in the room's own turn (under
     * the map's lock, like {@link #enqueue}, so no handle is retired with it queued). Completes once every room has
     * sent; a room whose queue is full is skipped.
     */
    CompletableFuture<Void> shutdown() {
        List<CompletableFuture<Void>> sent = new ArrayList<>();
        for (BareJid jid : List.copyOf(rooms.keySet())) {
            List<SerialExecutor> toStart = new ArrayList<>(1);
            rooms.computeIfPresent(jid, (k, h) -> {
                CompletableFuture<Void> done = new CompletableFuture<>();
                SerialExecutor.Offer offer = h.offerShutdown(done);
                if (offer != SerialExecutor.Offer.REFUSED) {
                    sent.add(done);
                }
                if (offer == SerialExecutor.Offer.FIRST) {
                    toStart.add(h.executor());
                }
                return h;
            });
            toStart.forEach(SerialExecutor::start);
        }
        return CompletableFuture.allOf(sent.toArray(CompletableFuture[]::new));
    }

    /**
     * Drops a handle with no room behind it, unless work is queued behind the task that asks: then the handle
     * stays, and the queued stanzas find no room (or create one).
     */
    void retire(RoomHandle handle) {
        rooms.computeIfPresent(handle.jid(), (k, h) -> h == handle && handle.executor().onlyCurrentTask() ? null : h);
    }

    /** The number of room handles held (rooms, and JIDs with work queued): for tests of their lifecycle. */
    int handleCount() {
        return rooms.size();
    }

    /** The handles of rooms known to exist. */
    List<RoomSummary> summaries() {
        return rooms.values().stream().map(RoomHandle::summary).filter(s -> s != null).toList();
    }

    void send(Stanza stanza) {
        out.accept(stanza);
    }

    void bounce(Stanza stanza, StanzaError error) {
        if (!stanza.isError() && !(stanza instanceof Iq iq && !iq.type().isRequest())) {
            out.accept(stanza.errorReply(error));
        }
    }

    /**
     * True if this user may create one more room: users of this host, up to the per-user limit of rooms alive at
     * once; service admins always (XEP-0045 §10.1.1 lets a service restrict creation).
     */
    boolean mayCreate(BareJid user) {
        if (admins.contains(user)) {
            return true;
        }
        return host.equals(user.domain()) && createdBy.getOrDefault(user, 0) < maxRoomsPerUser;
    }

    /** Counts a room created ({@code +1}) or ended ({@code -1}) against its creator. */
    void created(BareJid creator, int delta) {
        if (creator != null) {
            createdBy.merge(creator, delta, (a, b) -> a + b <= 0 ? null : a + b);
        }
    }

    @Override
    public void joined(BareJid room, FullJid user) {
        joined.computeIfAbsent(user, u -> ConcurrentHashMap.newKeySet()).add(room);
    }

    @Override
    public void left(BareJid room, FullJid user) {
        joined.computeIfPresent(user, (u, set) -> {
            set.remove(room);
            return set.isEmpty() ? null : set;
        });
    }

    /** A session ended or went unavailable: it leaves every room it is in (RFC 6121 §4.6.3 for directed presence). */
    void sessionGone(FullJid user) {
        Set<BareJid> in = joined.remove(user);
        if (in == null) {
            return;
        }
        for (BareJid room : in) {
            XmlElement p = XmlElement.builder(Namespaces.CLIENT, "presence").attribute("type", "unavailable")
                    .attribute("from", user.toString()).attribute("to", room.toString()).build();
            dispatch(Stanza.parse(p));
        }
    }

    /** The bare JID of the service, which owns the index of stored rooms. */
    BareJid jid() {
        return new BareJid(null, domain);
    }
}
